import type { FeatureModule } from '../../shared/layout/nav';

/** Placeholder from the shell: the journey's helper replaces the page and adds its routes here. */
export const municipality: FeatureModule = {
  routes: [{ path: '/municipality/*', lazy: async () => ({ Component: (await import('./pages/PlaceholderPage')).PlaceholderPage }) }],
  nav: [{ to: '/municipality', label: 'municipality:nav', roles: ['MUNICIPALITY'] }],
};
