/**
 * A read written by the area that owns its tables and run by another thread on a connection of its own: the matching's
 * worker reads a national call's 19 MB of sheets and proposals itself on PostgreSQL, so that the API's event loop never
 * turns those megabytes into strings (docs/PERFORMANCE.md, "W1 during a run"). One statement, one row, one column: the
 * value is that column's text.
 */
export interface DeferredRead {
  sql: string;
  params: unknown[];
}

/** Runs a read on the caller's connection (the embedded PGlite, where no other thread can connect). */
export async function runDeferredRead(query: (sql: string, params: unknown[]) => Promise<Array<Record<string, unknown>>>, read: DeferredRead): Promise<string> {
  const [row] = await query(read.sql, read.params);
  return String(Object.values(row)[0]);
}
