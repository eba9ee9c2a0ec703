import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ProgramService } from '@app/calls';
import { Actor, AppConfig, Clock, DomainError, DomainEvents, notFound, onlySecretariat, toJstText, toWareki } from '@app/core';
import { hashLinkToken, LinkTokens, OutboxService } from '@app/notifications';
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
export class BriefingService {
  private readonly freeMail: Set<string>;
  private readonly publicBaseUrl: string;

  constructor(
    private readonly repo: BriefingRepository,
    private readonly outbox: OutboxService,
    private readonly links: LinkTokens,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    private readonly programs: ProgramService,
    config: AppConfig,
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

  async create(actor: Actor, input: Omit<BriefingSession, 'id' | 'createdAt' | 'closedEarlyAt'>): Promise<BriefingSession> {
    onlySecretariat(actor);
    if (!(await this.programs.programsByIds([input.programId])).length) throw notFound();
    if (!(input.startsAt < input.endsAt) || !(input.registrationClosesAt <= input.startsAt) || input.capacity < 1) {
      throw new DomainError(
        'VALIDATION_FAILED',
        { field: 'startsAt' },
        { ja: '日時または定員が正しくありません。', en: 'Times must be ordered (registration ≤ start < end) and the capacity at least 1.' },
      );
    }
    return this.repo.transaction(actor, (m) => this.repo.createSession(m, { ...input, closedEarlyAt: null }));
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
      // The token itself is written into the mail only as it is sent (LinkTokens): the outbox row holds a nonce.
      const url = `${this.publicBaseUrl}/briefing/confirm?token=${link.placeholder}`;
      await this.outbox.enqueue(m, [
        {
          dedupeKey: `briefing-confirm:${registration.id}:${fields.confirmTokenHash.slice(0, 16)}`,
          recipientEmail: email,
          subject: `【${s.title}】参加申込の確認のお願い`,
          body:
            `${name} 様\n\n${s.title}（${toWareki(s.startsAt)}〜）への参加申込を受け付けました。\n` +
            `次のリンクを開き、申込を確定してください（${toWareki(fields.confirmExpiresAt)}まで有効）。確定した方から先着順に席をご用意します。\n${url}\n\n` +
            `お心当たりのない場合は、このメールを破棄してください。申込は確定されず、期限後に削除されます。\n`,
        },
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
      await this.repo.markConfirmed(m, r.id, this.clock.now());
      await this.outbox.enqueue(m, [
        {
          dedupeKey: `briefing:${r.id}`,
          recipientEmail: r.email,
          subject: `【${s.title}】参加申込受付のお知らせ`,
          body: `${r.name} 様\n\n${s.title}への参加申込が確定しました。\n日時：${toWareki(s.startsAt)}〜\n接続先：${s.onlineUrl}\n\n※説明会は録画・記録されます。\n`,
        },
      ]);
      return { registration: Object.assign(r, { status: RegistrationStatus.CONFIRMED, confirmedAt: this.clock.now() }), full: n + 1 >= s.capacity };
    });
    if (result.full) this.events.emit({ type: 'BRIEFING_SESSION_FULL', sessionId: result.registration.sessionId });
    return result.registration;
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
