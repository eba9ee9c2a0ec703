/**
 * The matching worker's LP thread: HiGHS solves a run's model in a thread of its own (lp-worker.ts) while the worker
 * computes what does not depend on the solution (the simple policy, the input's digest, the snapshot's text; about a
 * quarter of a national run's computation). Started on first use and kept; it ends with the worker that started it
 * (a worker's threads end with it, so the API's time limit on a run covers this thread too). Should it fail to start or
 * end with solves pending, those are solved on the calling thread instead: the run's result never depends on where.
 * A failure of HiGHS itself there is the solve's failure, as it would be here.
 */
import type { Worker } from 'node:worker_threads';
import { LpRequest, RunOutcome, solveLpHere } from './matching-model';
import { entryBeside, loadWorker } from './worker-loader';

/** The thread is not there to solve (it could not start, or it ended): the caller solves here instead. */
class ThreadUnavailable extends Error {}

type Pending = { request: LpRequest; resolve: (r: RunOutcome) => void; reject: (e: Error) => void };

export interface LpThreadStats {
  /** Threads started. */
  started: number;
  /** Solves answered by the LP thread. */
  solved: number;
  /** Solves done on the calling thread because the LP thread failed. */
  solvedHere: number;
}

export class LpThread {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly counts: LpThreadStats = { started: 0, solved: 0, solvedHere: 0 };

  constructor(private readonly entry = entryBeside(__dirname, 'lp-worker')) {}

  get stats(): Readonly<LpThreadStats> {
    return { ...this.counts };
  }

  /**
   * Solves in the LP thread, or here when that thread cannot start or ends during the solve. HiGHS' own failure there
   * (after its retry on a fresh instance) is the solve's failure: solving again here would only fail twice.
   */
  solve(request: LpRequest): Promise<RunOutcome> {
    return this.inThread(request).catch((e: unknown) => {
      if (!(e instanceof ThreadUnavailable)) throw e;
      this.counts.solvedHere++;
      return solveLpHere(request);
    });
  }

  private inThread(request: LpRequest): Promise<RunOutcome> {
    return new Promise<RunOutcome>((resolve, reject) => {
      let worker: Worker;
      try {
        worker = this.start();
      } catch (e) {
        return reject(new ThreadUnavailable(`The LP thread could not start (${(e as Error).message})`));
      }
      const id = ++this.seq;
      this.pending.set(id, { request, resolve, reject });
      worker.ref();
      worker.postMessage({ id, request });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = loadWorker(this.entry);
    this.counts.started++;
    worker.unref();
    worker.on('message', ({ id, result, error }: { id: number; result?: RunOutcome; error?: string }) => {
      const p = this.pending.get(id);
      if (!p) return;
      this.pending.delete(id);
      if (this.pending.size === 0) worker.unref();
      if (error !== undefined) p.reject(new Error(error));
      else {
        this.counts.solved++;
        p.resolve(result!);
      }
    });
    const ended = (cause: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      const failed = [...this.pending.values()];
      this.pending.clear();
      for (const p of failed) p.reject(new ThreadUnavailable(`The LP thread ended (${cause})`));
    };
    worker.on('error', (e: Error) => ended(`${e.name}: ${e.message}`));
    worker.on('exit', (code) => ended(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }
}
