/**
 * HiGHS (WebAssembly), loaded once per thread and shared by its users (the evaluator assignment, the matching model):
 * loading compiles the 3 MB module (tens of ms); each solve builds and disposes its own native model, so nothing
 * accumulates between solves. Imported by path (not through @app/core's index), so that only its users load it.
 */
import highsLoader from 'highs';
import type { Highs } from 'highs';

let instance: Promise<Highs> | null = null;

function loadHighs(): Promise<Highs> {
  instance ??= highsLoader().catch((error: unknown) => {
    instance = null;
    throw error;
  });
  return instance;
}

/**
 * Runs `solve` on the shared instance. A Wasm abort (e.g. heap exhausted) leaves the instance unusable: on a failure
 * it is retried once on a fresh instance, and a second failure (a real model error) surfaces.
 */
export async function withHighs<T>(solve: (highs: Highs) => T): Promise<T> {
  try {
    return await solve(await loadHighs());
  } catch {
    instance = null;
    return await solve(await loadHighs());
  }
}
