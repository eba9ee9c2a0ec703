import { Module } from '@nestjs/common';
import { RateLimits } from './rate-limits';

/** Request budgets, for the GraphQL server's plugins. */
@Module({ providers: [RateLimits], exports: [RateLimits] })
export class SecurityModule {}
