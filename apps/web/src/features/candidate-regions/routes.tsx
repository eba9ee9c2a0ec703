import type { FeatureModule } from '../../shared/layout/nav';

/** The published candidate regions: the list with its filters and tile map, and one region's page (anyone may read them). */
export const candidateRegions: FeatureModule = {
  routes: [
    { path: '/candidate-regions', lazy: async () => ({ Component: (await import('./pages/CandidateRegionListPage')).CandidateRegionListPage }) },
    { path: '/candidate-regions/:id', lazy: async () => ({ Component: (await import('./pages/CandidateRegionPage')).CandidateRegionPage }) },
  ],
  nav: [{ to: '/candidate-regions', label: 'candidateRegions:nav' }],
};
