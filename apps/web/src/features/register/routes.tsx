import type { FeatureModule } from '../../shared/layout/nav';

/** A vendor registers itself (pending the secretariat's approval). */
export const register: FeatureModule = {
  routes: [{ path: '/register', lazy: async () => ({ Component: (await import('./pages/RegisterPage')).RegisterPage }) }],
  nav: [{ to: '/register', label: 'register:nav', roles: ['ANONYMOUS'] }],
};
