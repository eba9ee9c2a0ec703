import type { FeatureModule } from '../../shared/layout/nav';

/** Placeholder from the shell: the journey's helper replaces the page and adds its routes here. */
export const prefecture: FeatureModule = {
  routes: [{ path: '/prefecture/*', lazy: async () => ({ Component: (await import('./pages/PlaceholderPage')).PlaceholderPage }) }],
  nav: [{ to: '/prefecture', label: 'prefecture:nav', roles: ['PREFECTURE'] }],
};
