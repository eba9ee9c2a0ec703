/** A feature's translations: one namespace (the feature's name), Japanese first, English beside it with the same keys. */
export interface FeatureResources {
  namespace: string;
  ja: Record<string, unknown>;
  en: Record<string, unknown>;
}

/** A feature's namespace loaded with its pages, in a chunk of its own (see src/i18n-resources.ts). */
export interface LazyFeatureResources {
  namespace: string;
  load: () => Promise<FeatureResources>;
}
