/**
 * The LP thread of the matching's worker (lp-thread.ts) on its own: a model solved there equals the same model solved
 * here, several at once each get their own answer, and a thread that cannot start leaves the solve to the calling thread.
 */
import { LpThread } from './lp-thread';
import { generateNationalInstance } from './national-scale';
import { LpRequest, RunOutcome, solveLpHere, solveOptimal, useLpSolver } from './matching-model';

/** The models solveOptimal hands to its LP solver for an instance (captured on the way, solved here). */
async function requestsOf(seed: number): Promise<LpRequest[]> {
  const seen: LpRequest[] = [];
  useLpSolver((r) => {
    seen.push(r);
    return solveLpHere(r);
  });
  try {
    await solveOptimal(generateNationalInstance(seed, { regions: 60, vendors: 40, proposals: 400 }));
  } finally {
    useLpSolver(solveLpHere);
  }
  return seen;
}

describe('the LP thread', () => {
  it('solves in its own thread exactly as this thread does, several models at once', async () => {
    const requests = [...(await requestsOf(1)), ...(await requestsOf(2)), ...(await requestsOf(3))];
    expect(requests.length).toBeGreaterThanOrEqual(3);
    const thread = new LpThread();
    const there = await Promise.all(requests.map((r) => thread.solve(r)));
    const here: RunOutcome[] = [];
    for (const r of requests) here.push(await solveLpHere(r));
    expect(there).toEqual(here);
    expect(there.every((o) => o.status === 'OPTIMAL' && o.values !== null)).toBe(true);
    expect(thread.stats).toEqual({ started: 1, solved: requests.length, solvedHere: 0 });
  });

  it("reports HiGHS' own failure as the solve's failure, without solving again on the calling thread", async () => {
    const [request] = await requestsOf(5);
    const thread = new LpThread();
    const failed = await thread.solve({ ...request, options: { ...request.options, not_an_option: 1 } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failed).toBeInstanceOf(Error);
    expect(thread.stats).toMatchObject({ solved: 0, solvedHere: 0 });
    // The thread is still there for the next model.
    expect(await thread.solve(request)).toEqual(await solveLpHere(request));
    expect(thread.stats).toEqual({ started: 1, solved: 1, solvedHere: 0 });
  });

  it('solves on the calling thread when its thread cannot start', async () => {
    const [request] = await requestsOf(4);
    const thread = new LpThread('/nonexistent/lp-worker.js');
    expect(await thread.solve(request)).toEqual(await solveLpHere(request));
    expect(thread.stats).toMatchObject({ solved: 0, solvedHere: 1 });
  });
});
