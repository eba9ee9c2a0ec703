import { defineConfig } from '@playwright/test';

/**
 * Browser tests in real Chromium (Debian's package: browsers cannot be downloaded here) against the real API on the
 * embedded PGlite with the demo, started by e2e/support/global-setup.ts on a free port in a fresh data folder, serving
 * the built client (`npm run test:web` builds first). One worker: the tests share that one server and its data.
 */
export default defineConfig({
  testDir: './e2e',
  outputDir: '../../test-results/web',
  globalSetup: './e2e/support/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 180_000, // a shared 2-core machine: whole journeys, each page checked by axe
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['json', { outputFile: '../../test-results/web/results.json' }]] : 'list',
  use: {
    baseURL: process.env.E2E_BASE_URL,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    viewport: { width: 1280, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
