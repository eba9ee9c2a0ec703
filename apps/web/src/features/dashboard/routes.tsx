import type { FeatureModule } from '../../shared/layout/nav';

/** The programme dashboard of the secretariat and the ministry (read-only for the ministry). Its charts load with the page. */
export const dashboard: FeatureModule = {
  routes: [{ path: '/dashboard', lazy: async () => ({ Component: (await import('./pages/DashboardPage')).DashboardPage }) }],
  nav: [{ to: '/dashboard', label: 'dashboard:nav', roles: ['SECRETARIAT', 'MINISTRY'] }],
};
