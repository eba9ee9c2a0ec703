import { apiClient } from '../../shared/api/ApiProvider';
import type { FeatureModule } from '../../shared/layout/nav';
import { prefetchCandidateRegionList } from './list-query';

/** The published candidate regions: the list with its filters and tile map, and one region's page (anyone may read them). */
export const candidateRegions: FeatureModule = {
  routes: [
    {
      path: '/candidate-regions',
      // Starts the list's queries beside the page's chunk (not after it): returns at once, the page reads urql's cache.
      loader: ({ request }) => {
        const params = new URL(request.url).searchParams;
        void apiClient().then((client) => prefetchCandidateRegionList(client, params));
        return null;
      },
      lazy: async () => ({ Component: (await import('./pages/CandidateRegionListPage')).CandidateRegionListPage }),
    },
    { path: '/candidate-regions/:id', lazy: async () => ({ Component: (await import('./pages/CandidateRegionPage')).CandidateRegionPage }) },
  ],
  nav: [{ to: '/candidate-regions', label: 'candidateRegions:nav' }],
};
