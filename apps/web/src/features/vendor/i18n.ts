import type { FeatureResources } from '../../shared/i18n/types';

export const vendorI18n: FeatureResources = {
  namespace: 'vendor',
  ja: { nav: '事業者メニュー', placeholder: 'このページは準備中です。' },
  en: { nav: 'Vendor', placeholder: 'This page is being built.' },
};
