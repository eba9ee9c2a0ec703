import type { FeatureModule } from '../../shared/layout/nav';

/** The expert evaluator's pages: assigned proposals with progress, conflicts of interest, the scoring of one proposal. */
export const evaluator: FeatureModule = {
  routes: [
    { path: '/evaluator', lazy: async () => ({ Component: (await import('./pages/EvaluatorHomePage')).EvaluatorHomePage }) },
    { path: '/evaluator/conflicts', lazy: async () => ({ Component: (await import('./pages/ConflictsPage')).ConflictsPage }) },
    { path: '/evaluator/proposals/:id', lazy: async () => ({ Component: (await import('./pages/ScoringPage')).ScoringPage }) },
  ],
  nav: [{ to: '/evaluator', label: 'evaluator:nav', roles: ['EVALUATOR'] }],
};
