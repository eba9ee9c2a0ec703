/**
 * Worker-thread entry: solves matching inputs with both policies off the API's event loop (see solver-thread.ts).
 * One message in ({ id, input }), one out ({ id, optimal, greedy } or { id, error }); HiGHS is loaded once per worker.
 */
import { parentPort } from 'node:worker_threads';
import { MatchingInput, solveGreedy, solveOptimal } from './matching-model';

parentPort?.on('message', (message: { id: number; input?: MatchingInput; warmUp?: boolean }) => {
  const work = message.warmUp ? warmUp() : solveOptimal(message.input!).then((optimal) => ({ optimal, greedy: solveGreedy(message.input!) }));
  work.then(
    (result) => parentPort!.postMessage({ id: message.id, ...result }),
    (error: unknown) => parentPort!.postMessage({ id: message.id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
  );
});

/** Loads and compiles HiGHS and runs the code paths once on a tiny instance, so that the first real run pays neither. */
async function warmUp(): Promise<Record<string, never>> {
  const at = new Date(0);
  await solveOptimal({
    regionIds: ['r1', 'r2'],
    vendors: [{ id: 'v1', capacity: 1 }],
    proposals: [
      { id: 'p1', regionId: 'r1', vendorId: 'v1', score: 1, passed: true, excluded: false, budgetYen: 0, submittedAt: at },
      { id: 'p2', regionId: 'r2', vendorId: 'v1', score: 2, passed: true, excluded: false, budgetYen: 0, submittedAt: at },
    ],
  });
  return {};
}
