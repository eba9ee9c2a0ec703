import type { FeatureModule } from '../../shared/layout/nav';

/**
 * お知らせ: every signed-in role reads the notices issued to it (the list, one letter, its PDF). The secretariat edits the
 * notice templates. Client paths avoid /notices/ (the API's PDF download path).
 */
export const notices: FeatureModule = {
  routes: [
    { path: '/oshirase', lazy: async () => ({ Component: (await import('./pages/NoticeListPage')).NoticeListPage }) },
    { path: '/oshirase/:id', lazy: async () => ({ Component: (await import('./pages/NoticePage')).NoticePage }) },
    {
      path: '/secretariat/notice-templates',
      lazy: async () => ({ Component: (await import('./pages/TemplateListPage')).TemplateListPage }),
    },
    {
      path: '/secretariat/notice-templates/:kind',
      lazy: async () => ({ Component: (await import('./pages/TemplateEditPage')).TemplateEditPage }),
    },
  ],
  nav: [
    { to: '/oshirase', label: 'notices:nav', roles: ['SECRETARIAT', 'MINISTRY', 'PREFECTURE', 'MUNICIPALITY', 'VENDOR', 'EVALUATOR'] },
    { to: '/secretariat/notice-templates', label: 'notices:navTemplates', roles: ['SECRETARIAT'] },
  ],
};
