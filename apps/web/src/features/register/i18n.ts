import type { FeatureResources } from '../../shared/i18n/types';

export const registerI18n: FeatureResources = {
  namespace: 'register',
  ja: { nav: '事業者の登録', placeholder: 'このページは準備中です。' },
  en: { nav: 'Vendor registration', placeholder: 'This page is being built.' },
};
