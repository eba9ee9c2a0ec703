import { statSync } from 'node:fs';
import type { Page, Request } from '@playwright/test';
import { expect, gqlAs, signIn, test } from './support';

/**
 * The programme dashboard on the demo's running round (this fiscal year): 兵庫県 and 福岡県 supported, 高知県 and 北海道
 * left without a vendor (their follow-up call open), every other prefecture without an application. The secretariat
 * and the ministry see the same map, charts and tables; the map and the charts are checked through their accessible
 * names and their tables, an export downloads, and the ministry's page shows no contact data and asks the API for
 * nothing it may not read.
 */

test.describe.configure({ timeout: 240_000 });

const SEC = 'secretariat@demo.example.jp';
const MINISTRY = 'ministry@demo.example.jp';

interface DashboardData {
  programs: Array<{ id: string; fiscalYear: number }>;
}

/** The demo's current programme (this fiscal year in Japan), its regions and its vendor calls' results, through GraphQL. */
async function currentProgramme(request: Parameters<typeof gqlAs>[0]) {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number);
  const fy = m >= 4 ? y : y - 1;
  const { programs } = await gqlAs<DashboardData>(request, null, '{ programs { id fiscalYear } }');
  const program = programs.find((p) => p.fiscalYear === fy);
  expect(program, 'the demo has a programme this fiscal year').toBeTruthy();
  const { dashboard } = await gqlAs<{
    dashboard: { regions: Array<{ callId: string }>; calls: Array<{ id: string; kind: string; status: string; title: string }> };
  }>(request, SEC, 'query($p: ID!) { dashboard(programId: $p) { regions { callId } calls { id kind status title } } }', { p: program!.id });
  const published = dashboard.calls.find((c) => c.kind === 'VENDOR' && c.status === 'PUBLISHED')!;
  const { evaluationResults } = await gqlAs<{ evaluationResults: Array<{ proposalId: string }> }>(
    request,
    SEC,
    'query($c: ID!) { evaluationResults(callId: $c) { proposalId } }',
    { c: published.id },
  );
  return { programId: program!.id, regionRows: dashboard.regions.length, published, scoreRows: evaluationResults.length };
}

/** Every GraphQL operation the page sends, and every error the API answers with. */
function watchGraphql(page: Page) {
  const operations: string[] = [];
  const errors: string[] = [];
  page.on('request', (r: Request) => {
    if (r.url().endsWith('/graphql') && r.method() === 'POST') operations.push(String((r.postDataJSON() as { query?: string })?.query ?? ''));
  });
  page.on('response', async (r) => {
    if (!r.url().endsWith('/graphql') || r.request().method() !== 'POST') return;
    const body = (await r.json().catch(() => null)) as { errors?: Array<{ extensions?: { code?: string } }> } | null;
    for (const e of body?.errors ?? []) errors.push(e.extensions?.code ?? 'UNKNOWN');
  });
  return { operations, errors };
}

async function checkMapAndCharts(page: Page, expected: { regionRows: number; scoreRows: number }) {
  // The map: each tile is an image named by the prefecture and its status; the legend and the table say it in words.
  const map = page.getByRole('group', { name: '支援の状況の日本地図' });
  await expect(map.getByRole('img')).toHaveCount(47);
  await expect(map.getByRole('img', { name: '兵庫県：支援あり' })).toBeVisible();
  await expect(map.getByRole('img', { name: '福岡県：支援あり' })).toBeVisible();
  await expect(map.getByRole('img', { name: '高知県：支援なし' })).toBeVisible();
  await expect(map.getByRole('img', { name: '北海道：支援なし' })).toBeVisible();
  await expect(map.getByRole('img', { name: '東京都：応募なし' })).toBeVisible();
  await expect(page.getByTestId('status-map-summary')).toHaveText('支援あり 2、支援なし 2、選定前 0、応募なし 43');
  for (const label of ['支援あり', '支援なし', '選定前', '応募なし']) await expect(page.getByRole('list', { name: '凡例' }).getByText(label)).toBeVisible();
  // The map's table is toggled open (47 rows).
  const statusTable = page.getByRole('table', { name: '都道府県ごとの支援の状況（表）' });
  await expect(statusTable).toBeHidden();
  await page.getByText('表で見る（47都道府県）').click();
  await expect(statusTable.getByRole('row')).toHaveCount(48);
  await expect(statusTable.getByRole('row', { name: /兵庫県.*支援あり/ })).toBeVisible();
  await expect(statusTable.getByRole('row', { name: /高知県.*支援なし/ })).toBeVisible();

  // The progress chart: an image named with its values, and its table with one row per region of the vendor calls.
  const progress = page.getByRole('img', { name: /地域ごとの提案数と評価の進捗の棒グラフ/ });
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAccessibleName(/兵庫県.*提出 \d+件/);
  await expect(progress.locator('svg .recharts-bar-rectangle').first()).toBeVisible();
  const progressTable = page.getByRole('table', { name: '地域ごとの提案数と評価の進捗（表）' });
  await expect(progressTable.getByRole('row')).toHaveCount(expected.regionRows + 1);
  await expect(progressTable.getByRole('row', { name: /兵庫県.*選定済み/ }).first()).toBeVisible();
  await expect(progressTable.getByRole('row', { name: /高知県.*提案なし/ }).first()).toBeVisible();

  // The scores chart and its table: one row per evaluated proposal of the published call.
  const scores = page.getByRole('img', { name: /提案ごとの最終点の棒グラフ/ });
  await expect(scores).toHaveAccessibleName(/兵庫県 1位 [\d.]+点/);
  const scoresTable = page.getByRole('table', { name: '提案ごとの得点（表）' });
  await expect(scoresTable.getByRole('row')).toHaveCount(expected.scoreRows + 1);
  await expect(scoresTable.getByRole('row', { name: /兵庫県 1位/ })).toBeVisible();
}

async function downloadResultsCsv(page: Page, callId: string, callTitle: string) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: `${callTitle}：選定結果（CSV）` }).click()]);
  // The server names the file in Japanese (RFC 6266 filename*), its call's id kept in it.
  expect(download.suggestedFilename()).toBe(`選定結果_${callId}.csv`);
  const path = await download.path();
  expect(statSync(path).size).toBeGreaterThan(0);
}

test('the secretariat reads the programme dashboard: map, charts with their tables, overdue reports, briefing, an export', async ({ page, visit, request }) => {
  const expected = await currentProgramme(request);
  // A briefing session of the programme, so that the registrations table has a row.
  const now = Date.now();
  const iso = (days: number) => new Date(now + days * 86_400_000).toISOString();
  await gqlAs(request, SEC, 'mutation($i: CreateBriefingSessionInput!) { createBriefingSession(input: $i) { id } }', {
    i: {
      programId: expected.programId,
      title: 'ダッシュボード確認用 説明会',
      capacity: 80,
      startsAt: iso(30),
      endsAt: iso(30.05),
      registrationClosesAt: iso(28),
      onlineUrl: 'https://meet.example.jp/briefing',
    },
  });
  await signIn(page, SEC);
  const watch = watchGraphql(page);
  await page.getByRole('link', { name: 'ダッシュボード' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '事業のダッシュボード' })).toBeVisible();
  await expect(page.getByTestId('status-map')).toBeVisible();
  await checkMapAndCharts(page, expected);

  // Engagements with overdue reports: what the API lists for this programme, by prefecture and vendor.
  const { overdueReports } = await gqlAs<{ overdueReports: Array<{ id: string }> }>(request, SEC, '{ overdueReports { id } }');
  if (overdueReports.length) await expect(page.getByRole('table', { name: '期限を過ぎて提出されていない報告（表）' }).getByRole('row').nth(1)).toBeVisible();
  else await expect(page.getByTestId('overdue-none')).toBeVisible();

  const briefing = page.getByRole('table', { name: '説明会ごとの申込み（表）' });
  await expect(briefing.getByRole('row', { name: /ダッシュボード確認用 説明会/ })).toBeVisible();
  await expect(briefing.getByRole('link', { name: 'ダッシュボード確認用 説明会の参加者一覧（CSV）をダウンロード' })).toBeVisible();
  await visit('dashboard (secretariat)');

  await downloadResultsCsv(page, expected.published.id, expected.published.title);
  expect(watch.errors).toEqual([]);

  // English: the same page, labelled in English.
  await page.getByRole('button', { name: /English/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Programme dashboard' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Map of Japan: support status' }).getByRole('img', { name: 'Hyogo: Supported' })).toBeVisible();
  await visit('dashboard in English (secretariat)');
});

test('the ministry reads the same dashboard, read-only and without contact data, and downloads an export', async ({ page, visit, request }) => {
  const expected = await currentProgramme(request);
  await signIn(page, MINISTRY);
  // From here on: what the dashboard asks for (the sign-in and the session's own account are not the page's).
  const watch = watchGraphql(page);
  await page.getByRole('link', { name: 'ダッシュボード' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '事業のダッシュボード' })).toBeVisible();
  await expect(page.getByText('総務省の方は閲覧のみです（個人の連絡先は表示しません）。')).toBeVisible();
  await checkMapAndCharts(page, expected);
  await expect(page.getByRole('table', { name: '説明会ごとの申込み（表）' }).getByRole('link')).toHaveCount(0);
  await visit('dashboard (ministry)');

  // Nothing to change: no buttons in the page's main part, no forms but the programme and call choices.
  await expect(page.getByRole('main').getByRole('button')).toHaveCount(0);
  // No contact data on the page (no e-mail address, no phone number, not the demo contact's name) …
  const text = await page.getByRole('main').innerText();
  expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
  expect(text).not.toMatch(/\d{2,4}-\d{2,4}-\d{4}/);
  expect(text).not.toContain('デモ 担当者');
  // … and none asked for: no operation names a person's e-mail, phone or the registrations, and the API refused nothing.
  expect(watch.operations.length).toBeGreaterThan(0);
  for (const q of watch.operations.filter((o) => !/^\s*query Me\b/.test(o))) {
    expect(q).not.toMatch(/\bemail\b|\bphone\b|briefingRegistrations|contacts/);
  }
  expect(watch.errors).toEqual([]);

  await downloadResultsCsv(page, expected.published.id, expected.published.title);
});
