import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent } from 'typeorm';
import { AuditHeads, DATABASE_IDENTITY_SQL } from './audit-heads';

/** How long sealing may lag behind when a seal was skipped (another session held the chain lock). */
const CATCH_UP_MS = 2000;

/**
 * Keeps the hash chain current. After every committed transaction the same connection runs
 * `audit_seal()` (non-blocking: when another session is sealing, it returns -1 and a short
 * catch-up timer tries again), so that on PGlite the one session is never asked for twice and on
 * PostgreSQL the writer does not wait for other writers. Records written outside a transaction
 * wait for the next seal; `audit:verify` seals everything first. Each head it seals is signed and
 * kept outside the database (AuditHeads) before the transaction's caller goes on.
 */
@Injectable()
export class AuditSealer implements EntitySubscriberInterface, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('AuditSealer');
  private enabled = false;
  private timer: NodeJS.Timeout | null = null;
  private database = '';

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly heads: AuditHeads,
  ) {}

  /** After migrations (bootstrap runs them before the application starts). */
  async onApplicationBootstrap(): Promise<void> {
    const [{ ok }] = await this.db.query("SELECT to_regprocedure('audit_seal_head(boolean, integer)') IS NOT NULL AS ok");
    if (!ok) return this.log.warn('audit_seal_head() is missing: the audit-trail migrations have not run');
    [{ id: this.database }] = await this.db.query(DATABASE_IDENTITY_SQL);
    this.enabled = true;
    this.db.subscribers.push(this);
    await this.seal(this.db.createQueryRunner());
  }

  onApplicationShutdown(): void {
    this.enabled = false;
    if (this.timer) clearTimeout(this.timer);
  }

  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    if (event.queryRunner.isTransactionActive) return; // a savepoint was released, the transaction goes on
    await this.seal(event.queryRunner, false);
  }

  /** Seals on `runner` (its own connection once it has one); never throws, the next seal catches up. */
  private async seal(runner: QueryRunner, release = true): Promise<void> {
    if (!this.enabled) return;
    try {
      const [{ n, seq, hash }] = await runner.query('SELECT sealed AS n, head_id::text AS seq, head_hash AS hash FROM audit_seal_head()');
      if (n > 0) await this.heads.record(this.database, Number(seq), hash);
      if (n === -1 || n === 10000) this.catchUpLater();
    } catch (e) {
      this.log.warn(`sealing failed, retried later: ${(e as Error).message}`);
      this.catchUpLater();
    } finally {
      if (release) await runner.release();
    }
  }

  /** Records were written outside a transaction (audited reads): seal them shortly, off the request's path. */
  soon(): void {
    this.catchUpLater();
  }

  private catchUpLater(): void {
    if (this.timer || !this.enabled) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.seal(this.db.createQueryRunner());
    }, CATCH_UP_MS);
    this.timer.unref();
  }
}
