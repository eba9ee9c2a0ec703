import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, AppConfig, Clock, DomainError, DomainEvents, notFound, onlySecretariat, toWareki } from '@app/core';
import { OutboxService } from '@app/notifications';
import { BriefingRegistration, BriefingSession, RegistrantKind } from './briefing.entities';
import { isFreeMail, loadFreeMailDomains } from './free-mail';

export interface RegistrationInput {
  name: string;
  organisation: string;
  kind: RegistrantKind;
  email: string;
  consentToRecording: boolean;
}

/**
 * 説明会 (公募要領 5): public registration without an account, business e-mail only, one per
 * participant, until the deadline or until full (or closed early), with a confirmation by e-mail.
 */
@Injectable()
export class BriefingService {
  private readonly freeMail: Set<string>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    config: AppConfig,
  ) {
    this.freeMail = loadFreeMailDomains(config.FREE_MAIL_DOMAINS_EXTRA.split(','));
  }

  sessions(programId?: string): Promise<BriefingSession[]> {
    return this.db.getRepository(BriefingSession).find({ where: programId ? { programId } : {}, order: { startsAt: 'ASC' } });
  }

  async session(id: string): Promise<BriefingSession> {
    const s = await this.db.getRepository(BriefingSession).findOne({ where: { id } });
    if (!s) throw notFound();
    return s;
  }

  async registeredCounts(ids: readonly string[]): Promise<Map<string, number>> {
    const rows: Array<{ session_id: string; n: number }> = await this.db.query(
      'SELECT session_id, count(*)::int AS n FROM briefing_registrations WHERE session_id = ANY($1) GROUP BY session_id',
      [[...ids]],
    );
    return new Map(rows.map((r) => [r.session_id, r.n]));
  }

  async create(actor: Actor, input: Omit<BriefingSession, 'id' | 'createdAt' | 'closedEarlyAt'>): Promise<BriefingSession> {
    onlySecretariat(actor);
    if (!(await this.db.query('SELECT 1 FROM programs WHERE id = $1', [input.programId])).length) throw notFound();
    if (!(input.startsAt < input.endsAt) || !(input.registrationClosesAt <= input.startsAt) || input.capacity < 1) {
      throw new DomainError(
        'VALIDATION_FAILED',
        { field: 'startsAt' },
        { ja: '日時または定員が正しくありません。', en: 'Times must be ordered (registration ≤ start < end) and the capacity at least 1.' },
      );
    }
    const repo = this.db.getRepository(BriefingSession);
    return repo.save(repo.create({ ...input, closedEarlyAt: null }));
  }

  /** The secretariat may close registration before the deadline (申込者多数の場合). */
  async closeEarly(actor: Actor, id: string): Promise<BriefingSession> {
    onlySecretariat(actor);
    const s = await this.session(id);
    s.closedEarlyAt = s.closedEarlyAt ?? this.clock.now();
    return this.db.getRepository(BriefingSession).save(s);
  }

  async register(input: RegistrationInput, sessionId: string, receivedAt: Date): Promise<{ registration: BriefingRegistration; full: boolean }> {
    const result = await this.registerInTransaction(input, sessionId, receivedAt);
    if (result.full) this.events.emit({ type: 'BRIEFING_SESSION_FULL', sessionId });
    return result;
  }

  private async registerInTransaction(
    input: RegistrationInput,
    sessionId: string,
    receivedAt: Date,
  ): Promise<{ registration: BriefingRegistration; full: boolean }> {
    if (input.kind === RegistrantKind.OTHER) throw new DomainError('NOT_ELIGIBLE', { field: 'kind' });
    if (input.consentToRecording !== true) {
      throw new DomainError(
        'CONSENT_REQUIRED',
        { field: 'consentToRecording' },
        { ja: '説明会の録画・記録の保存への同意が必要です。', en: 'Consent to the recording of the session is required.' },
      );
    }
    const email = input.email.trim().toLowerCase();
    if (isFreeMail(email, this.freeMail)) throw new DomainError('FREE_MAIL_ADDRESS', { field: 'email', domain: email.split('@')[1] });
    return this.db.transaction(async (m) => {
      // The session row lock makes the capacity check and the insert one step: at the limit, exactly one wins.
      const s = await m.getRepository(BriefingSession).createQueryBuilder('s').setLock('pessimistic_write').where('s.id = :id', { id: sessionId }).getOne();
      if (!s) throw notFound();
      if (s.closedEarlyAt || receivedAt.getTime() >= s.registrationClosesAt.getTime()) {
        throw new DomainError(
          'REGISTRATION_CLOSED',
          { closesAt: s.registrationClosesAt.toISOString() },
          {
            ja: `申込の受付を終了しました（締切：${toWareki(s.registrationClosesAt)}）。`,
            en: `Registration is closed (deadline ${s.registrationClosesAt.toISOString()}).`,
          },
        );
      }
      const [{ n }] = await m.query('SELECT count(*)::int AS n FROM briefing_registrations WHERE session_id = $1', [s.id]);
      if (n >= s.capacity) throw new DomainError('SESSION_FULL', { capacity: s.capacity });
      if (await m.getRepository(BriefingRegistration).findOne({ where: { sessionId: s.id, email } })) {
        throw new DomainError(
          'DUPLICATE',
          { field: 'email' },
          {
            ja: 'このメールアドレスでは既にお申し込みいただいています（お一人につき1申込）。',
            en: 'This e-mail address is already registered (one registration per participant).',
          },
        );
      }
      const repo = m.getRepository(BriefingRegistration);
      const registration = await repo.save(
        repo.create({ sessionId: s.id, name: input.name, organisation: input.organisation, kind: input.kind, email, consentToRecording: true }),
      );
      await this.outbox.enqueue(m, [
        {
          dedupeKey: `briefing:${registration.id}`,
          recipientEmail: email,
          subject: `【${s.title}】参加申込受付のお知らせ`,
          body: `${input.name} 様\n\n${s.title}への参加申込を受け付けました。\n日時：${toWareki(s.startsAt)}〜\n接続先：${s.onlineUrl}\n\n※説明会は録画・記録されます。\n`,
        },
      ]);
      return { registration, full: n + 1 >= s.capacity };
    });
  }

  /** Personal data: the secretariat only (it runs the session). */
  async registrations(actor: Actor, sessionId: string): Promise<BriefingRegistration[]> {
    onlySecretariat(actor);
    return this.db.getRepository(BriefingRegistration).find({ where: { sessionId }, order: { registeredAt: 'ASC' } });
  }
}
