import type { FeatureModule } from '../../shared/layout/nav';

/** The secretariat's accounts: the list with filters, creating an account, deactivating and reactivating one. */
export const secretariatAccounts: FeatureModule = {
  routes: [{ path: '/secretariat/accounts', lazy: async () => ({ Component: (await import('./pages/AccountsPage')).AccountsPage }) }],
  nav: [{ to: '/secretariat/accounts', label: 'secretariatAccounts:nav', roles: ['SECRETARIAT'] }],
};
