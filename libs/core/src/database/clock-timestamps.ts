import { DataSource, EntityManager, EntitySubscriberInterface, InsertEvent, UpdateEvent } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';
import { Clock } from '../time/clock';

/**
 * Columns that keep the database's own time on purpose: the database's witness of a submission's arrival (beside the
 * server's `received_at`), and the outbox's queue times (due, lease, sent), which coordinate instances and decide nothing.
 */
const DATABASE_TIME = new Set(['submission_receipts.db_received_at', 'outbox.created_at', 'outbox.next_attempt_at']);

const stampedOnInsert = (meta: EntityMetadata): ColumnMetadata[] =>
  meta.columns.filter(
    (c) =>
      (c.isCreateDate || c.isUpdateDate || (typeof c.default === 'function' && (c.default as () => string)() === 'now()')) &&
      !DATABASE_TIME.has(`${meta.tableName}.${c.databaseName}`),
  );

/**
 * Every stored "when" (created, registered, declared, updated) comes from the server's Clock, the one deadlines are
 * judged by, not from the database's `now()` defaults: rows saved through TypeORM get their creation and update
 * times here. Raw SQL writes take `clockNow(m)` themselves.
 */
export class ClockTimestamps implements EntitySubscriberInterface {
  constructor(readonly clock: Clock) {}

  beforeInsert(event: InsertEvent<Record<string, unknown>>): void {
    if (!event.entity) return;
    const now = this.clock.now();
    for (const c of stampedOnInsert(event.metadata)) if (c.getEntityValue(event.entity) === undefined) c.setEntityValue(event.entity, now);
  }

  /**
   * `updated_at` columns are plain columns, not UpdateDateColumns: TypeORM writes CURRENT_TIMESTAMP into those whenever
   * the new value equals the stored one (two changes at one instant of a fixed clock, or within one millisecond).
   */
  beforeUpdate(event: UpdateEvent<Record<string, unknown>>): void {
    if (!event.entity) return;
    const now = this.clock.now();
    for (const c of event.metadata.columns)
      if (c.isUpdateDate || c.databaseName === 'updated_at') c.setEntityValue(event.entity as Record<string, unknown>, now);
  }
}

/** Binds the app's clock to its DataSource (once): TypeORM builds subscribers from classes, so the instance joins after. */
export function stampTimesWith(ds: DataSource, clock: Clock): ClockTimestamps {
  const existing = ds.subscribers.find((s): s is ClockTimestamps => s instanceof ClockTimestamps);
  if (existing) return existing;
  const stamps = new ClockTimestamps(clock);
  ds.subscribers.push(stamps);
  return stamps;
}

/** The app's clock for a write through this connection; the system time for scripts that run without the app. */
export function clockNow(m: EntityManager | DataSource): Date {
  const ds = m instanceof DataSource ? m : m.connection;
  const stamps = ds.subscribers.find((s): s is ClockTimestamps => s instanceof ClockTimestamps);
  return stamps ? stamps.clock.now() : new Date();
}
