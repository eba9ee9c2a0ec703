import type { FeatureModule } from '../../shared/layout/nav';

/** The secretariat's expert panel of a vendor call: evaluators, conflicts, the assignment run, the scoring deadline, progress. */
export const secretariatPanel: FeatureModule = {
  routes: [{ path: '/secretariat/panel', lazy: async () => ({ Component: (await import('./pages/PanelPage')).PanelPage }) }],
  nav: [{ to: '/secretariat/panel', label: 'secretariatPanel:nav', roles: ['SECRETARIAT'] }],
};
