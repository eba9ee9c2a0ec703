import type { FeatureModule } from '../../shared/layout/nav';

/** Placeholder from the shell: the journey's helper replaces the page and adds its routes here. */
export const register: FeatureModule = {
  routes: [{ path: '/register', lazy: async () => ({ Component: (await import('./pages/PlaceholderPage')).PlaceholderPage }) }],
  nav: [{ to: '/register', label: 'register:nav', roles: ['ANONYMOUS'] }],
};
