import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import * as argon2 from 'argon2';
import { AppConfig, Clock, DomainError, jstDate, toWareki } from '@app/core';
import { hashLinkToken, LinkTokens, NoticeService } from '@app/notifications';
import { User } from './user.entity';
import { UserRepository } from './user.repository';

/** How long an e-mailed reset link works. */
export const RESET_LINK_MINUTES = 60;
/** Links an account may be sent per Japan day through the public form. */
export const RESET_LINKS_PER_DAY = 5;
/** How long the link mailed with a new account works: longer than a reset, as a new account's holder may be away for days. */
export const ACCOUNT_LINK_MINUTES = 7 * 24 * 60;

/**
 * Password reset by an e-mailed link (issue 16). The public form answers the same whatever the address (an attacker learns
 * nothing about which addresses have accounts); a link is single use, short-lived, superseded by a newer one, and ends
 * every session of the account when used. The database never holds the token (LinkTokens), only its hash.
 */
@Injectable()
export class PasswordResetService {
  private readonly publicBaseUrl: string;

  constructor(
    private readonly users: UserRepository,
    private readonly links: LinkTokens,
    private readonly notices: NoticeService,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.publicBaseUrl = config.PUBLIC_BASE_URL.replace(/\/+$/, '');
  }

  /** Mails a reset link to an active account's address; for any other address, nothing (the answer is the same). */
  async request(email: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (!user?.active) return;
    const now = this.clock.now();
    const link = this.links.issue();
    const expiresAt = new Date(now.getTime() + RESET_LINK_MINUTES * 60_000);
    await this.users.transaction(null, async (m) => {
      const dayStart = new Date(`${jstDate(now)}T00:00:00+09:00`);
      if ((await this.users.countPasswordResetsSince(m, user.id, dayStart)) >= RESET_LINKS_PER_DAY) return;
      await this.users.insertPasswordReset(m, { userId: user.id, tokenHash: link.tokenHash, expiresAt, createdAt: now });
      const today = jstDate(now);
      await this.notices.issue(m, [
        {
          kind: 'PASSWORD_RESET_LINK',
          key: `password-reset:${user.id}:${link.tokenHash.slice(0, 16)}`,
          addressee: user.displayName,
          honorific: '様',
          // Mail only: the letter holds a placeholder, not the token, and is listed nowhere in the platform.
          audience: `email:${user.email}`,
          emails: [user.email],
          fiscalYear: Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) < 4 ? 1 : 0),
          vars: { resetUrl: `${this.publicBaseUrl}/password-reset?token=${link.placeholder}`, expiresAt: toWareki(expiresAt) },
        },
      ]);
    });
  }

  /**
   * The link that lets the holder of a newly created account set its first password (no password travels in a file or a
   * mail), in the caller's transaction: the reset flow's single-use link, valid `validMinutes`, with a welcome wording.
   */
  async issueAccountCreatedLink(
    m: EntityManager,
    user: Pick<User, 'id' | 'email' | 'displayName'>,
    validMinutes: number = ACCOUNT_LINK_MINUTES,
  ): Promise<void> {
    const now = this.clock.now();
    const link = this.links.issue();
    const expiresAt = new Date(now.getTime() + validMinutes * 60_000);
    await this.users.insertPasswordReset(m, { userId: user.id, tokenHash: link.tokenHash, expiresAt, createdAt: now });
    const today = jstDate(now);
    await this.notices.issue(m, [
      {
        kind: 'ACCOUNT_CREATED_SET_PASSWORD',
        // The reset flow's key prefix: the link is read and spent exactly as a reset link.
        key: `password-reset:${user.id}:${link.tokenHash.slice(0, 16)}`,
        addressee: user.displayName,
        honorific: '様',
        audience: `email:${user.email}`,
        emails: [user.email],
        fiscalYear: Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) < 4 ? 1 : 0),
        vars: { email: user.email, setPasswordUrl: `${this.publicBaseUrl}/password-reset?token=${link.placeholder}`, expiresAt: toWareki(expiresAt) },
      },
    ]);
  }

  /** Sets the new password with a mailed link; every session of the account ends. */
  async reset(token: string, newPassword: string): Promise<void> {
    const passwordHash = await argon2.hash(newPassword, { type: argon2.argon2id });
    await this.users.transaction(null, async (m) => {
      const r = await this.users.passwordResetForUpdate(m, hashLinkToken(token));
      if (!r || r.spentAt) throw new DomainError('RESET_LINK_INVALID');
      const now = this.clock.now();
      if (now.getTime() >= r.expiresAt.getTime()) throw new DomainError('RESET_LINK_EXPIRED');
      const user = await this.users.findByIdForUpdate(m, r.userId);
      if (!user?.active) throw new DomainError('RESET_LINK_INVALID');
      await this.users.spendPasswordReset(m, r.id, now);
      await this.users.updateAccount(m, user.id, { passwordHash });
    });
  }
}
