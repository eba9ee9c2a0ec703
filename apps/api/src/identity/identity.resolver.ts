import { UseGuards } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { JwtService } from '@nestjs/jwt';
import { Actor, AppConfig, DomainError } from '@app/core';
import { IdentityService, PasswordResetService, SecondFactorService, User as UserEntity } from '@app/identity';
import { CurrentActor } from '../auth/current-user.decorator';
import { IdPipe } from '../common/id.pipe';
import { RateLimits, signInSource } from '../security/rate-limits';
import { GqlLocalGuard } from '../auth/guards';
import { clearSessionCookie, setSessionCookie } from '../auth/session-cookie';
import type { GqlContext } from '../graphql/context';
import { AuthPayload, TotpEnrolment, User } from './identity.models';
import { ChangePasswordInput, CreateAccountInput, LoginInput, RequestPasswordResetInput, ResetPasswordInput } from './identity.inputs';

@Resolver(() => User)
export class IdentityResolver {
  constructor(
    private readonly identity: IdentityService,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly limits: RateLimits,
    private readonly passwordReset: PasswordResetService,
    private readonly secondFactor: SecondFactorService,
  ) {}

  @ResolveField(() => Boolean, { description: 'Whether sign-in needs a code of an authenticator app (TOTP); staff and evaluators may turn it on' })
  secondFactorEnabled(@Parent() u: UserEntity): boolean {
    return !!u.totpEnabledAt;
  }

  @Mutation(() => TotpEnrolment, {
    description: 'Staff and evaluators: starts a TOTP second factor (RFC 6238, 6 digits, 30 s); in force once confirmTotpEnrolment accepts a code',
  })
  startTotpEnrolment(@CurrentActor() actor: Actor) {
    return this.secondFactor.startEnrolment(actor);
  }

  @Mutation(() => User, { description: 'Confirms the enrolment with a code of the app; from then on sign-in needs a code (LoginInput.otp)' })
  confirmTotpEnrolment(@CurrentActor() actor: Actor, @Args('code', { description: 'The 6-digit code the authenticator app shows now' }) code: string) {
    return this.secondFactor.confirmEnrolment(actor, code.normalize('NFKC').trim());
  }

  @Mutation(() => User, { description: 'Turns the signed-in account’s second factor off, with a current code' })
  disableTotp(@CurrentActor() actor: Actor, @Args('code', { description: 'The 6-digit code the authenticator app shows now' }) code: string) {
    return this.secondFactor.disable(actor, code.normalize('NFKC').trim());
  }

  @Mutation(() => User, { description: 'The secretariat removes an account’s lost second factor; its sessions end and it enrols again' })
  resetSecondFactor(@CurrentActor() actor: Actor, @Args('userId', { type: () => ID, description: 'The account (its id)' }, IdPipe) userId: string) {
    return this.secondFactor.reset(actor, userId);
  }

  @Mutation(() => Boolean, {
    description:
      'Forgotten password: mails a single-use reset link (valid 60 minutes, a newer one replaces it) to the address if an active account has it. Always true: the answer never tells whether an address has an account',
  })
  async requestPasswordReset(
    @Args('input', { description: 'The parameters of this operation (each described on its input type)' }) input: RequestPasswordResetInput,
  ): Promise<boolean> {
    await this.passwordReset.request(input.email);
    return true;
  }

  @Mutation(() => Boolean, {
    description: 'Sets a new password with the mailed link (RESET_LINK_INVALID, RESET_LINK_EXPIRED); every session of the account ends; sign in afterwards',
  })
  async resetPassword(
    @Args('input', { description: 'The parameters of this operation (each described on its input type)' }) input: ResetPasswordInput,
  ): Promise<boolean> {
    await this.passwordReset.reset(input.token, input.newPassword);
    return true;
  }

  @Mutation(() => AuthPayload, { description: 'Password sign-in; returns a bearer token (and sets it as the browser session cookie)' })
  @UseGuards(GqlLocalGuard)
  async login(
    @Args('input', { description: 'The parameters of this operation (each described on its input type)' }) _input: LoginInput,
    @Context() ctx: GqlContext,
  ): Promise<AuthPayload> {
    const user = ctx.req.user as unknown as UserEntity;
    // The rest of this request acts as the account that signed in, as its later requests will (the JWT strategy's actor):
    // the account reading its own name and address in the answer is no audited staff read of someone else's.
    ctx.req.user = (await this.identity.actorOf(user.id)) ?? undefined;
    return this.startSession(user, ctx);
  }

  @Mutation(() => AuthPayload, {
    description: 'Changes the signed-in account’s password (the current one proves it); every other session ends; returns the new session',
  })
  async changePassword(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The parameters of this operation (each described on its input type)' }) input: ChangePasswordInput,
    @Context() ctx: GqlContext,
  ): Promise<AuthPayload> {
    // The current password is guessed here no faster than at sign-in (a stolen session must not become a password oracle).
    const email = (await this.identity.me(actor))?.email ?? '';
    const source = signInSource(ctx.req.ip);
    await this.limits.beforeSignIn(email, source);
    try {
      const user = await this.identity.changePassword(actor, input.currentPassword, input.newPassword);
      await this.limits.signedIn(email, source);
      return this.startSession(user, ctx);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'INVALID_CREDENTIALS') await this.limits.signInFailed(email);
      throw e;
    }
  }

  /** A new session: the token, and the same token as an HttpOnly cookie for the web client (a bearer client ignores it). */
  private startSession(user: UserEntity, ctx: GqlContext): AuthPayload {
    // `sid` names the session, so that signing out can end it on the server (logout). Issued no earlier than the line a
    // password change just drew (the next whole second), so that the session it returns is on the right side of it.
    const notBefore = user.sessionsNotBefore ? Math.floor(user.sessionsNotBefore.getTime() / 1000) : 0;
    const token = this.jwt.sign({ sub: user.id, role: user.role, sid: randomUUID(), iat: Math.max(Math.floor(Date.now() / 1000), notBefore) });
    // Over graphql-ws there is no response to set a cookie on.
    if (ctx.res) setSessionCookie(ctx.req, ctx.res, this.config, token, this.jwt.decode<{ exp?: number }>(token)?.exp);
    return { token, user };
  }

  @Mutation(() => Boolean, {
    description:
      'Signs out: the session (its token, as bearer or cookie) is refused from now on, open subscriptions close, and the browser cookie is cleared. Anonymous callers get true too.',
  })
  async logout(@Context() ctx: GqlContext): Promise<boolean> {
    const actor = ctx.req.user as Actor | undefined;
    if (actor) await this.identity.endSession(actor);
    if (ctx.res) clearSessionCookie(ctx.req, ctx.res, this.config);
    return true;
  }

  @Query(() => User, { description: 'The signed-in account' })
  me(@CurrentActor() actor: Actor) {
    return this.identity.me(actor);
  }

  @Query(() => [User], { description: 'All accounts (secretariat)' })
  accounts() {
    return this.identity.listAccounts();
  }

  @Mutation(() => User, { description: 'Stops an account: it cannot sign in, and its sessions and subscriptions end at once (secretariat; not its own)' })
  deactivateAccount(@CurrentActor() actor: Actor, @Args('userId', { type: () => ID, description: 'The account (its id)' }, IdPipe) userId: string) {
    return this.identity.setAccountActive(actor, userId, false);
  }

  @Mutation(() => User, { description: 'Lets a deactivated account sign in again (its old sessions stay ended)' })
  reactivateAccount(@CurrentActor() actor: Actor, @Args('userId', { type: () => ID, description: 'The account (its id)' }, IdPipe) userId: string) {
    return this.identity.setAccountActive(actor, userId, true);
  }

  @Mutation(() => User, { description: 'Creates an account; officials cannot sign themselves up' })
  createAccount(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The parameters of this operation (each described on its input type)' }) input: CreateAccountInput,
  ) {
    return this.identity.createAccount(input, actor);
  }
}
