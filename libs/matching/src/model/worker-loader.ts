/**
 * Starts a worker thread from an entry beside the caller: the compiled `.js` in production; from the TypeScript sources
 * (the test suite, ts-node, `npm run bench`) the `.ts` entry through ts-node's transpiler with the repository's `@app/*`
 * paths. Used by solver-thread.ts (the matching's worker) and by that worker for its LP thread (lp-thread.ts).
 */
import { existsSync, readlinkSync, stat } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { projectRoot } from '@app/core/util/project-root';

/** `name.js` in `dir` when it was compiled, else `name.ts`. */
export function entryBeside(dir: string, name: string): string {
  const compiled = join(dir, `${name}.js`);
  return existsSync(compiled) ? compiled : join(dir, `${name}.ts`);
}

/** The compiled entry as is; the TypeScript entry through ts-node (transpile only) and tsconfig-paths, from the project root. */
export function loadWorker(entry: string): Worker {
  if (!entry.endsWith('.ts')) return new Worker(entry);
  const root = projectRoot();
  const code = `
    const tsNode = require(${JSON.stringify(require.resolve('ts-node'))});
    tsNode.register({ transpileOnly: true, project: ${JSON.stringify(join(root, 'tsconfig.json'))} });
    const paths = require(${JSON.stringify(require.resolve('tsconfig-paths'))});
    const config = paths.loadConfig(${JSON.stringify(root)});
    paths.register({ baseUrl: config.absoluteBaseUrl, paths: config.paths });
    require(${JSON.stringify(entry)});`;
  return new Worker(code, { eval: true });
}

/**
 * Lowers the calling thread's scheduling priority (Linux: a thread's id is a valid target of setpriority), so that the
 * API's own thread, which answers every other user, is given a core first when a run's threads and it want one at
 * the same time. Elsewhere (no /proc/thread-self) it does nothing: the run is only less polite there. A run's time
 * limits are wall-clock: under load a budgeted run stopped by its limit gets less of the machine than the API's requests.
 * Threads inherit their creator's priority: the process's libuv thread pool (file system, crypto, DNS for every user)
 * must not be started by a lowered thread, hence startThreadPoolHere before a worker starts.
 */
export function lowerThreadPriority(niceness = 10): boolean {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, niceness);
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes sure the process's libuv thread pool exists, created by the calling thread (the API's): the pool's threads are
 * created on its first use, all at once, with their creator's scheduling priority, and a worker that lowers its own
 * must not be that creator. An fs call is queued on the pool; the result does not matter.
 */
export function startThreadPoolHere(): void {
  stat(__filename, () => undefined);
}
