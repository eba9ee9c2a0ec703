import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ProgramService } from '@app/calls';
import { Actor, AppConfig, Clock, DomainError, DomainEvents, notFound, onlySecretariat, SYSTEM_ACTOR, toJstText, toWareki } from '@app/core';
import { hashLinkToken, LinkTokens, NoticeRequest, NoticeService } from '@app/notifications';
import { BriefingRegistration, BriefingSession, RegistrantKind, RegistrationStatus } from './briefing.entities';
import { BriefingRepository } from './briefing.repository';
import { isFreeMailDomain, loadFreeMailDomains } from './free-mail';
import { parseRegistrantAddress, registrantName } from './registration-input';

/** How long a confirmation link stays valid (and never past the registration deadline, which confirmations also meet). */
export const CONFIRMATION_HOURS = 24;

export interface RegistrationInput {
  name: string;
  organisation: string;
  kind: RegistrantKind;
  email: string;
  consentToRecording: boolean;
}

/**
 * 説明会 (公募要領 5): public registration without an account, business e-mail only, one per
 * participant, until the deadline or until full (or closed early). A registration is held until the address
 * confirms it by the mailed link; only confirmed ones take a seat.
 */
@Injectable()
export class BriefingService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly freeMail: Set<string>;
  private readonly publicBaseUrl: string;
  private readonly log = new Logger('Briefing');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly repo: BriefingRepository,
    private readonly notices: NoticeService,
    private readonly links: LinkTokens,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    private readonly programs: ProgramService,
    private readonly config: AppConfig,
  ) {
    this.freeMail = loadFreeMailDomains(config.FREE_MAIL_DOMAINS_EXTRA.split(','));
    this.publicBaseUrl = config.PUBLIC_BASE_URL.replace(/\/+$/, '');
  }

  sessions(programId?: string): Promise<BriefingSession[]> {
    return this.repo.sessions(programId);
  }

  async session(id: string): Promise<BriefingSession> {
    const s = await this.repo.sessionById(id);
    if (!s) throw notFound();
    return s;
  }

  /** Seats taken: confirmed registrations only (a pending one holds no seat). */
  registeredCounts(ids: readonly string[]): Promise<Map<string, number>> {
    return this.repo.confirmedCounts(ids);
  }

  /** A session; its connection details are mailed at `connectionDetailsAt` (default: when registration closes), never after it starts. */
  async create(
    actor: Actor,
    input: Omit<BriefingSession, 'id' | 'createdAt' | 'closedEarlyAt' | 'connectionDetailsAt'> & { connectionDetailsAt?: Date },
  ): Promise<BriefingSession> {
    onlySecretariat(actor);
    if (!(await this.programs.programsByIds([input.programId])).length) throw notFound();
    if (!(input.startsAt < input.endsAt) || !(input.registrationClosesAt <= input.startsAt) || input.capacity < 1) {
      throw new DomainError(
        'VALIDATION_FAILED',
        { field: 'startsAt' },
        { ja: '日時または定員が正しくありません。', en: 'Times must be ordered (registration ≤ start < end) and the capacity at least 1.' },
      );
    }
    const connectionDetailsAt = input.connectionDetailsAt ?? input.registrationClosesAt;
    if (connectionDetailsAt > input.startsAt) {
      throw new DomainError(
        'VALIDATION_FAILED',
        { field: 'connectionDetailsAt' },
        { ja: '接続方法の送付日時は説明会の開始までにしてください。', en: 'The connection details must be sent no later than the start of the session.' },
      );
    }
    return this.repo.transaction(actor, (m) => this.repo.createSession(m, { ...input, connectionDetailsAt, closedEarlyAt: null }));
  }

  /** The secretariat may close registration before the deadline (申込者多数の場合). */
  async closeEarly(actor: Actor, id: string): Promise<BriefingSession> {
    onlySecretariat(actor);
    const s = await this.session(id);
    s.closedEarlyAt = s.closedEarlyAt ?? this.clock.now();
    return this.repo.transaction(actor, (m) => this.repo.saveSession(m, s));
  }

  /**
   * Step 1: holds a registration and mails a confirmation link to the address. Takes no seat: a flood of
   * made-up addresses fills nothing, and the mail carries no text the registrant typed except a checked name.
   */
  async register(input: RegistrationInput, sessionId: string, receivedAt: Date): Promise<{ registration: BriefingRegistration }> {
    if (input.kind === RegistrantKind.OTHER) throw new DomainError('NOT_ELIGIBLE', { field: 'kind' });
    if (input.consentToRecording !== true) {
      throw new DomainError(
        'CONSENT_REQUIRED',
        { field: 'consentToRecording' },
        { ja: '説明会の録画・記録の保存への同意が必要です。', en: 'Consent to the recording of the session is required.' },
      );
    }
    const { email, domain } = parseRegistrantAddress(input.email);
    if (isFreeMailDomain(domain, this.freeMail)) throw new DomainError('FREE_MAIL_ADDRESS', { field: 'email', domain });
    const name = registrantName(input.name);
    const link = this.links.issue();
    return this.repo.transaction(null, async (m) => {
      const now = this.clock.now();
      const s = await this.lockOpenSession(m, sessionId, receivedAt);
      await this.refuseWhenFull(m, s);
      const existing = await this.repo.registrationByEmail(m, s.id, email);
      if (existing?.status === RegistrationStatus.CONFIRMED) {
        throw new DomainError(
          'DUPLICATE',
          { field: 'email' },
          {
            ja: 'このメールアドレスでは既にお申し込みいただいています（お一人につき1申込）。',
            en: 'This e-mail address is already registered (one registration per participant).',
          },
        );
      }
      // A second request for a pending or expired address replaces its token (a lost mail, a late click); the
      // per-address rate limit bounds the mails. Expired rows are kept (read as EXPIRED) so that the retention
      // erasure (erasePersonalData) finds them and their mails like any other registration.
      const fields = {
        name,
        organisation: input.organisation,
        kind: input.kind,
        status: RegistrationStatus.PENDING as const,
        confirmTokenHash: link.tokenHash,
        confirmExpiresAt: new Date(Math.min(now.getTime() + CONFIRMATION_HOURS * 3_600_000, s.registrationClosesAt.getTime())),
        confirmedAt: null,
      };
      const registration = existing
        ? await this.repo.saveRegistration(m, Object.assign(existing, fields))
        : await this.repo.createRegistration(m, { sessionId: s.id, email, consentToRecording: true, ...fields });
      // The token itself is written into the mail only as it is sent (LinkTokens): the notice and its outbox row hold a nonce.
      const url = `${this.publicBaseUrl}/briefing/confirm?token=${link.placeholder}`;
      await this.notices.issue(m, [
        this.noticeTo(registration, await this.fiscalYear(m, s), {
          kind: 'BRIEFING_CONFIRMATION_REQUEST',
          key: `briefing-confirm:${registration.id}:${fields.confirmTokenHash.slice(0, 16)}`,
          vars: { sessionTitle: s.title, startsAt: toWareki(s.startsAt), expiresAt: toWareki(fields.confirmExpiresAt), confirmUrl: url },
        }),
      ]);
      return { registration };
    });
  }

  /**
   * Step 2: the address confirms with the mailed token (single use, until its expiry). The seat is taken
   * here, under the session's row lock: at the limit exactly one of concurrent confirmations wins.
   */
  async confirm(token: string, receivedAt: Date): Promise<BriefingRegistration> {
    const result = await this.repo.transaction(null, async (m) => {
      const tokenHash = hashLinkToken(token);
      const found = await this.repo.registrationByToken(m, tokenHash);
      if (!found) throw new DomainError('CONFIRMATION_INVALID');
      const s = await this.lockOpenSession(m, found.sessionId, receivedAt);
      // Re-read under the session lock: a concurrent confirmation with the same token has used it by now.
      const r = await this.repo.registrationByIdAndToken(m, found.id, tokenHash);
      if (!r || r.status !== RegistrationStatus.PENDING) throw new DomainError('CONFIRMATION_INVALID');
      if (this.clock.now().getTime() >= r.confirmExpiresAt!.getTime()) throw new DomainError('CONFIRMATION_EXPIRED');
      const n = await this.refuseWhenFull(m, s);
      const now = this.clock.now();
      await this.repo.markConfirmed(m, r.id, now);
      const fiscalYear = await this.fiscalYear(m, s);
      // The acceptance carries no link: the connection details follow at the session's send time (公募要領5), or at
      // once when that time has passed.
      await this.notices.issue(m, [
        this.noticeTo(r, fiscalYear, {
          kind: 'BRIEFING_REGISTRATION_CONFIRMED',
          key: `briefing:${r.id}`,
          vars: {
            sessionTitle: s.title,
            startsAt: toWareki(s.startsAt),
            endsAt: timeOfDay(s.endsAt),
            connectionDetailsAt: toWareki(s.connectionDetailsAt, false),
          },
        }),
      ]);
      if (now.getTime() >= s.connectionDetailsAt.getTime()) await this.sendConnectionDetailsIn(m, s, fiscalYear, now, r.id);
      return { registration: Object.assign(r, { status: RegistrationStatus.CONFIRMED, confirmedAt: this.clock.now() }), full: n + 1 >= s.capacity };
    });
    if (result.full) this.events.emit({ type: 'BRIEFING_SESSION_FULL', sessionId: result.registration.sessionId });
    return result.registration;
  }

  /**
   * The job (on the reminder poll, and the sendBriefingConnectionDetails mutation): mails the connection details to every
   * confirmed registrant of each session whose send time has come and that has not ended, once per registrant. The
   * registration row is the claim (connection_sent_at) and the notice key a second guard: with two instances running
   * at once, each registrant gets one notice. Returns how many notices were issued.
   */
  async sendConnectionDetails(now = this.clock.now()): Promise<number> {
    let issued = 0;
    for (const sessionId of await this.repo.sessionsWithConnectionDue(now)) {
      issued += await this.repo.transaction(SYSTEM_ACTOR, async (m) => {
        const s = await this.repo.lockSession(m, sessionId);
        return s ? this.sendConnectionDetailsIn(m, s, await this.fiscalYear(m, s), now) : 0;
      });
    }
    return issued;
  }

  /** Claims the registrants (all of the session's, or one) not yet sent the details and issues their notices, in `m`. */
  private async sendConnectionDetailsIn(m: EntityManager, s: BriefingSession, fiscalYear: number, now: Date, registrationId?: string): Promise<number> {
    const claimed = await this.repo.claimConnectionDetails(m, s.id, now, registrationId);
    return this.notices.issue(
      m,
      claimed.map((r) =>
        this.noticeTo(r, fiscalYear, {
          kind: 'BRIEFING_CONNECTION_DETAILS',
          key: `briefing-connection:${r.id}`,
          vars: { sessionTitle: s.title, startsAt: toWareki(s.startsAt), endsAt: timeOfDay(s.endsAt), onlineUrl: s.onlineUrl },
        }),
      ),
    );
  }

  /** A notice to a registrant (a person without an account): audience `email:<address>`, erased with the programme's personal data. */
  private noticeTo(r: { name: string; email: string }, fiscalYear: number, n: Pick<NoticeRequest, 'kind' | 'key' | 'vars'>): NoticeRequest {
    return { ...n, addressee: r.name, honorific: '様', audience: `email:${r.email}`, emails: [r.email], fiscalYear };
  }

  private async fiscalYear(m: EntityManager, s: BriefingSession): Promise<number> {
    const [p] = await this.programs.programsByIds([s.programId], m);
    return p.fiscalYear;
  }

  onApplicationBootstrap() {
    if (!this.config.REMINDER_POLL_MS) return;
    this.timer = setInterval(
      () => void this.sendConnectionDetails().catch((e) => this.log.error({ err: (e as Error).message }, 'briefing connection details failed')),
      this.config.REMINDER_POLL_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown() {
    if (this.timer) clearInterval(this.timer);
  }

  /** The session row lock makes the capacity check and the change one step. Refuses when closed. */
  private async lockOpenSession(m: EntityManager, sessionId: string, receivedAt: Date): Promise<BriefingSession> {
    const s = await this.repo.lockSession(m, sessionId);
    if (!s) throw notFound();
    if (s.closedEarlyAt || receivedAt.getTime() >= s.registrationClosesAt.getTime()) {
      throw new DomainError(
        'REGISTRATION_CLOSED',
        { closesAt: s.registrationClosesAt.toISOString() },
        {
          ja: `申込の受付を終了しました（締切：${toWareki(s.registrationClosesAt)}）。`,
          en: `Registration is closed (deadline ${toJstText(s.registrationClosesAt)}).`,
        },
      );
    }
    return s;
  }

  /** Confirmed seats of a locked session; SESSION_FULL at the capacity. */
  private async refuseWhenFull(m: EntityManager, s: BriefingSession): Promise<number> {
    const n = await this.repo.confirmedCount(m, s.id);
    if (n >= s.capacity) throw new DomainError('SESSION_FULL', { capacity: s.capacity });
    return n;
  }

  /** A pending registration past its expiry reads as EXPIRED (its token no longer confirms). */
  statusOf(r: BriefingRegistration): RegistrationStatus {
    return r.status === RegistrationStatus.PENDING && r.confirmExpiresAt && this.clock.now().getTime() >= r.confirmExpiresAt.getTime()
      ? RegistrationStatus.EXPIRED
      : r.status;
  }

  /** Personal data: the secretariat only (it runs the session). */
  async registrations(actor: Actor, sessionId: string, only?: RegistrationStatus.CONFIRMED): Promise<BriefingRegistration[]> {
    onlySecretariat(actor);
    return this.repo.registrations(sessionId, only);
  }
}

/** 14:00: the end of a session on its own day, after 「令和7年2月17日（月）13:00〜」. */
function timeOfDay(d: Date): string {
  return toWareki(d).replace(/^.*）/, '');
}
