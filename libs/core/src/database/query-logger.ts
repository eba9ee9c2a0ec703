import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

/** A statement as logged: its text (placeholders, no values), cut short. */
const STATEMENT_CHARS = 500;

/** Failures the application expects and handles (a retried serialization failure or deadlock, a typed DUPLICATE). */
const HANDLED = new Set(['40001', '40P01', '23505']);

/**
 * TypeORM's messages through the application's log (JSON lines, e-mail addresses and phone numbers masked) instead of
 * its console logger, and **never a statement's parameters**: those are what users typed and what the server derived
 * from it — e-mail addresses, names, password hashes, whole documents. TypeORM's own logger wrote a failed statement
 * with all its parameters to standard error, outside the log's redaction: a registration that lost a race on its e-mail
 * address (the unique index answering) put the address, the name and the password hash there. A failure is logged with
 * its SQLSTATE, its message (which PostgreSQL writes without the row's values; the `detail` that quotes them is left
 * out) and the statement's text.
 */
export class QueryLogger implements TypeOrmLogger {
  private readonly logger = new Logger('Database');

  logQuery(): void {
    // Every statement: not logged (the request log and the audit trail say what was done).
  }

  logQueryError(error: string | Error, query: string): void {
    const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
    const message = typeof error === 'string' ? error : error.message;
    const line = `query failed${typeof code === 'string' ? ` (${code})` : ''}: ${message} — ${statement(query)}`;
    if (typeof code === 'string' && HANDLED.has(code)) this.logger.warn(line);
    else this.logger.error(line);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`slow query (${time} ms): ${statement(query)}`);
  }

  logSchemaBuild(): void {
    // Never built here: migrations only.
  }

  logMigration(message: string): void {
    this.logger.error(message); // TypeORM says only that a migration failed, and why
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
  }
}

function statement(query: string): string {
  const flat = query.replace(/\s+/g, ' ').trim();
  return flat.length > STATEMENT_CHARS ? `${flat.slice(0, STATEMENT_CHARS)}…` : flat;
}
