import type { FeatureResources } from '../../shared/i18n/types';

export const candidateRegionsI18n: FeatureResources = {
  namespace: 'candidateRegions',
  ja: { nav: '候補地域', placeholder: 'このページは準備中です。' },
  en: { nav: 'Candidate regions', placeholder: 'This page is being built.' },
};
