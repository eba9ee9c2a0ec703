import type { FeatureModule } from '../../shared/layout/nav';

export const auth: FeatureModule = {
  routes: [
    { path: '/signin', lazy: async () => ({ Component: (await import('./pages/SignInPage')).SignInPage }) },
    { path: '/password-reset', lazy: async () => ({ Component: (await import('./pages/PasswordResetPage')).PasswordResetPage }) },
    { path: '/signout', lazy: async () => ({ Component: (await import('./pages/SignOutPage')).SignOutPage }) },
    { path: '/account', lazy: async () => ({ Component: (await import('./pages/AccountPage')).AccountPage }) },
  ],
  nav: [{ to: '/account', label: 'auth:account.nav', roles: ['SECRETARIAT', 'MINISTRY', 'PREFECTURE', 'MUNICIPALITY', 'VENDOR', 'EVALUATOR'] }],
};
