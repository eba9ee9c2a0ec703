import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Actor, AppConfig } from '@app/core';
import { IdentityService, toActor } from '@app/identity';
import { WS_LIMITS } from './ws-limits';

/** Why the server closes a socket it had accepted (graphql-ws's own 4401/4403 meanings). */
export const WS_CLOSE = {
  TOKEN_EXPIRED: { code: 4401, reason: 'Token expired' },
  ACCOUNT_CHANGED: { code: 4403, reason: 'Account deactivated or changed' },
} as const;

/** One open, signed-in graphql-ws socket: whom it acts for, until when, and the re-check before each event. */
export interface WsSession {
  readonly actor: Actor;
  /** The token's expiry (ms since the epoch), or null for a token without one. */
  readonly expiresAt: number | null;
  /** True while the account may still receive `event`; closes the socket otherwise. One account read per event per socket. */
  mayDeliver(event: object): Promise<boolean>;
}

interface OpenSession extends WsSession {
  close(code: number, reason: string): void;
  timer?: NodeJS.Timeout;
  closed: boolean;
  lastCheck?: { event: object; result: Promise<boolean> };
}

const sameBinding = (a: Actor, b: Actor) =>
  a.role === b.role &&
  a.prefectureCode === b.prefectureCode &&
  a.municipalityCode === b.municipalityCode &&
  a.vendorId === b.vendorId &&
  a.evaluatorId === b.evaluatorId;

// setTimeout keeps at most a 32-bit delay (about 24.8 days); a longer token is re-armed when that fires.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The account behind an open WebSocket is checked again after the handshake, since a socket outlives the
 * request that opened it: at its token's expiry (a timer), before each event delivered (the events come
 * through the shared pub/sub, so this holds across instances) and every WS_RECHECK_MS for quiet sockets.
 * A deactivated account, a signed-out session, or one whose role or organisation changed, has its socket closed with 4403; an
 * expired token with 4401. The client signs in again and reconnects with what it may now see.
 */
@Injectable()
export class WsSessions implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('WebSocket');
  private readonly open = new Set<OpenSession>();
  private sweep?: NodeJS.Timeout;

  constructor(
    private readonly identity: IdentityService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    if (this.config.WS_RECHECK_MS > 0) this.sweep = setInterval(() => void this.recheckAll(), this.config.WS_RECHECK_MS).unref();
  }

  onApplicationShutdown() {
    clearInterval(this.sweep);
    for (const s of this.open) clearTimeout(s.timer);
    this.open.clear();
  }

  /**
   * Registers a socket accepted for `actor` with a token valid until `expSeconds` (JWT `exp`), or answers null when
   * the account already holds WS_LIMITS.socketsPerAccount sockets on this instance.
   */
  begin(actor: Actor, expSeconds: number | undefined, close: (code: number, reason: string) => void): WsSession | null {
    let held = 0;
    for (const o of this.open) if (o.actor.userId === actor.userId) held++;
    if (held >= WS_LIMITS.socketsPerAccount) return null;
    const s: OpenSession = {
      actor,
      expiresAt: expSeconds ? expSeconds * 1000 : null,
      close,
      closed: false,
      mayDeliver: (event) => {
        if (s.closed) return Promise.resolve(false);
        if (s.lastCheck?.event !== event) s.lastCheck = { event, result: this.recheck(s) };
        return s.lastCheck.result;
      },
    };
    this.open.add(s);
    this.armExpiry(s);
    return s;
  }

  /** The socket closed (either side). */
  end(session: WsSession | undefined): void {
    const s = session as OpenSession | undefined;
    if (!s) return;
    s.closed = true;
    clearTimeout(s.timer);
    this.open.delete(s);
  }

  /** Re-reads every open socket's account (the sweep; also for tests and operators). Returns how many were closed. */
  async recheckAll(): Promise<number> {
    const results = await Promise.all([...this.open].map((s) => this.recheck(s)));
    return results.filter((ok) => !ok).length;
  }

  private armExpiry(s: OpenSession) {
    if (s.expiresAt === null) return;
    const wait = s.expiresAt - Date.now();
    s.timer = setTimeout(() => (wait > MAX_TIMER_MS ? this.armExpiry(s) : this.shut(s, WS_CLOSE.TOKEN_EXPIRED)), Math.max(0, Math.min(wait, MAX_TIMER_MS)));
    s.timer.unref();
  }

  private async recheck(s: OpenSession): Promise<boolean> {
    if (s.closed) return false;
    // JWT expiry is judged on real time, as jsonwebtoken judged it at the handshake.
    if (s.expiresAt !== null && Date.now() >= s.expiresAt) return this.shut(s, WS_CLOSE.TOKEN_EXPIRED);
    let user;
    try {
      user = await this.identity.activeUser(s.actor.userId, s.actor.session);
    } catch (err) {
      // The account cannot be read just now: this event is withheld, the socket kept (the next check decides).
      this.log.warn({ err: (err as Error).message }, 'account re-check failed');
      return false;
    }
    if (!user || !sameBinding(toActor(user), s.actor)) return this.shut(s, WS_CLOSE.ACCOUNT_CHANGED);
    return !s.closed;
  }

  private shut(s: OpenSession, why: { code: number; reason: string }): false {
    if (!s.closed) {
      this.end(s);
      s.close(why.code, why.reason);
    }
    return false;
  }
}
