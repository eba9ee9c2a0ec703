/**
 * Worker-thread entry (see solver-thread.ts): computes matching runs off the API's event loop. One message in
 * (`{ id, request }`), one out (`{ id, result }` or `{ id, error }`); HiGHS is loaded once per worker. A message this
 * protocol does not know throws here, uncaught: the thread ends and the API fails what it held (a crash, as the API sees
 * one).
 */
import { parentPort } from 'node:worker_threads';
import { lowerThreadPriority } from './worker-loader';
import { LpThread } from './lp-thread';
import { useLpSolver } from './matching-model';
import { generateNationalInstance, runDataOf } from './national-scale';
import { computeRun, RunComputation } from './run-computation';
import { resultToWire, runDataFromWire, WireRunData } from './solver-wire';
import { readInWorker, WorkerDatabase } from './worker-reads';

/** `RUN`'s `database`: where the run's reads are run (PostgreSQL). `STATS`: how this worker's LP thread has fared (tests). */
export type SolverRequest = { kind: 'WARM_UP' } | { kind: 'RUN'; data: WireRunData; database?: WorkerDatabase } | { kind: 'STATS' };

// Other users first: the API's thread is given a core before this one (worker-loader.ts).
lowerThreadPriority();

// HiGHS solves in a thread of its own while this one computes the rest of the run (run-computation.ts).
const lpThread = new LpThread();
useLpSolver((request) => lpThread.solve(request));

parentPort?.on('message', (message: { id: number; request: SolverRequest }) => {
  const { id, request } = message;
  let work: Promise<unknown>;
  if (request.kind === 'WARM_UP') work = warmUp();
  else if (request.kind === 'RUN') work = readAndCompute(request.data, request.database);
  else if (request.kind === 'STATS') work = Promise.resolve({ lpThread: lpThread.stats });
  else throw new TypeError(`The solver thread does not know the request ${JSON.stringify(request)}`);
  work.then(
    (result) => {
      const wire = request.kind === 'RUN' ? resultToWire(result as RunComputation) : { result, transfer: [] };
      parentPort!.postMessage({ id, result: wire.result }, wire.transfer);
    },
    (error: unknown) =>
      parentPort!.postMessage({ id, error: error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) } }),
  );
});

/** A run: its reads (on PostgreSQL, done here) and parsing, then the computation; the first step's time in its phases. */
async function readAndCompute(wire: WireRunData, database: WorkerDatabase | undefined): Promise<RunComputation> {
  const started = performance.now();
  const data = await runDataFromWire(wire, (read) => readInWorker(database, read));
  const read = Math.round(performance.now() - started);
  const result = await computeRun(data);
  return result.kind === 'SOLVED' ? { ...result, phases: { ...result.phases, read } } : result;
}

/**
 * Starts the LP thread, loads and compiles HiGHS there, grows its heap and compiles the JavaScript paths (parsing,
 * aggregation, model, explanations, digest) on a synthetic national call, so that the first real run pays none of it
 * (a second or so of this thread's time at start).
 */
async function warmUp(): Promise<{ warm: true }> {
  await computeRun(runDataOf(generateNationalInstance(1), { acknowledgeNotEvaluated: true }));
  return { warm: true };
}
