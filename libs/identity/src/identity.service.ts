import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import * as argon2 from 'argon2';
import { Actor, DomainError, Role, SessionClaims, Writer } from '@app/core';
import { MasterDataService } from '@app/master-data';
import { User } from './user.entity';
import { UserRepository } from './user.repository';
import { VendorStanding } from './vendor-standing';
import { ActorCache } from './actor-cache';

export interface NewAccount {
  email: string;
  displayName: string;
  password: string;
  role: Role;
  prefectureCode?: string | null;
  municipalityCode?: string | null;
  vendorId?: string | null;
  evaluatorId?: string | null;
}

// Verified against when the e-mail is unknown, so that both paths cost one argon2 verify.
const DUMMY_HASH = '$argon2id$v=19$m=65536,p=4,t=3$tyiz69cDncPVyIzpRIpQyQ$UDwxVQAhDA9O9vXlMqolhqxbhuLFkOuZe+4JCRqHwZo';

export const toActor = (u: User, vendorStatus?: string | null): Actor => ({
  userId: u.id,
  role: u.role,
  prefectureCode: u.prefectureCode,
  municipalityCode: u.municipalityCode,
  vendorId: u.vendorId,
  evaluatorId: u.evaluatorId,
  vendorSuspended: vendorStatus === 'SUSPENDED',
});

@Injectable()
export class IdentityService {
  constructor(
    private readonly users: UserRepository,
    private readonly masterData: MasterDataService,
    private readonly vendors: VendorStanding,
  ) {}

  private readonly actors = new ActorCache();

  async verifyPassword(email: string, password: string): Promise<User> {
    const user = await this.users.findByEmail(email);
    const ok = await argon2.verify(user?.passwordHash ?? DUMMY_HASH, password).catch(() => false);
    if (!user || !ok || !user.active) throw new DomainError('INVALID_CREDENTIALS');
    return user;
  }

  /** The account if it is active and, given a session, that session was neither signed out nor ended by the account's change. */
  async activeUser(id: string, session?: SessionClaims): Promise<User | null> {
    const u = await this.users.findForSession(id, session);
    return u?.active ? u : null;
  }

  /**
   * The actor of a bearer token: an active account in a live session, with its vendor's suspension. Given the actors'
   * data version read for the request (`DataVersionReader`), the actor kept under that version is answered without a
   * read (ActorCache: any change to accounts, sessions or vendors bumps the version); without one, read afresh.
   */
  async actorOf(id: string, session?: SessionClaims, actorsVersion?: bigint): Promise<Actor | null> {
    const kept = actorsVersion === undefined ? undefined : this.actors.get(actorsVersion, id, session);
    const actor = kept !== undefined ? kept : await this.readActor(id, session);
    if (kept === undefined && actorsVersion !== undefined) this.actors.set(actorsVersion, id, session, actor);
    return actor && session ? { ...actor, session } : actor;
  }

  private async readActor(id: string, session?: SessionClaims): Promise<Actor | null> {
    const u = await this.activeUser(id, session);
    if (!u) return null;
    return toActor(u, u.vendorId ? await this.vendors.statusOf(u.vendorId) : null);
  }

  /** Signing out: the session's token is refused from now on, by every instance (it is read with the account). */
  async endSession(actor: Actor): Promise<void> {
    const s = actor.session;
    if (!s) return;
    await this.users.transaction(actor, (m) => this.users.revokeSession(m, { sessionId: s.id, userId: actor.userId, expiresAt: new Date(s.expiresAt * 1000) }));
  }

  /** For self-registration: whether the address already has an account (never told to the caller). */
  accountByEmail(email: string, m?: EntityManager): Promise<User | null> {
    return this.users.findByEmail(email, m);
  }

  /** The cost of one password hash, spent where no account is created, so both answers take as long. */
  async spendPasswordHash(password: string): Promise<void> {
    await argon2.hash(password, { type: argon2.argon2id });
  }

  /**
   * The signed-in user changes its password, proving the current one. Every session of the account issued before ends
   * (another device, a stolen token); the caller signs the answer's new session.
   */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<User> {
    const user = await this.users.findById(actor.userId);
    if (!user || !(await argon2.verify(user.passwordHash, currentPassword).catch(() => false))) {
      throw new DomainError(
        'INVALID_CREDENTIALS',
        { field: 'currentPassword' },
        { ja: '現在のパスワードが正しくありません。', en: 'The current password is wrong.' },
      );
    }
    if (currentPassword === newPassword) {
      throw new DomainError(
        'VALIDATION_FAILED',
        { field: 'newPassword' },
        { ja: '新しいパスワードは現在のものと異なるものにしてください。', en: 'The new password must differ from the current one.' },
      );
    }
    const passwordHash = await argon2.hash(newPassword, { type: argon2.argon2id });
    return (await this.users.transaction(actor, (m) => this.users.updateAccount(m, user.id, { passwordHash })))!;
  }

  /**
   * The secretariat stops (or restores) an account: a deactivated one cannot sign in, and its sessions end at once (tokens,
   * cookies and sockets: they are read with the account). The secretariat cannot deactivate its own account, so that the
   * last secretariat cannot lock everyone out.
   */
  async setAccountActive(actor: Actor, userId: string, active: boolean): Promise<User> {
    // Who may: the access table (Mutation.deactivateAccount / reactivateAccount: the secretariat).
    if (!active && userId === actor.userId) {
      throw new DomainError(
        'VALIDATION_FAILED',
        { field: 'userId' },
        { ja: '自分自身のアカウントは停止できません。', en: 'You cannot deactivate your own account.' },
      );
    }
    const user = await this.users.transaction(actor, async (m) => {
      const found = await this.users.findByIdForUpdate(m, userId);
      if (!found) throw new DomainError('NOT_FOUND');
      return found.active === active ? found : this.users.updateAccount(m, userId, { active });
    });
    return user!;
  }

  /** A vendor's accounts stop (or start again) signing in, in the caller's transaction. */
  setVendorAccountsActive(vendorId: string, active: boolean, m: EntityManager): Promise<void> {
    return this.users.setActiveForVendor(vendorId, active, m);
  }

  me(actor: Actor): Promise<User | null> {
    return this.users.findById(actor.userId);
  }

  /** Active users of the given vendors, for notifications. */
  /** Inside the caller's transaction when `m` is given (a notice issued with the decision). */
  usersOfVendors(vendorIds: readonly string[], m?: EntityManager): Promise<User[]> {
    return vendorIds.length ? this.users.activeOfVendors(vendorIds, m) : Promise.resolve([]);
  }

  listAccounts(): Promise<User[]> {
    return this.users.list();
  }

  /**
   * Officials' accounts are created by the secretariat only: there is no self sign-up for them. `by` is the transaction the account is created in, or who creates it (the secretariat; the system for the first
   * account and the demo), recorded in the audit trail.
   */
  async createAccount(input: NewAccount, by: EntityManager | Writer): Promise<User> {
    const outer = by instanceof EntityManager ? by : undefined;
    // Master data is read and the password hashed before any transaction of ours (PGlite lends its one session to one
    // transaction at a time, and no transaction should wait on argon2).
    await this.checkBinding(input, outer);
    const passwordHash = await argon2.hash(input.password, { type: argon2.argon2id });
    if (outer) return this.insertAccount(input, passwordHash, outer);
    return this.users.transaction(by as Writer, (m) => this.insertAccount(input, passwordHash, m));
  }

  private async insertAccount(input: NewAccount, passwordHash: string, m: EntityManager): Promise<User> {
    if (await this.users.findByEmail(input.email, m)) {
      throw new DomainError(
        'DUPLICATE',
        { field: 'email' },
        { ja: 'このメールアドレスは既に登録されています。', en: 'This e-mail address is already registered.' },
      );
    }
    return this.users.insert(
      {
        email: input.email.toLowerCase(),
        displayName: input.displayName,
        passwordHash,
        role: input.role,
        prefectureCode: input.prefectureCode ?? null,
        municipalityCode: input.municipalityCode ?? null,
        vendorId: input.vendorId ?? null,
        evaluatorId: input.evaluatorId ?? null,
      },
      m,
    );
  }

  /** Each role is bound to exactly the organisation it acts for. */
  private async checkBinding(a: NewAccount, m?: EntityManager): Promise<void> {
    const bad = (field: string, ja: string, en: string) => new DomainError('VALIDATION_FAILED', { field }, { ja, en });
    if (a.role === Role.PREFECTURE) {
      if (!a.prefectureCode) throw bad('prefectureCode', '都道府県のアカウントには都道府県コードが必要です。', 'A prefecture account needs a prefectureCode.');
      const [p] = await this.masterData.prefecturesByCodes([a.prefectureCode]);
      if (!p) throw bad('prefectureCode', '都道府県コードが正しくありません。', 'Unknown prefectureCode.');
      a.municipalityCode = null;
    } else if (a.role === Role.MUNICIPALITY) {
      if (!a.municipalityCode)
        throw bad('municipalityCode', '市区町村のアカウントには団体コードが必要です。', 'A municipality account needs a municipalityCode.');
      const [m] = await this.masterData.municipalitiesByCodes([a.municipalityCode]);
      if (!m || !m.isBasic) throw bad('municipalityCode', '団体コードが正しくありません。', 'Unknown municipalityCode.');
      a.prefectureCode = m.prefectureCode;
    } else if (a.role === Role.VENDOR) {
      if (!a.vendorId) throw bad('vendorId', '事業者のアカウントには事業者IDが必要です。', 'A vendor account needs a vendorId.');
      if ((await this.vendors.statusOf(a.vendorId, m)) === null) throw bad('vendorId', '事業者が見つかりません。', 'Unknown vendorId.');
      a.prefectureCode = a.municipalityCode = null;
    } else if (a.role === Role.EVALUATOR && !a.evaluatorId) {
      throw bad('role', '評価委員は createEvaluator で登録してください。', 'Create evaluators with createEvaluator (it makes their profile too).');
    } else {
      a.prefectureCode = a.municipalityCode = null;
    }
  }
}
