import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBrowserApi } from '../../../../bench/lib/start-api';
import { startSmtp } from '../../../../test/support/smtp';

/**
 * One real API for the whole run (bench/lib/start-api.ts, shared with the web bench): the compiled API (npm run build)
 * on the embedded PGlite in a fresh temporary data folder, with the demo loaded, serving the built client (dist/web), and
 * a real SMTP server on loopback whose mails are appended to $E2E_MAIL_FILE (one JSON per line) for the tests to read
 * (briefing confirmation links). Its address goes to the tests as E2E_BASE_URL.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const smtp = await startSmtp();
  const api = await startBrowserApi({
    prefix: 'rdx-web-e2e-',
    log: 'api.log',
    env: ({ baseUrl }) => ({
      PUBLIC_BASE_URL: baseUrl,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      OUTBOX_POLL_MS: '300',
      // The tests sign the same demo accounts in many times from one address.
      RATE_LIMIT_LOGIN: '1000/900',
      RATE_LIMIT_LOGIN_SOURCE: '10000/900',
      RATE_LIMIT_USER: '5000/60',
      RATE_LIMIT_STAFF: '5000/60',
      RATE_LIMIT_QUERY: '20000/60',
      RATE_LIMIT_PUBLIC: '1000/3600',
    }),
  }).catch(async (e: unknown) => {
    await smtp.close();
    throw e;
  });
  const mailFile = join(api.dataDir, 'mails.jsonl');
  writeFileSync(mailFile, '');
  const timer = setInterval(() => {
    while (smtp.received.length) appendFileSync(mailFile, `${JSON.stringify(smtp.received.shift())}\n`);
  }, 100);
  process.env.E2E_BASE_URL = api.baseUrl;
  process.env.E2E_MAIL_FILE = mailFile;
  process.env.E2E_DATA_DIR = api.dataDir;
  return async () => {
    clearInterval(timer);
    await api.stop({ keepData: !!process.env.E2E_KEEP_DATA });
    await smtp.close();
  };
}
