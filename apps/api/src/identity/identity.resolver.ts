import { UseGuards } from '@nestjs/common';
import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { JwtService } from '@nestjs/jwt';
import { Actor } from '@app/core';
import { IdentityService, User as UserEntity } from '@app/identity';
import { CurrentActor } from '../auth/current-user.decorator';
import { GqlLocalGuard } from '../auth/guards';
import type { GqlContext } from '../graphql/context';
import { AuthPayload, User } from './identity.models';
import { CreateAccountInput, LoginInput } from './identity.inputs';

@Resolver(() => User)
export class IdentityResolver {
  constructor(
    private readonly identity: IdentityService,
    private readonly jwt: JwtService,
  ) {}

  @Mutation(() => AuthPayload, { description: 'Password sign-in; returns a bearer token' })
  @UseGuards(GqlLocalGuard)
  login(@Args('input') _input: LoginInput, @Context() ctx: GqlContext): AuthPayload {
    const user = ctx.req.user as unknown as UserEntity;
    return { token: this.jwt.sign({ sub: user.id, role: user.role }), user };
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
