import type { FeatureModule } from '../../shared/layout/nav';

/** The secretariat's stage 1: the review queue of region applications, one screen per application, publication. */
export const secretariat: FeatureModule = {
  routes: [
    { path: '/secretariat/applications', lazy: async () => ({ Component: (await import('./pages/ReviewQueuePage')).ReviewQueuePage }) },
    { path: '/secretariat/applications/:id', lazy: async () => ({ Component: (await import('./pages/ReviewApplicationPage')).ReviewApplicationPage }) },
  ],
  nav: [{ to: '/secretariat/applications', label: 'secretariat:nav', roles: ['SECRETARIAT'] }],
};
