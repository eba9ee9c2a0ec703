import { UseGuards } from '@nestjs/common';
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
  async login(@Args('input') _input: LoginInput, @Context() ctx: GqlContext): Promise<AuthPayload> {
    const user = ctx.req.user as unknown as UserEntity;
    // The rest of this request acts as the account that signed in, as its later requests will (the JWT strategy's actor):
    // the account reading its own name and address in the answer is no audited staff read of someone else's.
    ctx.req.user = (await this.identity.actorOf(user.id)) ?? undefined;
    const token = this.jwt.sign({ sub: user.id, role: user.role });
    // The same token as an HttpOnly cookie for the web client; a bearer client ignores it. Over graphql-ws there is no response.
    if (ctx.res) setSessionCookie(ctx.req, ctx.res, this.config, token, this.jwt.decode<{ exp?: number }>(token)?.exp);
    return { token, user };
  }

  @Mutation(() => Boolean, {
    description: 'Ends the browser session: clears the session cookie. Tokens are stateless: a bearer client forgets its own token.',
  })
  logout(@Context() ctx: GqlContext): boolean {
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
