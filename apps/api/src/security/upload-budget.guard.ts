import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Actor } from '@app/core';
import { RateLimits } from './rate-limits';

/**
 * Takes one upload from the account's RATE_LIMIT_UPLOAD budget. A guard, so that it runs after the token check
 * and before the multipart body is read: a refused upload costs no parsing (429 RATE_LIMITED with Retry-After).
 */
@Injectable()
export class UploadBudgetGuard implements CanActivate {
  constructor(private readonly limits: RateLimits) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { user } = context.switchToHttp().getRequest<{ user: Actor }>();
    await this.limits.consume('upload', user.userId);
    return true;
  }
}
