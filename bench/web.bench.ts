/**
 * The candidate-region page in Chromium (issue 13): the built API and client on the embedded PGlite with the demo, a
 * fresh browser context per run (nothing cached), and for each run the time from the navigation to /candidate-regions
 * until the list (`[data-testid="candidate-region-list"]`) is visible (the frame it is first drawn in, as the page sees it), and the JavaScript the page loaded, gzipped.
 * Budgets: under 1.5 s and under 250 kB. `npm run bench:web` alone; `npm run bench` includes it.
 */
import { chromium } from '@playwright/test';
import { loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { startBrowserApi } from './lib/start-api';

export const WEB_BUDGET = { listVisibleSeconds: 1.5, javascriptGzipKb: 250 };
const LIST = '[data-testid="candidate-region-list"]';

export interface WebBenchResult {
  page: string;
  /** What was waited for: the list, or the page's <h1> while the list is not built yet. */
  measured: 'candidate-region-list' | 'h1 (no candidate-region-list on the page yet)';
  runs: number;
  list_visible_seconds_median: number;
  list_visible_seconds_max: number;
  javascript_files: number;
  javascript_gzip_kb: number;
  javascript_raw_kb: number;
  within_budget: boolean;
  budget: typeof WEB_BUDGET;
  /** The machine's 1-, 5- and 15-minute load averages before and after the runs (a shared host: read the times with them). */
  load_average_before: number[];
  load_average_after: number[];
  /** Where the time goes: for each response the page waited on (the document, each script by name, each GraphQL
   * operation by name, and when each operation was sent), the median time (s) from the navigation until it had fully
   * arrived; a repeated request is counted as `#2`. */
  timeline_median_seconds: Record<string, number>;
}

interface VisibleAtWindow {
  __visibleAt: Record<string, number>;
}

/** What VISIBLE_AT uses of the page's globals (this file is compiled without the DOM's types). */
interface PageGlobals extends VisibleAtWindow {
  document: { querySelector(selector: string): PageElement | null };
  requestAnimationFrame(callback: () => void): number;
}
interface PageElement {
  getBoundingClientRect(): { width: number; height: number };
  checkVisibility(options: { visibilityProperty: boolean }): boolean;
}

/**
 * Runs in the page before its scripts: at every animation frame (before that frame is painted), the epoch time at which
 * each watched element is first visible as Playwright means it (a non-empty box, not hidden), until all are.
 */
function VISIBLE_AT(selectors: Record<string, string>): void {
  const w = globalThis as unknown as PageGlobals;
  w.__visibleAt = {};
  const check = () => {
    for (const [name, selector] of Object.entries(selectors)) {
      if (w.__visibleAt[name] !== undefined) continue;
      const el = w.document.querySelector(selector);
      const box = el?.getBoundingClientRect();
      if (el && box && box.width > 0 && box.height > 0 && el.checkVisibility({ visibilityProperty: true }))
        w.__visibleAt[name] = performance.timeOrigin + performance.now();
    }
    if (Object.keys(w.__visibleAt).length < Object.keys(selectors).length) w.requestAnimationFrame(check);
  };
  w.requestAnimationFrame(check);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

export async function webBench(runs = 5): Promise<WebBenchResult> {
  const load_average_before = loadavg().map((x) => round(x, 2));
  // The browser first: when it cannot start, no API is left running.
  const browser = await chromium.launch({
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
  });
  const api = await startBrowserApi({ prefix: 'rdx-web-bench-', env: () => ({ RATE_LIMIT_QUERY: '100000/60' }) }).catch(async (e: unknown) => {
    await browser.close();
    throw e;
  });
  const base = api.baseUrl;
  try {
    const times: number[] = [];
    let measured: WebBenchResult['measured'] = 'candidate-region-list';
    let js = new Map<string, { raw: number; gzip: number }>();
    const timeline = new Map<string, number[]>();
    // One warm-up (the API's first queries compile plans and fill its caches), then the measured runs.
    for (let i = 0; i <= runs; i++) {
      const context = await browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
      // When the list (or the heading) is first drawn, read by the page itself at each animation frame: Playwright's
      // waitFor polls at 0, 20, 50, 100, 100 ms and then every 500 ms, so its own moment was up to half a second late.
      await context.addInitScript(VISIBLE_AT, { list: LIST, h1: 'main h1' });
      const page = await context.newPage();
      const loaded = new Map<string, { raw: number; gzip: number }>();
      page.on('response', async (res) => {
        const url = res.url();
        if (!url.startsWith(base) || !/\.m?js(\?|$)/.test(url) || res.status() !== 200) return;
        const body = await res.body().catch(() => undefined);
        if (body) loaded.set(url, { raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
      });
      const arrived = new Map<string, number>();
      page.on('requestfinished', (req) => {
        const url = new URL(req.url());
        if (url.origin !== base) return;
        let name: string;
        if (req.resourceType() === 'document') name = 'document';
        else if (url.pathname === '/graphql') name = `graphql ${(req.postDataJSON() as { operationName?: string } | null)?.operationName ?? '?'}`;
        else if (/\.m?js$/.test(url.pathname)) name = url.pathname.replace(/^.*\//, '').replace(/-[\w-]{8}\.js$/, '.js');
        else return;
        let key = name;
        for (let n = 2; arrived.has(key); n++) key = `${name} #${n}`;
        arrived.set(key, (Date.now() - started) / 1000);
      });
      // When each GraphQL operation was sent (is the list's query sent beside the page's chunk, or after it?).
      page.on('request', (req) => {
        const url = new URL(req.url());
        if (url.origin !== base || url.pathname !== '/graphql' || req.method() !== 'POST') return;
        const name = `graphql ${(req.postDataJSON() as { operationName?: string } | null)?.operationName ?? '?'} sent`;
        let key = name;
        for (let n = 2; arrived.has(key); n++) key = `${name} #${n}`;
        arrived.set(key, (Date.now() - started) / 1000);
      });
      const started = Date.now();
      await page.goto(`${base}/candidate-regions`, { waitUntil: 'commit' });
      const list = page.locator(LIST);
      const h1 = page.locator('main h1');
      await Promise.race([list.waitFor({ state: 'visible', timeout: 30_000 }), h1.waitFor({ state: 'visible', timeout: 30_000 })]);
      let shown = 'list';
      if (!(await list.isVisible())) {
        // The page may render its heading before the list: give the list a moment before deciding it is not built.
        const later = await list.waitFor({ state: 'visible', timeout: 3000 }).then(
          () => true,
          () => false,
        );
        if (!later) {
          measured = 'h1 (no candidate-region-list on the page yet)';
          shown = 'h1';
        }
      }
      const at = await page.evaluate((what) => (globalThis as unknown as VisibleAtWindow).__visibleAt[what], shown);
      if (typeof at !== 'number') throw new Error(`web bench: the page recorded no time for its ${shown}`);
      const elapsed = (at - started) / 1000;
      await page.waitForLoadState('networkidle');
      if (i > 0) {
        times.push(elapsed);
        arrived.set('list visible', elapsed);
        for (const [name, t] of arrived) timeline.set(name, [...(timeline.get(name) ?? []), t]);
      }
      js = loaded;
      await context.close();
    }
    const gzip = [...js.values()].reduce((s, f) => s + f.gzip, 0) / 1024;
    const raw = [...js.values()].reduce((s, f) => s + f.raw, 0) / 1024;
    const med = median(times);
    return {
      page: '/candidate-regions',
      measured,
      runs,
      list_visible_seconds_median: round(med),
      list_visible_seconds_max: round(Math.max(...times)),
      javascript_files: js.size,
      javascript_gzip_kb: round(gzip, 1),
      javascript_raw_kb: round(raw, 1),
      within_budget: med < WEB_BUDGET.listVisibleSeconds && gzip < WEB_BUDGET.javascriptGzipKb,
      budget: WEB_BUDGET,
      load_average_before,
      load_average_after: loadavg().map((x) => round(x, 2)),
      timeline_median_seconds: Object.fromEntries([...timeline].map(([name, ts]) => [name, round(median(ts))] as const).sort((a, b) => a[1] - b[1])),
    };
  } finally {
    await browser.close();
    await api.stop();
  }
}

/** The lines of the bench's table for the web page. */
export function webBenchRows(r: WebBenchResult): string[][] {
  return [
    [`${r.page}: ${r.measured} visible (s, median of ${r.runs})`, String(r.list_visible_seconds_median), `< ${r.budget.listVisibleSeconds}`],
    [`${r.page}: JavaScript loaded, gzip (kB, ${r.javascript_files} files)`, String(r.javascript_gzip_kb), `< ${r.budget.javascriptGzipKb}`],
    [`load average before / after (1, 5, 15 min)`, `${r.load_average_before.join(' ')} / ${r.load_average_after.join(' ')}`, ''],
  ];
}
