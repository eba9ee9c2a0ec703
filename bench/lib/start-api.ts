import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, log?: string): Promise<void> {
  const see = log ? `; see ${log}` : '';
  // The demo is seeded at start: minutes on a loaded shared host (BROWSER_API_START_SECONDS, default 6 minutes).
  const seconds = Number(process.env.BROWSER_API_START_SECONDS ?? 360);
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode})${see}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the API did not answer /health within ${seconds} s${see}`);
}

export interface BrowserApi {
  baseUrl: string;
  dataDir: string;
  /** Stops the API; the data folder goes too unless `keepData`. */
  stop: (opts?: { keepData?: boolean }) => Promise<void>;
}

/**
 * The API for browser runs (the web bench, the Playwright suite): the compiled API (`npm run build`) on the embedded
 * PGlite in a fresh temporary data folder, with the demo loaded, serving the built client (dist/web), on a free port of
 * loopback. `env` adds to or overrides the defaults (rate limits, SMTP, pollers); `log` names a file (in the data folder)
 * for the API's stderr and log. Resolves once /health answers.
 */
export async function startBrowserApi(opts: {
  prefix: string;
  env?: (ctx: { baseUrl: string; dataDir: string }) => NodeJS.ProcessEnv;
  log?: string;
}): Promise<BrowserApi> {
  const main = join(ROOT, 'dist/apps/api/src/main.js');
  if (!existsSync(main) || !existsSync(join(ROOT, 'dist/web/index.html'))) throw new Error('build first: npm run build (the API and the web client)');
  const dataDir = mkdtempSync(join(tmpdir(), opts.prefix));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const log = opts.log ? join(dataDir, opts.log) : undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    PORT: String(port),
    DEMO_DATA: 'true',
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    ...(log ? { LOG_FILE: log } : {}),
    OUTBOX_POLL_MS: '0',
    REMINDER_POLL_MS: '0',
    ...opts.env?.({ baseUrl, dataDir }),
  };
  delete env.DATABASE_URL;
  delete env.CLOCK_START_AT;
  const child = spawn(process.execPath, [main], { cwd: ROOT, env, stdio: ['ignore', 'ignore', log ? 'pipe' : 'ignore'] });
  if (log) child.stderr?.on('data', (d: Buffer) => appendFileSync(log, d));
  const stop = async ({ keepData = false } = {}) => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    }
    if (!keepData) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(baseUrl, child, log);
  } catch (e) {
    await stop({ keepData: !!log });
    throw e;
  }
  return { baseUrl, dataDir, stop };
}
