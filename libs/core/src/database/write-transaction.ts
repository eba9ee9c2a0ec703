import { DataSource, EntityManager } from 'typeorm';
import { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { MaybeActor } from '../auth/actor';

/** The audit trail's actor for work no person asked for: outbox sender, reminders, seeding, start-up. */
export const SYSTEM_ACTOR = 'system';
/** The audit trail's actor for a request without an account (a registration, a public form). */
export const ANONYMOUS_ACTOR = 'anonymous';

/** Who a write is recorded as: the caller (`null` for an anonymous one), or the system, said explicitly. */
export type Writer = MaybeActor | typeof SYSTEM_ACTOR;

export function auditActorId(writer: Writer): string {
  if (writer === SYSTEM_ACTOR) return SYSTEM_ACTOR;
  return writer?.userId ?? ANONYMOUS_ACTOR;
}

/**
 * The unit of work of every write: one transaction whose first statement names its actor for the audit trigger
 * (`set_config('rdx.actor', …, true)`, i.e. SET LOCAL: it ends with the transaction, so a pooled connection never
 * carries one request's actor into another's, and reads, which open no transaction, send nothing).
 */
export function inWriteTransaction<T>(db: DataSource, writer: Writer, work: (m: EntityManager) => Promise<T>, isolation?: IsolationLevel): Promise<T> {
  const run = async (m: EntityManager) => {
    await m.query("SELECT set_config('rdx.actor', $1, true)", [auditActorId(writer)]);
    return work(m);
  };
  return isolation ? db.transaction(isolation, run) : db.transaction(run);
}
