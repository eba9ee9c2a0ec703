import type { FeatureModule } from '../../shared/layout/nav';

/** Placeholder from the shell: the journey's helper replaces the page and adds its routes here. */
export const vendor: FeatureModule = {
  routes: [{ path: '/vendor/*', lazy: async () => ({ Component: (await import('./pages/PlaceholderPage')).PlaceholderPage }) }],
  nav: [{ to: '/vendor', label: 'vendor:nav', roles: ['VENDOR'] }],
};
