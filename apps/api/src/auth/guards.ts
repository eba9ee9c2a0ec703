import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AuthGuard } from '@nestjs/passport';
import { Actor, DomainError } from '@app/core';
import type { GqlContext } from '../graphql/context';
import { allowedRoles, PUBLIC, ROOT_TYPES } from './access-policy';

/**
 * The one global guard: the bearer token (if any) becomes the actor, then the access table
 * (access-policy.ts) decides by role. Root fields missing from the table are refused, so a
 * forgotten entry fails closed; ownership is then checked where the object is loaded.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true; // REST routes carry their own guards
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo();
    const isRoot = (ROOT_TYPES as readonly string[]).includes(info.parentType.name);
    const allowed = allowedRoles(info.parentType.name, info.fieldName);
    // Only root fields reach here (no field-resolver enhancers): sensitive object fields apply their rule in their resolvers.
    if (!isRoot) return true;
    if (!allowed) throw new DomainError('FORBIDDEN');
    const ctx = gql.getContext<GqlContext>();
    const authError = (ctx.req as { authError?: unknown }).authError;
    if (authError) throw authError; // INTERNAL_SERVER_ERROR with the request id, not a silent sign-out
    const actor = ctx.req.user as Actor | undefined;
    if (allowed.includes(PUBLIC)) return true;
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (!allowed.includes(actor.role)) throw new DomainError('FORBIDDEN');
    return true;
  }
}

/** For REST endpoints (uploads): a valid bearer token is required. */
@Injectable()
export class JwtHttpGuard extends AuthGuard('jwt') {
  override handleRequest<T>(err: unknown, user: T): T {
    if (err || !user) throw new DomainError('UNAUTHENTICATED');
    return user;
  }
}

/** passport-local on the GraphQL login mutation: its arguments stand in for the form body. */
@Injectable()
export class GqlLocalGuard extends AuthGuard('local') {
  override getRequest(context: ExecutionContext) {
    const gql = GqlExecutionContext.create(context);
    const req = gql.getContext<GqlContext>().req;
    req.body = { ...gql.getArgs<{ input: { email: string; password: string } }>().input };
    return req;
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err instanceof DomainError) throw err;
    if (err || !user) throw new DomainError('INVALID_CREDENTIALS');
    return user;
  }
}
