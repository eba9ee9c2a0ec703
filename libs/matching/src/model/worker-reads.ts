/**
 * The solver worker's own connections to PostgreSQL: it runs the reads the API hands it (DeferredRead: a national
 * call's sheets and proposals, 19 MB of JSON text) and decodes their texts itself, so that the API's event loop never
 * holds them (docs/PERFORMANCE.md, "W1 during a run"). A pool per database, of at most three connections (the
 * proposals and the two halves of the sheets at once), closed when idle: a run's reads come in one burst.
 */
import { Pool } from 'pg';
import type { DeferredRead } from '@app/core/database/deferred-read';
import { READ_FAILED } from './solver-wire';

/** Where the worker connects: the API's own database (its URL) under a name of its own in pg_stat_activity. */
export interface WorkerDatabase {
  url: string;
  applicationName: string;
}

const pools = new Map<string, Pool>();

export async function readInWorker(database: WorkerDatabase | undefined, read: DeferredRead): Promise<string> {
  try {
    if (!database) throw new Error('the run hands the worker reads but no database to run them on');
    const result = await poolOf(database).query<[unknown]>({ text: read.sql, values: read.params, rowMode: 'array' });
    return String(result.rows[0][0]);
  } catch (e) {
    throw Object.assign(new Error((e as Error).message), { name: READ_FAILED });
  }
}

function poolOf(database: WorkerDatabase): Pool {
  let pool = pools.get(database.url);
  if (!pool) {
    pool = new Pool({ connectionString: database.url, application_name: database.applicationName, max: 3, idleTimeoutMillis: 5_000, allowExitOnIdle: true });
    // An idle connection that breaks (a server restart) leaves the pool; the next read opens another. Unheard, the
    // error would end the thread.
    pool.on('error', () => undefined);
    pools.set(database.url, pool);
  }
  return pool;
}
