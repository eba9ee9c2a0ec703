import type { FeatureResources } from '../../shared/i18n/types';

export const prefectureI18n: FeatureResources = {
  namespace: 'prefecture',
  ja: { nav: '都道府県メニュー', placeholder: 'このページは準備中です。' },
  en: { nav: 'Prefecture', placeholder: 'This page is being built.' },
};
