import type { FeatureModule } from '../../shared/layout/nav';

/** Placeholder from the shell: the journey's helper replaces the page and adds its routes here. */
export const candidateRegions: FeatureModule = {
  routes: [{ path: '/candidate-regions', lazy: async () => ({ Component: (await import('./pages/PlaceholderPage')).PlaceholderPage }) }],
  nav: [{ to: '/candidate-regions', label: 'candidateRegions:nav' }],
};
