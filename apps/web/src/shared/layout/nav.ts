import type { RouteObject } from 'react-router';
import type { Role } from '../auth/session';

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
}
