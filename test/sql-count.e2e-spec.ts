import argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { DataVersionReader } from '@app/core';
import { completeDraft, createProgramAndCall, createTestApp, gql, IN_WINDOW, ok, signIn, STANDARD_ACCOUNTS, TestApp } from './support';
import { BENCH_PASSWORD, generate, Manifest, SIZES } from '../bench/lib/generate';
import { OPERATIONS } from '../bench/lib/operations';

/**
 * SQL statements per request of the hot read paths (the benchmark's W2–W5) stay at most 5 and do not grow with the page:
 * every statement is counted on the wire (each pooled connection's `query`: what is sent, whoever sends it — the
 * versions read, the account, the audit trail, transaction control), on PGlite and PostgreSQL.
 */
const MAX_STATEMENTS = 5;
const versionReads = (c: { sql: string[] }) => c.sql.filter((s) => /published_data_version/.test(s)).length;

describe('SQL statements per request (W2–W5)', () => {
  let t: TestApp;
  let data: Manifest;
  let tokens: Record<string, string>;
  let counter: { n: number; sql: string[] };

  /** The statements of one request; cold: the published data's version is bumped first, so W2/W3 are resolved, not served from memory. */
  async function count(
    query: string,
    variables: Record<string, unknown>,
    token: string,
    cold = true,
  ): Promise<{ n: number; sql: string[]; data: Record<string, any> }> {
    if (cold) await t.app.get(DataSource).query('UPDATE published_data_version SET version = version + 1');
    counter.n = 0;
    counter.sql = [];
    const r = ok(await gql(t.app, query, variables, token));
    return { n: counter.n, sql: counter.sql, data: r };
  }

  beforeAll(async () => {
    t = await createTestApp();
    const ds = t.app.get(DataSource);
    const hash = await argon2.hash(BENCH_PASSWORD, { type: argon2.argon2id });
    data = await ds.transaction((m) => generate((text, params) => m.query(text, params), SIZES.XS, 7, hash));
    // A second programme whose vendor call lists 10 of the regions: the dashboard at "page size" 10.
    await ds.query(`INSERT INTO programs (id, fiscal_year, name, support_ends_on) VALUES ('00000000-0000-4000-8000-000000000001', 2026, 'p2', '2027-03-31')`);
    await ds.query(
      `INSERT INTO calls (id, program_id, kind, title, opens_at, closes_at, status, region_call_id)
       VALUES ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', 'VENDOR', 'p2', '2026-03-01', '2026-03-20', 'CLOSED', $1)`,
      [data.regionCallIds[0]],
    );
    await ds.query(`INSERT INTO vendor_call_regions (call_id, candidate_region_id) SELECT '00000000-0000-4000-8000-000000000002', unnest($1::uuid[])`, [
      data.regions.slice(0, 10).map((r) => r.id),
    ]);
    // One evaluator keeps only 10 of its assignments: W4 at 10 proposals beside another at about 100.
    const few = data.evaluators[1];
    await ds.query(`DELETE FROM assignments WHERE evaluator_id = $1 AND NOT (proposal_id = ANY($2))`, [
      few.id,
      few.proposals.slice(0, 10).map((p) => p.proposalId),
    ]);

    const login = async (email: string) =>
      ok(await gql(t.app, 'mutation($i: LoginInput!) { login(input: $i) { token } }', { i: { email, password: BENCH_PASSWORD } })).login.token as string;
    tokens = {
      vendor: await login(data.vendors[0].email),
      many: await login(data.evaluators[0].email),
      few: await login(few.email),
      secretariat: await login(data.secretariatEmail),
    };

    counter = countWire(ds);
    // Each account's actor is read once, then kept under the actors' data version, as on a running server.
    for (const token of Object.values(tokens)) ok(await gql(t.app, '{ me { id } }', {}, token));
    // Warm the process-wide master-data cache, as any running server has.
    await count(OPERATIONS.W2, { limit: 100, offset: 0 }, tokens.vendor);
    await count(OPERATIONS.W3, { id: data.regions[0].id }, tokens.vendor);
  }, 300_000);

  afterAll(() => t?.close());

  /**
   * At most MAX_STATEMENTS on the wire, and the same number for the small and the large page (the statements are listed
   * on failure); the data versions (published data, actors) are read once per request at most.
   */
  const expectBounded = (label: string, small: { n: number; sql: string[] }, large: { n: number; sql: string[] }) => {
    if (process.env.SQL_COUNT_VERBOSE || large.n > MAX_STATEMENTS || small.n !== large.n)
      console.error(`${label}: ${small.n} vs ${large.n}\n${large.sql.join('\n')}`);
    expect({ label, statements: large.n }).toEqual({ label, statements: small.n });
    expect(versionReads(large)).toBeLessThanOrEqual(1);
    expect(large.n).toBeLessThanOrEqual(MAX_STATEMENTS);
  };

  it('W2: the candidate-region list page with prefecture, partners, issues and desired support', async () => {
    const small = await count(OPERATIONS.W2, { limit: 10, offset: 0 }, tokens.vendor);
    const large = await count(OPERATIONS.W2, { limit: 100, offset: 0 }, tokens.vendor);
    expect(small.data.candidateRegions.items).toHaveLength(10);
    expect(large.data.candidateRegions.items).toHaveLength(100);
    expect(large.data.candidateRegions.total).toBe(data.regions.length);
    // The content is the generated one, in the API's order.
    const r0 = data.regions[0];
    expect(large.data.candidateRegions.items[0]).toMatchObject({
      id: r0.id,
      prefecture: { name: r0.prefectureName },
      partners: r0.partners.map((p) => ({
        municipality: { name: p.municipalityName },
        issues: p.issues.map((i) => ({ title: i.title, category: i.category })),
        desiredSupport: p.desired.map((d) => ({ menuItemCode: d.menuItemCode })),
      })),
    });
    expectBounded('W2', small, large);
  });

  it('W2 and W3 again: the published answer from memory, after one statement (the data versions)', async () => {
    for (const [query, variables] of [
      [OPERATIONS.W2, { limit: 100, offset: 0 }],
      [OPERATIONS.W3, { id: data.regions[0].id }],
    ] as const) {
      const cold = await count(query, variables, tokens.vendor);
      const warm = await count(query, variables, tokens.vendor, false);
      expect(warm.data).toEqual(cold.data);
      expect(versionReads(warm)).toBe(1);
      expect(warm.n).toBeLessThan(cold.n);
      // The versions only: the account (and its vendor's standing) is kept under the actors' version, the page under the published one.
      expect(warm.sql).toEqual([expect.stringMatching(/published_data_version.*actor_data_version/)]);
    }
  });

  it('W3: one region with its published questions and answers, whatever its size', async () => {
    const one = data.regions.find((r) => r.partners.length === 1)!;
    const two = data.regions.find((r) => r.partners.length === 2)!;
    const a = await count(OPERATIONS.W3, { id: one.id }, tokens.vendor);
    const b = await count(OPERATIONS.W3, { id: two.id }, tokens.vendor);
    expect(b.data.candidateRegion.partners).toHaveLength(2);
    expect(b.data.candidateRegion.publishedInquiries.map((i: { question: string }) => i.question)).toEqual(two.inquiries.map((i) => i.question));
    expectBounded('W3', a, b);
  });

  it("W4: an evaluator's assigned proposals with criteria and its own draft scores (10 and about 100 proposals)", async () => {
    const small = await count(OPERATIONS.W4, {}, tokens.few);
    const large = await count(OPERATIONS.W4, {}, tokens.many);
    expect(small.data.myAssignedProposals).toHaveLength(10);
    expect(large.data.myAssignedProposals.length).toBeGreaterThanOrEqual(100);
    const mine = new Map(data.evaluators[0].proposals.map((p) => [p.proposalId, p]));
    for (const p of large.data.myAssignedProposals) {
      const expected = mine.get(p.id)!;
      expect(p.criteria).toHaveLength(data.criteria.length);
      expect(p.myScoreSheet.status).toBe(expected.status);
      const byCriterion = new Map(p.myScoreSheet.scores.map((s: { criterionId: string; points: number }) => [s.criterionId, s.points]));
      expect(data.criteria.map((c) => byCriterion.get(c.id))).toEqual(expected.points);
    }
    expectBounded('W4', small, large);
  });

  it('W5: the secretariat dashboard (10 and 110 regions)', async () => {
    const small = await count(OPERATIONS.W5, { programId: '00000000-0000-4000-8000-000000000001' }, tokens.secretariat);
    const large = await count(OPERATIONS.W5, { programId: data.programId }, tokens.secretariat);
    expect(small.data.dashboard.regions).toHaveLength(10);
    expect(large.data.dashboard.regions).toHaveLength(data.regions.length);
    const assigned = large.data.dashboard.regions.reduce((s: number, r: { scoresAssigned: number }) => s + r.scoresAssigned, 0);
    expect(assigned).toBe(data.sheets - (data.evaluators[1].proposals.length - 10));
    expectBounded('W5', small, large);
  });
});

/**
 * The data versions every request reads first (libs/core/src/database/data-versions.ts) are shared by concurrent
 * requests: a caller never takes a read that was already on the wire when it arrived (it could predate a commit the
 * caller must see), so callers arriving meanwhile share the next read.
 */
describe('data versions: concurrent callers share reads, never one sent before they arrived', () => {
  let t: TestApp;
  let wire: { n: number; sql: string[] };
  let reader: DataVersionReader;
  const bump = (db: DataSource) => db.query('UPDATE published_data_version SET version = version + 1 WHERE id = 1');

  beforeAll(async () => {
    t = await createTestApp();
    wire = countWire(t.app.get(DataSource));
    reader = DataVersionReader.of(t.app.get(DataSource));
  }, 120_000);

  afterAll(() => t?.close());

  it('five callers in one tick send two reads: the first, and one shared by the four that arrived while it was on the wire', async () => {
    wire.sql = [];
    const calls = [1, 2, 3, 4, 5].map(() => reader.current());
    expect(new Set(calls.slice(1)).size).toBe(1);
    expect(calls[1]).not.toBe(calls[0]);
    const [first, ...rest] = await Promise.all(calls);
    expect(versionReads(wire)).toBe(2);
    for (const v of rest) expect(v).toEqual(first);
  });

  it('a caller arriving after a commit sees it, even while an earlier read is still on the wire', async () => {
    const db = t.app.get(DataSource);
    for (let i = 0; i < 5; i++) {
      const before = reader.current();
      await bump(db);
      const after = await reader.current();
      expect(after.published).toBeGreaterThan((await before).published);
    }
  });

  it('a failed read fails its callers only: the next caller reads again', async () => {
    const db = t.app.get(DataSource);
    await db.query('ALTER TABLE published_data_version RENAME TO published_data_version_away');
    try {
      await expect(reader.current()).rejects.toThrow();
    } finally {
      await db.query('ALTER TABLE published_data_version_away RENAME TO published_data_version');
    }
    const v1 = await reader.current();
    await bump(db);
    expect((await reader.current()).published).toBe(v1.published + 1n);
  });
});

/**
 * Counts every statement a pooled connection sends (what reaches the wire, whoever sends it: query runners,
 * transaction control, anything set on the connection itself).
 */
function countWire(ds: DataSource): { n: number; sql: string[] } {
  const counter = { n: 0, sql: [] as string[] };
  const WRAPPED = Symbol('counted');
  type Client = { query: (...a: unknown[]) => unknown; [WRAPPED]?: true };
  const pool = (ds.driver as unknown as { master: { connect: (cb: (err: unknown, client: Client, release: unknown) => void) => unknown } }).master;
  const connect = pool.connect.bind(pool);
  pool.connect = (cb) =>
    connect((err, client, release) => {
      if (client && !client[WRAPPED]) {
        const query = client.query.bind(client);
        client.query = (...args: unknown[]) => {
          counter.n += 1;
          counter.sql.push(String(args[0]).replace(/\s+/g, ' ').slice(0, 160));
          return query(...args);
        };
        client[WRAPPED] = true;
      }
      cb(err, client, release);
    });
  return counter;
}

/**
 * A region application's submission and read-only requests, counted on the wire (PGlite; the same code path on PostgreSQL).
 * Before issue 12: 26 statements for a submission with an idempotency key: the actor set twice per request by a patch of
 * TypeORM's obtainMasterConnection (`set_config('rdx.actor', …, false)` once for the account lookup, once for the rest,
 * reads included), the application read three times and written twice (bump, reload, save), the programme read twice,
 * the partners twice (the content, then the status event), the receipt serial fetched apart from its insert.
 * After: 13 (the account, START, the actor, the application row-locked, the idempotency key, the call with its fiscal
 * year, the content in one statement, the memoranda's digests, the previous selection, the receipt, the status, COMMIT,
 * the audit seal). Read-only requests send no audit statement at all.
 */
describe('SQL statements of a submission; read-only requests send nothing to the audit trail', () => {
  const BEFORE_SUBMISSION = 26;
  let t: TestApp;
  let tok: Record<string, string>;
  let wire: { n: number; sql: string[] };
  let applicationId: string;
  let callId: string;

  const counted = async (query: string, variables: Record<string, unknown>, token?: string) => {
    wire.n = 0;
    wire.sql = [];
    const r = await gql(t.app, query, variables, token);
    return { n: wire.n, sql: [...wire.sql], r };
  };
  const AUDIT = /set_config|rdx\.actor|audit_/i;

  beforeAll(async () => {
    t = await createTestApp();
    tok = await signIn(t.app, STANDARD_ACCOUNTS);
    t.clock.set('2025-02-01T09:00:00+09:00');
    ({ callId } = await createProgramAndCall(t.app, tok.secretariat));
    t.clock.set(IN_WINDOW);
    applicationId = (await completeDraft(t.app, tok.hyogo, callId, ['282090'])).id;
    wire = countWire(t.app.get(DataSource));
    // One request first, so that the counted ones find the connection as a running server does.
    ok(await gql(t.app, '{ myRegionApplications { id } }', {}, tok.hyogo));
  }, 120_000);

  afterAll(() => t?.close());

  it('submitting a region application sends at most half the statements it sent before', async () => {
    const s = await counted(
      'mutation($a: ID!, $k: String) { submitRegionApplication(applicationId: $a, idempotencyKey: $k) { id number receivedAt contentDigest } }',
      { a: applicationId, k: 'sql-count-1' },
      tok.hyogo,
    );
    const receipt = ok(s.r).submitRegionApplication;
    expect(receipt.number).toMatch(/^RA2025-28-\d{6}$/);
    expect(receipt.contentDigest).toMatch(/^[0-9a-f]{64}$/);
    if (process.env.SQL_COUNT_VERBOSE || s.n > BEFORE_SUBMISSION / 2) console.error(`submission: ${s.n} statements\n${s.sql.join('\n')}`);
    expect(s.n).toBeLessThanOrEqual(Math.floor(BEFORE_SUBMISSION / 2));
    // The actor is named once, inside the transaction, and the audit trail records the prefecture's account for the change.
    expect(s.sql.filter((q) => /set_config\('rdx\.actor', \$1, true\)/.test(q))).toHaveLength(1);
    const me = ok(await gql(t.app, '{ me { id } }', {}, tok.hyogo)).me.id;
    const [change] = await t.app.get(DataSource).query(
      `SELECT actor FROM (SELECT change_id AS cid, actor, entity, entity_id, operation FROM audit_log UNION ALL SELECT id, actor, entity, entity_id, operation FROM audit_pending) r
          WHERE entity = 'region_applications' AND entity_id = $1 AND operation = 'UPDATE' ORDER BY cid DESC LIMIT 1`,
      [applicationId],
    );
    expect(change.actor).toBe(me);
  });

  it('read-only requests send no audit statement', async () => {
    for (const [query, token] of [
      ['{ myRegionApplications { id status partners { municipality { name } } receipts { number } } }', tok.hyogo],
      ['{ candidateRegions { items { id prefecture { name } } total } }', tok.secretariat],
      ['{ candidateRegions { items { id } total } }', undefined],
    ] as const) {
      const s = await counted(query, {}, token);
      ok(s.r);
      if (process.env.SQL_COUNT_VERBOSE) console.error(`${query}: ${s.n}\n${s.sql.join('\n')}`);
      expect(s.n).toBeGreaterThan(0);
      expect({ query, audit: s.sql.filter((q) => AUDIT.test(q)), transactions: s.sql.filter((q) => /^START TRANSACTION/.test(q)) }).toEqual({
        query,
        audit: [],
        transactions: [],
      });
    }
  });
});
