/**
 * The solver's worker thread on its own, as production runs it: the real worker entry (solver-worker.ts, loaded through
 * ts-node here, the compiled .js in production) started on first use or by the warm-up, a run computed there equal to
 * the same computation in this thread, a crash of the thread and a run that outlives its time limit (both a typed
 * SOLVER_FAILED, and the next run works on a fresh thread), one request at a time, and the solver's own time limit
 * reaching HiGHS. (An out-of-memory thread is not provoked here: with some allocation patterns Node aborts the whole
 * process instead of the worker, nodejs/node#47224, which would take the test run down with it.)
 */
import { DeferredRead, DomainError } from '@app/core';
import { generateNationalInstance, runDataOf } from './national-scale';
import { computeRun, SolvedRun } from './run-computation';
import { SolverThread } from './solver-thread';
import { snapshotValue } from './snapshot-codec';
import { jsonText, runDataFromWire, runDataToWire } from './solver-wire';

const small = generateNationalInstance(7, { regions: 40, vendors: 30, proposals: 200 });

/** A text handed to the worker as a read it runs on PostgreSQL: the statement gives back its one parameter. */
const asRead = (text: string): DeferredRead => ({ sql: 'SELECT $1::text AS value', params: [text] });
const itOnPostgres = process.env.TEST_DATABASE_URL ? it : it.skip;

async function failure(p: Promise<unknown>): Promise<DomainError> {
  const e = await p.then(
    () => null,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
}

describe('the texts between the threads', () => {
  it('cross as bytes in buffers of their own and come back as the same texts, Japanese included', async () => {
    const data = runDataOf(small, { names: { regions: [['r', '兵庫県']], vendors: [['v', '株式会社テスト']] } });
    data.aggregation.sheetsJson = ['[["p","e",{"1":3}]]', '[["q","日本語",{"1":4}]]'];
    const wire = runDataToWire(data);
    expect(wire.transfer).toHaveLength(3);
    expect(new Set(wire.transfer).size).toBe(3); // no shared pool buffer is transferred
    expect(wire.data.aggregation.proposalsJson).toBeInstanceOf(Uint8Array);
    expect(wire.reads).toBe(0);
    const unread = (r: DeferredRead): Promise<string> => Promise.reject(new Error(`read ${r.sql}`));
    await expect(runDataFromWire(wire.data, unread)).resolves.toEqual(data);
  });

  it('a read handed over stays a read, run where the texts are needed, beside the texts that came as bytes', async () => {
    const data = runDataOf(small);
    const read: DeferredRead = { sql: 'SELECT $1::text', params: [data.aggregation.sheetsJson[0]] };
    const wire = runDataToWire({ ...data, aggregation: { ...data.aggregation, sheetsJson: [read] } });
    expect(wire.reads).toBe(1);
    expect(wire.transfer).toHaveLength(1); // only the proposals' bytes
    expect(wire.data.aggregation.sheetsJson).toEqual([read]);
    const ran: DeferredRead[] = [];
    const back = await runDataFromWire(wire.data, async (r) => (ran.push(r), String(r.params[0])));
    expect(ran).toEqual([read]);
    expect(back).toEqual(data);
  });
});

describe('the solver thread', () => {
  const threads: SolverThread[] = [];
  const thread = (options?: ConstructorParameters<typeof SolverThread>[0]) => {
    const t = new SolverThread(options);
    threads.push(t);
    return t;
  };
  afterAll(async () => {
    for (const t of threads) await t.stop();
  });

  it('starts on first use, warms up, and computes a run exactly as this thread would', async () => {
    const t = thread();
    expect(t.stats.started).toBe(0);
    expect(await t.warmUp()).toBe(true);
    expect(t.stats).toMatchObject({ started: 1, answered: 1, crashed: 0, timedOut: 0 });

    const data = runDataOf(small);
    const there = (await t.run(data)) as SolvedRun;
    const here = (await computeRun(data)) as SolvedRun;
    expect(there.kind).toBe('SOLVED');
    // The large texts come back as UTF-8 bytes in transferred buffers (solver-wire.ts), the same texts.
    expect(there.snapshotJson).toBeInstanceOf(Uint8Array);
    expect(there.matchesJson).toBeInstanceOf(Uint8Array);
    const texts = (r: SolvedRun) => ({ ...r, seconds: 0, phases: undefined, snapshotJson: jsonText(r.snapshotJson), matchesJson: jsonText(r.matchesJson) });
    expect(texts(there)).toEqual(texts(here));
    expect(there.solverStatus).toBe('OPTIMAL');
    expect(there.matchCount).toBeGreaterThan(0);
    expect((snapshotValue(JSON.parse(jsonText(there.snapshotJson))) as { proposals: unknown[] }).proposals).toHaveLength(small.proposals.length);
    expect(t.stats).toMatchObject({ started: 1, answered: 2 });
    // HiGHS solved both (the warm-up's and the run's) in the worker's LP thread, beside the rest of the computation.
    expect((await t.workerStats()).lpThread).toEqual({ started: 1, solved: 2, solvedHere: 0 });
  });

  itOnPostgres('reads what the run hands it as reads on its own connections, as the API would have read it', async () => {
    const t = thread();
    const data = runDataOf(small);
    const a = data.aggregation;
    const database = { url: process.env.TEST_DATABASE_URL!, applicationName: 'regional-dx-solver-spec' };
    const there = (await t.run(
      { ...data, aggregation: { ...a, proposalsJson: asRead(a.proposalsJson), sheetsJson: a.sheetsJson.map(asRead) } },
      database,
    )) as SolvedRun;
    const here = (await computeRun(data)) as SolvedRun;
    const texts = (r: SolvedRun) => ({ ...r, seconds: 0, phases: undefined, snapshotJson: jsonText(r.snapshotJson), matchesJson: jsonText(r.matchesJson) });
    expect(texts(there)).toEqual(texts(here));
    expect(t.stats).toMatchObject({ answered: 1, crashed: 0, readsInThread: 1 + a.sheetsJson.length });
  });

  it('a read that fails fails the run with SOLVER_FAILED (the database not named), and the thread goes on', async () => {
    const t = thread();
    const data = runDataOf(small);
    const unread = { ...data, aggregation: { ...data.aggregation, proposalsJson: asRead(data.aggregation.proposalsJson) } };
    // Nothing listens on port 1; and a run with reads but nowhere to run them.
    for (const database of [{ url: 'postgres://nobody@127.0.0.1:1/none', applicationName: 'spec' }, undefined]) {
      const e = await failure(t.run(unread, database));
      expect(e.code).toBe('SOLVER_FAILED');
      expect(e.details).toEqual({ reason: 'READ_FAILED' });
      expect(e.messages.ja).toContain('読み込めませんでした');
      expect(JSON.stringify(e.messages)).not.toContain('127.0.0.1');
    }
    expect(((await t.run(data)) as SolvedRun).kind).toBe('SOLVED');
    expect(t.stats).toMatchObject({ started: 1, crashed: 0, answered: 3 });
  });

  it('refuses before solving when proposals nobody evaluated are not acknowledged', async () => {
    const t = thread();
    const data = runDataOf(small);
    const [first] = JSON.parse(data.aggregation.proposalsJson) as Array<[string, string]>;
    // No sheet for the first proposal: it is not evaluated.
    const sheets = (JSON.parse(data.aggregation.sheetsJson[0]) as Array<[string]>).filter((s) => s[0] !== first[0]);
    // In two parts, as the API reads them.
    const parts = [JSON.stringify(sheets.slice(0, 50)), JSON.stringify(sheets.slice(50))];
    const refused = await t.run({ ...data, aggregation: { ...data.aggregation, sheetsJson: parts } });
    expect(refused).toEqual({ kind: 'NOT_EVALUATED_UNACKNOWLEDGED', proposals: [expect.objectContaining({ id: first[0], regionId: first[1] })] });
    const acknowledged = await t.run({ ...data, acknowledgeNotEvaluated: true, aggregation: { ...data.aggregation, sheetsJson: parts } });
    expect(acknowledged).toMatchObject({ kind: 'SOLVED', notEvaluatedIds: [first[0]] });
  });

  it('a crash of the thread fails the run with SOLVER_FAILED, and the next run starts a fresh thread', async () => {
    const t = thread();
    await t.run(runDataOf(small));
    // A message outside the protocol throws in the worker, uncaught: the thread ends, as it would on any crash.
    const crash = await failure(t.sendUnknown({ kind: 'NOT_A_REQUEST' }));
    expect(crash.code).toBe('SOLVER_FAILED');
    expect(crash.details).toEqual({ reason: 'CRASHED' });
    expect(crash.messages.ja).toContain('異常終了');
    expect(t.stats).toMatchObject({ started: 1, crashed: 1 });

    const next = (await t.run(runDataOf(small))) as SolvedRun;
    expect(next.kind).toBe('SOLVED');
    expect(t.stats).toMatchObject({ started: 2, crashed: 1 });
  });

  it('gives up a run that outlives its time limit (plus the grace): SOLVER_FAILED, the thread replaced', async () => {
    const t = thread({ graceSeconds: 0 });
    const late = await failure(t.run(runDataOf(generateNationalInstance(2), { timeLimitSeconds: 0.001 })));
    expect(late.code).toBe('SOLVER_FAILED');
    expect(late.details).toEqual({ reason: 'TIME_LIMIT', seconds: 0.001 });
    expect(t.stats).toMatchObject({ started: 1, timedOut: 1 });

    const next = (await t.run(runDataOf(small, { timeLimitSeconds: 120 }))) as SolvedRun;
    expect(next.solverStatus).toBe('OPTIMAL');
    expect(t.stats).toMatchObject({ started: 2, timedOut: 1 });
  });

  it('takes one request at a time: a queued run waits without its time running, and goes on in a fresh thread when the one before it is given up', async () => {
    const t = thread({ graceSeconds: 0 });
    // The national run is given up at once (0.001 s); the small one waits behind it, then runs on a fresh thread.
    const late = t.run(runDataOf(generateNationalInstance(2), { timeLimitSeconds: 0.001 }));
    const queued = t.run(runDataOf(small, { timeLimitSeconds: 120 }));
    expect(t.stats.queued).toBe(1);
    expect((await failure(late)).details).toEqual({ reason: 'TIME_LIMIT', seconds: 0.001 });
    expect(((await queued) as SolvedRun).solverStatus).toBe('OPTIMAL');
    expect(t.stats).toMatchObject({ started: 2, timedOut: 1, queued: 0 });

    // Two runs in a row on a healthy thread: both answered by the same thread, in order.
    const [a, b] = await Promise.all([t.run(runDataOf(small)), t.run(runDataOf(small))]);
    expect([(a as SolvedRun).kind, (b as SolvedRun).kind]).toEqual(['SOLVED', 'SOLVED']);
    expect(t.stats).toMatchObject({ started: 2, queued: 0 });
  });

  it('a worker entry that cannot load fails the run with SOLVER_FAILED, not an untyped error', async () => {
    const t = thread({ entry: '/nonexistent/solver-worker.js' });
    const e = await failure(t.run(runDataOf(small)));
    expect(e.code).toBe('SOLVER_FAILED');
    expect(e.details).toEqual({ reason: 'CRASHED' });
  });

  it("passes the run's time limit to HiGHS in the thread: a hard budgeted instance stops at it, feasible", async () => {
    const t = thread();
    const instance = generateNationalInstance(3, { regions: 400, vendors: 450, proposals: 4600 });
    const unlimited = (await t.run(runDataOf(instance))) as SolvedRun;
    const budgetYen = Math.round(0.6 * unlimited.objective.totalBudgetYen);
    const limited = (await t.run(runDataOf(instance, { budgetYen, timeLimitSeconds: 0.05 }))) as SolvedRun;
    expect(['OPTIMAL', 'TIME_LIMIT']).toContain(limited.solverStatus);
    expect(limited.objective.totalBudgetYen).toBeLessThanOrEqual(budgetYen);
    // HiGHS' default limit is 60 s; this one stopped at its 0.05 s (plus building the model).
    expect(limited.seconds).toBeLessThan(10);
  });
});
