/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL answers and stored JSON are read here as untyped JSON */
/**
 * Shared pieces of the reliability scripts (burst, faults): a fresh PostgreSQL database per run,
 * the real API as a child process, an HTTP GraphQL client, the set-up of a vendor call with many
 * vendor accounts, and the checks run on the database afterwards.
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

export const ROOT = resolve(__dirname, '..', '..');
export const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function pgQuery<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** A throwaway database for one run, dropped afterwards (also when the run fails). */
export async function freshDatabase(prefix: string): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await pgQuery(ADMIN_URL, `CREATE DATABASE ${name}`);
  return {
    name,
    url: withDatabase(ADMIN_URL, name),
    drop: async () => {
      await pgQuery(ADMIN_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((e) => console.error(`could not drop ${name}: ${e.message}`));
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Secrets shared by the set-up (in process) and the API child, so that tokens and receipts agree. */
export function runSecrets(): Record<string, string> {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    JWT_SECRET: randomBytes(32).toString('hex'),
    RECEIPT_SIGNING_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/**
 * The real API in its own process: `node apps/api/src/main.ts` through ts-node (transpile only,
 * so no build step and no stale dist), or `node dist/apps/api/src/main.js` with
 * RELIABILITY_API=dist after `npm run build`. Production settings, real clock, no demo data.
 */
export class ApiProcess {
  child?: ChildProcess;
  readonly logFile: string;
  private exited?: Promise<void>;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
    logDir: string,
  ) {
    this.logFile = join(logDir, `api-${port}.log`);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(timeoutMs = 180_000): Promise<number> {
    const started = Date.now();
    const args =
      process.env.RELIABILITY_API === 'dist'
        ? [join(ROOT, 'dist/apps/api/src/main.js')]
        : ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(ROOT, 'apps/api/src/main.ts')];
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PUBLIC_BASE_URL: 'http://127.0.0.1', // plain HTTP, as on a closed network
        DEMO_DATA: 'false',
        LOG_LEVEL: 'warn',
        OUTBOX_POLL_MS: '0',
        REMINDER_POLL_MS: '0',
        PORT: String(this.port),
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
    this.child = child;
    this.exited = new Promise((r) => child.once('exit', () => r()));
    while (Date.now() - started < timeoutMs) {
      if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode} during start-up; see ${this.logFile}:\n${this.tail()}`);
      if (await this.healthy()) return Date.now() - started;
      await sleep(250);
    }
    throw new Error(`the API did not become healthy within ${timeoutMs} ms; see ${this.logFile}`);
  }

  async healthy(): Promise<boolean> {
    try {
      const r = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(2000) });
      return r.status === 200;
    } catch {
      return false;
    }
  }

  /** SIGKILL (a crash) or SIGTERM (an orderly stop); resolves when the process is gone. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode) return;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }

  tail(lines = 20): string {
    try {
      return readFileSync(this.logFile, 'utf8').trim().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }
}

export interface HttpResult {
  status: number;
  data: any;
  errors?: Array<{ message: string; extensions?: { code?: string; details?: any } }>;
  /** Set when no HTTP answer came back (refused connection, reset, timeout). */
  networkError?: string;
}

/** One GraphQL request over HTTP as a browser would send it. */
export async function gqlHttp(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
  timeoutMs = 30_000,
): Promise<HttpResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  try {
    const r = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await r.text();
    let body: any = {};
    try {
      body = JSON.parse(text);
    } catch {
      body = { errors: [{ message: text.slice(0, 200), extensions: { code: `HTTP_${r.status}` } }] };
    }
    return { status: r.status, data: body.data ?? null, errors: body.errors };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    return { status: 0, data: null, networkError: err.cause?.code ?? err.name ?? String(e) };
  }
}

export const errorCodeOf = (r: HttpResult): string | null =>
  r.networkError ? `NETWORK:${r.networkError}` : r.errors?.length ? (r.errors[0].extensions?.code ?? 'UNKNOWN') : null;

export function must<T = any>(r: HttpResult, what: string): T {
  const code = errorCodeOf(r);
  if (code || !r.data) throw new Error(`${what} failed: ${code} ${JSON.stringify(r.errors ?? r.networkError)}`);
  return r.data as T;
}

/** Runs `work` over the items, `width` at a time. */
export async function inBatches<T, R>(items: T[], width: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i], i);
      }
    }),
  );
  return out;
}

export interface Programme {
  secretariat: string;
  programId: string;
  regionCallId: string;
  regionId: string;
  vendors: Array<{ vendorId: string; token: string }>;
}

/**
 * Everything before the vendor call, in process on the run's database with a controlled clock
 * (the region call of 2025 is decided and published, as the fixtures do it), then closed:
 * a secretariat, two prefectures' adopted regions, and `vendorCount` approved vendors signed in.
 */
export async function prepareProgramme(dbUrl: string, secrets: Record<string, string>, vendorCount: number): Promise<Programme> {
  const uploadDir = mkdtempSync(join(tmpdir(), 'rdx-rel-uploads-'));
  Object.assign(process.env, {
    ...secrets,
    DATABASE_URL: dbUrl,
    NODE_ENV: 'test', // test budgets for rate limits: the set-up signs in and creates many vendors
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
    UPLOAD_DIR: uploadDir,
    OUTBOX_POLL_MS: '0',
    REMINDER_POLL_MS: '0',
  });
  // Loaded here, after the environment is set: the app reads it when its module is built.
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../../apps/api/src/app.module');
  const { configureApp } = await import('../../apps/api/src/bootstrap');
  const { Clock } = await import('@app/core');
  const { Role } = await import('@app/core');
  const testing = await import('../../test/support');
  const app = await NestFactory.create<import('@nestjs/platform-express').NestExpressApplication>(AppModule, { logger: false });
  await configureApp(app);
  await app.init();
  try {
    const clock = app.get(Clock) as import('@app/core').ControlledClock;
    const t = { app, clock, database: 'postgres' as const, close: async () => undefined };
    const tok = await testing.signIn(app, [
      { key: 'secretariat', role: Role.SECRETARIAT },
      { key: 'hyogo', role: Role.PREFECTURE, prefectureCode: '28' },
      { key: 'nagano', role: Role.PREFECTURE, prefectureCode: '20' },
    ]);
    const pub = await testing.publishedRegions(t, tok.secretariat, [
      { token: tok.hyogo, prefectureCode: '28', partners: ['282090'] },
      { token: tok.nagano, prefectureCode: '20', partners: ['202011'] },
    ]);
    clock.travelTo(new Date()); // real time again
    const vendors = await inBatches(Array.from({ length: vendorCount }), 4, async (_, i) => {
      const v = await testing.approvedVendor(app, tok.secretariat, `burst-vendor-${i}`, `8${String(i).padStart(11, '0')}`);
      return { vendorId: v.vendorId, token: v.token };
    });
    return { secretariat: tok.secretariat, programId: pub.programId, regionCallId: pub.regionCallId, regionId: pub.regionIds['28'], vendors };
  } finally {
    await app.close();
    rmSync(uploadDir, { recursive: true, force: true });
  }
}

export const Q = {
  createVendorCall: 'mutation($i: CreateVendorCallInput!) { createVendorCall(input: $i) { id } }',
  openCall: 'mutation($id: ID!) { openCall(id: $id) { status } }',
  start: 'mutation($c: ID!, $n: Int) { startVendorApplication(callId: $c, capacity: $n) { id } }',
  save: 'mutation($a: ID!, $r: ID!, $p: RegionProposalInput!) { saveRegionProposal(applicationId: $a, candidateRegionId: $r, proposal: $p) { version } }',
  submit: 'mutation($a: ID!, $k: String) { submitVendorApplication(applicationId: $a, idempotencyKey: $k) { number receivedAt contentDigest } }',
  reopen: 'mutation($a: ID!) { reopenVendorApplication(applicationId: $a) { status } }',
};

export const proposal = (approach: string) => ({
  approach,
  menuItemCodes: ['DX_STRUCTURE', 'DX_PROMOTION_TALENT'],
  team: [{ name: '伴走 一郎', role: '統括', qualifications: '中小企業診断士' }],
  schedule: '4月〜翌3月',
  budgetYen: 30_000_000,
});

/** Creates and opens the vendor call on the running API (real time) and gives every vendor a draft with one proposal. */
export async function openVendorCall(
  api: string,
  p: Programme,
  closesAt: Date,
): Promise<{ callId: string; applications: Array<{ vendorId: string; token: string; applicationId: string }> }> {
  const callId = must(
    await gqlHttp(
      api,
      Q.createVendorCall,
      {
        i: {
          programId: p.programId,
          regionCallId: p.regionCallId,
          title: '伴走支援事業者の公募（締切負荷試験）',
          opensAt: new Date(Date.now() - 60_000).toISOString(),
          closesAt: closesAt.toISOString(),
        },
      },
      p.secretariat,
    ),
    'createVendorCall',
  ).createVendorCall.id as string;
  must(await gqlHttp(api, Q.openCall, { id: callId }, p.secretariat), 'openCall');
  const applications = await inBatches(p.vendors, 8, async (v, i) => {
    const applicationId = must(await gqlHttp(api, Q.start, { c: callId, n: 2 }, v.token), 'startVendorApplication').startVendorApplication.id as string;
    must(await gqlHttp(api, Q.save, { a: applicationId, r: p.regionId, p: proposal(`vendor ${i}: draft 0`) }, v.token), 'saveRegionProposal');
    return { ...v, applicationId };
  });
  return { callId, applications };
}

/** What a client was told about one submission it made. */
export interface Ack {
  applicationId: string;
  key: string;
  number: string;
  receivedAt: string;
  contentDigest: string;
  /** The approach text of the draft as last saved (acknowledged) before this submission. */
  approach: string;
}

export interface IntegrityReport {
  acknowledged: number;
  lost: string[];
  altered: string[];
  duplicates: number;
  brokenRows: string[];
  receiptsInDb: number;
  unacknowledgedInDb: number;
  maxClockSkewMs: number;
}

/**
 * From the database: every acknowledged receipt is there with the digest, time and content the
 * client was told; no idempotency key has two receipts; each stored content still hashes to its
 * digest; each submitted application has its receipt; receipts' arrival and database times agree.
 */
export async function checkIntegrity(dbUrl: string, callId: string, acks: Ack[]): Promise<IntegrityReport> {
  const { canonicalJson, sha256Hex } = await import('@app/core');
  const rows = await pgQuery<{
    number: string;
    subject_id: string;
    idempotency_key: string | null;
    received_at: Date;
    db_received_at: Date;
    content_digest: string;
    content: any;
  }>(
    dbUrl,
    `SELECT r.number, r.subject_id, r.idempotency_key, r.received_at, r.db_received_at, r.content_digest, r.content
       FROM submission_receipts r JOIN vendor_applications a ON a.id = r.subject_id WHERE a.call_id = $1`,
    [callId],
  );
  const byNumber = new Map(rows.map((r) => [r.number, r]));
  const lost: string[] = [];
  const altered: string[] = [];
  const ackedNumbers = new Set<string>();
  for (const a of acks) {
    ackedNumbers.add(a.number);
    const r = byNumber.get(a.number);
    if (!r) {
      lost.push(a.number);
      continue;
    }
    const same =
      r.subject_id === a.applicationId &&
      r.content_digest.trim() === a.contentDigest &&
      r.received_at.getTime() === new Date(a.receivedAt).getTime() &&
      r.content?.proposals?.[0]?.approach === a.approach;
    if (!same) altered.push(a.number);
  }
  const brokenRows: string[] = [];
  for (const r of rows)
    if (sha256Hex(canonicalJson(r.content)) !== r.content_digest.trim()) brokenRows.push(`receipt ${r.number}: content does not hash to its digest`);
  const keyCounts = new Map<string, number>();
  for (const r of rows)
    if (r.idempotency_key) keyCounts.set(`${r.subject_id}:${r.idempotency_key}`, (keyCounts.get(`${r.subject_id}:${r.idempotency_key}`) ?? 0) + 1);
  const duplicates = [...keyCounts.values()].filter((n) => n > 1).length + (rows.length - byNumber.size);
  const orphans = await pgQuery(
    dbUrl,
    `SELECT a.id FROM vendor_applications a
      WHERE a.call_id = $1 AND a.status = 'SUBMITTED'
        AND NOT EXISTS (SELECT 1 FROM submission_receipts r WHERE r.subject_id = a.id AND r.received_at = a.submitted_at)`,
    [callId],
  );
  for (const o of orphans) brokenRows.push(`application ${o.id}: SUBMITTED without the receipt of its submission`);
  const proposals = await pgQuery(
    dbUrl,
    `SELECT a.id FROM vendor_applications a WHERE a.call_id = $1 AND (SELECT count(*) FROM region_proposals p WHERE p.application_id = a.id) <> 1`,
    [callId],
  );
  for (const o of proposals) brokenRows.push(`application ${o.id}: not exactly one proposal`);
  const maxClockSkewMs = rows.reduce((mx, r) => Math.max(mx, Math.abs(r.db_received_at.getTime() - r.received_at.getTime())), 0);
  return {
    acknowledged: acks.length,
    lost,
    altered,
    duplicates,
    brokenRows,
    receiptsInDb: rows.length,
    unacknowledgedInDb: rows.filter((r) => !ackedNumbers.has(r.number)).length,
    maxClockSkewMs,
  };
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const s = [...values].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
