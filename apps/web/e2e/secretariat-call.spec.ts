import type { APIRequestContext, Page } from '@playwright/test';
import { DEMO_PASSWORD, expect, signIn, test } from './support';

/**
 * The secretariat's stage 2 on a programme of 令和28年度 (fiscal year 2046, this spec's own) set up through GraphQL:
 * 高知県 and 北海道 apply, are adopted and published as candidate regions; two vendors register themselves. Then, in
 * the browser: one vendor is approved (its 法人番号 shown), the other rejected with a reason; the vendor call is created
 * from the published regions and opened; the bids per region update live while the approved vendor submits a bid for
 * 高知県 in another browser context; a change of the pass threshold and then the removal of 高知県 with a later
 * deadline each show, before saving, which bids return to draft.
 */

test.describe.configure({ timeout: 300_000 });

const SEC = 'secretariat@demo.example.jp';
const FY = 2046;
const REGION_CALL_TITLE = '支援地域の公募（令和28年度）';
const tokens = new Map<string, string>();
let programId = '';
let regionCallId = '';
const regionIds: Record<string, string> = {};

/** A valid 法人番号: 13 digits, the first the check digit over the other twelve. */
function corporateNumber(base12: string): string {
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += Number(base12[12 - n]) * (n % 2 === 1 ? 1 : 2);
  return `${9 - (sum % 9)}${base12}`;
}
// Different on every run (the demo data of a kept folder may already hold earlier ones).
const base = `${Date.now()}`.slice(-11);
const approvedCn = corporateNumber(`${base}4`);
const rejectedCn = corporateNumber(`${base}6`);
const APPROVED = { name: '四国デジタル協働株式会社', email: `shikoku-${approvedCn}@vendor.example.jp` };
const REJECTED = { name: '所在不明テスト合同会社', email: `unknown-${rejectedCn}@vendor.example.jp` };

async function gqlAs<T = Record<string, unknown>>(
  request: APIRequestContext,
  email: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'apollo-require-preflight': 'true' };
  if (email) {
    if (!tokens.has(email)) {
      const r = await request.post('/graphql', {
        headers,
        data: { query: 'mutation($i: LoginInput!) { login(input: $i) { token } }', variables: { i: { email, password: DEMO_PASSWORD } } },
      });
      tokens.set(email, ((await r.json()) as { data: { login: { token: string } } }).data.login.token);
    }
    headers.authorization = `Bearer ${tokens.get(email)}`;
  }
  const r = await request.post('/graphql', { headers, data: { query, variables } });
  const body = (await r.json()) as { data?: T; errors?: unknown };
  if (!body.data || body.errors) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** GraphQL as the browser context of `page` (its session cookie), as the page's own scripts would send it. */
async function gqlInBrowser<T>(page: Page, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await page.request.post('/graphql', {
    headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
    data: { query, variables },
  });
  const body = (await r.json()) as { data?: T; errors?: unknown };
  if (!body.data || body.errors) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function completeApplication(request: APIRequestContext, email: string, prefectureCode: string): Promise<string> {
  const start = await gqlAs<{ startRegionApplication: { id: string; repeatApplicant: { requiredPartnerCount: number } } }>(
    request,
    email,
    'mutation($c: ID!) { startRegionApplication(callId: $c) { id repeatApplicant { requiredPartnerCount } } }',
    { c: regionCallId },
  );
  const id = start.startRegionApplication.id;
  const { municipalities } = await gqlAs<{ municipalities: Array<{ lgCode: string }> }>(
    request,
    email,
    'query($p: String!) { municipalities(prefectureCode: $p, partnerCandidatesOnly: true) { lgCode } }',
    { p: prefectureCode },
  );
  let partners: Array<{ id: string; municipalityCode: string }> = [];
  for (const m of municipalities.slice(0, Math.max(2, start.startRegionApplication.repeatApplicant.requiredPartnerCount))) {
    const r = await gqlAs<{ addPartnerMunicipality: { partners: Array<{ id: string; municipalityCode: string }> } }>(
      request,
      email,
      'mutation($a: ID!, $l: String!) { addPartnerMunicipality(applicationId: $a, lgCode: $l) { partners { id municipalityCode } } }',
      { a: id, l: m.lgCode },
    );
    partners = r.addPartnerMunicipality.partners;
  }
  for (const p of partners) {
    const up = await request.post('/documents', {
      headers: { authorization: `Bearer ${tokens.get(email)}` },
      multipart: {
        file: {
          name: `覚書_${p.municipalityCode}.pdf`,
          mimeType: 'application/pdf',
          buffer: Buffer.from(`%PDF-1.4\n% memorandum ${p.municipalityCode}\n%%EOF\n`, 'utf8'),
        },
        purpose: 'MEMORANDUM',
      },
    });
    expect(up.status()).toBe(201);
    const doc = (await up.json()) as { id: string };
    await gqlAs(request, email, 'mutation($p: ID!, $d: ID!) { attachMemorandum(partnerId: $p, documentId: $d) { id } }', { p: p.id, d: doc.id });
    await gqlAs(request, email, 'mutation($p: ID!, $i: RegionalIssueInput!) { addRegionalIssue(partnerId: $p, issue: $i) { id } }', {
      p: p.id,
      i: { category: 'MOBILITY', title: `移動手段の確保（${p.municipalityCode}）`, description: '路線バスの減便への対応' },
    });
  }
  await gqlAs(request, email, 'mutation($a: ID!, $d: [RequirementDeclarationInput!]!) { declareRequirements(applicationId: $a, declarations: $d) { id } }', {
    a: id,
    d: [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({ number: n, declared: true, evidence: `要件${n}の根拠（令和28年度）` })),
  });
  await gqlAs(request, email, 'mutation($a: ID!, $c: ContactInput!) { addContact(applicationId: $a, contact: $c) { id } }', {
    a: id,
    c: { name: '担当 花子', department: 'デジタル政策課', email: `tanto-${prefectureCode}@pref.example.lg.jp`, consentToPersonalDataTerms: true },
  });
  await gqlAs(request, email, 'mutation($a: ID!, $k: String) { submitRegionApplication(applicationId: $a, idempotencyKey: $k) { id } }', {
    a: id,
    k: `call-${FY}-${prefectureCode}`,
  });
  return id;
}

/** YYYY-MM-DD in Japan, `days` from today. */
const jstDay = (days: number) => new Date(Date.now() + 9 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

test.beforeAll(async ({ request }) => {
  test.setTimeout(240_000);
  const closesAt = new Date(Date.now() + 75_000);
  const { createProgram } = await gqlAs<{ createProgram: { id: string } }>(
    request,
    SEC,
    'mutation($i: CreateProgramInput!) { createProgram(input: $i) { id } }',
    {
      i: { fiscalYear: FY, name: '令和28年度 地域社会DX推進パッケージ事業 推進体制構築支援', regionBudgetCapYen: 80_000_000 },
    },
  );
  programId = createProgram.id;
  const { createCall } = await gqlAs<{ createCall: { id: string } }>(request, SEC, 'mutation($i: CreateCallInput!) { createCall(input: $i) { id } }', {
    i: { programId, kind: 'REGION', title: REGION_CALL_TITLE, opensAt: new Date(Date.now() - 60_000).toISOString(), closesAt: closesAt.toISOString() },
  });
  regionCallId = createCall.id;
  await gqlAs(request, SEC, 'mutation($id: ID!) { openCall(id: $id) { status } }', { id: regionCallId });
  const applications = [
    await completeApplication(request, 'kochi@demo.example.jp', '39'),
    await completeApplication(request, 'hokkaido@demo.example.jp', '01'),
  ];
  for (const v of [
    { ...APPROVED, cn: approvedCn, kind: 'LOCAL_FIRM', pref: '39' },
    { ...REJECTED, cn: rejectedCn, kind: 'OTHER', pref: '13' },
  ])
    await gqlAs(request, null, 'mutation($i: RegisterVendorInput!) { registerVendor(input: $i) { id } }', {
      i: {
        name: v.name,
        corporateNumber: v.cn,
        kind: v.kind,
        headOfficePrefectureCode: v.pref,
        email: v.email,
        displayName: `${v.name} 担当`,
        password: DEMO_PASSWORD,
      },
    });
  await new Promise((r) => setTimeout(r, Math.max(0, closesAt.getTime() - Date.now() + 1500)));
  await gqlAs(request, SEC, 'mutation($id: ID!) { closeCall(id: $id) { status } }', { id: regionCallId });
  for (const a of applications) {
    await gqlAs(request, SEC, 'mutation($a: ID!, $c: [RequirementCheckInput!]!) { recordRequirementChecks(applicationId: $a, checks: $c) { id } }', {
      a,
      c: [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({ requirement: n, met: true, note: '確認済み' })),
    });
    await gqlAs(request, SEC, 'mutation($a: ID!) { adoptRegionApplication(applicationId: $a) { id } }', { a });
  }
  await gqlAs(request, SEC, 'mutation($c: ID!) { decideRegionCall(callId: $c) { id } }', { c: regionCallId });
  await gqlAs(request, SEC, 'mutation($c: ID!) { publishCandidateRegions(callId: $c) { id } }', { c: regionCallId });
  const { candidateRegions } = await gqlAs<{ candidateRegions: { items: Array<{ id: string; prefectureCode: string }> } }>(
    request,
    null,
    'query($c: ID) { candidateRegions(callId: $c) { items { id prefectureCode } } }',
    { c: regionCallId },
  );
  for (const r of candidateRegions.items) regionIds[r.prefectureCode] = r.id;
});

test('the secretariat approves and rejects vendors, creates and opens the vendor call, follows the bids live and changes the call after the warning', async ({
  page,
  visit,
  browser,
}) => {
  await signIn(page, SEC);

  // Vendor approvals: the 法人番号 shown, one approved, one rejected with its reason.
  await page.getByRole('link', { name: '事業者の承認（事務局）' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: '事業者の承認' })).toBeVisible();
  const approvedRow = page.getByTestId(`vendor-${approvedCn}`);
  await expect(approvedRow).toContainText(APPROVED.name);
  await expect(approvedRow).toContainText(approvedCn);
  await expect(approvedRow).toContainText('高知県');
  await visit('vendor-approvals');
  await page.getByRole('button', { name: `${REJECTED.name}を却下する` }).click();
  const reason = page.getByLabel(`${REJECTED.name}を却下する理由`);
  await expect(reason).toBeFocused();
  await page.getByRole('button', { name: '却下を確定する' }).click();
  await expect(page.getByTestId(`vendor-${rejectedCn}`)).toContainText('却下の理由を入力してください');
  await visit('vendor-reject-reason-missing');
  await reason.fill('登記上の所在地と本社所在地が一致せず、確認の連絡にも応答がないため');
  await page.getByRole('button', { name: '却下を確定する' }).click();
  await expect(page.getByTestId('vendors-done')).toHaveText(`${REJECTED.name}を却下しました。`);
  await expect(page.getByTestId(`vendor-${rejectedCn}`)).toHaveCount(0);
  await page.getByRole('button', { name: `${APPROVED.name}を承認する` }).click();
  await expect(page.getByTestId('vendors-done')).toHaveText(`${APPROVED.name}を承認しました。`);
  await expect(page.getByTestId(`vendor-${approvedCn}`)).toHaveCount(0);
  await visit('vendor-approved');

  // The vendor call, created from the published candidate regions.
  await page.getByRole('link', { name: '事業者の公募（事務局）' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: '伴走支援事業者の公募' })).toBeVisible();
  await visit('vendor-calls');
  await page.getByRole('button', { name: '公募を作成する（準備中）' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('支援地域の公募を選んでください');
  await page.getByLabel('支援地域の公募（公表済み）').selectOption({ label: REGION_CALL_TITLE });
  await expect(page.getByLabel('高知県', { exact: true })).toBeChecked();
  await expect(page.getByLabel('北海道', { exact: true })).toBeChecked();
  await page.getByLabel('公募の名称').fill('伴走支援事業者の公募（令和28年度）');
  await page.getByLabel('受付開始（日本時間）').fill(`${jstDay(0)}T00:00`);
  await page.getByLabel('締切（日本時間）').fill(`${jstDay(30)}T17:00`);
  await visit('vendor-call-create');
  await page.getByRole('button', { name: '公募を作成する（準備中）' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '伴走支援事業者の公募（令和28年度）' })).toBeVisible();
  await expect(page.getByTestId('call-status')).toHaveText('準備中');
  await expect(page.getByTestId('call-done')).toContainText('公募を作成しました');
  await expect(page.getByTestId('call-deadline')).toContainText('17:00');
  await visit('vendor-call-draft');

  // The criteria (weight, maximum, minimum) set before opening: nothing is submitted yet, the warning says so.
  await page.getByRole('button', { name: '評価項目を追加する' }).click();
  await page.getByLabel('評価項目1の名称（日本語）').fill('地域課題の理解');
  await page.getByLabel('評価項目1の名称（英語）').fill('Understanding of the regional issues');
  await page.getByLabel('評価項目1の重み').fill('４０');
  await page.getByLabel('評価項目1の満点').fill('5');
  await page.getByLabel('評価項目1の最低点（任意）').fill('6');
  await page.getByRole('button', { name: '変更を確認する' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('評価項目1の名称・重み・満点を入力してください（最低点は満点以下）');
  await page.getByLabel('評価項目1の最低点（任意）').fill('2');
  await page.getByRole('button', { name: '変更を確認する' }).click();
  await expect(page.getByTestId('change-warning')).toContainText('受付開始前の公募です。提出済みの応募はないため、下書きに戻る応募はありません。');
  await page.getByRole('button', { name: 'この内容で保存する' }).click();
  await expect(page.getByTestId('call-done')).toHaveText('変更を保存しました。');
  await expect(page.getByLabel('評価項目1の重み')).toHaveValue('40');
  await expect(page.getByLabel('評価項目1の最低点（任意）')).toHaveValue('2');
  await visit('vendor-call-criteria');
  await page.getByRole('button', { name: '受付を開始する' }).click();
  await expect(page.getByTestId('call-status')).toHaveText('受付中');
  const callId = new URL(page.url()).pathname.split('/').pop()!;

  // The bids per region: none yet, both highlighted; then live, without a reload, as the vendor submits.
  await expect(page.getByTestId('submitted-39')).toHaveText('0');
  await expect(page.getByTestId('progress-39')).toContainText('提案なし');
  await expect(page.getByTestId('no-bids-count')).toHaveText('提出済みの提案がない地域：2');
  await expect(page.getByTestId('live')).toBeVisible();
  await visit('vendor-call-open');
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

  const vendorContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  try {
    const vendorPage = await vendorContext.newPage();
    await signIn(vendorPage, APPROVED.email);
    const { startVendorApplication } = await gqlInBrowser<{ startVendorApplication: { id: string } }>(
      vendorPage,
      'mutation($c: ID!) { startVendorApplication(callId: $c, capacity: 1) { id } }',
      { c: callId },
    );
    await gqlInBrowser(
      vendorPage,
      'mutation($a: ID!, $r: ID!, $p: RegionProposalInput!) { saveRegionProposal(applicationId: $a, candidateRegionId: $r, proposal: $p) { id } }',
      {
        a: startVendorApplication.id,
        r: regionIds['39'],
        p: {
          approach: '高知県と連携市町村の庁内体制を整理し、推進計画の策定を伴走支援する。',
          budgetYen: 24_000_000,
          menuItemCodes: ['DX_STRUCTURE'],
          team: [{ name: '四国 太郎', role: '統括' }],
          schedule: '4月〜翌3月',
        },
      },
    );
    await expect(page.getByTestId('progress-39')).toContainText('1'); // the draft proposal
    await gqlInBrowser(vendorPage, 'mutation($a: ID!) { submitVendorApplication(applicationId: $a) { number } }', { a: startVendorApplication.id });
  } finally {
    await vendorContext.close();
  }
  await expect(page.getByTestId('submitted-39')).toHaveText('1', { timeout: 15_000 });
  await expect(page.getByTestId('progress-39')).not.toContainText('提案なし');
  await expect(page.getByTestId('no-bids-count')).toHaveText('提出済みの提案がない地域：1');
  await expect(page.getByTestId('progress-01')).toContainText('提案なし');
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
  await visit('vendor-call-bid-live');

  // A new pass threshold: every submitted bid would return to draft; the secretariat goes back instead.
  await page.getByLabel('合格基準点（重み付き合計 0〜100）').fill('65');
  await page.getByRole('button', { name: '変更を確認する' }).click();
  const warning = page.getByTestId('change-warning');
  await expect(warning).toContainText('合格基準点を60点から65点に変更します。提出済みの応募はすべて下書きに戻ります（提出済みの提案：1件）');
  await visit('vendor-call-threshold-warning');
  await page.getByRole('button', { name: '戻って修正する' }).click();
  await expect(warning).toHaveCount(0);
  await page.getByLabel('合格基準点（重み付き合計 0〜100）').fill('60');

  // 高知県 removed and a later deadline: the warning says which bids return (those proposing 高知県), then it is saved.
  await page.getByLabel('高知県', { exact: true }).uncheck();
  await page.getByLabel('締切（日本時間）').fill(`${jstDay(35)}T17:00`);
  await page.getByRole('button', { name: '変更を確認する' }).click();
  await expect(warning).toContainText('高知県を対象から外します。その地域への提案を含む提出済みの応募が下書きに戻ります（該当する提出済みの提案：1件）');
  await expect(warning).toContainText('締切の変更だけでは提出済みの応募は下書きに戻りません');
  await expect(page.getByRole('heading', { name: '保存する前に確認してください：提出済みの応募への影響' })).toBeFocused();
  await visit('vendor-call-warning');
  await page.getByRole('button', { name: 'この内容で保存する' }).click();
  await expect(page.getByTestId('call-done')).toHaveText('変更を保存しました。下書きに戻った応募：1件（各事業者に再提出のお願いを通知しました）。');
  await expect(page.getByTestId('progress-39')).toHaveCount(0);
  await expect(page.getByTestId('progress-01')).toContainText('提案なし');
  await visit('vendor-call-changed');

  const { vendorApplications } = await gqlAs<{ vendorApplications: Array<{ status: string; returnedNotice: string | null }> }>(
    page.request,
    SEC,
    'query($c: ID!) { vendorApplications(callId: $c, statuses: [DRAFT, SUBMITTED]) { status returnedNotice } }',
    { c: callId },
  );
  expect(vendorApplications.map((a) => a.status)).toEqual(['DRAFT']);
  expect(vendorApplications[0].returnedNotice).toContain('下書きに戻しました');
});
