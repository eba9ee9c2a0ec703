import type { RouteObject } from 'react-router';
import type { Role } from '../auth/session';
import { loadNamespaces } from '../i18n';

/** A menu entry: shown to the roles listed ('ANONYMOUS' for visitors not signed in; omit roles for everyone). */
export interface NavItem {
  to: string;
  /** A translation key, `namespace:key`. */
  label: string;
  roles?: (Role | 'ANONYMOUS')[];
}

/** What a feature contributes: its routes (lazy-loaded pages) and its menu entries. Registered in src/routes.tsx. */
export interface FeatureModule {
  routes: RouteObject[];
  nav?: NavItem[];
  /**
   * The translation namespaces its pages use, loaded beside each page's chunk (src/i18n-resources.ts). Default: the
   * namespaces of its menu labels. A namespace not loaded by then is still loaded when a page asks for it (the page
   * waits in the layout's Suspense), only later.
   */
  namespaces?: string[];
}

/** The namespaces of translation keys written `namespace:key` (a key without one is in `common`, always there). */
export const namespacesOf = (keys: string[]) => [...new Set(keys.filter((k) => k.includes(':')).map((k) => k.split(':')[0]))];

/** A feature's routes, each lazy page loading the feature's translations beside its chunk (not after it). */
export function featureRoutes(f: FeatureModule): RouteObject[] {
  const ns = f.namespaces ?? namespacesOf((f.nav ?? []).map((i) => i.label));
  if (!ns.length) return f.routes;
  const withNamespaces = (r: RouteObject): RouteObject => {
    const { lazy, children } = r;
    const next = { ...r } as RouteObject & { lazy?: unknown; children?: RouteObject[] };
    if (typeof lazy === 'function') next.lazy = async () => (await Promise.all([lazy(), loadNamespaces(ns)]))[0];
    if (children) next.children = children.map(withNamespaces);
    return next;
  };
  return f.routes.map(withNamespaces);
}
