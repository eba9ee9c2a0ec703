import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inWriteTransaction, returningRows, Writer } from '@app/core';
import { OutboxMessage, OutboxStatus } from './outbox.entity';

/** A claimed message and its lease (the claim token, as text: it keeps the microseconds a JS Date would drop). */
export interface ClaimedMessage {
  lease: string;
  msg: OutboxMessage;
}

/** Every query of the notifications area: the outbox. */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A write's unit of work, recorded in the audit trail as `writer`'s. */
  transaction<T>(writer: Writer, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return inWriteTransaction(this.db, writer, work);
  }

  /** Queues one message in the caller's transaction; returns its dedupe key, or null when the key is already queued. */
  async insertIfNew(
    m: EntityManager,
    msg: { dedupeKey: string; recipientEmail: string; subject: string; body: string; noticeId?: string },
  ): Promise<string | null> {
    const rows: Array<{ dedupe_key: string }> = await m.query(
      `INSERT INTO outbox (dedupe_key, recipient_email, subject, body, notice_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (dedupe_key) DO NOTHING RETURNING dedupe_key`,
      [msg.dedupeKey, msg.recipientEmail, msg.subject, msg.body, msg.noticeId ?? null],
    );
    return rows.length ? rows[0].dedupe_key : null;
  }

  list(limit: number): Promise<OutboxMessage[]> {
    return this.db.getRepository(OutboxMessage).find({ order: { createdAt: 'ASC' }, take: limit });
  }

  /** Claims up to `limit` due messages for `claimSeconds`; rows another sender holds are skipped (SKIP LOCKED), not waited for. */
  async claimDue(m: EntityManager, limit: number, claimSeconds: number): Promise<ClaimedMessage[]> {
    const rows = returningRows(
      await m.query(
        `UPDATE outbox SET claimed_until = now() + make_interval(secs => $2)
          WHERE id IN (SELECT id FROM outbox
                        WHERE status = 'PENDING' AND next_attempt_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
                        ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING id, recipient_email, subject, body, attempts, claimed_until::text AS lease`,
        [limit, claimSeconds],
      ),
    );
    return rows.map((r) => ({
      lease: r.lease as string,
      msg: Object.assign(new OutboxMessage(), { id: r.id, recipientEmail: r.recipient_email, subject: r.subject, body: r.body, attempts: r.attempts }),
    }));
  }

  /** Renews a lease still held; returns the new lease, or null when another sender has taken the message over. */
  async renewLease(m: EntityManager, id: string, lease: string, claimSeconds: number): Promise<string | null> {
    const [renewed] = returningRows(
      await m.query(
        `UPDATE outbox SET claimed_until = now() + make_interval(secs => $3)
          WHERE id = $1 AND status = 'PENDING' AND claimed_until = $2::timestamptz RETURNING claimed_until::text AS lease`,
        [id, lease, claimSeconds],
      ),
    );
    return renewed ? (renewed.lease as string) : null;
  }

  /** Marks a sent message, if the lease is still ours; returns whether it was. */
  async markSent(m: EntityManager, id: string, lease: string): Promise<boolean> {
    const [marked] = returningRows(
      await m.query(
        `UPDATE outbox SET status = 'SENT', sent_at = now(), attempts = attempts + 1, claimed_until = NULL, last_error = NULL
          WHERE id = $1 AND claimed_until = $2::timestamptz RETURNING id`,
        [id, lease],
      ),
    );
    return !!marked;
  }

  /** Records a failed attempt (if the lease is still ours) and when to retry. */
  async markFailed(
    m: EntityManager,
    id: string,
    lease: string,
    f: { attempts: number; status: OutboxStatus; lastError: string; retryInSeconds: number },
  ): Promise<void> {
    await m.query(
      `UPDATE outbox SET attempts = $3, status = $4, claimed_until = NULL, last_error = $5, next_attempt_at = now() + make_interval(secs => $6)
        WHERE id = $1 AND claimed_until = $2::timestamptz`,
      [id, lease, f.attempts, f.status, f.lastError, f.retryInSeconds],
    );
  }
}
