/** A feature's translations: one namespace (the feature's name), Japanese first, English beside it with the same keys. */
export interface FeatureResources {
  namespace: string;
  ja: Record<string, unknown>;
  en: Record<string, unknown>;
}
