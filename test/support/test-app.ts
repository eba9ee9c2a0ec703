import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Clock, ControlledClock, Role, SYSTEM_ACTOR } from '@app/core';
import { IdentityService } from '@app/identity';
import { PanelService } from '@app/evaluation';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/bootstrap';
import { adminQuery, templateDb, withDatabase } from './pg-template';

export interface TestApp {
  app: INestApplication;
  clock: ControlledClock;
  /** Which database this file runs on, for test names and skips. */
  database: 'pglite' | 'postgres';
  /** PostgreSQL: the superuser URL of this file's database (the app may connect as another role). */
  adminUrl?: string;
  close(): Promise<void>;
}

/**
 * The real application on a real database: a fresh in-memory PGlite per test file, or (with
 * TEST_DATABASE_URL) a copy of the migrated template database on PostgreSQL.
 */
export interface TestAppOptions {
  /** PostgreSQL only: prepares the copied database as its superuser and returns the URL the app connects with (another role). */
  appDatabaseUrl?: (adminUrl: string) => Promise<string>;
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const pgUrl = process.env.TEST_DATABASE_URL;
  let dbName: string | undefined;
  const uploadDir = mkdtempSync(join(tmpdir(), 'rdx-uploads-'));
  process.env.NODE_ENV = 'test';
  process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
  process.env.UPLOAD_DIR = uploadDir;
  process.env.UPLOAD_MAX_BYTES = String(1024 * 1024);
  process.env.JWT_SECRET = randomBytes(32).toString('hex');
  process.env.OUTBOX_POLL_MS = process.env.TEST_OUTBOX_POLL_MS ?? '0';
  process.env.REMINDER_POLL_MS = '0';
  process.env.AUDIT_HEADS_FILE = join(uploadDir, 'audit-heads.jsonl'); // each file's signed heads, never in the worktree's ./data
  if (pgUrl) {
    dbName = `rdx_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(pgUrl, `CREATE DATABASE ${dbName} TEMPLATE ${templateDb()}`);
    process.env.DATABASE_URL = withDatabase(pgUrl, dbName);
    if (options.appDatabaseUrl) process.env.DATABASE_URL = await options.appDatabaseUrl(withDatabase(pgUrl, dbName));
  } else {
    delete process.env.DATABASE_URL;
    process.env.DATA_DIR = 'memory';
  }
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
  await configureApp(app);
  await app.init();
  return {
    app,
    clock: app.get(Clock) as ControlledClock,
    database: pgUrl ? 'postgres' : 'pglite',
    adminUrl: pgUrl && dbName ? withDatabase(pgUrl, dbName) : undefined,
    async close() {
      await app.close();
      rmSync(uploadDir, { recursive: true, force: true });
      if (pgUrl && dbName) await adminQuery(pgUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    },
  };
}

/**
 * A second API instance on the same database as the current test app (PostgreSQL only: an
 * embedded PGlite is one session of one process), for scale-out tests.
 */
export async function createPeerApp(env: Record<string, string> = {}): Promise<INestApplication> {
  if (!process.env.DATABASE_URL) throw new Error('a peer instance needs PostgreSQL (TEST_DATABASE_URL)');
  Object.assign(process.env, env);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
  await configureApp(app);
  await app.init();
  return app;
}

export interface GqlResult<T = Record<string, any>> {
  status: number;
  data: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions: { code: string; messageJa?: string; messageEn?: string; details?: any } }>;
}

/** One GraphQL request over HTTP, as a client sends it. */
export async function gql<T = Record<string, any>>(
  app: INestApplication,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GqlResult<T>> {
  const req = request(app.getHttpServer()).post('/graphql').set('content-type', 'application/json');
  if (token) req.set('authorization', `Bearer ${token}`);
  const res = await req.send({ query, variables });
  return { status: res.status, data: res.body?.data ?? null, errors: res.body?.errors };
}

/** The error code of a failed request (fails the test when there is none). */
export function errorCode(r: GqlResult): string {
  if (!r.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(r.data)}`);
  return r.errors[0].extensions.code;
}

/** The data of a successful request (fails the test with the errors otherwise). */
export function ok<T = Record<string, any>>(r: GqlResult<T>): T {
  if (r.errors?.length || !r.data) throw new Error(`expected data, got ${JSON.stringify(r.errors)}`);
  return r.data;
}

export const TEST_PASSWORD = 'test-password-0123';

export interface AccountSpec {
  key: string;
  role: Role;
  prefectureCode?: string;
  municipalityCode?: string;
  vendorId?: string;
}

/** Creates accounts through the identity service (the secretariat's path) and signs each in over GraphQL. */
export async function signIn(app: INestApplication, specs: AccountSpec[]): Promise<Record<string, string>> {
  const identity = app.get(IdentityService);
  const tokens: Record<string, string> = {};
  for (const s of specs) {
    const email = `${s.key}-${randomBytes(3).toString('hex')}@test.example.jp`;
    if (s.role === Role.EVALUATOR) {
      // Evaluators come with a profile, created the secretariat's way.
      const secretariat = { role: Role.SECRETARIAT, userId: randomUUID(), prefectureCode: null, municipalityCode: null, vendorId: null, evaluatorId: null };
      await app.get(PanelService).createEvaluator(secretariat, { email, displayName: s.key, password: TEST_PASSWORD, name: s.key, fields: [] });
    } else {
      await identity.createAccount(
        {
          email,
          displayName: s.key,
          password: TEST_PASSWORD,
          role: s.role,
          prefectureCode: s.prefectureCode,
          municipalityCode: s.municipalityCode,
          vendorId: s.vendorId,
        },
        SYSTEM_ACTOR,
      );
    }
    const r = await gql(app, 'mutation($i: LoginInput!) { login(input: $i) { token } }', { i: { email, password: TEST_PASSWORD } });
    tokens[s.key] = ok(r).login.token;
  }
  return tokens;
}

/** The usual cast: staff, two prefectures, a partner-to-be and a non-partner municipality, an evaluator. */
export const STANDARD_ACCOUNTS: AccountSpec[] = [
  { key: 'secretariat', role: Role.SECRETARIAT },
  { key: 'ministry', role: Role.MINISTRY },
  { key: 'hyogo', role: Role.PREFECTURE, prefectureCode: '28' },
  { key: 'nagano', role: Role.PREFECTURE, prefectureCode: '20' },
  { key: 'toyooka', role: Role.MUNICIPALITY, municipalityCode: '282090' },
  { key: 'ashiya', role: Role.MUNICIPALITY, municipalityCode: '282065' },
  { key: 'evaluator', role: Role.EVALUATOR },
];

/** Uploads a file to POST /documents as the holder of the token. */
export async function upload(app: INestApplication, token: string | undefined, content: Buffer, fileName = 'memorandum.pdf', purpose = 'MEMORANDUM') {
  const req = request(app.getHttpServer()).post('/documents');
  if (token) req.set('authorization', `Bearer ${token}`);
  return req.field('purpose', purpose).attach('file', content, fileName);
}

export const pdfBytes = (label = 'memorandum') => Buffer.from(`%PDF-1.4\n% ${label}\n%%EOF\n`);

/**
 * A figure line for `npm run test:reliability` (e.g. "fuzz: 2000 operations, 0 leaks"): written straight to
 * stdout instead of through Jest's console capture, and to RDX_FIGURES_FILE when set (the summary reads it).
 */
export function reportFigures(line: string): void {
  process.stdout.write(`${line}\n`);
  if (process.env.RDX_FIGURES_FILE) appendFileSync(process.env.RDX_FIGURES_FILE, `${line}\n`);
}
