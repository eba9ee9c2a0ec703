import { PGliteDriver } from 'typeorm-pglite';
// typeorm-pglite exports only the driver factory; its pool class is what we extend.
import { PGlitePool } from 'typeorm-pglite/dist/pglite-pool';
import type { PGliteOptions } from '@electric-sql/pglite';

type ConnectCallback = Parameters<PGlitePool['connect']>[0];

/**
 * PGlite is one Postgres session. typeorm-pglite hands that same session to every TypeORM
 * "connection", so two concurrent transactions would interleave their statements. This pool
 * lends the session to one query runner at a time (a pool of size one), which gives the same
 * isolation the app gets from a real pool, at the cost of queueing on the embedded database.
 */
class SerializedPGlitePool extends PGlitePool {
  private queue: Array<() => void> = [];
  private busy = false;

  override async connect(callback: ConnectCallback): Promise<void> {
    await new Promise<void>((resolve) => {
      if (!this.busy) {
        this.busy = true;
        resolve();
      } else this.queue.push(resolve);
    });
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      if (next) next();
      else this.busy = false;
    };
    await super.connect((err, client) => callback(err, client, release));
  }
}

/** The `driver` value for TypeORM's postgres dialect backed by an embedded PGlite. */
export function serializedPGliteDriver(options: PGliteOptions & { dataDir?: string }) {
  new PGliteDriver(options); // registers the PGlite options (and its boolean serializer)
  return { Pool: SerializedPGlitePool };
}

/**
 * Whether a DataSource runs on the embedded PGlite (its driver is the one above). A caller holding bytes for a text
 * parameter passes text there: PGlite writes a bytea parameter out as hex in JavaScript, on the calling thread.
 */
export function isEmbeddedPGlite(options: { driver?: unknown }): boolean {
  const driver = options.driver as { Pool?: unknown } | undefined;
  return driver?.Pool === SerializedPGlitePool;
}
