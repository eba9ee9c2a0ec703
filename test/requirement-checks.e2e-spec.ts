import { DataSource } from 'typeorm';
import { Role } from '@app/core';
import { completeDraft, createProgramAndCall, createTestApp, errorCode, gql, IN_WINDOW, ok, signIn, STANDARD_ACCOUNTS, submit, TestApp } from './support';

const RECORD = `mutation($a: ID!, $v: Int, $c: [RequirementCheckInput!]!) {
  recordRequirementChecks(applicationId: $a, expectedVersion: $v, checks: $c) { id version status requirements { number met checkNote } }
}`;
const READ = `query($id: ID!) { regionApplication(id: $id) { version status requirements { number met checkNote } } }`;
const nine = (met = true) => Array.from({ length: 9 }, (_, i) => ({ requirement: i + 1, met, note: `要件${i + 1}を確認` }));

describe("the secretariat's nine requirement checks in one mutation (bulk work)", () => {
  let t: TestApp;
  let db: DataSource;
  let tok: Record<string, string>;
  let callId: string;
  const ids: Record<string, string> = {};
  const counter = { n: 0 };

  const read = async (id: string) => ok(await gql(t.app, READ, { id }, tok.secretariat)).regionApplication;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    t.clock.set('2025-02-01T09:00:00+09:00');
    tok = { ...(await signIn(t.app, STANDARD_ACCOUNTS)), ...(await signIn(t.app, [{ key: 'kochi', role: Role.PREFECTURE, prefectureCode: '39' }])) };
    ({ callId } = await createProgramAndCall(t.app, tok.secretariat));
    t.clock.set(IN_WINDOW);
    ids.hyogo = (await completeDraft(t.app, tok.hyogo, callId, ['282090'])).id;
    ids.nagano = (await completeDraft(t.app, tok.nagano, callId, ['202011'])).id;
    ids.kochi = (await completeDraft(t.app, tok.kochi, callId, ['392014'])).id;
    for (const k of ['hyogo', 'nagano', 'kochi']) ok(await submit(t.app, tok[k], ids[k]));

    // Every statement TypeORM hands to the driver is counted (as in test/sql-count.e2e-spec.ts).
    const driver = db.driver as unknown as { createQueryRunner: (mode: unknown) => { query: (...a: unknown[]) => Promise<unknown> } };
    const create = driver.createQueryRunner.bind(driver);
    driver.createQueryRunner = (mode: unknown) => {
      const runner = create(mode);
      const query = runner.query.bind(runner);
      runner.query = (...args: unknown[]) => {
        counter.n += 1;
        return query(...args);
      };
      return runner;
    };
  });
  afterAll(() => t?.close());

  it('records all nine in one request, with notes, in one transaction under the secretariat as the audited actor', async () => {
    const before = (await read(ids.hyogo)).version;
    const r = ok(await gql(t.app, RECORD, { a: ids.hyogo, v: before, c: nine() }, tok.secretariat)).recordRequirementChecks;
    expect(r.version).toBe(before + 1); // one write transaction: one version bump
    expect(r.requirements).toEqual(Array.from({ length: 9 }, (_, i) => ({ number: i + 1, met: true, checkNote: `要件${i + 1}を確認` })));
    const secretariatId = ok(await gql(t.app, '{ me { id } }', {}, tok.secretariat)).me.id;
    const rows = await db.query(`SELECT requirement_number, checked_by FROM requirement_checks WHERE application_id = $1 ORDER BY 1`, [ids.hyogo]);
    expect(rows.map((x: any) => [x.requirement_number, x.checked_by])).toEqual(Array.from({ length: 9 }, (_, i) => [i + 1, secretariatId]));
    const audited = await db.query(
      `SELECT actor FROM (SELECT actor, entity, operation FROM audit_log UNION ALL SELECT actor, entity, operation FROM audit_pending) r
        WHERE entity = 'requirement_checks' AND operation = 'INSERT'`,
    );
    expect(audited.length).toBe(9);
    expect(new Set(audited.map((a: { actor: string }) => a.actor))).toEqual(new Set([expect.stringContaining(secretariatId)]));
  });

  it('records any subset, replacing earlier checks of the same requirements', async () => {
    const r = ok(
      await gql(
        t.app,
        RECORD,
        {
          a: ids.hyogo,
          c: [
            { requirement: 5, met: false, note: '受入体制が未確認' },
            { requirement: 2, met: true },
          ],
        },
        tok.secretariat,
      ),
    ).recordRequirementChecks;
    expect(r.requirements[4]).toEqual({ number: 5, met: false, checkNote: '受入体制が未確認' });
    expect(r.requirements[1]).toEqual({ number: 2, met: true, checkNote: '' });
    expect(r.requirements[0]).toEqual({ number: 1, met: true, checkNote: '要件1を確認' });
  });

  it('is all or nothing: an unknown or a duplicate requirement is named and nothing is recorded', async () => {
    const before = await read(ids.nagano);
    const unknown = await gql(t.app, RECORD, { a: ids.nagano, c: [...nine().slice(0, 8), { requirement: 10, met: true, note: '' }] }, tok.secretariat);
    expect(errorCode(unknown)).toBe('VALIDATION_FAILED');
    expect(unknown.errors![0].extensions.details).toMatchObject({ field: 'checks', requirement: 10, unknown: [10] });
    expect(unknown.errors![0].extensions.messageJa).toContain('10');

    const dup = await gql(t.app, RECORD, { a: ids.nagano, c: [...nine(), { requirement: 3, met: false, note: '' }] }, tok.secretariat);
    expect(errorCode(dup)).toBe('VALIDATION_FAILED');
    expect(dup.errors![0].extensions.details).toMatchObject({ field: 'checks', requirement: 3, duplicate: [3] });
    expect(dup.errors![0].extensions.messageJa).toContain('応募要件 3');

    expect(errorCode(await gql(t.app, RECORD, { a: ids.nagano, c: [] }, tok.secretariat))).toBe('VALIDATION_FAILED');
    expect(await read(ids.nagano)).toEqual(before);
    expect((await read(ids.nagano)).requirements.every((q: any) => q.met === null)).toBe(true);
  });

  it('refuses a stale expectedVersion with CONFLICT and records nothing', async () => {
    const before = await read(ids.nagano);
    const stale = await gql(t.app, RECORD, { a: ids.nagano, v: before.version - 1, c: nine() }, tok.secretariat);
    expect(errorCode(stale)).toBe('CONFLICT');
    expect(await read(ids.nagano)).toEqual(before);
  });

  it('is for the secretariat only', async () => {
    for (const who of ['ministry', 'hyogo', 'toyooka', 'evaluator']) {
      expect({ who, code: errorCode(await gql(t.app, RECORD, { a: ids.hyogo, c: nine(false) }, tok[who])) }).toEqual({ who, code: 'FORBIDDEN' });
    }
    expect(errorCode(await gql(t.app, RECORD, { a: ids.hyogo, c: nine(false) }))).toBe('UNAUTHENTICATED');
    expect((await read(ids.hyogo)).requirements[0].met).toBe(true);
  });

  it('costs as many statements for nine checks as for one (no round trip per check)', async () => {
    const q = `mutation($a: ID!, $c: [RequirementCheckInput!]!) { recordRequirementChecks(applicationId: $a, checks: $c) { id } }`;
    counter.n = 0;
    ok(await gql(t.app, q, { a: ids.kochi, c: [{ requirement: 1, met: true, note: '' }] }, tok.secretariat));
    const one = counter.n;
    counter.n = 0;
    ok(await gql(t.app, q, { a: ids.kochi, c: nine() }, tok.secretariat));
    expect(one).toBeGreaterThan(3);
    expect({ nine: counter.n }).toEqual({ nine: one });
  });

  it('re-opens an adoption when a check no longer holds, as the single check does', async () => {
    t.clock.set('2025-02-28T17:00:00+09:00');
    ok(await gql(t.app, `mutation { closeCall(id: "${callId}") { status } }`, {}, tok.secretariat));
    ok(await gql(t.app, RECORD, { a: ids.hyogo, c: nine() }, tok.secretariat));
    expect(
      ok(await gql(t.app, `mutation { adoptRegionApplication(applicationId: "${ids.hyogo}") { status } }`, {}, tok.secretariat)).adoptRegionApplication.status,
    ).toBe('ADOPTED');
    const r = ok(await gql(t.app, RECORD, { a: ids.hyogo, c: [{ requirement: 7, met: false, note: '体制なし' }] }, tok.secretariat)).recordRequirementChecks;
    expect(r.status).toBe('SUBMITTED');
  });
});
