import type { FeatureModule } from '../../shared/layout/nav';

/** The secretariat in the support period: reports to accept (or return), budget changes beyond the awarded bid to decide. */
export const secretariatEngagements: FeatureModule = {
  routes: [{ path: '/secretariat/engagements', lazy: async () => ({ Component: (await import('./pages/EngagementsPage')).EngagementsPage }) }],
  nav: [{ to: '/secretariat/engagements', label: 'secretariatEngagements:nav', roles: ['SECRETARIAT'] }],
};
