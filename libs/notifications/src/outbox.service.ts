import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createTransport, Transporter } from 'nodemailer';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '@app/core';
import { OutboxMessage, OutboxStatus } from './outbox.entity';

export interface NewMessage {
  dedupeKey: string;
  recipientEmail: string;
  subject: string;
  body: string;
}

export const MAX_ATTEMPTS = 8;
const CLAIM_SECONDS = 120;

/** Exponential backoff: 30 s, 1 min, 2 min … capped at 1 hour. */
export const backoffSeconds = (attempts: number) => Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));

/**
 * The outbox. `enqueue` runs inside the caller's transaction (the decision and its notices commit
 * together); `deliverDue` claims due messages with SKIP LOCKED and a lease, sends each outside any
 * transaction, then marks it sent, so that several API instances never send the same message
 * twice and a crashed sender's messages are taken over when the lease expires.
 */
@Injectable()
export class OutboxService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Outbox');
  private readonly transport: Transporter | null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {
    this.transport = config.SMTP_HOST
      ? createTransport({ host: config.SMTP_HOST, port: config.SMTP_PORT, secure: config.SMTP_SECURE, tls: { rejectUnauthorized: config.isProduction } })
      : null;
  }

  async enqueue(m: EntityManager, messages: NewMessage[]): Promise<void> {
    for (const msg of messages) {
      await m.query(`INSERT INTO outbox (dedupe_key, recipient_email, subject, body) VALUES ($1, $2, $3, $4) ON CONFLICT (dedupe_key) DO NOTHING`, [
        msg.dedupeKey,
        msg.recipientEmail,
        msg.subject,
        msg.body,
      ]);
    }
  }

  list(limit = 200): Promise<OutboxMessage[]> {
    return this.db.getRepository(OutboxMessage).find({ order: { createdAt: 'ASC' }, take: limit });
  }

  /** Sends what is due; returns how many were sent. */
  async deliverDue(limit = 50): Promise<number> {
    const claimed: OutboxMessage[] = await this.db.transaction(async (m) => {
      const rows = await m.query(
        `UPDATE outbox SET claimed_until = now() + make_interval(secs => $2)
          WHERE id IN (SELECT id FROM outbox
                        WHERE status = 'PENDING' AND next_attempt_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
                        ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING id, recipient_email, subject, body, attempts`,
        [limit, CLAIM_SECONDS],
      );
      return (Array.isArray(rows[0]) ? rows[0] : rows).map((r: Record<string, unknown>) =>
        Object.assign(new OutboxMessage(), { id: r.id, recipientEmail: r.recipient_email, subject: r.subject, body: r.body, attempts: r.attempts }),
      );
    });
    let sent = 0;
    for (const msg of claimed) {
      try {
        await this.send(msg);
        await this.db.query(
          `UPDATE outbox SET status = 'SENT', sent_at = now(), attempts = attempts + 1, claimed_until = NULL, last_error = NULL WHERE id = $1`,
          [msg.id],
        );
        sent++;
      } catch (e) {
        const attempts = msg.attempts + 1;
        const status = attempts >= MAX_ATTEMPTS ? OutboxStatus.FAILED : OutboxStatus.PENDING;
        await this.db.query(
          `UPDATE outbox SET attempts = $2, status = $3, claimed_until = NULL, last_error = $4, next_attempt_at = now() + make_interval(secs => $5) WHERE id = $1`,
          [msg.id, attempts, status, String((e as Error).message).slice(0, 500), backoffSeconds(attempts)],
        );
        this.log.warn({ outboxId: msg.id, attempts, status }, 'delivery failed');
      }
    }
    return sent;
  }

  private async send(msg: OutboxMessage): Promise<void> {
    if (!this.transport) {
      // No SMTP configured: the delivery is recorded and logged (without the address: personal data).
      this.log.log({ outboxId: msg.id, subject: msg.subject }, 'delivered to the log (SMTP not configured)');
      return;
    }
    // The outbox id as Message-ID lets a receiving system drop a duplicate after a crash between send and commit.
    await this.transport.sendMail({
      from: this.config.SMTP_FROM,
      to: msg.recipientEmail,
      subject: msg.subject,
      text: msg.body,
      messageId: `<${msg.id}@outbox.regional-dx>`,
    });
  }

  onApplicationBootstrap() {
    if (!this.config.OUTBOX_POLL_MS) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.deliverDue()
        .catch((e) => this.log.error({ err: (e as Error).message }, 'outbox poll failed'))
        .finally(() => (this.running = null));
    }, this.config.OUTBOX_POLL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown() {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    this.transport?.close();
  }
}
