import type { FeatureModule } from '../../shared/layout/nav';

/** The vendor's pages: its menu, an application (regions, proposals, check, receipt), results and engagements. */
export const vendor: FeatureModule = {
  routes: [
    { path: '/vendor', lazy: async () => ({ Component: (await import('./pages/VendorHomePage')).VendorHomePage }) },
    { path: '/vendor/calls/:callId', lazy: async () => ({ Component: (await import('./pages/ApplicationPage')).ApplicationPage }) },
    { path: '/vendor/applications/:id/regions/:regionId', lazy: async () => ({ Component: (await import('./pages/ProposalPage')).ProposalPage }) },
    { path: '/vendor/applications/:id/check', lazy: async () => ({ Component: (await import('./pages/CheckPage')).CheckPage }) },
    { path: '/vendor/applications/:id/receipt', lazy: async () => ({ Component: (await import('./pages/ReceiptPage')).ReceiptPage }) },
    { path: '/vendor/results/:callId', lazy: async () => ({ Component: (await import('./pages/ResultsPage')).ResultsPage }) },
    { path: '/vendor/engagements/:id', lazy: async () => ({ Component: (await import('./pages/EngagementPage')).EngagementPage }) },
  ],
  nav: [{ to: '/vendor', label: 'vendor:nav', roles: ['VENDOR'] }],
};
