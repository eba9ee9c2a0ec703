/**
 * Entry of the LP thread (lp-thread.ts), started by the matching's worker thread: solves the models it is sent on
 * its own HiGHS instance. One message in (`{ id, request }`), one out (`{ id, result }` or `{ id, error }`).
 */
import { parentPort } from 'node:worker_threads';
import { lowerThreadPriority } from './worker-loader';
import { LpRequest, solveLpHere } from './matching-model';

// Other users first: the API's thread is given a core before this one (worker-loader.ts).
lowerThreadPriority();

parentPort?.on('message', ({ id, request }: { id: number; request: LpRequest }) => {
  solveLpHere(request).then(
    (result) => parentPort!.postMessage({ id, result }),
    (error: unknown) => parentPort!.postMessage({ id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
  );
});
