/**
 * Worker-thread entry (see solver-thread.ts): computes matching runs off the API's event loop. One message in
 * (`{ id, request }`), one out (`{ id, result }` or `{ id, error }`); HiGHS is loaded once per worker. A message this
 * protocol does not know throws here, uncaught: the thread ends and the API fails what it held (a crash, as the API sees
 * one).
 */
import { parentPort } from 'node:worker_threads';
import { generateNationalInstance, runDataOf } from './national-scale';
import { computeRun, RunData } from './run-computation';

export type SolverRequest = { kind: 'WARM_UP' } | { kind: 'RUN'; data: RunData };

parentPort?.on('message', (message: { id: number; request: SolverRequest }) => {
  const { id, request } = message;
  let work: Promise<unknown>;
  if (request.kind === 'WARM_UP') work = warmUp();
  else if (request.kind === 'RUN') work = computeRun(request.data);
  else throw new TypeError(`The solver thread does not know the request ${JSON.stringify(request)}`);
  work.then(
    (result) => parentPort!.postMessage({ id, result }),
    (error: unknown) =>
      parentPort!.postMessage({ id, error: error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) } }),
  );
});

/**
 * Loads and compiles HiGHS, grows its heap and compiles the JavaScript paths (parsing, aggregation, model, explanations,
 * digest) on a synthetic national call, so that the first real run pays none of it (a second or so of this thread's
 * time at start).
 */
async function warmUp(): Promise<{ warm: true }> {
  await computeRun(runDataOf(generateNationalInstance(1), { acknowledgeNotEvaluated: true }));
  return { warm: true };
}
