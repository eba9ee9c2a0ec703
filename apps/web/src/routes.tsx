import type { RouteObject } from 'react-router';
import { Layout, NotFoundPage } from './shared/layout/Layout';
import { featureRoutes, type FeatureModule } from './shared/layout/nav';
import { anyone } from './features/anyone/routes';
import { auth } from './features/auth/routes';
import { register } from './features/register/routes';
import { candidateRegions } from './features/candidate-regions/routes';
import { vendor } from './features/vendor/routes';
import { prefecture } from './features/prefecture/routes';
import { municipality } from './features/municipality/routes';
import { evaluator } from './features/evaluator/routes';
import { secretariat } from './features/secretariat/routes';
import { account } from './features/account/routes';
import { secretariatAccounts } from './features/secretariat-accounts/routes';
import { notices } from './features/notices/routes';
import { secretariatCall } from './features/secretariat-call/routes';
import { secretariatPanel } from './features/secretariat-panel/routes';
import { secretariatMatching } from './features/secretariat-matching/routes';
import { secretariatEngagements } from './features/secretariat-engagements/routes';
import { dashboard } from './features/dashboard/routes';

/**
 * THE route registry: one line per feature (its own features/<journey>/routes.tsx exports a FeatureModule with its
 * routes and menu entries). Pages are lazy-loaded by each feature (route `lazy`), so the first page stays light; each
 * page's chunk comes with its feature's translations (featureRoutes, src/i18n-resources.ts).
 * Client paths never start with an API path (/graphql, /documents, /exports, /health, /ide, /briefing/, /notices/,
 * /region-applications/): the API answers those itself (apps/api/src/web/web-client.ts).
 */
export const features: FeatureModule[] = [
  anyone, // /, /briefings/*
  auth, // /signin, /signout
  register, // /register
  candidateRegions, // /candidate-regions, /candidate-regions/:id
  vendor, // /vendor/*
  prefecture, // /prefecture/*
  municipality, // /municipality/*
  evaluator, // /evaluator/*
  secretariat, // /secretariat/*
  account, // /account/password
  secretariatAccounts, // /secretariat/accounts
  notices, // /oshirase, /oshirase/:id, /secretariat/notice-templates/*
  secretariatCall, // /secretariat/vendor-calls, /secretariat/vendor-calls/:id, /secretariat/vendors
  secretariatPanel, // /secretariat/panel
  secretariatMatching, // /secretariat/matching/*
  secretariatEngagements, // /secretariat/engagements
  dashboard, // /dashboard
];

export const routes: RouteObject[] = [
  {
    element: <Layout features={features} />,
    children: [...features.flatMap(featureRoutes), { path: '*', element: <NotFoundPage /> }],
  },
];
