import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { Actor, AppConfig, DomainError, Role } from '@app/core';

/**
 * The budgets: a signed-in account's mutations (a secretariat account's on a larger budget of their own), queries and
 * file uploads, anonymous sign-ups per e-mail, and for sign-in: attempts per (e-mail, source), failures per source, an account's failures (which only delay it) and that delay.
 */
export type RateBucket = 'user' | 'staff' | 'query' | 'upload' | 'public' | 'loginPair' | 'loginSource' | 'loginAccount' | 'loginDelay';

/**
 * How each anonymous (PUBLIC in the access table) mutation names the account it acts for. A test checks that
 * every public mutation of the schema is listed here. `login` is counted by the sign-in guard (`LoginThrottle`
 * below), on the arguments the resolver receives.
 */
export const PUBLIC_MUTATION_IDENTITY: Record<string, (args: Record<string, unknown>) => unknown> = {
  login: (a) => (a.input as { email?: unknown } | undefined)?.email,
  registerVendor: (a) => (a.input as { email?: unknown } | undefined)?.email,
  registerForBriefing: (a) => (a.input as { email?: unknown } | undefined)?.email,
  requestPasswordReset: (a) => (a.input as { email?: unknown } | undefined)?.email,
  // Keyed by the token, as a briefing confirmation (a guess finds no link: 256 random bits).
  resetPassword: (a) => (a.input as { token?: unknown } | undefined)?.token,
  // Keyed by the token: it names the registration (a guess cannot find one: 256 random bits).
  confirmBriefingRegistration: (a) => (a.input as { token?: unknown } | undefined)?.token,
  // Draws on no budget (see rateBucketFor): it ends only the caller's own session, at most once.
  logout: () => null,
};

/**
 * The "source" of a sign-in for its limits: the client's IPv4 address, or the /64 of an IPv6 address (one
 * subscriber's network: counting single IPv6 addresses would give each attacker 2^64 budgets).
 */
export function signInSource(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

const normalEmail = (value: unknown) => (typeof value === 'string' ? value.trim().toLowerCase() : '');

/**
 * Which budget a mutation draws on, and under which key (args are the resolved arguments, variables and their
 * defaults applied). Any mutation of a signed-in caller counts per account (a secretariat account's on the staff
 * budget, RATE_LIMIT_STAFF: a round's review is bulk work); an anonymous public mutation per
 * e-mail it gives. `login` is not counted here: the sign-in guard counts it per account and source; `logout` ends the
 * caller's own session (one row, once: the session is refused right after) and clears its cookie, so it draws on no
 * budget (an anonymous one must clear an expired cookie, and a spent budget must not keep anyone signed in). Anything
 * else anonymous is refused by the access guard anyway.
 */
export function rateBucketFor(field: string, actor: Actor | undefined, args: Record<string, unknown>): { bucket: RateBucket; key: string } | null {
  if (field === 'login' || field === 'logout') return null;
  if (actor) return { bucket: actor.role === Role.SECRETARIAT ? 'staff' : 'user', key: actor.userId };
  const identity = PUBLIC_MUTATION_IDENTITY[field];
  if (identity) return { bucket: 'public', key: normalEmail(identity(args)) };
  return null;
}

/**
 * rate-limiter-flexible counters: in memory, or in Redis with REDIS_URL so that every API
 * instance draws on the same budget (with an in-memory insurance limiter if Redis fails, so that a
 * Redis outage does not stop the API). Keys are hashed: no e-mail or IP address is stored in Redis.
 */
@Injectable()
export class RateLimits implements OnApplicationShutdown {
  private readonly redis?: Redis;
  private readonly limiters: Record<RateBucket, RateLimiterAbstract>;
  private readonly freeFailures: number;
  private readonly maxDelaySeconds: number;

  constructor(config: AppConfig) {
    if (config.REDIS_URL) this.redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
    const make = (bucket: RateBucket, points: number, durationSeconds: number): RateLimiterAbstract => {
      const base = { points, duration: durationSeconds, keyPrefix: `rdx-rl-${bucket}` };
      return this.redis
        ? new RateLimiterRedis({ ...base, storeClient: this.redis, insuranceLimiter: new RateLimiterMemory(base) })
        : new RateLimiterMemory(base);
    };
    const setting = (key: Parameters<AppConfig['rateLimit']>[0]) => config.rateLimit(key);
    const user = setting('RATE_LIMIT_USER');
    const staff = setting('RATE_LIMIT_STAFF');
    const pub = setting('RATE_LIMIT_PUBLIC');
    const query = setting('RATE_LIMIT_QUERY');
    const upload = setting('RATE_LIMIT_UPLOAD');
    const login = setting('RATE_LIMIT_LOGIN');
    const source = setting('RATE_LIMIT_LOGIN_SOURCE');
    this.freeFailures = config.LOGIN_FAILURES_BEFORE_DELAY;
    this.maxDelaySeconds = config.LOGIN_DELAY_MAX_SECONDS;
    this.limiters = {
      user: make('user', user.points, user.durationSeconds),
      staff: make('staff', staff.points, staff.durationSeconds),
      public: make('public', pub.points, pub.durationSeconds),
      query: make('query', query.points, query.durationSeconds),
      upload: make('upload', upload.points, upload.durationSeconds),
      loginPair: make('loginPair', login.points, login.durationSeconds),
      loginSource: make('loginSource', source.points, source.durationSeconds),
      // A counter, never refused by itself: its count sets the delay.
      loginAccount: make('loginAccount', 1_000_000_000, login.durationSeconds),
      // One point: blocking the key for n seconds is the delay.
      loginDelay: make('loginDelay', 1, Math.max(1, this.maxDelaySeconds)),
    };
  }

  /** Takes one point from the key's budget, or refuses with RATE_LIMITED and the seconds to wait. */
  async consume(bucket: RateBucket, key: string): Promise<void> {
    try {
      await this.limiters[bucket].consume(hashed(key));
    } catch (e) {
      throw refusal(e);
    }
  }

  /**
   * Before a password is checked: the account's delay (set by recent failures from anyone) must have run out, and
   * one attempt is taken from this source's budget for this account and from its budget across accounts (given back
   * on success, so that only failures count there). Taken before the check, so parallel guesses cannot overrun it.
   */
  async beforeSignIn(email: string, source: string): Promise<void> {
    const account = hashed(`account:${normalEmail(email)}`);
    const delayed = await this.limiters.loginDelay.get(account);
    if (delayed && delayed.consumedPoints > 1) throw new DomainError('RATE_LIMITED', { retryAfterSeconds: secondsOf(delayed) });
    await this.consume('loginPair', `${normalEmail(email)}\n${source}`);
    await this.consume('loginSource', source);
  }

  /** A wrong password (or unknown address): the account's failures grow, and past the free ones it is delayed 1, 2, 4 … s. */
  async signInFailed(email: string): Promise<void> {
    if (this.maxDelaySeconds <= 0) return;
    const account = hashed(`account:${normalEmail(email)}`);
    const failures = (await this.limiters.loginAccount.penalty(account, 1)).consumedPoints;
    if (failures > this.freeFailures) {
      await this.limiters.loginDelay.block(account, Math.min(this.maxDelaySeconds, 2 ** Math.min(30, failures - this.freeFailures - 1)));
    }
  }

  /** The owner signed in: the account's failures and this source's attempts on it are forgotten, the spraying budget given back. */
  async signedIn(email: string, source: string): Promise<void> {
    const account = hashed(`account:${normalEmail(email)}`);
    await Promise.all([
      this.limiters.loginAccount.delete(account),
      this.limiters.loginDelay.delete(account),
      this.limiters.loginPair.delete(hashed(`${normalEmail(email)}\n${source}`)),
      this.limiters.loginSource.reward(hashed(source), 1),
    ]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}

const hashed = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 32);
const secondsOf = (r: RateLimiterRes) => Math.max(1, Math.ceil(r.msBeforeNext / 1000));

function refusal(e: unknown): unknown {
  if (!(e instanceof RateLimiterRes)) return e;
  return new DomainError('RATE_LIMITED', { retryAfterSeconds: secondsOf(e) });
}
