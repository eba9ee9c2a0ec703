import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { Actor, AppConfig, DomainError } from '@app/core';

/**
 * The budgets: a signed-in account's mutations, sign-in attempts per e-mail, anonymous sign-ups per e-mail, a
 * signed-in account's queries, and its file uploads.
 */
export type RateBucket = 'user' | 'login' | 'public' | 'query' | 'upload';

const SETTING = {
  user: 'RATE_LIMIT_USER',
  login: 'RATE_LIMIT_LOGIN',
  public: 'RATE_LIMIT_PUBLIC',
  query: 'RATE_LIMIT_QUERY',
  upload: 'RATE_LIMIT_UPLOAD',
} as const;

/**
 * How each anonymous (PUBLIC in the access table) mutation names the account it acts for. A test checks that
 * every public mutation of the schema is listed here.
 */
export const PUBLIC_MUTATION_IDENTITY: Record<string, (args: Record<string, unknown>) => unknown> = {
  login: (a) => (a.input as { email?: unknown } | undefined)?.email,
  registerVendor: (a) => (a.input as { email?: unknown } | undefined)?.email,
  registerForBriefing: (a) => (a.input as { email?: unknown } | undefined)?.email,
  // Keyed by the token: it names the registration (a guess cannot find one: 256 random bits).
  confirmBriefingRegistration: (a) => (a.input as { token?: unknown } | undefined)?.token,
};

/**
 * Which budget a mutation draws on, and under which key: never the IP address, since several
 * prefectures reach the API through one government network exit. `login` counts per e-mail tried,
 * whoever asks; any other mutation of a signed-in caller counts per account; an anonymous public
 * mutation per e-mail it gives. Anything else anonymous is refused by the access guard anyway.
 */
export function rateBucketFor(field: string, actor: Actor | undefined, args: Record<string, unknown>): { bucket: RateBucket; key: string } | null {
  const identity = PUBLIC_MUTATION_IDENTITY[field]?.(args);
  const email = typeof identity === 'string' ? identity.trim().toLowerCase() : '';
  if (field === 'login') return { bucket: 'login', key: email };
  if (actor) return { bucket: 'user', key: actor.userId };
  if (PUBLIC_MUTATION_IDENTITY[field]) return { bucket: 'public', key: email };
  return null;
}

/**
 * rate-limiter-flexible counters: in memory, or in Redis with REDIS_URL so that every API
 * instance draws on the same budget (with an in-memory insurance limiter if Redis fails, so that a
 * Redis outage does not stop the API). Keys are hashed: no e-mail address is stored in Redis.
 */
@Injectable()
export class RateLimits implements OnApplicationShutdown {
  private readonly redis?: Redis;
  private readonly limiters: Record<RateBucket, RateLimiterAbstract>;

  constructor(config: AppConfig) {
    if (config.REDIS_URL) this.redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
    const make = (bucket: RateBucket): RateLimiterAbstract => {
      const { points, durationSeconds } = config.rateLimit(SETTING[bucket]);
      const base = { points, duration: durationSeconds, keyPrefix: `rdx-rl-${bucket}` };
      return this.redis
        ? new RateLimiterRedis({ ...base, storeClient: this.redis, insuranceLimiter: new RateLimiterMemory(base) })
        : new RateLimiterMemory(base);
    };
    this.limiters = { user: make('user'), login: make('login'), public: make('public'), query: make('query'), upload: make('upload') };
  }

  /** Takes one point from the key's budget, or refuses with RATE_LIMITED and the seconds to wait. */
  async consume(bucket: RateBucket, key: string): Promise<void> {
    try {
      await this.limiters[bucket].consume(createHash('sha256').update(key).digest('hex').slice(0, 32));
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      const retryAfterSeconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
      throw new DomainError('RATE_LIMITED', { retryAfterSeconds });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}
