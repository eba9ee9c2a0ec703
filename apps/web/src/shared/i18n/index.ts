import i18n, { type BackendModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { FeatureResources, LazyFeatureResources } from './types';

const LANG_KEY = 'rdx.lang';
const LANGUAGES = ['ja', 'en'] as const;

export type { FeatureResources, LazyFeatureResources };

/** One line of src/i18n-resources.ts: a feature's namespace, loaded with its pages instead of with the first page. */
export function lazyNamespace(namespace: string, load: () => Promise<FeatureResources>): LazyFeatureResources {
  return { namespace, load };
}

const lazy = new Map<string, () => Promise<FeatureResources>>();

/**
 * Loads a lazy namespace when i18next asks for it (a route about to render, the menu, a page's useTranslation). Both
 * languages come in the one module: the other is added at once, so the English switch never waits for the network.
 */
const lazyBackend: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read(lng, ns, done) {
    const load = lazy.get(ns);
    if (!load) return done(null, {});
    load().then(
      (r) => {
        for (const other of LANGUAGES) if (other !== lng && !i18n.hasResourceBundle(other, ns)) i18n.addResourceBundle(other, ns, r[other]);
        done(null, lng === 'en' ? r.en : r.ja);
      },
      (e: unknown) => done(e instanceof Error ? e : new Error(String(e)), null),
    );
  },
};

/** Japanese first; the English switch is remembered on this device. */
export function initI18n(all: (FeatureResources | LazyFeatureResources)[]): typeof i18n {
  const stored = window.localStorage.getItem(LANG_KEY);
  const lng = stored === 'en' ? 'en' : 'ja';
  const resources: Record<string, Record<string, Record<string, unknown>>> = { ja: {}, en: {} };
  const bundled: string[] = [];
  for (const r of all) {
    if ('load' in r) {
      lazy.set(r.namespace, r.load);
      continue;
    }
    resources.ja[r.namespace] = r.ja;
    resources.en[r.namespace] = r.en;
    bundled.push(r.namespace);
  }
  void i18n
    .use(lazyBackend)
    .use(initReactI18next)
    .init({
      resources,
      partialBundledLanguages: true,
      lng,
      fallbackLng: 'ja',
      defaultNS: 'common',
      ns: bundled,
      interpolation: { escapeValue: false }, // React escapes
      returnNull: false,
    });
  document.documentElement.lang = lng;
  return i18n;
}

/** Resolves once the namespaces are there in the current language (and Japanese, the fallback). */
export function loadNamespaces(ns: string[]): Promise<void> {
  return i18n.loadNamespaces(ns);
}

export function setLanguage(lng: 'ja' | 'en'): void {
  window.localStorage.setItem(LANG_KEY, lng);
  document.documentElement.lang = lng;
  void i18n.changeLanguage(lng);
}
