import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

const RATE = /^[1-9]\d{0,8}\/[1-9]\d{0,6}$/;

/** The test suite's own budgets unless a test sets them: many accounts act fast, and limit tests set small ones. */
const TEST_RATE_LIMIT = '1000000/60';

/**
 * Every setting the process reads from its environment, validated once at start-up so that a
 * typo stops the process with a clear message instead of failing at the first request.
 */
export class AppConfig {
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  /** Embedded PGlite data folder (used only without DATABASE_URL); 'memory' keeps it in memory. */
  @IsString()
  DATA_DIR = './data';

  /**
   * Where the signed heads of the audit trail are appended (one JSON line per sealed head), outside
   * the database so that its superuser cannot truncate or re-hash the chain unnoticed. Default:
   * audit-heads.jsonl in DATA_DIR (kept in memory when DATA_DIR is 'memory').
   */
  @IsOptional()
  @IsString()
  AUDIT_HEADS_FILE?: string;

  @Transform(({ value }) => (value === undefined ? 3000 : Number(value)))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  /** HMAC secret for JWTs. Required in production; development gets a fixed, loudly logged default. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsString()
  JWT_EXPIRES_IN = '8h';

  /** Ed25519 private key (PKCS#8 PEM; literal \\n allowed) that signs submission receipts. Required in production. */
  @IsOptional()
  @IsString()
  RECEIPT_SIGNING_KEY?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /**
   * Load the demo programme, call, accounts and applications on start when the database is empty. On by default
   * outside production; never in production (its accounts share a published password): refused at start if asked for.
   */
  @Transform(({ value }) => value === undefined || value === 'true' || value === '1' || value === true)
  DEMO_DATA = true;

  @Transform(({ value }) => (value === undefined ? 10 * 1024 * 1024 : Number(value)))
  @IsInt()
  @Min(1024)
  UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

  @IsOptional()
  @IsString()
  UPLOAD_DIR?: string;

  /**
   * How long the body of a request (GraphQL and every route but uploads) may take to arrive after its headers, in
   * ms; slower bodies are refused with 408 REQUEST_TIMEOUT. Arrival time is taken when the body is complete.
   */
  @Transform(({ value }) => (value === undefined ? 10_000 : Number(value)))
  @IsInt()
  @Min(100)
  REQUEST_BODY_TIMEOUT_MS = 10_000;

  /** How long a whole request, headers and body, may take to arrive: the bound of uploads (POST /documents), in ms. */
  @Transform(({ value }) => (value === undefined ? 120_000 : Number(value)))
  @IsInt()
  @Min(1000)
  UPLOAD_TIMEOUT_MS = 120_000;

  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL?: string;

  /**
   * Mutation budgets as "points/seconds", counted per account (several prefectures reach us through one government
   * network exit, so an address alone never decides): every mutation of a signed-in user; the other public mutations
   * (registerVendor, registerForBriefing) per e-mail address given; `login` per (e-mail tried, source) and, for failures
   * only, per source across accounts, while an account's own failures only delay it. Shared through Redis with REDIS_URL.
   */
  @Matches(RATE, { message: 'RATE_LIMIT_USER must look like 120/60 (points/seconds)' })
  RATE_LIMIT_USER = '120/60';

  /**
   * Mutations of a secretariat account, per account, instead of RATE_LIMIT_USER: a round's bulk work (checks, hearings,
   * adoptions of dozens of applications) is staff work, not the public's, and must not be throttled like it.
   */
  @Matches(RATE, { message: 'RATE_LIMIT_STAFF must look like 1200/60 (points/seconds)' })
  RATE_LIMIT_STAFF = '1200/60';

  /** Sign-in attempts per e-mail address tried from one source (client IP): beyond it that source is refused for the window. */
  @Matches(RATE, { message: 'RATE_LIMIT_LOGIN must look like 10/900 (points/seconds)' })
  RATE_LIMIT_LOGIN = '10/900';

  /** Failed sign-ins per source (client IP) across all accounts: stops one password sprayed over many accounts. */
  @Matches(RATE, { message: 'RATE_LIMIT_LOGIN_SOURCE must look like 50/900 (points/seconds)' })
  RATE_LIMIT_LOGIN_SOURCE = '50/900';

  /**
   * Failed sign-ins of one account, from any source, only slow it down (never lock the owner out): after
   * LOGIN_FAILURES_BEFORE_DELAY failures in the RATE_LIMIT_LOGIN window, each failure closes the account to sign-in for
   * 1, 2, 4 … seconds, at most LOGIN_DELAY_MAX_SECONDS (0 turns the delay off; the test suite's default).
   */
  @Transform(({ value }) => (value === undefined ? 3 : Number(value)))
  @IsInt()
  @Min(0)
  LOGIN_FAILURES_BEFORE_DELAY = 3;

  @Transform(({ value }) => (value === undefined ? 30 : Number(value)))
  @IsInt()
  @Min(0)
  @Max(3600)
  LOGIN_DELAY_MAX_SECONDS = 30;

  @Matches(RATE, { message: 'RATE_LIMIT_PUBLIC must look like 5/3600 (points/seconds)' })
  RATE_LIMIT_PUBLIC = '5/3600';

  /** Queries of a signed-in account (generous: a busy screen asks several at once; bounds scraping and load). */
  @Matches(RATE, { message: 'RATE_LIMIT_QUERY must look like 600/60 (points/seconds)' })
  RATE_LIMIT_QUERY = '600/60';

  /** File uploads (POST /documents) per account. */
  @Matches(RATE, { message: 'RATE_LIMIT_UPLOAD must look like 60/3600 (points/seconds)' })
  RATE_LIMIT_UPLOAD = '60/3600';

  /** Total bytes of the files one account may have uploaded; past it an upload is refused (STORAGE_QUOTA_EXCEEDED). */
  @Transform(({ value }) => (value === undefined ? 500 * 1024 * 1024 : Number(value)))
  @IsInt()
  @Min(1024)
  UPLOAD_QUOTA_BYTES = 500 * 1024 * 1024;

  /**
   * How often every open WebSocket's account is re-read (deactivated, or its role or organisation changed: the
   * socket is closed), in ms, besides the re-check on each event delivered; 0 turns the sweep off.
   */
  @Transform(({ value }) => (value === undefined ? 60_000 : Number(value)))
  @IsInt()
  @Min(0)
  WS_RECHECK_MS = 60_000;

  /**
   * The proxies in front of the API whose X-Forwarded-For is believed (Express "trust proxy": a hop count, or
   * addresses, CIDR ranges and the names loopback / linklocal / uniquelocal, comma-separated). Behind a load balancer
   * set it to the balancer's range, or every client looks like the balancer to the per-source sign-in limits.
   */
  @Matches(/^(\d{1,2}|[0-9A-Za-z.:/_, -]{1,500})$/, {
    message: 'TRUST_PROXY must be a hop count or a comma-separated list of addresses, ranges or loopback/linklocal/uniquelocal',
  })
  TRUST_PROXY = 'loopback';

  /** The built web client (index.html and assets/) served at `/`; default: `dist/web` beside the API (`npm run web:build`). */
  @IsOptional()
  @IsString()
  WEB_DIST_DIR?: string;

  /** Write the JSON log to this file instead of standard output. */
  @IsOptional()
  @IsString()
  LOG_FILE?: string;

  /** SMTP relay for notifications; without it, deliveries are recorded and logged only. */
  @IsOptional()
  @IsString()
  SMTP_HOST?: string;

  @Transform(({ value }) => (value === undefined ? 587 : Number(value)))
  @IsInt()
  @Min(1)
  @Max(65535)
  SMTP_PORT = 587;

  @Transform(({ value }) => value === 'true' || value === '1' || value === true)
  SMTP_SECURE = false;

  @IsString()
  SMTP_FROM = 'dxrlp-secretariat@example.jp';

  /** How often the outbox sender looks for due messages, in ms; 0 turns it off. */
  @Transform(({ value }) => (value === undefined ? 5000 : Number(value)))
  @IsInt()
  @Min(0)
  OUTBOX_POLL_MS = 5000;

  /** Where the public reaches this API: the base of links sent by e-mail (briefing confirmations). */
  @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, { message: 'PUBLIC_BASE_URL must be an http(s) URL without query, e.g. https://dxrlp.example.jp' })
  PUBLIC_BASE_URL = 'http://localhost:3000';

  /** Extra refused registration domains, comma-separated (beside libs/briefing/data/free-mail-domains.txt). */
  @IsString()
  FREE_MAIL_DOMAINS_EXTRA = '';

  /** How often overdue reports are looked for and reminded, in ms; 0 turns it off. */
  @Transform(({ value }) => (value === undefined ? 3_600_000 : Number(value)))
  @IsInt()
  @Min(0)
  REMINDER_POLL_MS = 3_600_000;

  /** Demo and acceptance only: the server clock starts at this instant and runs on from there. */
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})$/, { message: 'CLOCK_START_AT must be ISO 8601 with an offset' })
  CLOCK_START_AT?: string;

  /**
   * APPI: days after a programme's support end date (support_ends_on, JST) during which its personal
   * data is kept; `erasePersonalData` is refused until that day has passed. One year covers the final
   * reports, their acceptance and the next year's call, which checks repeat applicants.
   */
  @Transform(({ value }) => (value === undefined ? 365 : Number(value)))
  @IsInt()
  @Min(0)
  PERSONAL_DATA_RETENTION_DAYS = 365;

  /** Users reach the platform over TLS (PUBLIC_BASE_URL is https): the session cookie must then never go in clear text. */
  get servedOverTls(): boolean {
    return this.PUBLIC_BASE_URL.startsWith('https:');
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  /** A RATE_LIMIT_* setting as numbers. */
  rateLimit(
    key:
      'RATE_LIMIT_USER' | 'RATE_LIMIT_STAFF' | 'RATE_LIMIT_LOGIN' | 'RATE_LIMIT_LOGIN_SOURCE' | 'RATE_LIMIT_PUBLIC' | 'RATE_LIMIT_QUERY' | 'RATE_LIMIT_UPLOAD',
  ): {
    points: number;
    durationSeconds: number;
  } {
    const [points, durationSeconds] = this[key].split('/').map(Number);
    return { points, durationSeconds };
  }

  /** TRUST_PROXY in the form Express takes. */
  get trustProxy(): number | string {
    return /^\d+$/.test(this.TRUST_PROXY) ? Number(this.TRUST_PROXY) : this.TRUST_PROXY;
  }

  get embedded(): boolean {
    return !this.DATABASE_URL;
  }
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(new AppConfig())) if (env[key] !== undefined && env[key] !== '') raw[key] = env[key];
  for (const key of ['DATABASE_URL', 'JWT_SECRET', 'RECEIPT_SIGNING_KEY', 'UPLOAD_DIR', 'REDIS_URL', 'CLOCK_START_AT', 'SMTP_HOST', 'AUDIT_HEADS_FILE'])
    if (env[key]) raw[key] = env[key];
  if (raw.NODE_ENV === 'test') {
    for (const key of [
      'RATE_LIMIT_USER',
      'RATE_LIMIT_STAFF',
      'RATE_LIMIT_LOGIN',
      'RATE_LIMIT_LOGIN_SOURCE',
      'RATE_LIMIT_PUBLIC',
      'RATE_LIMIT_QUERY',
      'RATE_LIMIT_UPLOAD',
    ])
      raw[key] ??= TEST_RATE_LIMIT;
    raw.LOGIN_DELAY_MAX_SECONDS ??= '0';
  }
  if (env.LOG_FILE) raw.LOG_FILE = env.LOG_FILE;
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false });
  if (errors.length) {
    const lines = errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `  - ${e.property}: ${m}`));
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (config.isProduction && !config.JWT_SECRET) {
    throw new ConfigError('Invalid configuration:\n  - JWT_SECRET: required when NODE_ENV=production');
  }
  if (config.isProduction && !config.RECEIPT_SIGNING_KEY) {
    throw new ConfigError('Invalid configuration:\n  - RECEIPT_SIGNING_KEY: required when NODE_ENV=production');
  }
  if (config.isProduction && raw.PUBLIC_BASE_URL === undefined) {
    // It says whether users come over TLS (the session cookie is Secure then) and is the base of every mailed link.
    throw new ConfigError(
      'Invalid configuration:\n  - PUBLIC_BASE_URL: required when NODE_ENV=production (where users reach the platform, e.g. https://dxrlp.example.jp, or http://10.1.2.3:3000 on a closed network without TLS)',
    );
  }
  if (config.isProduction && config.CLOCK_START_AT) {
    throw new ConfigError('Invalid configuration:\n  - CLOCK_START_AT: not allowed when NODE_ENV=production');
  }
  if (config.isProduction) {
    if (raw.DEMO_DATA !== undefined && config.DEMO_DATA) {
      throw new ConfigError(
        'Invalid configuration:\n  - DEMO_DATA: the demo (accounts with the password published in the README) cannot be loaded when ' +
          'NODE_ENV=production; unset DEMO_DATA and create the first secretariat account with `npm run admin:create -- --email … --name …`',
      );
    }
    config.DEMO_DATA = false;
  }
  return config;
}
