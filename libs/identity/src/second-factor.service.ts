import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { Actor, AppConfig, Clock, DomainError, Role } from '@app/core';
import { toActor } from './identity.service';
import { User } from './user.entity';
import { UserRepository } from './user.repository';

/** Who may turn on a second factor: the staff and the evaluators (issue 16). */
export const SECOND_FACTOR_ROLES: readonly Role[] = [Role.SECRETARIAT, Role.MINISTRY, Role.EVALUATOR];

const STEP_SECONDS = 30;
/** A code of the step before or after is accepted too (a phone's clock a little off). */
const WINDOW = 1;
const ISSUER = '地域DX伴走支援';

let processKey: Buffer | undefined;

/**
 * An optional TOTP second factor (RFC 6238, 6 digits, 30 s; the otpauth library). The secret is sealed with AES-256-GCM
 * under a key derived from JWT_SECRET, so a copy of the database alone gives no codes; the audit trail masks it. A code
 * is accepted once (the last used step is kept), and a wrong one counts as a failed sign-in.
 */
@Injectable()
export class SecondFactorService {
  private readonly key: Buffer;

  constructor(
    private readonly users: UserRepository,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    const secret = config.JWT_SECRET;
    this.key = secret ? createHmac('sha256', secret).update('rdx totp seal v1').digest() : (processKey ??= randomBytes(32));
  }

  /** Step 1: a new secret for the account (not yet in force); the app scans the URI or the secret is typed in. */
  async startEnrolment(actor: Actor): Promise<{ secret: string; otpauthUri: string }> {
    this.assertRole(actor);
    const user = await this.users.findById(actor.userId);
    if (!user) throw new DomainError('NOT_FOUND');
    if (user.totpEnabledAt) {
      throw new DomainError('INVALID_STATE', {}, { ja: '2段階認証は既に有効です。', en: 'The second factor is already on.' });
    }
    const secret = new Secret({ size: 20 });
    await this.users.transaction(actor, (m) =>
      this.users.setSecondFactor(m, user.id, { totpSecret: this.seal(secret.base32), totpEnabledAt: null, totpLastStep: null }),
    );
    return { secret: secret.base32, otpauthUri: this.totp(secret.base32, user.email).toString() };
  }

  /** Step 2: a code from the app proves the enrolment; from now on sign-in needs a code. */
  async confirmEnrolment(actor: Actor, code: string): Promise<User> {
    this.assertRole(actor);
    return this.users.transaction(actor, async (m) => {
      const u = await this.users.secondFactorForUpdate(m, actor.userId);
      if (!u?.totpSecret || u.totpEnabledAt) {
        throw new DomainError('INVALID_STATE', {}, { ja: '2段階認証の登録を開始してください。', en: 'Start the enrolment first.' });
      }
      const step = this.acceptedStep(u, code);
      await this.users.setSecondFactor(m, u.id, { totpEnabledAt: this.clock.now(), totpLastStep: String(step) });
      return (await this.users.findByIdIn(m, u.id))!;
    });
  }

  /** Turns the second factor off with a current code (the account's owner only). */
  async disable(actor: Actor, code: string): Promise<User> {
    return this.users.transaction(actor, async (m) => {
      const u = await this.users.secondFactorForUpdate(m, actor.userId);
      if (!u?.totpEnabledAt) throw new DomainError('INVALID_STATE', {}, { ja: '2段階認証は有効ではありません。', en: 'The second factor is not on.' });
      this.acceptedStep(u, code);
      await this.users.setSecondFactor(m, u.id, { totpSecret: null, totpEnabledAt: null, totpLastStep: null });
      return (await this.users.findByIdIn(m, u.id))!;
    });
  }

  /** The secretariat removes a lost second factor (the account enrols again); every session of the account ends. */
  async reset(actor: Actor, userId: string): Promise<User> {
    return this.users.transaction(actor, async (m) => {
      const u = await this.users.secondFactorForUpdate(m, userId);
      if (!u) throw new DomainError('NOT_FOUND');
      await this.users.setSecondFactor(m, u.id, { totpSecret: null, totpEnabledAt: null, totpLastStep: null });
      return (await this.users.updateAccount(m, u.id, {}))!;
    });
  }

  /**
   * At sign-in, after the password: nothing for an account without a second factor; else the code is required
   * (TOTP_REQUIRED) and must be right and unused (TOTP_INVALID, counted as a failed sign-in).
   */
  async verifyAtSignIn(user: User, code: string | undefined): Promise<void> {
    if (!user.totpEnabledAt) return;
    if (!code) throw new DomainError('TOTP_REQUIRED');
    await this.users.transaction(toActor(user), async (m) => {
      const u = await this.users.secondFactorForUpdate(m, user.id);
      if (!u?.totpEnabledAt) return;
      const step = this.acceptedStep(u, code);
      await this.users.setSecondFactor(m, u.id, { totpLastStep: String(step) });
    });
  }

  /** The time step of a right code that was not used before, or TOTP_INVALID. */
  private acceptedStep(u: Pick<User, 'totpSecret' | 'totpLastStep' | 'email'>, code: string): number {
    const delta = /^\d{6}$/.test(code)
      ? this.totp(this.unseal(u.totpSecret!), u.email).validate({ token: code, timestamp: this.clock.now().getTime(), window: WINDOW })
      : null;
    if (delta === null) throw new DomainError('TOTP_INVALID');
    const step = Math.floor(this.clock.now().getTime() / 1000 / STEP_SECONDS) + delta;
    if (u.totpLastStep !== null && step <= Number(u.totpLastStep)) throw new DomainError('TOTP_INVALID');
    return step;
  }

  private totp(base32: string, label: string): TOTP {
    return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: STEP_SECONDS, secret: Secret.fromBase32(base32) });
  }

  private assertRole(actor: Actor): void {
    if (!SECOND_FACTOR_ROLES.includes(actor.role)) throw new DomainError('FORBIDDEN');
  }

  private seal(plain: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  private unseal(sealed: string): string {
    const [, iv, tag, body] = sealed.split('.');
    const d = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8');
  }
}
