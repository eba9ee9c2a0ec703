import type { FeatureModule } from '../../shared/layout/nav';

export const anyone: FeatureModule = {
  namespaces: ['anyone'],
  routes: [
    { index: true, lazy: async () => ({ Component: (await import('./pages/TopPage')).TopPage }) },
    { path: '/briefings/:sessionId/register', lazy: async () => ({ Component: (await import('./pages/BriefingRegisterPage')).BriefingRegisterPage }) },
    { path: '/briefings/confirm', lazy: async () => ({ Component: (await import('./pages/BriefingConfirmPage')).BriefingConfirmPage }) },
  ],
};
