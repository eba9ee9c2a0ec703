import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { EntityManager } from 'typeorm';
import { AppConfig, SYSTEM_ACTOR } from '@app/core';
import { LinkTokens } from './link-tokens';
import { OutboxMessage, OutboxStatus } from './outbox.entity';
import { OutboxRepository } from './outbox.repository';

export interface NewMessage {
  dedupeKey: string;
  recipientEmail: string;
  subject: string;
  body: string;
  /** The notice this mail carries, when it is one (notices/notice.service.ts). */
  noticeId?: string;
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
    private readonly repo: OutboxRepository,
    private readonly config: AppConfig,
    private readonly links: LinkTokens,
  ) {
    this.transport = config.SMTP_HOST
      ? createTransport({ host: config.SMTP_HOST, port: config.SMTP_PORT, secure: config.SMTP_SECURE, tls: { rejectUnauthorized: config.isProduction } })
      : null;
  }

  /** Queues the messages; returns the dedupe keys newly queued (a key already queued is left as it is). */
  async enqueue(m: EntityManager, messages: NewMessage[]): Promise<string[]> {
    const queued: string[] = [];
    for (const msg of messages) {
      const key = await this.repo.insertIfNew(m, msg);
      if (key !== null) queued.push(key);
    }
    return queued;
  }

  list(limit = 200): Promise<OutboxMessage[]> {
    return this.repo.list(limit);
  }

  /** One statement of the sender, a job no person asked for: recorded in the audit trail as the system's. */
  private asSystem<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.repo.transaction(SYSTEM_ACTOR, work);
  }

  /**
   * Sends what is due; returns how many were sent. A message whose lease is no longer fresh is
   * renewed just before it is sent, and the lease is checked when it is marked, so a sender that
   * stalled past its lease (a slow SMTP relay) leaves the rest of its batch to the instance that
   * took it over instead of sending it too.
   */
  async deliverDue(limit = 50, claimSeconds = CLAIM_SECONDS): Promise<number> {
    const claimed = await this.asSystem((m) => this.repo.claimDue(m, limit, claimSeconds));
    let sent = 0;
    const claimedAt = Date.now();
    for (const { msg, lease: claimedLease } of claimed) {
      // The lease is the claim token (text keeps the microseconds a JS Date would drop). Well inside
      // the lease nobody can have taken the message over; later, renew it, which also tells.
      let lease = claimedLease;
      if (Date.now() - claimedAt > (claimSeconds * 1000) / 4) {
        const renewed = await this.asSystem((m) => this.repo.renewLease(m, msg.id, claimedLease, claimSeconds));
        if (renewed === null) continue; // taken over by another instance after the lease expired
        lease = renewed;
      }
      try {
        await this.send(msg);
        const marked = await this.asSystem((m) => this.repo.markSent(m, msg.id, lease));
        if (!marked) this.log.warn({ outboxId: msg.id }, 'sent after the lease expired; another instance may send it too');
        sent++;
      } catch (e) {
        const attempts = msg.attempts + 1;
        const status = attempts >= MAX_ATTEMPTS ? OutboxStatus.FAILED : OutboxStatus.PENDING;
        await this.asSystem((m) =>
          this.repo.markFailed(m, msg.id, lease, {
            attempts,
            status,
            lastError: String((e as Error).message).slice(0, 500),
            retryInSeconds: backoffSeconds(attempts),
          }),
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
      text: this.links.expand(msg.body), // link tokens exist only in the mail sent, never in the table
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
