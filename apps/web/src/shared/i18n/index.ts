import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { FeatureResources } from './types';

const LANG_KEY = 'rdx.lang';

export type { FeatureResources };

/** Japanese first; the English switch is remembered on this device. */
export function initI18n(all: FeatureResources[]): typeof i18n {
  const stored = window.localStorage.getItem(LANG_KEY);
  const lng = stored === 'en' ? 'en' : 'ja';
  const resources: Record<string, Record<string, Record<string, unknown>>> = { ja: {}, en: {} };
  for (const r of all) {
    resources.ja[r.namespace] = r.ja;
    resources.en[r.namespace] = r.en;
  }
  void i18n.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'ja',
    defaultNS: 'common',
    ns: all.map((r) => r.namespace),
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  document.documentElement.lang = lng;
  return i18n;
}

export function setLanguage(lng: 'ja' | 'en'): void {
  window.localStorage.setItem(LANG_KEY, lng);
  document.documentElement.lang = lng;
  void i18n.changeLanguage(lng);
}
