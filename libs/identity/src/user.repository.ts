import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, MoreThanOrEqual } from 'typeorm';
import { inWriteTransaction, Writer } from '@app/core';
import { User } from './user.entity';
import { PasswordResetRequest } from './password-reset.entity';

@Injectable()
export class UserRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findByEmail(email: string, m: EntityManager = this.db.manager): Promise<User | null> {
    return m.getRepository(User).findOne({ where: { email: email.toLowerCase() } });
  }

  /** Which of these (lower-case) addresses already have an account. */
  async registeredEmails(emails: readonly string[], m: EntityManager = this.db.manager): Promise<Set<string>> {
    if (!emails.length) return new Set();
    const rows = await m
      .getRepository(User)
      .createQueryBuilder('u')
      .select('u.email', 'email')
      .where('u.email = ANY(:emails)', { emails: [...emails] })
      .getRawMany<{ email: string }>();
    return new Set(rows.map((r) => r.email));
  }

  findById(id: string): Promise<User | null> {
    return this.db.getRepository(User).findOne({ where: { id } });
  }

  /**
   * The account, unless the session was signed out or the account's sessions were ended after the token was issued: one
   * statement, the one every request already made.
   */
  findForSession(id: string, session: { id: string; issuedAt: number } | undefined): Promise<User | null> {
    if (!session) return this.findById(id);
    return this.db
      .getRepository(User)
      .createQueryBuilder('u')
      .where('u.id = :id', { id })
      .andWhere('(u.sessions_not_before IS NULL OR u.sessions_not_before <= to_timestamp(:iat))', { iat: session.issuedAt })
      .andWhere('NOT EXISTS (SELECT 1 FROM revoked_sessions r WHERE r.session_id = :sid)', { sid: session.id })
      .getOne();
  }

  /**
   * Sets the account's password hash, activity or both, and ends its sessions issued until now: tokens carry whole seconds
   * (iat), so the line is drawn at the next whole second, and a token issued in this very second ends too.
   */
  async updateAccount(m: EntityManager, id: string, change: { passwordHash?: string; active?: boolean }): Promise<User | null> {
    await m
      .getRepository(User)
      .createQueryBuilder()
      .update()
      .set({ ...change, sessionsNotBefore: () => "date_trunc('second', now()) + interval '1 second'" })
      .where('id = :id', { id })
      .execute();
    return m.getRepository(User).findOne({ where: { id } });
  }

  findByIdForUpdate(m: EntityManager, id: string): Promise<User | null> {
    return m.getRepository(User).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Ends a session; expired entries go at the same time (their tokens are refused by their expiry anyway). */
  async revokeSession(m: EntityManager, s: { sessionId: string; userId: string; expiresAt: Date }): Promise<void> {
    await m.query('DELETE FROM revoked_sessions WHERE expires_at < now()');
    await m.query('INSERT INTO revoked_sessions (session_id, user_id, expires_at) VALUES ($1, $2, $3) ON CONFLICT (session_id) DO NOTHING', [
      s.sessionId,
      s.userId,
      s.expiresAt,
    ]);
  }

  async setActiveForVendor(vendorId: string, active: boolean, m: EntityManager): Promise<void> {
    await m.getRepository(User).update({ vendorId }, { active });
  }

  /** The active accounts of these vendors, by e-mail address. */
  activeOfVendors(vendorIds: readonly string[], m?: EntityManager): Promise<User[]> {
    return (m ?? this.db.manager)
      .getRepository(User)
      .createQueryBuilder('u')
      .where('u.active AND u.vendor_id = ANY(:ids)', { ids: [...vendorIds] })
      .orderBy('u.email', 'ASC')
      .getMany();
  }

  list(): Promise<User[]> {
    return this.db.getRepository(User).find({ order: { role: 'ASC', email: 'ASC' } });
  }

  /** A write's unit of work, recorded in the audit trail as `writer`'s. */
  transaction<T>(writer: Writer, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return inWriteTransaction(this.db, writer, work);
  }

  async insert(user: Partial<User>, m: EntityManager): Promise<User> {
    return m.getRepository(User).save(m.getRepository(User).create(user));
  }

  /** A new reset link for the account; its earlier unspent links stop working (only the newest mail counts). */
  async insertPasswordReset(m: EntityManager, r: { userId: string; tokenHash: string; expiresAt: Date; createdAt: Date }): Promise<void> {
    await m.getRepository(PasswordResetRequest).update({ userId: r.userId, spentAt: IsNull() }, { spentAt: r.createdAt });
    await m.getRepository(PasswordResetRequest).insert({ ...r, spentAt: null });
  }

  /** How many reset links the account was sent since `since` (a mailbox is not flooded through the public form). */
  countPasswordResetsSince(m: EntityManager, userId: string, since: Date): Promise<number> {
    return m.getRepository(PasswordResetRequest).count({ where: { userId, createdAt: MoreThanOrEqual(since) } });
  }

  /** The link by its token's hash, row-locked: two uses of one link at once, one wins. */
  passwordResetForUpdate(m: EntityManager, tokenHash: string): Promise<PasswordResetRequest | null> {
    return m.getRepository(PasswordResetRequest).findOne({ where: { tokenHash }, lock: { mode: 'pessimistic_write' } });
  }

  async spendPasswordReset(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.getRepository(PasswordResetRequest).update({ id }, { spentAt: at });
  }

  /** The account with its second factor's secret and last step (not selected otherwise), row-locked. */
  secondFactorForUpdate(m: EntityManager, id: string): Promise<User | null> {
    return m
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect(['u.totpSecret', 'u.totpLastStep'])
      .where('u.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  async setSecondFactor(m: EntityManager, id: string, change: Partial<Pick<User, 'totpSecret' | 'totpEnabledAt' | 'totpLastStep'>>): Promise<void> {
    await m.getRepository(User).update({ id }, change);
  }

  findByIdIn(m: EntityManager, id: string): Promise<User | null> {
    return m.getRepository(User).findOne({ where: { id } });
  }
}
