/**
 * Worker-thread entry: solves matching inputs with both policies off the API's event loop (see solver-thread.ts).
 * One message in ({ id, input }), one out ({ id, optimal, greedy } or { id, error }); HiGHS is loaded once per worker.
 */
import { parentPort } from 'node:worker_threads';
import { MatchingInput, solveGreedy, solveOptimal } from './matching-model';
import { generateNationalInstance } from './national-scale';

parentPort?.on('message', (message: { id: number; input?: MatchingInput; warmUp?: boolean }) => {
  const work = message.warmUp ? warmUp() : solveOptimal(message.input!).then((optimal) => ({ optimal, greedy: solveGreedy(message.input!) }));
  work.then(
    (result) => parentPort!.postMessage({ id: message.id, ...result }),
    (error: unknown) => parentPort!.postMessage({ id: message.id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
  );
});

/**
 * Loads and compiles HiGHS, grows its heap and compiles the JavaScript paths on a synthetic national-size instance,
 * so that the first real run pays none of it (about half a second of this thread's time at start).
 */
async function warmUp(): Promise<Record<string, never>> {
  const input = generateNationalInstance(1);
  await solveOptimal(input);
  solveGreedy(input);
  return {};
}
