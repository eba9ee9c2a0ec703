import { UseGuards } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { JwtService } from '@nestjs/jwt';
import { Actor, AppConfig } from '@app/core';
import { IdentityService, User as UserEntity } from '@app/identity';
import { CurrentActor } from '../auth/current-user.decorator';
import { GqlLocalGuard } from '../auth/guards';
import { clearSessionCookie, setSessionCookie } from '../auth/session-cookie';
import type { GqlContext } from '../graphql/context';
import { AuthPayload, User } from './identity.models';
import { CreateAccountInput, LoginInput } from './identity.inputs';

@Resolver(() => User)
export class IdentityResolver {
  constructor(
    private readonly identity: IdentityService,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  @Mutation(() => AuthPayload, { description: 'Password sign-in; returns a bearer token (and sets it as the browser session cookie)' })
  @UseGuards(GqlLocalGuard)
  login(@Args('input') _input: LoginInput, @Context() ctx: GqlContext): AuthPayload {
    const user = ctx.req.user as unknown as UserEntity;
    // `sid` names the session, so that signing out can end it on the server (logout).
    const token = this.jwt.sign({ sub: user.id, role: user.role, sid: randomUUID() });
    // The same token as an HttpOnly cookie for the web client; a bearer client ignores it. Over graphql-ws there is no response.
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

  @Mutation(() => User, { description: 'Creates an account; officials cannot sign themselves up' })
  createAccount(@CurrentActor() actor: Actor, @Args('input') input: CreateAccountInput) {
    return this.identity.createAccount(input, actor);
  }
}
