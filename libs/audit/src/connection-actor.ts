import { DataSource } from 'typeorm';
import { currentAuditActor } from './audit-scope';

type Connection = {
  query(sql: string, params?: unknown[]): Promise<unknown>;
  on?(event: 'error', listener: (e: unknown) => void): unknown;
  removeListener?(event: 'error', listener: (e: unknown) => void): unknown;
  [ACTOR]?: string;
};
type Release = (err?: unknown) => void;
const ACTOR = Symbol('rdx.actor');

/**
 * Gives the audit trigger its actor: every time a query runner takes a connection from the pool
 * (a transaction, or a single statement outside one), the connection's `rdx.actor` setting is set
 * to the actor of the async context that asked for it, unless it already holds that value. The
 * setting is session-wide, so writes outside explicit transactions carry the actor too, and it is
 * set before the runner's first statement (so never inside a transaction that could roll it back).
 * Works alike for the pg pool and the serialized PGlite pool (one session lent to one runner at a time).
 */
export function bindAuditActor(ds: DataSource): void {
  const driver = ds.driver as unknown as { obtainMasterConnection(): Promise<[Connection, Release]>; [ACTOR]?: boolean };
  if (driver[ACTOR]) return;
  driver[ACTOR] = true;
  const obtain = driver.obtainMasterConnection.bind(driver);
  driver.obtainMasterConnection = async () => {
    const [connection, release] = await obtain();
    // Read after the await: this continuation runs in the caller's context, whoever released the connection.
    const actor = currentAuditActor();
    if (connection[ACTOR] !== actor) {
      // The query runner listens for the connection's 'error' event only once it has it; until then
      // a pooled connection whose socket died (database restarted, network cut) would emit 'error'
      // with no listener and crash the process. The failed query below rejects, which is enough.
      const ignore = () => undefined;
      connection.on?.('error', ignore);
      try {
        await connection.query("SELECT set_config('rdx.actor', $1, false)", [actor]);
        connection[ACTOR] = actor;
      } catch (e) {
        release(e); // the pool discards the connection; the listener stays for any later 'error' of it
        throw e;
      }
      connection.removeListener?.('error', ignore);
    }
    return [connection, release];
  };
}
