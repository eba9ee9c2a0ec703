import type { FeatureModule } from '../../shared/layout/nav';

/** The secretariat's stage 2: the vendor call (create, change with the warning, live bids per region) and vendor approvals. */
export const secretariatCall: FeatureModule = {
  routes: [
    { path: '/secretariat/vendor-calls', lazy: async () => ({ Component: (await import('./pages/VendorCallsPage')).VendorCallsPage }) },
    { path: '/secretariat/vendor-calls/:id', lazy: async () => ({ Component: (await import('./pages/VendorCallPage')).VendorCallPage }) },
    { path: '/secretariat/vendors', lazy: async () => ({ Component: (await import('./pages/VendorApprovalsPage')).VendorApprovalsPage }) },
  ],
  nav: [
    { to: '/secretariat/vendor-calls', label: 'secretariatCall:nav', roles: ['SECRETARIAT'] },
    { to: '/secretariat/vendors', label: 'secretariatCall:navVendors', roles: ['SECRETARIAT'] },
  ],
};
