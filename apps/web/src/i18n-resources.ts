import type { FeatureResources, LazyFeatureResources } from './shared/i18n/types';
import { lazyNamespace } from './shared/i18n';
import { common } from './shared/i18n/common';

/**
 * Every namespace, in one place (shared/i18n initI18n). One line per feature: `lazyNamespace(name, () => import(…))`
 * puts the feature's strings in a chunk of their own, loaded with its pages (src/routes.tsx) and by the menu for its
 * entries, not with the first page. Only `common` (the shell's strings) is in the entry chunk.
 */
export const resources: (FeatureResources | LazyFeatureResources)[] = [
  common,
  lazyNamespace('anyone', () => import('./features/anyone/i18n').then((m) => m.anyoneI18n)),
  lazyNamespace('auth', () => import('./features/auth/i18n').then((m) => m.authI18n)),
  lazyNamespace('register', () => import('./features/register/i18n').then((m) => m.registerI18n)),
  lazyNamespace('candidateRegions', () => import('./features/candidate-regions/i18n').then((m) => m.candidateRegionsI18n)),
  lazyNamespace('vendor', () => import('./features/vendor/i18n').then((m) => m.vendorI18n)),
  lazyNamespace('prefecture', () => import('./features/prefecture/i18n').then((m) => m.prefectureI18n)),
  lazyNamespace('municipality', () => import('./features/municipality/i18n').then((m) => m.municipalityI18n)),
  lazyNamespace('evaluator', () => import('./features/evaluator/i18n').then((m) => m.evaluatorI18n)),
  lazyNamespace('secretariat', () => import('./features/secretariat/i18n').then((m) => m.secretariatI18n)),
  lazyNamespace('account', () => import('./features/account/i18n').then((m) => m.accountI18n)),
  lazyNamespace('secretariatAccounts', () => import('./features/secretariat-accounts/i18n').then((m) => m.secretariatAccountsI18n)),
  lazyNamespace('notices', () => import('./features/notices/i18n').then((m) => m.noticesI18n)),
  lazyNamespace('secretariatCall', () => import('./features/secretariat-call/i18n').then((m) => m.secretariatCallI18n)),
  lazyNamespace('secretariatPanel', () => import('./features/secretariat-panel/i18n').then((m) => m.secretariatPanelI18n)),
  lazyNamespace('secretariatMatching', () => import('./features/secretariat-matching/i18n').then((m) => m.secretariatMatchingI18n)),
  lazyNamespace('secretariatEngagements', () => import('./features/secretariat-engagements/i18n').then((m) => m.secretariatEngagementsI18n)),
  lazyNamespace('dashboard', () => import('./features/dashboard/i18n').then((m) => m.dashboardI18n)),
];
