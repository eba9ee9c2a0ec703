import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The API's own paths: never answered with the web client, so that their behaviour (and their 404s) stay the API's.
 * A client route must not start with one of them (apps/web/src/routes.tsx).
 */
export const API_PATH_PREFIXES = ['/graphql', '/documents', '/exports', '/health', '/ide', '/briefing/', '/notices/', '/region-applications/'] as const;

/** Where the built client is: WEB_DIST_DIR, else `dist/web` beside the compiled API (or the sources, under ts-node). */
export function webDistDir(configured: string | undefined): string | undefined {
  const candidates = configured ? [resolve(configured)] : [resolve(__dirname, '../../../../dist/web'), resolve(__dirname, '../../../../web')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

const isApiPath = (path: string) => API_PATH_PREFIXES.some((p) => path === p.replace(/\/$/, '') || path.startsWith(p.endsWith('/') ? p : `${p}/`));

/**
 * Serves the built web client from the same origin as the API (no CORS, one cookie): its hashed assets for a year, and
 * index.html (never cached, so a new build is picked up) for any other GET that asks for HTML outside the API's paths, so
 * that client-side routes (/candidate-regions/…) survive a reload. Returns false when there is no build (tests, `nest
 * start`): then `/` is a plain 404 as before.
 */
export function mountWebClient(app: NestExpressApplication, dir: string | undefined, spaCsp: (req: Request, res: Response) => void): boolean {
  if (!dir) return false;
  const indexHtml = readFileSync(join(dir, 'index.html'));
  app.useStaticAssets(join(dir, 'assets'), { prefix: '/assets', immutable: true, maxAge: '365d', index: false, fallthrough: false });
  app.useStaticAssets(dir, { index: false, maxAge: '1h' });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path) || !req.accepts('html')) return next();
    if (req.accepts(['json', 'html']) === 'json') return next();
    spaCsp(req, res);
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(indexHtml);
  });
  return true;
}
