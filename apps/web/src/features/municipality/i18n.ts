import type { FeatureResources } from '../../shared/i18n/types';

export const municipalityI18n: FeatureResources = {
  namespace: 'municipality',
  ja: { nav: '市区町村メニュー', placeholder: 'このページは準備中です。' },
  en: { nav: 'Municipality', placeholder: 'This page is being built.' },
};
