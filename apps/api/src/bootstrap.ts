import { INestApplication, Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import type { Server } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig, Clock, loadConfig } from '@app/core';
import { MasterDataLoader } from '@app/master-data';
import { AppModule } from './app.module';
import { applyServerTimeouts, dropTimedOut, dropTimedOutError, receivedAtAndBodyTimeout } from './common/request-timing';
import { mountOfflineIde } from './graphql/ide';
import { queryLengthLimit } from './graphql/limits';
import { validationPipe } from './graphql/validation';
import { seedDemo } from './demo/demo-seed';
import { mountWebClient, webDistDir } from './web/web-client';

export interface CreateAppOptions {
  /** Replace providers (tests: a controlled Clock). */
  override?: (app: { provider: unknown; value: unknown }[]) => void;
  bufferLogs?: boolean;
}

/** Runs pending migrations under an advisory lock, so that several instances starting at once do not race. */
export async function prepareDatabase(ds: DataSource): Promise<void> {
  const isPg = !(ds.options as { driver?: unknown }).driver;
  if (isPg) await ds.query('SELECT pg_advisory_lock(727100)');
  try {
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    if (isPg) await ds.query('SELECT pg_advisory_unlock(727100)');
  }
}

/**
 * The Content-Security-Policy headers: the API's (GraphiQL boots with one inline script) and the web client's (its own
 * scripts, styles and fonts only), each with and without upgrade-insecure-requests. Downloads set their own sandbox policy.
 */
function contentSecurityPolicies() {
  const api = {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", "'unsafe-inline'"], // the offline GraphiQL page boots with one inline script
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    workerSrc: ["'self'", 'blob:'],
  };
  const spa = { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'], fontSrc: ["'self'", 'data:'] };
  const policy = (directives: Record<string, string[]>, tls: boolean) =>
    helmet.contentSecurityPolicy({ directives: { ...directives, upgradeInsecureRequests: tls ? [] : null } });
  return { api: { tls: policy(api, true), plain: policy(api, false) }, spa: { tls: policy(spa, true), plain: policy(spa, false) } };
}

export async function configureApp(app: NestExpressApplication): Promise<void> {
  app.useLogger(app.get(Logger));
  // Arrival time is what a deadline is judged by: the instant the request is complete (its body fully read), on the
  // server's Clock; a body may not take long to arrive (see common/request-timing.ts).
  const config = app.get(AppConfig);
  applyServerTimeouts(app.getHttpServer() as Server, config);
  app.use(receivedAtAndBodyTimeout(app.get(Clock), config));
  app.disable('x-powered-by');
  // No ETag on answers sent with res.send (GraphQL, exports): they say no-store, and hashing a large page costs CPU on
  // every request (the client files keep serve-static's own).
  app.set('etag', false);
  // Which proxies' X-Forwarded-For is believed: the client address is the sign-in limits' "source".
  app.set('trust proxy', app.get(AppConfig).trustProxy);
  app.use(helmet({ contentSecurityPolicy: false }));
  const csp = contentSecurityPolicies();
  // upgrade-insecure-requests only on a request that came over TLS (here, or at a proxy trusted by TRUST_PROXY, which
  // sets req.secure from X-Forwarded-Proto): a page opened by the server's address over plain HTTP, as on a closed
  // network, would otherwise have the browser fetch its own scripts over HTTPS, and stay blank.
  app.use((req: Request, res: Response, next: NextFunction) => (req.secure ? csp.api.tls : csp.api.plain)(req, res, next));
  app.useBodyParser('json', { limit: '1mb' });
  app.use(dropTimedOut, dropTimedOutError);
  app.use('/graphql', queryLengthLimit);
  mountOfflineIde(app.getHttpAdapter().getInstance());
  mountWebClient(app, webDistDir(config.WEB_DIST_DIR), (req, res) => (req.secure ? csp.spa.tls : csp.spa.plain)(req, res, () => undefined));
  app.useGlobalPipes(validationPipe);
  app.enableShutdownHooks();
  await prepareDatabase(app.get(DataSource));
  await app.get(MasterDataLoader).ensureLoaded();
}

export async function createApp(): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true });
  await configureApp(app);
  return app;
}

/**
 * What `npm start` does before it listens: the configuration checked (a ConfigError names what is wrong, e.g. the demo
 * asked for in production), the database prepared, and the demo loaded only where it is allowed (never in production).
 */
export async function startApi(): Promise<{ app: INestApplication; config: AppConfig }> {
  const config = loadConfig();
  const app = await createApp();
  if (config.DEMO_DATA) await seedDemo(app);
  return { app, config };
}

export { NestLogger };
