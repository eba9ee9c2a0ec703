/**
 * The matching's computation in a worker thread (solver-worker.ts → run-computation.ts), so that the API keeps serving
 * requests while a run aggregates 54,000 sheets, solves (a national instance holds the thread for about a second, a
 * budgeted MIP up to its time limit), explains and serialises its result. One path everywhere: production loads the
 * compiled `solver-worker.js` beside this file; from the TypeScript sources (the test suite, ts-node) the same entry is
 * loaded through ts-node's transpiler with the repository's `@app/*` paths, as `npm run bench` runs TypeScript.
 *
 * The worker is started on first use (or by `warmUp` at application start), reused, and does not keep the process
 * alive while idle. It is given one request at a time, the others wait here in order: a request's time limit counts from
 * when the thread starts on it, so a run queued behind a long budgeted one is not given up for the other's time. A crash
 * of the thread (an uncaught error, out of memory) or a run that outlives the solver's time limit by more than the grace
 * fails that request with SOLVER_FAILED (a typed error); the waiting ones go on in a fresh thread.
 */
import { Worker } from 'node:worker_threads';
import { Logger } from '@nestjs/common';
import { DomainError } from '@app/core/errors/domain-error';
import { entryBeside, loadWorker as load, startThreadPoolHere } from './worker-loader';
import type { RunComputation } from './run-computation';
import type { SolverRequest } from './solver-worker';
import type { LpThreadStats } from './lp-thread';
import { READ_FAILED, RunRequest, runDataToWire } from './solver-wire';
import type { WorkerDatabase } from './worker-reads';

/** The solver's own time limit when a run sets none (matching-model's default). */
const DEFAULT_SOLVER_SECONDS = 60;

export interface SolverThreadOptions {
  /** The worker's entry: `.js` as is, `.ts` through ts-node. Default: solver-worker.js beside this file, else solver-worker.ts. */
  entry?: string;
  /** Time a run may take beyond the solver's own limit (reading its data, the model, explanations) before the thread is given up. */
  graceSeconds?: number;
  /** Time the warm-up may take before the thread is given up (it is then started again by the first run). */
  warmUpSeconds?: number;
}

export interface SolverThreadStats {
  /** Threads started (a crash or a time-out makes the next request start another). */
  started: number;
  /** Requests answered by a thread (runs and warm-ups). */
  answered: number;
  crashed: number;
  timedOut: number;
  /** Requests waiting for the thread to finish the one it is on. */
  queued: number;
  /** Reads handed to the thread to run on its own connections (DeferredRead). */
  readsInThread: number;
}

type Reply = { id: number; result?: unknown; error?: { name: string; message: string } };
type Queued = { request: SolverRequest; transfer: ArrayBuffer[]; seconds: number; resolve: (result: unknown) => void; reject: (e: Error) => void };
type Current = Queued & { id: number; timer: NodeJS.Timeout; worker: Worker };

export class SolverThread {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly queue: Queued[] = [];
  private current: Current | null = null;
  private readonly entry: string;
  private readonly counts = { started: 0, answered: 0, crashed: 0, timedOut: 0, readsInThread: 0 };
  private readonly logger = new Logger('SolverThread');

  get stats(): Readonly<SolverThreadStats> {
    return { ...this.counts, queued: this.queue.length };
  }

  constructor(private readonly options: SolverThreadOptions = {}) {
    this.entry = options.entry ?? entryBeside(__dirname, 'solver-worker');
  }

  /**
   * Computes a run in the thread, which runs the reads `data` holds on `database`. Rejects with SOLVER_FAILED when the
   * thread crashes, outlives the time limit or cannot read.
   */
  run(data: RunRequest, database?: WorkerDatabase): Promise<RunComputation> {
    const seconds = (data.timeLimitSeconds ?? DEFAULT_SOLVER_SECONDS) + (this.options.graceSeconds ?? 60);
    const wire = runDataToWire(data);
    this.counts.readsInThread += wire.reads;
    return this.request({ kind: 'RUN', data: wire.data, database }, seconds, wire.transfer) as Promise<RunComputation>;
  }

  /** Starts the thread and loads HiGHS ahead of the first run. Never rejects. */
  async warmUp(): Promise<boolean> {
    try {
      await this.request({ kind: 'WARM_UP' }, this.options.warmUpSeconds ?? 300);
      return true;
    } catch {
      return false;
    }
  }

  /** How the worker's LP thread has fared (lp-thread.ts; tests: the model is solved beside the run's other work). */
  async workerStats(): Promise<{ lpThread: LpThreadStats }> {
    return (await this.request({ kind: 'STATS' }, 60)) as { lpThread: LpThreadStats };
  }

  /** Sends the thread something outside its protocol (tests: a crash of the thread as the API meets it). */
  sendUnknown(request: unknown, seconds = 60): Promise<unknown> {
    return this.request(request as SolverRequest, seconds);
  }

  async stop(): Promise<void> {
    const stopped = solverFailed(
      'STOPPED',
      {},
      'サーバーの停止中のため、選定の計算を中断しました。',
      'The server is stopping: the matching computation was stopped.',
    );
    for (const q of this.queue.splice(0)) q.reject(stopped);
    const w = this.worker;
    if (!w) return;
    this.worker = null;
    this.finish(w, (c) => c.reject(stopped));
    await w.terminate();
  }

  private request(request: SolverRequest, seconds: number, transfer: ArrayBuffer[] = []): Promise<unknown> {
    return new Promise<unknown>((resolve, reject) => {
      this.queue.push({ request, transfer, seconds, resolve, reject });
      this.next();
    });
  }

  /** Gives the thread the next waiting request when it is free; the request's time limit starts now. */
  private next(): void {
    if (this.current || this.queue.length === 0) return;
    const q = this.queue.shift()!;
    let worker: Worker;
    try {
      worker = this.start();
    } catch (e) {
      // The entry could not be loaded (e.g. no compiled worker and no ts-node): typed, and logged by the caller's error path.
      q.reject(solverFailed('CRASHED', {}, '選定の計算を開始できませんでした。', `The matching computation could not start (${(e as Error).message}).`));
      return this.next();
    }
    const id = ++this.seq;
    const timer = setTimeout(() => {
      this.counts.timedOut++;
      if (this.worker === worker) this.worker = null;
      this.finish(worker, (c) =>
        c.reject(
          solverFailed(
            'TIME_LIMIT',
            { seconds: q.seconds },
            `選定の計算が制限時間（${q.seconds}秒）内に終わらなかったため、中断しました。もう一度実行してください。`,
            `The matching computation did not finish within ${q.seconds} s and was stopped. Run it again.`,
          ),
        ),
      );
      void worker.terminate();
    }, q.seconds * 1000);
    timer.unref();
    this.current = { ...q, id, timer, worker };
    worker.ref(); // alive while a request is on it
    try {
      worker.postMessage({ id, request: q.request }, q.transfer);
    } catch (e) {
      // Not sendable (e.g. a buffer already given away): this request fails, typed; the thread goes on with the next.
      this.finish(worker, (c) =>
        c.reject(solverFailed('CRASHED', {}, '選定の計算を開始できませんでした。', `The matching computation could not start (${(e as Error).message}).`)),
      );
    }
  }

  /** Ends the request the given thread is on (if it is on one), then gives the thread or a fresh one the next. */
  private finish(worker: Worker, settle: (c: Current) => void, id?: number): void {
    const c = this.current;
    if (!c || c.worker !== worker || (id !== undefined && c.id !== id)) return;
    this.current = null;
    clearTimeout(c.timer);
    worker.unref();
    settle(c);
    this.next();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    startThreadPoolHere();
    const worker = load(this.entry);
    this.counts.started++;
    worker.unref();
    worker.on('message', (reply: Reply) => {
      this.finish(
        worker,
        (c) => {
          this.counts.answered++;
          if (reply.error?.name === READ_FAILED) {
            // The database's own words stay in the log: they may name its host or user.
            this.logger.warn(`A run's read in the solver thread failed: ${reply.error.message}`);
            c.reject(
              solverFailed(
                'READ_FAILED',
                {},
                '選定に必要なデータを読み込めませんでした。もう一度実行してください。',
                'The matching could not read its data. Run it again.',
              ),
            );
          } else if (reply.error) c.reject(Object.assign(new Error(`Solver thread: ${reply.error.name}: ${reply.error.message}`), { name: reply.error.name }));
          else c.resolve(reply.result);
        },
        reply.id,
      );
    });
    // An uncaught error or an exhausted heap ends the thread: its request fails, the waiting ones go on in a fresh thread.
    const crashed = (cause: string) => {
      if (this.worker !== worker) return; // stopped, or given up after a time-out
      this.worker = null;
      this.counts.crashed++;
      this.finish(worker, (c) =>
        c.reject(
          solverFailed(
            'CRASHED',
            {},
            '選定の計算が異常終了しました。もう一度実行してください。',
            `The matching computation stopped unexpectedly (${cause}). Run it again.`,
          ),
        ),
      );
    };
    worker.on('error', (e: Error) => crashed(`${e.name}: ${e.message}`));
    worker.on('exit', (code) => crashed(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }
}

function solverFailed(reason: string, details: Record<string, unknown>, ja: string, en: string): DomainError {
  return new DomainError('SOLVER_FAILED', { reason, ...details }, { ja, en });
}

/** The process's solver thread (MatchingService). */
const thread = new SolverThread();

export function computeRunOffThread(data: RunRequest, database?: WorkerDatabase): Promise<RunComputation> {
  return thread.run(data, database);
}

/** Starts the worker and loads HiGHS ahead of the first run (at application start). Never throws. */
export function warmUpSolverThread(): Promise<boolean> {
  return thread.warmUp();
}

export function stopSolverThread(): Promise<void> {
  return thread.stop();
}

/** How the process's solver thread has fared (tests: the suite's runs go through it). */
export function solverThreadStats(): Readonly<SolverThreadStats> {
  return thread.stats;
}
