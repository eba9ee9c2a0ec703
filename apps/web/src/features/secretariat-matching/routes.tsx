import type { FeatureModule } from '../../shared/layout/nav';

/** The secretariat's decision on a vendor call: both policies side by side, each region's outcome, override, approval, publication. */
export const secretariatMatching: FeatureModule = {
  routes: [
    { path: '/secretariat/matching', lazy: async () => ({ Component: (await import('./pages/MatchingCallsPage')).MatchingCallsPage }) },
    { path: '/secretariat/matching/calls/:callId', lazy: async () => ({ Component: (await import('./pages/MatchingComparePage')).MatchingComparePage }) },
    { path: '/secretariat/matching/runs/:runId', lazy: async () => ({ Component: (await import('./pages/MatchingRunPage')).MatchingRunPage }) },
  ],
  nav: [{ to: '/secretariat/matching', label: 'secretariatMatching:nav', roles: ['SECRETARIAT'] }],
};
