import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { RequireRole } from '../../shared/auth/RequireRole';
import type { FeatureModule } from '../../shared/layout/nav';

function page(path: string, load: () => Promise<ComponentType>): RouteObject {
  return {
    path,
    lazy: async () => {
      const Component = await load();
      return {
        Component: () => (
          <RequireRole roles={['MUNICIPALITY']}>
            <Component />
          </RequireRole>
        ),
      };
    },
  };
}

export const municipality: FeatureModule = {
  routes: [
    page('/municipality', async () => (await import('./pages/HomePage')).HomePage),
    page('/municipality/meetings', async () => (await import('./pages/MeetingsPage')).MeetingsPage),
  ],
  nav: [{ to: '/municipality', label: 'municipality:nav', roles: ['MUNICIPALITY'] }],
};
