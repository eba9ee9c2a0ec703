import { randomBytes } from 'node:crypto';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditHeads, SignedHead, verifyAuditTrail } from '@app/audit';
import { AppConfig } from '@app/core';
import { createProgramAndCall, createTestApp, gql, ok, reportFigures, signIn, STANDARD_ACCOUNTS, TestApp } from './support';

/**
 * Issue 11, finding 7: the audit trail cannot be forged by the application's own database role, and
 * what a superuser can still do to it (truncate, re-hash) is caught by the heads the server signed.
 *
 * The application runs under a login role without superuser, with exactly the grants of
 * docker/db-roles.sql. On PostgreSQL the API connects as that role. On PGlite (one embedded session,
 * no logins) the API's session switches to that role with SET ROLE once the migrations have run, so
 * every request and every forgery attempt runs as it too; but a session that ran SET ROLE could
 * RESET it, so only PostgreSQL shows the separation of logins itself. The superuser's tampering
 * runs on both (a second connection as postgres on PostgreSQL; RESET ROLE on PGlite).
 */
describe('audit forgery: the application role cannot forge the trail, a superuser cannot rewrite it unnoticed', () => {
  const role = `rdx_app_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  let t: TestApp;
  let db: DataSource;
  let admin: Client | undefined;
  let tok: Record<string, string>;
  let heads: AuditHeads;
  let headsFile: string;
  const tally = { app: 0, appBlocked: 0, superuser: 0, superuserDetected: 0 };

  type Q = (sql: string, params?: unknown[]) => Promise<any[]>;

  /** docker/db-roles.sql with its psql variables filled in, as statements. */
  const rolesScript = (vars: Record<string, string>): string[] =>
    readFileSync(join(__dirname, '../docker/db-roles.sql'), 'utf8')
      .split('\n')
      .filter((l) => !l.trim().startsWith('--'))
      .join('\n')
      .replace(/:"(\w+)"/g, (_, k: string) => `"${vars[k]}"`)
      .replace(/:'(\w+)'/g, (_, k: string) => `'${vars[k]}'`)
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);

  /** Runs `fn` as the database superuser (the attacker with every database privilege). */
  async function asSuperuser<T>(fn: (q: Q) => Promise<T>): Promise<T> {
    if (admin) return fn(async (sql, params) => (await admin!.query(sql, params)).rows);
    const qr = db.createQueryRunner();
    await qr.connect();
    await qr.query('RESET ROLE');
    try {
      return await fn((sql, params) => qr.query(sql, params));
    } finally {
      await qr.query(`SET ROLE ${role}`);
      await qr.release();
    }
  }

  const headsInFile = (): SignedHead[] =>
    readFileSync(headsFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as SignedHead);
  const chainHead = async (): Promise<{ id: number; hash: string }> => {
    const [h] = await db.query('SELECT id::int AS id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
    return h;
  };
  const verify = (withHeads: boolean) => verifyAuditTrail(db, withHeads ? { heads } : {});
  /** Rows the attempts try to plant carry this actor or entity id. */
  const forgedRecords = async (): Promise<number> => {
    const [{ n }] = await db.query(
      `SELECT ((SELECT count(*) FROM audit_log WHERE actor = 'forger' OR entity_id = 'forged')
             + (SELECT count(*) FROM audit_pending WHERE actor = 'forger' OR entity_id = 'forged'))::int AS n`,
    );
    return n;
  };

  beforeAll(async () => {
    t = await createTestApp({
      appDatabaseUrl: async (adminUrl) => {
        const c = new Client({ connectionString: adminUrl });
        await c.connect();
        try {
          for (const sql of rolesScript({ app_role: role, app_password: password, db: new URL(adminUrl).pathname.slice(1), owner_role: 'postgres' }))
            await c.query(sql);
        } finally {
          await c.end();
        }
        const u = new URL(adminUrl);
        u.username = role;
        u.password = password;
        return u.toString();
      },
    });
    db = t.app.get(DataSource);
    if (t.database === 'postgres') {
      admin = new Client({ connectionString: t.adminUrl });
      await admin.connect();
    } else {
      for (const sql of rolesScript({ app_role: role, app_password: password, db: 'postgres', owner_role: 'postgres' })) await db.query(sql);
      await db.query(`SET ROLE ${role}`);
    }
    heads = t.app.get(AuditHeads);
    headsFile = t.app.get(AppConfig).AUDIT_HEADS_FILE!;
    tok = await signIn(t.app, STANDARD_ACCOUNTS);
    t.clock.set('2025-02-01T09:00:00+09:00');
    await createProgramAndCall(t.app, tok.secretariat);
  });

  afterAll(async () => {
    await admin?.end();
    const onPostgres = t?.database === 'postgres';
    await t?.close();
    if (onPostgres) {
      const c = new Client({ connectionString: process.env.TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP ROLE IF EXISTS ${role}`).finally(() => c.end()); // its grants went with its database
    }
  });

  it('the API runs as a login role that is not a superuser, and writes, reads and seals through the definer functions', async () => {
    const [me] = await db.query('SELECT current_user AS name, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS su');
    expect(me).toEqual({ name: role, su: false });
    // A staff read is recorded (a READ record) by the application role, and a write is sealed and signed before the reply.
    ok(await gql(t.app, '{ accounts { id email } }', {}, tok.secretariat));
    ok(
      await gql(
        t.app,
        'mutation($i: CreateProgramInput!) { createProgram(input: $i) { id } }',
        { i: { fiscalYear: 2030, name: '署名確認', regionBudgetCapYen: 1_000_000 } },
        tok.secretariat,
      ),
    );
    const head = await chainHead();
    const signed = headsInFile();
    expect(signed.at(-1)).toMatchObject({ seq: head.id, hash: head.hash, keyId: expect.any(String), signature: expect.any(String) });
    expect(Object.keys(signed.at(-1)!).sort()).toEqual(['db', 'hash', 'keyId', 'seq', 'signature', 'time']);
    const [read] = await db.query(`SELECT actor, detail FROM audit_log WHERE operation = 'READ' AND entity = 'users' ORDER BY id DESC LIMIT 1`);
    expect(read.detail.role).toBe('SECRETARIAT');
    const v = await verify(true);
    expect(v.problems).toEqual([]);
    expect(v.signedHeads).toBeGreaterThan(0);
    expect(v.newestSignedHead).toBe(head.id);
  });

  // What the application role tries, each in a transaction it commits if the database lets it.
  const FORGED_LOG = `INSERT INTO audit_log (id, change_id, at, actor, operation, entity, entity_id, patch, prev_hash, hash)
    SELECT id + 1, change_id + 1000000, now(), 'forger', 'UPDATE', 'programs', 'forged', '[]'::jsonb, hash, repeat('f', 64) FROM audit_log ORDER BY id DESC LIMIT 1`;
  const FORGED_PENDING = `INSERT INTO audit_pending (actor, operation, entity, entity_id, patch) VALUES ('forger', 'UPDATE', 'programs', 'forged', '[{"op":"replace","path":"/name","value":"forged"}]')`;
  const NEWEST = '(SELECT max(id) - 3 FROM audit_log)';
  // A legitimate READ record, so that audit_pending holds something to take out.
  const QUEUE_READ = `SELECT audit_record_reads(current_user, ARRAY['users'], ARRAY['{}'::jsonb])`;
  const APP_ATTEMPTS: Array<[string, string[]]> = [
    ['SET LOCAL rdx.sealing and INSERT a sealed record', [`SET LOCAL rdx.sealing = 'on'`, FORGED_LOG]],
    ['rdx.sealing for the session and INSERT a sealed record', [`SELECT set_config('rdx.sealing', 'on', false)`, FORGED_LOG]],
    ['queue a forged change in audit_pending and seal it', [FORGED_PENDING, 'SELECT audit_seal(true)']],
    ['take records out of audit_pending under rdx.sealing', [`SET LOCAL rdx.sealing = 'on'`, QUEUE_READ, 'DELETE FROM audit_pending']],
    ['UPDATE a sealed record', [`UPDATE audit_log SET actor = 'forger' WHERE id = (SELECT max(id) FROM audit_log)`]],
    ['DELETE the newest records', [`DELETE FROM audit_log WHERE id > ${NEWEST}`]],
    ['TRUNCATE audit_log', ['TRUNCATE audit_log']],
    ['TRUNCATE audit_pending', ['TRUNCATE audit_pending']],
    ['session_replication_role = replica, then DELETE', [`SET LOCAL session_replication_role = replica`, `DELETE FROM audit_log WHERE id > ${NEWEST}`]],
    ['disable the append-only trigger', ['ALTER TABLE audit_log DISABLE TRIGGER audit_append_only']],
    ['queue records through the migration-only snapshot', [`SELECT audit_snapshot('programs')`]],
    [
      'replace the append-only trigger function',
      [`CREATE OR REPLACE FUNCTION audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN coalesce(NEW, OLD); END $$`],
    ],
    [
      'a temporary audit_pending for the sealer to read',
      [
        'CREATE TEMP TABLE audit_pending ON COMMIT DROP AS SELECT * FROM public.audit_pending WITH NO DATA',
        'GRANT ALL ON pg_temp.audit_pending TO rdx_audit', // its owner may let the sealer read it
        `INSERT INTO pg_temp.audit_pending VALUES (999999999, now(), 'forger', 'UPDATE', 'programs', 'forged', '[{"op":"replace","path":"/name","value":"forged"}]', NULL)`,
        'SELECT audit_seal(true)',
      ],
    ],
    [
      'a temporary table named programs with the audit trigger',
      [
        'CREATE TEMP TABLE programs (id text PRIMARY KEY, name text) ON COMMIT DROP',
        `CREATE TRIGGER audit_row AFTER INSERT ON pg_temp.programs FOR EACH ROW EXECUTE FUNCTION audit_row('id')`,
        `INSERT INTO pg_temp.programs VALUES ('forged', 'forged')`,
      ],
    ],
    [
      'a temporary table named programs with the INSERT statement trigger',
      [
        'CREATE TEMP TABLE programs (id text PRIMARY KEY, name text) ON COMMIT DROP',
        `CREATE TRIGGER audit_insert AFTER INSERT ON pg_temp.programs REFERENCING NEW TABLE AS audit_new FOR EACH STATEMENT EXECUTE FUNCTION audit_insert('id')`,
        `INSERT INTO pg_temp.programs VALUES ('forged', 'forged')`,
      ],
    ],
    ['a change recorded as a READ of an unaudited table', [`SELECT audit_record_reads('forger', ARRAY['audit_log'], ARRAY['{}'::jsonb])`]],
  ];

  /** Runs one attempt as the application role; returns the error, or null when it committed. */
  async function appAttempt(statements: string[]): Promise<string | null> {
    const qr = db.createQueryRunner();
    await qr.connect();
    try {
      await qr.query('BEGIN');
      for (const sql of statements) await qr.query(sql);
      await qr.query('COMMIT');
      return null;
    } catch (e) {
      await qr.query('ROLLBACK');
      return (e as Error).message;
    } finally {
      await qr.release();
    }
  }

  /** Runs the attempts and asserts each was refused or left no trace in the trail, which still verifies. */
  async function attemptAll(attempts: Array<[string, string[]]>, refusedBy: RegExp) {
    const before = await chainHead();
    const outcomes: Array<{ name: string; error: string | null; effective: boolean }> = [];
    for (const [name, statements] of attempts) {
      const error = await appAttempt(statements);
      // A refused attempt was rolled back; one that committed must have left the trail as it was.
      const effective = (await forgedRecords()) > 0 || (error === null && !(await verify(true)).ok);
      tally.app++;
      if (!effective) tally.appBlocked++;
      outcomes.push({ name, error, effective });
    }
    expect(outcomes.filter((o) => o.effective)).toEqual([]);
    // Only one attempt may commit without an error: the temporary audit_pending (the sealer reads the real one).
    for (const o of outcomes) if (o.error === null) expect(o.name).toBe('a temporary audit_pending for the sealer to read');
    for (const o of outcomes) if (o.error !== null) expect(`${o.name}: ${o.error}`).toMatch(refusedBy);
    const after = await chainHead();
    expect(after.id).toBeGreaterThanOrEqual(before.id);
    const v = await verify(true);
    expect(v.problems).toEqual([]);
  }

  it('refuses the application role every way of writing, sealing or removing audit records', async () => {
    // PGlite's session user is its superuser, and SET ROLE is judged by the session user: only a real login is refused this one.
    const becomeSealer: Array<[string, string[]]> = t.database === 'postgres' ? [['become the sealer role', ['SET LOCAL ROLE rdx_audit', FORGED_LOG]]] : [];
    await attemptAll([...APP_ATTEMPTS, ...becomeSealer], /permission denied|must be owner|append-only|not an audited table|not a table of the audited schema/);
  });

  it('refuses them by the trigger even when the role is granted every privilege on the audit tables', async () => {
    await asSuperuser((q) => q(`GRANT ALL ON audit_log, audit_pending, audit_pending_id_seq TO ${role}`));
    try {
      await attemptAll(
        [
          ['(all privileges) SET LOCAL rdx.sealing and INSERT a sealed record', [`SET LOCAL rdx.sealing = 'on'`, FORGED_LOG]],
          ['(all privileges) queue a forged change and seal it', [FORGED_PENDING, 'SELECT audit_seal(true)']],
          ['(all privileges) take records out of audit_pending', [`SET LOCAL rdx.sealing = 'on'`, QUEUE_READ, 'DELETE FROM audit_pending']],
          ['(all privileges) UPDATE a sealed record', [`UPDATE audit_log SET actor = 'forger' WHERE id = (SELECT max(id) FROM audit_log)`]],
          ['(all privileges) DELETE the newest records', [`DELETE FROM audit_log WHERE id > ${NEWEST}`]],
        ],
        /append-only/,
      );
    } finally {
      await asSuperuser(async (q) => {
        await q(`REVOKE ALL ON audit_log, audit_pending, audit_pending_id_seq FROM ${role}`);
        await q(`GRANT SELECT ON audit_log, audit_pending TO ${role}`); // back to docker/db-roles.sql
        await q(`GRANT USAGE, SELECT ON audit_pending_id_seq TO ${role}`);
      });
    }
  });

  /** Rewrites the chain from record `from` on with correct hashes, as a superuser bypassing the triggers would. */
  const rehashFrom = (q: Q, from: number) =>
    q(`DO $$ DECLARE r record; prev text; BEGIN
         SELECT hash INTO prev FROM audit_log WHERE id = ${from - 1};
         FOR r IN SELECT * FROM audit_log WHERE id >= ${from} ORDER BY id LOOP
           UPDATE audit_log SET prev_hash = prev,
             hash = encode(sha256(convert_to(audit_canonical(prev, r.id, r.change_id, r.at, r.actor, r.operation, r.entity, r.entity_id, r.patch, r.detail), 'UTF8')), 'hex')
           WHERE id = r.id RETURNING hash INTO prev;
         END LOOP;
       END $$`);
  const tamper = (fn: (q: Q) => Promise<unknown>) =>
    asSuperuser(async (q) => {
      await q('BEGIN');
      try {
        await q('SET LOCAL session_replication_role = replica'); // the triggers do not fire
        await q('SELECT pg_advisory_xact_lock(727101)'); // no seal in between
        await fn(q);
        await q('COMMIT');
      } catch (e) {
        await q('ROLLBACK');
        throw e;
      }
    });

  it('detects a superuser who alters a record and re-hashes the chain from it onward (the chain alone cannot)', async () => {
    await verify(true); // seals what is pending
    const [rec] = await db.query(`SELECT id::int AS id, actor FROM audit_log WHERE entity = 'programs' AND operation = 'INSERT' ORDER BY id LIMIT 1`);
    const newestSigned = Math.max(...headsInFile().map((h) => h.seq));
    expect(rec.id).toBeLessThan(newestSigned);
    await tamper(async (q) => {
      await q(`UPDATE audit_log SET actor = 'someone-else' WHERE id = $1`, [rec.id]);
      await rehashFrom(q, rec.id);
    });
    try {
      const alone = await verify(false);
      expect(alone.problems).toEqual([]); // a consistent rewrite: the hash chain and the rebuild agree
      const v = await verify(true);
      tally.superuser++;
      if (!v.ok) tally.superuserDetected++;
      expect(v.problems).toContain(
        `record ${newestSigned}: its hash is not the one signed at ${headsInFile().find((h) => h.seq === newestSigned)!.time} (the chain was rewritten and re-hashed)`,
      );
    } finally {
      await tamper(async (q) => {
        await q(`UPDATE audit_log SET actor = $2 WHERE id = $1`, [rec.id, rec.actor]);
        await rehashFrom(q, rec.id);
      });
    }
    expect((await verify(true)).problems).toEqual([]);
  });

  it('detects a signed head forged or altered in the heads file', async () => {
    const original = readFileSync(headsFile, 'utf8');
    const last = headsInFile().at(-1)!;
    appendFileSync(headsFile, `${JSON.stringify({ ...last, seq: last.seq + 1000, time: new Date().toISOString() })}\n`);
    try {
      const v = await verify(true);
      tally.superuser++;
      if (!v.ok) tally.superuserDetected++;
      expect(v.problems).toEqual([expect.stringMatching(new RegExp(`^signed head ${last.seq + 1000} .*the signature does not verify`))]);
    } finally {
      writeFileSync(headsFile, original);
    }
    expect((await verify(true)).ok).toBe(true);
  });

  it('detects a superuser who deletes the newest records together with the rows they recorded', async () => {
    const before = (await chainHead()).id;
    ok(
      await gql(
        t.app,
        'mutation($i: CreateProgramInput!) { createProgram(input: $i) { id } }',
        { i: { fiscalYear: 2031, name: '削除される年度', regionBudgetCapYen: 1_000_000 } },
        tok.secretariat,
      ),
    );
    const head = await chainHead();
    expect(head.id).toBeGreaterThan(before);
    expect(headsInFile().at(-1)).toMatchObject({ seq: head.id, hash: head.hash });
    // The cover-up: the records after `before` and the rows they inserted go, so the log and the tables agree again.
    const newest: Array<{ operation: string; entity: string; entity_id: string }> = await db.query(
      'SELECT operation, entity, entity_id FROM audit_log WHERE id > $1 ORDER BY id DESC',
      [before],
    );
    expect(newest.map((r) => r.operation).every((op) => op === 'INSERT' || op === 'READ')).toBe(true);
    await tamper(async (q) => {
      for (const r of newest.filter((x) => x.operation === 'INSERT')) {
        const [{ pk }] = await q('SELECT pk FROM audit_tables WHERE entity = $1', [r.entity]);
        await q(`DELETE FROM "${r.entity}" t WHERE audit_key(to_jsonb(t), $1) = $2`, [pk, r.entity_id]);
      }
      await q('DELETE FROM audit_log WHERE id > $1', [before]);
    });
    const alone = await verify(false);
    expect(alone.problems).toEqual([]); // nothing in the database tells
    const v = await verify(true);
    tally.superuser++;
    if (!v.ok) tally.superuserDetected++;
    expect(v.problems).toContainEqual(
      expect.stringMatching(new RegExp(`^signed head ${head.id} .*the chain ends at record ${before} \\(records deleted: the chain was truncated\\)`)),
    );

    const attempts = tally.app + tally.superuser;
    const undetected = tally.app - tally.appBlocked + tally.superuser - tally.superuserDetected;
    expect(undetected).toBe(0);
    reportFigures(
      `audit forgery: ${attempts} attempts (${tally.app} as the non-superuser application role on ${t.database}: ${tally.appBlocked} refused or without effect; ` +
        `${tally.superuser} as superuser or on the heads file: ${tally.superuserDetected} detected by the signed heads), ${undetected} undetected`,
    );
  });
});
