import { EntityManager } from 'typeorm';
import { DomainError, notFound } from '../errors/domain-error';
import { clockNow } from './clock-timestamps';
import { returningRows } from './sql-params';

/**
 * Optimistic lock for drafts: `UPDATE … SET version = version + 1 WHERE id = $1 AND version = $2`
 * must change exactly one row, otherwise someone else saved first. TypeORM's own @VersionColumn
 * check happens after the write, so it does not protect against lost updates.
 * Without an expected version it still takes the row lock, serialising concurrent edits.
 */
export async function bumpVersion(m: EntityManager, table: string, id: string, expectedVersion?: number | null): Promise<number> {
  const params: unknown[] = [id, clockNow(m)];
  let where = 'id = $1';
  if (expectedVersion !== undefined && expectedVersion !== null) {
    params.push(expectedVersion);
    where += ' AND version = $3';
  }
  const rows: Array<{ version: number }> = await m
    .query(`UPDATE "${table}" SET version = version + 1, updated_at = $2 WHERE ${where} RETURNING version`, params)
    .then((r: unknown) => returningRows<{ version: number }>(r));
  if (rows.length === 1) return rows[0].version;
  const exists = await m.query(`SELECT version FROM "${table}" WHERE id = $1`, [id]);
  if (!exists.length) throw notFound();
  throw new DomainError('CONFLICT', { expectedVersion, currentVersion: exists[0].version });
}
