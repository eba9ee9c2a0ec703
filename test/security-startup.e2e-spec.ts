import { INestApplication } from '@nestjs/common';
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppConfig, Clock, ConfigError, ControlledClock, loadConfig, Role, SystemClock } from '@app/core';
import { corporateNumber, createTestApp, engagedVendor, errorCode, gql, ok, panelExpert, reportFigures, signIn, STANDARD_ACCOUNTS, TestApp } from './support';
import { adminQuery, templateDb, withDatabase } from './support/pg-template';
import { startApi } from '../apps/api/src/bootstrap';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../apps/api/src/demo/demo-seed';

/**
 * Issue 11, findings 1, 3 and 17: what a production start contains (no demo, the system clock, the first secretariat
 * account made with `npm run admin:create`), that stored times come from the server's clock, and that the request id
 * is the server's own.
 */

const LOGIN = 'mutation($i: LoginInput!) { login(input: $i) { token user { role } } }';
const ROOT = join(__dirname, '..');
const figures = {
  systemClock: false,
  productionAccounts: -1,
  demoRefused: false,
  adminCreated: 0,
  adminRefused: 0,
  lagAfterSeedMs: -1,
  columns: 0,
  offClock: -1,
};

/** A database for one start: a fresh embedded PGlite folder, or a copy of the migrated template on PostgreSQL. */
async function freshDatabase(): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    const name = `rdx_start_${randomBytes(6).toString('hex')}`;
    await adminQuery(pgUrl, `CREATE DATABASE ${name} TEMPLATE ${templateDb()}`);
    return { env: { DATABASE_URL: withDatabase(pgUrl, name) }, drop: () => adminQuery(pgUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
  }
  const dir = mkdtempSync(join(tmpdir(), 'rdx-start-'));
  return { env: { DATA_DIR: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** The environment of a production start: NODE_ENV=production with the required secrets and address, nothing else set. */
function productionEnv(db: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    RECEIPT_SIGNING_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    PUBLIC_BASE_URL: 'https://dxrlp.example.jp',
    ...db,
    ...extra,
  };
}

const STARTUP_KEYS = [
  'NODE_ENV',
  'JWT_SECRET',
  'RECEIPT_SIGNING_KEY',
  'PUBLIC_BASE_URL',
  'DATABASE_URL',
  'DATA_DIR',
  'DEMO_DATA',
  'CLOCK_START_AT',
  'UPLOAD_DIR',
];

/** Starts the API the way `npm start` does (startApi: config check, migrations, demo where allowed), without listening. */
async function start(env: Record<string, string>): Promise<INestApplication> {
  for (const k of STARTUP_KEYS) delete process.env[k];
  Object.assign(process.env, { LOG_LEVEL: 'silent', OUTBOX_POLL_MS: '0', REMINDER_POLL_MS: '0', UPLOAD_DIR: uploadDir }, env);
  const { app } = await startApi();
  await app.init();
  return app;
}

/** `npm run admin:create -- …args` as an operator runs it, with `stdin` piped in; its exit code and output. */
function adminCreate(env: Record<string, string>, args: string[], stdin: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'admin:create', '--', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? tmpdir(), LOG_LEVEL: 'silent', UPLOAD_DIR: uploadDir, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
    child.stdin.end(stdin);
  });
}

let uploadDir: string;
beforeAll(() => {
  uploadDir = mkdtempSync(join(tmpdir(), 'rdx-start-uploads-'));
});
afterAll(() => {
  rmSync(uploadDir, { recursive: true, force: true });
  reportFigures(
    `production start: ${figures.productionAccounts} accounts after a production start (demo refused when asked: ${figures.demoRefused ? 'yes' : 'NO'}), ` +
      `admin:create ${figures.adminCreated} created, ${figures.adminRefused} refused (duplicate, password on argv, short password)`,
  );
  reportFigures(
    `clock: ${figures.systemClock ? 'the system clock' : 'NOT the system clock'} in production; ${figures.lagAfterSeedMs} ms behind real time after seeding the demo; ` +
      `${figures.columns} stamped columns checked, ${figures.offClock} stored times not from the server clock`,
  );
});

describe('production start', () => {
  it('has no demo account and runs on the system clock (NODE_ENV=production with the required secrets, DEMO_DATA unset)', async () => {
    const db = await freshDatabase();
    const app = await start(productionEnv(db.env));
    try {
      expect(app.get(AppConfig).DEMO_DATA).toBe(false);
      const ds = app.get(DataSource);
      const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM users');
      figures.productionAccounts = n;
      expect(n).toBe(0);
      expect((await ds.query('SELECT count(*)::int AS n FROM programs'))[0].n).toBe(0);
      for (const a of DEMO_ACCOUNTS.slice(0, 3)) {
        expect(errorCode(await gql(app, LOGIN, { i: { email: a.email, password: DEMO_PASSWORD } }))).toBe('INVALID_CREDENTIALS');
      }
      // The system clock itself, not a settable one that happens to read the same time.
      const clock = app.get(Clock);
      expect(clock).toBeInstanceOf(SystemClock);
      expect(clock).not.toBeInstanceOf(ControlledClock);
      expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(1000);
      figures.systemClock = true;
    } finally {
      await app.close();
      await db.drop();
    }
  });

  it('refuses to start with DEMO_DATA=true in production, naming the setting and the way to the first account', async () => {
    const db = await freshDatabase();
    try {
      for (const value of ['true', '1']) {
        const attempt = start(productionEnv(db.env, { DEMO_DATA: value }));
        await expect(attempt).rejects.toBeInstanceOf(ConfigError);
        await expect(attempt).rejects.toThrow(/DEMO_DATA: .*NODE_ENV=production.*npm run admin:create/);
      }
      figures.demoRefused = true;
    } finally {
      await db.drop();
    }
  });

  it('refuses to start in production without PUBLIC_BASE_URL (it decides the Secure cookie and every mailed link)', () => {
    const { PUBLIC_BASE_URL: _, ...env } = productionEnv({});
    expect(() => loadConfig(env)).toThrow(/PUBLIC_BASE_URL: required when NODE_ENV=production/);
    expect(loadConfig({ ...env, PUBLIC_BASE_URL: 'http://10.1.2.3:3000' }).servedOverTls).toBe(false);
    expect(loadConfig({ ...env, PUBLIC_BASE_URL: 'https://dxrlp.example.jp' }).servedOverTls).toBe(true);
  });

  it('npm run admin:create makes the first secretariat account from a password on standard input, once, checked as the API checks it', async () => {
    const db = await freshDatabase();
    const env = productionEnv(db.env);
    const email = 'first-secretariat@pref.example.lg.jp';
    const password = 'a long enough passphrase 2026';
    try {
      const created = await adminCreate(env, ['--email', email, '--name', '事務局 管理者'], `${password}\n`);
      expect(created.out).toContain('secretariat account created');
      expect(created.code).toBe(0);
      figures.adminCreated++;

      // Three refusals at once (only the first opens the database): the same address again, a password on the
      // command line, a password the API would refuse.
      const [again, onArgv, short] = await Promise.all([
        adminCreate(env, ['--email', email.toUpperCase(), '--name', 'someone else'], 'another password 2026\n'),
        adminCreate(env, ['--email', 'b@pref.example.lg.jp', '--name', 'B', '--password', 'on the command line'], ''),
        adminCreate(env, ['--email', 'c@pref.example.lg.jp', '--name', 'C'], 'short\n'),
      ]);
      expect(again.code).toBe(1);
      expect(again.out).toContain('DUPLICATE');
      expect(onArgv.code).toBe(1);
      expect(onArgv.out).toContain('standard input');
      expect(short.code).toBe(1);
      expect(short.out).toContain('VALIDATION_FAILED');
      figures.adminRefused = 3;

      // The production API on that database: the account signs in as the secretariat and can make the others.
      const app = await start(env);
      try {
        const rows = await app.get(DataSource).query('SELECT email, role, password_hash FROM users');
        expect(rows).toEqual([{ email, role: Role.SECRETARIAT, password_hash: expect.stringMatching(/^\$argon2id\$/) }]);
        const login = ok(await gql(app, LOGIN, { i: { email, password } })).login;
        expect(login.user.role).toBe(Role.SECRETARIAT);
        const made = await gql(
          app,
          'mutation($i: CreateAccountInput!) { createAccount(input: $i) { role } }',
          { i: { email: 'hyogo@pref.example.lg.jp', displayName: '兵庫県', password: 'hyogo password 2026', role: 'PREFECTURE', prefectureCode: '28' } },
          login.token,
        );
        expect(ok(made).createAccount.role).toBe(Role.PREFECTURE);
      } finally {
        await app.close();
      }
    } finally {
      await db.drop();
    }
  }, 300_000); // four runs of the script, each compiling the app with ts-node
});

describe('clock', () => {
  it('does not lag after the demo is seeded (npm start in development): within 1 s of real time', async () => {
    const db = await freshDatabase();
    const app = await start({ NODE_ENV: 'development', ...db.env });
    try {
      const seeded = ok(await gql(app, LOGIN, { i: { email: DEMO_ACCOUNTS[0].email, password: DEMO_PASSWORD } })).login;
      expect(seeded.user.role).toBe(Role.SECRETARIAT);
      const lag = Date.now() - app.get(Clock).now().getTime();
      figures.lagAfterSeedMs = lag;
      expect(Math.abs(lag)).toBeLessThan(1000);
    } finally {
      await app.close();
      await db.drop();
    }
  }, 300_000); // seeding the whole demo: minutes on a loaded CI machine

  describe('stored times', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    /**
     * Every column the database would otherwise fill with its own now(), except those that keep the database's time on
     * purpose: the audit trail (written by triggers), the database's witness of a submission's arrival, the outbox queue.
     */
    const DATABASE_TIME = new Set(['submission_receipts.db_received_at', 'outbox.created_at', 'outbox.next_attempt_at']);
    const stampedColumns = async (ds: DataSource): Promise<string[]> =>
      (
        await ds.query(
          `SELECT table_name || '.' || column_name AS c FROM information_schema.columns
            WHERE table_schema = 'public' AND data_type = 'timestamp with time zone' AND column_default ILIKE '%now()%'
              AND table_name NOT LIKE 'audit%' ORDER BY 1`,
        )
      )
        .map((r: { c: string }) => r.c)
        .filter((c: string) => !DATABASE_TIME.has(c));

    it('come from the server clock: each row made through GraphQL carries the instant the clock was set to', async () => {
      // The clock stands on fixed instants, far from real time; every stored time must be one of them.
      const instants = new Set<number>();
      const set = t.clock.set.bind(t.clock);
      t.clock.set = (at: Date | string) => {
        instants.add(new Date(at).getTime());
        set(at);
      };
      t.clock.set('2025-01-31T09:00:00.123+09:00');
      const tok = await signIn(t.app, STANDARD_ACCOUNTS);
      const { callId, run } = await engagedVendor(t, tok, { key: 'stamped', base12: '700000000001', expertEmail: 'stamped-expert@example.jp' });

      t.clock.set('2025-04-05T11:22:33.456+09:00');
      const expert = await panelExpert(t.app, tok.secretariat, callId, { email: 'stamped-expert-2@example.jp', name: '委員2' });
      const conflict = ok(
        await gql(
          t.app,
          'mutation($i: DeclareConflictInput!) { declareConflict(input: $i) { id } }',
          { i: { corporateNumber: corporateNumber('700000000009'), kind: 'EMPLOYMENT', note: '前職' } },
          expert.token,
        ),
      ).declareConflict;
      const ds = t.app.get(DataSource);
      const [{ declared_at }] = await ds.query('SELECT declared_at FROM conflicts_of_interest WHERE id = $1', [conflict.id]);
      expect(new Date(declared_at).toISOString()).toBe('2025-04-05T02:22:33.456Z');

      t.clock.set('2025-04-06T10:00:00.789+09:00');
      const [match] = await ds.query('SELECT id FROM matches WHERE run_id = $1 ORDER BY id LIMIT 1', [run.id]);
      ok(await gql(t.app, `mutation { withdrawSelection(matchId: "${match.id}", reason: "辞退届の受理") { proposalId } }`, {}, tok.secretariat));
      ok(
        await gql(
          t.app,
          'mutation($i: CreateBriefingSessionInput!) { createBriefingSession(input: $i) { id } }',
          {
            i: {
              programId: (await ds.query('SELECT id FROM programs LIMIT 1'))[0].id,
              title: '公募説明会',
              startsAt: '2026-02-27T13:00',
              endsAt: '2026-02-27T14:00',
              onlineUrl: 'https://teams.example.jp/meet/stamped',
              capacity: 10,
              registrationClosesAt: '2026-02-26T17:00',
            },
          },
          tok.secretariat,
        ),
      );

      const offClock: string[] = [];
      const filled: string[] = [];
      for (const col of await stampedColumns(ds)) {
        const [table, column] = col.split('.');
        const values: Array<{ v: Date | string }> = await ds.query(`SELECT DISTINCT "${column}" AS v FROM "${table}" WHERE "${column}" IS NOT NULL`);
        if (values.length) filled.push(col);
        for (const { v } of values) if (!instants.has(new Date(v).getTime())) offClock.push(`${col} = ${new Date(v).toISOString()}`);
      }
      figures.columns = filled.length;
      figures.offClock = offClock.length;
      expect(offClock).toEqual([]);
      // The columns the finding names and their neighbours were all written (so the check above saw them).
      expect(filled).toEqual(
        expect.arrayContaining([
          'users.created_at',
          'programs.created_at',
          'calls.created_at',
          'calls.updated_at',
          'region_applications.created_at',
          'region_applications.updated_at',
          'partner_municipalities.created_at',
          'regional_issues.created_at',
          'documents.uploaded_at',
          'vendors.registered_at',
          'vendor_applications.created_at',
          'vendor_applications.updated_at',
          'region_proposals.created_at',
          'conflicts_of_interest.declared_at',
          'assignments.created_at',
          'score_sheets.updated_at',
          'matching_runs.created_at',
          'matches.created_at',
          'match_events.at',
          'engagements.created_at',
          'briefing_sessions.created_at',
        ]),
      );
    });
  });
});

describe('request id', () => {
  it('is the server UUID in the response header and the audit record; a client-chosen x-request-id is kept only as clientRequestId', async () => {
    const logFile = join(uploadDir, 'request-id.log');
    process.env.TEST_LOG_LEVEL = 'info';
    process.env.LOG_FILE = logFile;
    const t = await createTestApp();
    delete process.env.TEST_LOG_LEVEL;
    delete process.env.LOG_FILE;
    try {
      // Another account, so that the secretariat's list of accounts is an audited read of someone else's address.
      const tok = await signIn(t.app, [
        { key: 'secretariat', role: Role.SECRETARIAT },
        { key: 'hyogo', role: Role.PREFECTURE, prefectureCode: '28' },
      ]);
      const ds = t.app.get(DataSource);
      const readRecord = async (requestId: string) =>
        (
          await ds.query(
            `SELECT detail FROM (SELECT detail FROM audit_log WHERE operation = 'READ' UNION ALL SELECT detail FROM audit_pending WHERE operation = 'READ') r
              WHERE detail->>'requestId' = $1`,
            [requestId],
          )
        ).map((r: { detail: Record<string, unknown> }) => r.detail);
      const accounts = (xRequestId: string) =>
        request(t.app.getHttpServer())
          .post('/graphql')
          .set('authorization', `Bearer ${tok.secretariat}`)
          .set('x-request-id', xRequestId)
          .send({ query: '{ accounts { id email } }' });
      const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

      // A first request's id, then a second request that claims it (and one that claims "forged").
      const first = await accounts('forged');
      const firstId = first.headers['x-request-id'];
      expect(firstId).toMatch(UUID);
      for (const claimed of [firstId, 'forged-request-id-0001']) {
        const res = await accounts(claimed);
        expect(res.status).toBe(200);
        const serverId = res.headers['x-request-id'];
        expect(serverId).toMatch(UUID);
        expect(serverId).not.toBe(claimed);
        const [record] = await readRecord(serverId);
        expect(record).toMatchObject({ requestId: serverId, clientRequestId: claimed });
      }
      expect(await readRecord(firstId)).toEqual([expect.objectContaining({ requestId: firstId, clientRequestId: 'forged' })]);
      // The log lines of that request carry the server id, and the client's only as clientRequestId.
      const logged = readFileSync(logFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { req?: { id?: string }; clientRequestId?: string })
        .filter((l) => l.req?.id === firstId);
      expect(logged.length).toBeGreaterThan(0);
      for (const l of logged) expect(l.clientRequestId).toBe('forged');

      // Bounded: more than 64 characters, or anything outside printable ASCII, is dropped.
      for (const bad of ['x'.repeat(65), 'ユーザー指定']) {
        const res = await request(t.app.getHttpServer())
          .post('/graphql')
          .set('authorization', `Bearer ${tok.secretariat}`)
          .set('x-request-id', Buffer.from(bad, 'utf8').toString('latin1'))
          .send({ query: '{ accounts { id email } }' });
        const [record] = await readRecord(res.headers['x-request-id']);
        expect(record.requestId).toMatch(UUID);
        expect(record).not.toHaveProperty('clientRequestId');
      }
    } finally {
      await t.close();
    }
  });
});
