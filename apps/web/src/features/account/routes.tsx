import type { FeatureModule } from '../../shared/layout/nav';

/** Every signed-in account's own settings: the password change. */
export const account: FeatureModule = {
  routes: [{ path: '/account/password', lazy: async () => ({ Component: (await import('./pages/ChangePasswordPage')).ChangePasswordPage }) }],
  nav: [{ to: '/account/password', label: 'account:nav', roles: ['SECRETARIAT', 'MINISTRY', 'PREFECTURE', 'MUNICIPALITY', 'VENDOR', 'EVALUATOR'] }],
};
