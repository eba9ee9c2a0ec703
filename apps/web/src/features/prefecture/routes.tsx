import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { RequireRole } from '../../shared/auth/RequireRole';
import type { FeatureModule } from '../../shared/layout/nav';

/** A lazily loaded page for prefecture officials only. */
function page(path: string, load: () => Promise<ComponentType>): RouteObject {
  return {
    path,
    lazy: async () => {
      const Component = await load();
      return {
        Component: () => (
          <RequireRole roles={['PREFECTURE']}>
            <Component />
          </RequireRole>
        ),
      };
    },
  };
}

const app = '/prefecture/applications/:id';

export const prefecture: FeatureModule = {
  routes: [
    page('/prefecture', async () => (await import('./pages/HomePage')).HomePage),
    page(app, async () => (await import('./pages/ApplicationPage')).ApplicationPage),
    page(`${app}/partners`, async () => (await import('./pages/PartnersPage')).PartnersPage),
    page(`${app}/needs`, async () => (await import('./pages/NeedsPage')).NeedsListPage),
    page(`${app}/needs/:partnerId`, async () => (await import('./pages/NeedsPage')).PartnerNeedsPage),
    page(`${app}/memoranda`, async () => (await import('./pages/MemorandaPage')).MemorandaPage),
    page(`${app}/requirements`, async () => (await import('./pages/RequirementsPage')).RequirementsPage),
    page(`${app}/contacts`, async () => (await import('./pages/ContactsPage')).ContactsPage),
    page(`${app}/check`, async () => (await import('./pages/CheckPage')).CheckPage),
    page(`${app}/receipt/:receiptId`, async () => (await import('./pages/ReceiptPage')).ReceiptPage),
    page(`${app}/withdraw`, async () => (await import('./pages/WithdrawPage')).WithdrawPage),
    page('/prefecture/questions', async () => (await import('./pages/QuestionsPage')).QuestionsPage),
    page('/prefecture/engagements', async () => (await import('./pages/EngagementsPage')).EngagementsPage),
  ],
  nav: [{ to: '/prefecture', label: 'prefecture:nav', roles: ['PREFECTURE'] }],
};
