import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSmtp } from '../../../../test/support/smtp';

const root = resolve(__dirname, '../../../..');

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, log: string): Promise<void> {
  const until = Date.now() + 180_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode}); see ${log}`);
    try {
      const r = await fetch(`${url}/health`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the API did not answer /health within 3 minutes; see ${log}`);
}

/**
 * One real API for the whole run: the compiled API (npm run build) on the embedded PGlite in a fresh temporary data
 * folder, with the demo loaded, serving the built client (dist/web), and a real SMTP server on loopback whose mails are
 * appended to $E2E_MAIL_FILE (one JSON per line) for the tests to read (briefing confirmation links).
 * Its address goes to the tests as E2E_BASE_URL.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const main = join(root, 'dist/apps/api/src/main.js');
  if (!existsSync(main) || !existsSync(join(root, 'dist/web/index.html')))
    throw new Error('build first: npm run build (the API and the web client); npm run test:web does it');
  const dataDir = mkdtempSync(join(tmpdir(), 'rdx-web-e2e-'));
  const mailFile = join(dataDir, 'mails.jsonl');
  writeFileSync(mailFile, '');
  const smtp = await startSmtp();
  const timer = setInterval(() => {
    while (smtp.received.length) appendFileSync(mailFile, `${JSON.stringify(smtp.received.shift())}\n`);
  }, 100);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const log = join(dataDir, 'api.log');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    PORT: String(port),
    DEMO_DATA: 'true',
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    LOG_FILE: log,
    PUBLIC_BASE_URL: baseUrl,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    OUTBOX_POLL_MS: '300',
    REMINDER_POLL_MS: '0',
    // The tests sign the same demo accounts in many times from one address.
    RATE_LIMIT_LOGIN: '1000/900',
    RATE_LIMIT_LOGIN_SOURCE: '10000/900',
    RATE_LIMIT_USER: '5000/60',
    RATE_LIMIT_QUERY: '20000/60',
    RATE_LIMIT_PUBLIC: '1000/3600',
  };
  delete env.DATABASE_URL;
  delete env.CLOCK_START_AT;
  const child = spawn(process.execPath, [main], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (d: Buffer) => appendFileSync(log, d));
  await waitForHealth(baseUrl, child, log);
  process.env.E2E_BASE_URL = baseUrl;
  process.env.E2E_MAIL_FILE = mailFile;
  process.env.E2E_DATA_DIR = dataDir;
  return async () => {
    clearInterval(timer);
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    await smtp.close();
    if (!process.env.E2E_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
  };
}
