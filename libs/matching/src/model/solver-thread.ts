/**
 * solveOptimal (and solveGreedy) in a worker thread, so that the API keeps serving requests while HiGHS solves (a national instance
 * holds the thread for about a second, a budgeted MIP up to its time limit). The worker is started once, warmed up
 * (HiGHS compiled and loaded) and reused; it does not keep the process alive. Where the compiled worker is absent
 * (ts-jest runs the TypeScript sources), the same solveOptimal runs in this thread: same code, same result.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { MatchingInput, MatchingSolution, solveGreedy, solveOptimal } from './matching-model';

const WORKER_FILE = join(__dirname, 'solver-worker.js');

type Reply = { id: number; optimal?: MatchingSolution; greedy?: MatchingSolution; error?: string };

class SolverThread {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();

  static available(): boolean {
    return existsSync(WORKER_FILE);
  }

  request(message: { input?: MatchingInput; warmUp?: boolean }): Promise<Reply> {
    const worker = this.start();
    const id = ++this.seq;
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref(); // alive while a solve is pending
      worker.postMessage({ id, ...message });
    });
  }

  async stop(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_FILE);
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      waiting.resolve(reply);
    });
    // A crashed worker (e.g. the Wasm heap exhausted) fails what it held; the next request starts a fresh one.
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const [id, waiting] of this.pending) {
        this.pending.delete(id);
        waiting.reject(error);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`The solver thread exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }
}

const thread = new SolverThread();

/** solveOptimal and solveGreedy off the event loop when the compiled worker exists, else in this thread. */
export async function solveBothOffThread(input: MatchingInput): Promise<{ optimal: MatchingSolution; greedy: MatchingSolution }> {
  if (!SolverThread.available()) return { optimal: await solveOptimal(input), greedy: solveGreedy(input) };
  const reply = await thread.request({ input });
  if (reply.error !== undefined) throw new Error(`Solver thread: ${reply.error}`);
  return { optimal: reply.optimal!, greedy: reply.greedy! };
}

/** Starts the worker and loads HiGHS ahead of the first run (at application start). Never throws. */
export async function warmUpSolverThread(): Promise<void> {
  if (!SolverThread.available()) return;
  await thread.request({ warmUp: true }).catch(() => undefined);
}

export function stopSolverThread(): Promise<void> {
  return thread.stop();
}
