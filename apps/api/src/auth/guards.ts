import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AuthGuard } from '@nestjs/passport';
import { Actor, assertMayChange, DomainError, normalizeTypedInput } from '@app/core';
import type { GqlContext } from '../graphql/context';
import { tooManyRequests } from '../security/rate-limit.plugin';
import { RateLimits, signInSource } from '../security/rate-limits';
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
    // Only root fields reach here (no field-resolver enhancers): the table's object fields are enforced by enforceObjectFieldPolicy.
    if (!isRoot) return true;
    if (!allowed) throw new DomainError('FORBIDDEN');
    const ctx = gql.getContext<GqlContext>();
    const authError = (ctx.req as { authError?: unknown }).authError;
    if (authError) throw authError; // INTERNAL_SERVER_ERROR with the request id, not a silent sign-out
    const actor = ctx.req.user as Actor | undefined;
    // Suspension: the vendor's accounts read their own history (the table's ownership rules still apply) and change nothing.
    if (info.parentType.name === 'Mutation' && info.fieldName !== 'login' && info.fieldName !== 'logout') assertMayChange(actor);
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

/** For REST endpoints that change something (uploads), after JwtHttpGuard: a suspended vendor's account is refused. */
@Injectable()
export class MayChangeGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    assertMayChange(context.switchToHttp().getRequest<{ user?: Actor }>().user);
    return true;
  }
}

/**
 * passport-local on the GraphQL login mutation: its arguments (as the resolver receives them, variables and defaults
 * applied) stand in for the form body. Around the password check, the sign-in budgets (`RateLimits`): per (e-mail,
 * source) and per source they refuse; an account's own failures only delay it, so others' failures never lock the owner out.
 */
@Injectable()
export class GqlLocalGuard extends AuthGuard('local') {
  constructor(private readonly limits: RateLimits) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = this.getRequest(context) as { body: { email?: unknown }; ip?: string };
    const email = typeof req.body.email === 'string' ? req.body.email : '';
    const source = signInSource(req.ip);
    try {
      await this.limits.beforeSignIn(email, source);
    } catch (e) {
      throw e instanceof DomainError && e.code === 'RATE_LIMITED' ? tooManyRequests(e) : e;
    }
    try {
      const ok = (await super.canActivate(context)) as boolean;
      await this.limits.signedIn(email, source);
      return ok;
    } catch (e) {
      // A wrong second-factor code counts as a failed sign-in too: six digits must not be guessed faster than a password.
      if (e instanceof DomainError && (e.code === 'INVALID_CREDENTIALS' || e.code === 'TOTP_INVALID')) await this.limits.signInFailed(email);
      throw e;
    }
  }

  override getRequest(context: ExecutionContext) {
    const gql = GqlExecutionContext.create(context);
    const req = gql.getContext<GqlContext>().req;
    const input = gql.getArgs<{ input: { email: unknown; password: string; otp?: unknown } }>().input;
    // The guard runs before the validation pipe: fold the address and the code here as the pipe would (全角 as typed).
    const fold = (kind: 'email' | 'code', v: unknown) => (typeof v === 'string' ? normalizeTypedInput(kind, v) : v);
    req.body = { ...input, email: fold('email', input.email), otp: fold('code', input.otp) };
    return req;
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err instanceof DomainError) throw err;
    if (err || !user) throw new DomainError('INVALID_CREDENTIALS');
    return user;
  }
}
