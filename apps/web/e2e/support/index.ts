import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type APIRequestContext, type Locator, type Page, type TestInfo } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export { expect };

export const DEMO_PASSWORD = 'demo-password-2025';
const SCREENS = resolve(__dirname, '../../../../test-results/web/screens');

const slug = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);

interface Visits {
  count: number;
  lastUrl?: string;
}
const visits = new WeakMap<TestInfo, Visits>();

/**
 * Checks the page as it is now: axe (WCAG 2.0/2.1 A and AA) must find no serious or critical violation, and a full-page
 * screenshot goes to test-results/web/screens/<test>-<n>-<name>.png (also attached to the report).
 */
async function checkPage(page: Page, name: string, info: TestInfo): Promise<void> {
  const v = visits.get(info) ?? { count: 0 };
  visits.set(info, v);
  v.count += 1;
  v.lastUrl = page.url();
  const file = join(SCREENS, `${slug(info.titlePath.slice(1).join(' '))}-${String(v.count).padStart(2, '0')}-${slug(name)}.png`);
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  await info.attach(`${v.count}-${name}`, { path: file, contentType: 'image/png' });
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical');
  expect
    .soft(
      bad.map((x) => `${x.id} (${x.impact}): ${x.help} — ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      `axe on ${name} (${page.url()})`,
    )
    .toEqual([]);
}

/**
 * Every test gets: `visit(name)` after reaching a page (waits for its <h1>, then axe + screenshot), and at its end the
 * page it finished on is checked the same way if it was not visited last. The base URL is the API started by
 * global-setup.ts.
 */
export const test = base.extend<{ visit: (name: string) => Promise<void>; _finalCheck: void }>({
  // Playwright reads the fixtures a function asks for from its first parameter: none here.
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => use(process.env.E2E_BASE_URL),
  visit: async ({ page }, use, info) => {
    await use(async (name: string) => {
      await expect(page.locator('h1').first()).toBeVisible();
      await expect(page.getByRole('status').filter({ hasText: /読み込み中|Loading/ })).toHaveCount(0);
      await checkPage(page, name, info);
    });
  },
  _finalCheck: [
    async ({ page }, use, info) => {
      await use();
      if (info.status !== 'passed' || page.isClosed()) return;
      const v = visits.get(info);
      if (v && v.lastUrl === page.url()) return;
      if (page.url() === 'about:blank') return;
      await checkPage(page, 'final', info);
      expect(info.errors, 'axe on the final page').toEqual([]);
    },
    { auto: true },
  ],
});

/** Signs in through the sign-in page as a demo account (README's table) and waits until the header shows the account. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel(/メールアドレス|E-mail address/).fill(email);
  await page.getByLabel(/パスワード|Password/).fill(password);
  await page.getByRole('button', { name: /ログインする|Sign in/ }).click();
  await expect(page.getByTestId('account')).toBeVisible();
}

/** Keyboard only: presses Tab until `target` has the focus (fails after `max` presses). */
export async function tabTo(page: Page, target: Locator, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

/** Keyboard only: Tab to the target, then press a key there (Enter, Space). */
export async function tabAndPress(page: Page, target: Locator, key = 'Enter'): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press(key);
}

/** Keyboard only: Tab to a field and type into it. */
export async function tabAndType(page: Page, target: Locator, text: string): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.type(text);
}

/**
 * GraphQL over HTTP as a demo account (bearer token, as any GraphQL client) or anonymously: for setting a stage up (a
 * secretariat opening a call) without clicking through pages another test covers. Throws on errors.
 */
export async function gqlAs<T = Record<string, unknown>>(
  request: APIRequestContext,
  email: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'apollo-require-preflight': 'true' };
  if (email) {
    const login = await request.post('/graphql', {
      headers,
      data: { query: 'mutation($i: LoginInput!) { login(input: $i) { token } }', variables: { i: { email, password: DEMO_PASSWORD } } },
    });
    const body = (await login.json()) as { data?: { login: { token: string } }; errors?: unknown };
    if (!body.data) throw new Error(`login as ${email} failed: ${JSON.stringify(body.errors)}`);
    headers.authorization = `Bearer ${body.data.login.token}`;
  }
  const r = await request.post('/graphql', { headers, data: { query, variables } });
  const body = (await r.json()) as { data?: T; errors?: unknown };
  if (!body.data || body.errors) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

export interface Mail {
  to: string[];
  subject: string;
  text: string;
}

/** Waits for a mail to `to` (the API's outbox sends through the test SMTP server of global-setup.ts). */
export async function waitForMail(to: string, timeoutMs = 20_000): Promise<Mail> {
  const file = process.env.E2E_MAIL_FILE;
  if (!file) throw new Error('E2E_MAIL_FILE is not set (global-setup.ts)');
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const mails = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Mail);
    const found = mails.reverse().find((m) => m.to.some((t) => t.toLowerCase() === to.toLowerCase()));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
}
