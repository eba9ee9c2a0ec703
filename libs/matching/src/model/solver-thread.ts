/**
 * The matching's computation in a worker thread (solver-worker.ts → run-computation.ts), so that the API keeps serving
 * requests while a run aggregates 54,000 sheets, solves (a national instance holds the thread for about a second, a
 * budgeted MIP up to its time limit), explains and serialises its result. One path everywhere: production loads the
 * compiled `solver-worker.js` beside this file; from the TypeScript sources (the test suite, ts-node) the same entry is
 * loaded through ts-node's transpiler with the repository's `@app/*` paths, as `npm run bench` runs TypeScript.
 *
 * The worker is started on first use (or by `warmUp` at application start), reused, and does not keep the process
 * alive while idle. A crash of the thread (an uncaught error, out of memory) or a run that outlives the solver's time
 * limit by more than the grace fails what the thread held with SOLVER_FAILED (a typed error); the next request starts a
 * fresh thread.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ResourceLimits, Worker } from 'node:worker_threads';
import { DomainError } from '@app/core/errors/domain-error';
import { projectRoot } from '@app/core/util/project-root';
import type { RunComputation, RunData } from './run-computation';
import type { SolverRequest } from './solver-worker';

/** The solver's own time limit when a run sets none (matching-model's default). */
const DEFAULT_SOLVER_SECONDS = 60;

export interface SolverThreadOptions {
  /** The worker's entry: `.js` as is, `.ts` through ts-node. Default: solver-worker.js beside this file, else solver-worker.ts. */
  entry?: string;
  /** Time a run may take beyond the solver's own limit (reading its data, the model, explanations) before the thread is given up. */
  graceSeconds?: number;
  /** Time the warm-up may take before the thread is given up (it is then started again by the first run). */
  warmUpSeconds?: number;
  /** Heap limits of the thread (Node's resourceLimits); none by default. */
  resourceLimits?: ResourceLimits;
}

export interface SolverThreadStats {
  /** Threads started (a crash or a time-out makes the next request start another). */
  started: number;
  /** Requests answered by a thread (runs and warm-ups). */
  answered: number;
  crashed: number;
  timedOut: number;
}

type Reply = { id: number; result?: unknown; error?: { name: string; message: string } };
type Waiting = { resolve: (result: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

export class SolverThread {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly pending = new Map<number, Waiting>();
  private readonly entry: string;
  readonly stats: SolverThreadStats = { started: 0, answered: 0, crashed: 0, timedOut: 0 };

  constructor(private readonly options: SolverThreadOptions = {}) {
    const compiled = join(__dirname, 'solver-worker.js');
    this.entry = options.entry ?? (existsSync(compiled) ? compiled : join(__dirname, 'solver-worker.ts'));
  }

  /** Computes a run in the thread. Rejects with SOLVER_FAILED when the thread crashes or outlives the time limit. */
  run(data: RunData): Promise<RunComputation> {
    const seconds = (data.timeLimitSeconds ?? DEFAULT_SOLVER_SECONDS) + (this.options.graceSeconds ?? 60);
    return this.request({ kind: 'RUN', data }, seconds) as Promise<RunComputation>;
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

  /** Sends the thread something outside its protocol (tests: a crash of the thread as the API meets it). */
  sendUnknown(request: unknown, seconds = 60): Promise<unknown> {
    return this.request(request as SolverRequest, seconds);
  }

  async stop(): Promise<void> {
    const w = this.worker;
    if (!w) return;
    this.failAll(
      w,
      new DomainError(
        'SOLVER_FAILED',
        { reason: 'STOPPED' },
        { ja: 'サーバーの停止中のため、選定の計算を中断しました。', en: 'The server is stopping: the matching computation was stopped.' },
      ),
    );
    await w.terminate();
  }

  private request(request: SolverRequest, seconds: number): Promise<unknown> {
    const worker = this.start();
    const id = ++this.seq;
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.stats.timedOut++;
        this.failAll(
          worker,
          new DomainError(
            'SOLVER_FAILED',
            { reason: 'TIME_LIMIT', seconds },
            {
              ja: `選定の計算が制限時間（${seconds}秒）内に終わらなかったため、中断しました。もう一度実行してください。`,
              en: `The matching computation did not finish within ${seconds} s and was stopped. Run it again.`,
            },
          ),
        );
        void worker.terminate();
      }, seconds * 1000);
      timer.unref();
      this.pending.set(id, { resolve, reject, timer });
      worker.ref(); // alive while a request is pending
      worker.postMessage({ id, request });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = load(this.entry, this.options.resourceLimits);
    this.stats.started++;
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      clearTimeout(waiting.timer);
      if (this.pending.size === 0) worker.unref();
      this.stats.answered++;
      if (reply.error) waiting.reject(Object.assign(new Error(`Solver thread: ${reply.error.name}: ${reply.error.message}`), { name: reply.error.name }));
      else waiting.resolve(reply.result);
    });
    // An uncaught error or an exhausted heap ends the thread: what it held fails, the next request starts a fresh one.
    const crashed = (cause: string) => {
      if (this.worker !== worker) return; // stopped, or given up after a time-out
      this.stats.crashed++;
      this.failAll(
        worker,
        new DomainError(
          'SOLVER_FAILED',
          { reason: 'CRASHED' },
          {
            ja: '選定の計算が異常終了しました。もう一度実行してください。',
            en: `The matching computation stopped unexpectedly (${cause}). Run it again.`,
          },
        ),
      );
    };
    worker.on('error', (e: Error) => crashed(`${e.name}: ${e.message}`));
    worker.on('exit', (code) => crashed(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }

  private failAll(worker: Worker, error: Error): void {
    if (this.worker === worker) this.worker = null;
    for (const [id, waiting] of this.pending) {
      this.pending.delete(id);
      clearTimeout(waiting.timer);
      waiting.reject(error);
    }
  }
}

/** The compiled entry as is; the TypeScript entry through ts-node (transpile only) and tsconfig-paths, from the project root. */
function load(entry: string, resourceLimits: ResourceLimits | undefined): Worker {
  if (!entry.endsWith('.ts')) return new Worker(entry, { resourceLimits });
  const root = projectRoot();
  const code = `
    const tsNode = require(${JSON.stringify(require.resolve('ts-node'))});
    tsNode.register({ transpileOnly: true, project: ${JSON.stringify(join(root, 'tsconfig.json'))} });
    const paths = require(${JSON.stringify(require.resolve('tsconfig-paths'))});
    const config = paths.loadConfig(${JSON.stringify(root)});
    paths.register({ baseUrl: config.absoluteBaseUrl, paths: config.paths });
    require(${JSON.stringify(entry)});`;
  return new Worker(code, { eval: true, resourceLimits });
}

/** The process's solver thread (MatchingService). */
const thread = new SolverThread();

export function computeRunOffThread(data: RunData): Promise<RunComputation> {
  return thread.run(data);
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
  return { ...thread.stats };
}
