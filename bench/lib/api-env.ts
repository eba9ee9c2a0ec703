import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// One set of secrets per bench run: the instances of a scale-out run (W7 on two instances) accept each other's tokens,
// as a real deployment's do (with a secret per instance, every signed-in request sent to the peer was refused).
const JWT_SECRET = randomBytes(32).toString('hex');
const { privateKey } = generateKeyPairSync('ed25519');

/**
 * The environment of an API process under benchmark: production mode on the given database and port,
 * fresh secrets, no demo, no background pollers, and rate limits far above what the bench sends (the
 * load comes from a handful of accounts).
 */
export function benchApiEnv(databaseUrl: string, port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    JWT_SECRET,
    RECEIPT_SIGNING_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    DEMO_DATA: 'false',
    // BENCH_API_LOG_LEVEL=info shows, with BENCH_API_STDOUT=1, the API's own line per matching run (read, computed, stored).
    LOG_LEVEL: process.env.BENCH_API_LOG_LEVEL ?? 'warn',
    OUTBOX_POLL_MS: '0',
    REMINDER_POLL_MS: '0',
    UPLOAD_DIR: mkdtempSync(join(tmpdir(), 'rdx-bench-uploads-')),
    RATE_LIMIT_USER: '100000000/60',
    RATE_LIMIT_STAFF: '100000000/60',
    RATE_LIMIT_LOGIN: '100000000/60',
    RATE_LIMIT_PUBLIC: '100000000/60',
    RATE_LIMIT_QUERY: '100000000/60',
    RATE_LIMIT_UPLOAD: '100000000/60',
    REDIS_URL: '',
  };
}

/** The Node flags production starts the API with (package.json `start`, docker/Dockerfile): the bench measures that. */
export const PRODUCTION_NODE_FLAGS = ['--max-semi-space-size=32'];

/** Production's flags, then extra ones for the API under test (BENCH_API_NODE_OPTIONS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`). */
export function benchApiExecArgv(probe: string): string[] {
  return [...PRODUCTION_NODE_FLAGS, '-r', probe, ...(process.env.BENCH_API_NODE_OPTIONS?.split(' ').filter(Boolean) ?? [])];
}
