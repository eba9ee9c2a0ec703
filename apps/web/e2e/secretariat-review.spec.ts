import type { APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD, expect, gqlAs as gqlAsAnyone, signIn, test } from './support';

/**
 * The secretariat's stage 1 on a region call of 令和19年度 (fiscal year 2037, this spec's own) set up through GraphQL:
 * 長野県 and 高知県 submit complete applications before a deadline a few seconds away, the call is closed; then, in the
 * browser, the queue is filtered, 長野県 is checked and adopted after a hearing, 高知県 rejected with a reason
 * (requirement 5 not met), and the candidate regions are published.
 */

test.describe.configure({ timeout: 240_000 });

const SEC = 'secretariat@demo.example.jp';
let callId = '';

async function tokenOf(request: APIRequestContext, email: string): Promise<string> {
  const r = await request.post('/graphql', {
    headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
    data: { query: 'mutation($i: LoginInput!) { login(input: $i) { token } }', variables: { i: { email, password: DEMO_PASSWORD } } },
  });
  return ((await r.json()) as { data: { login: { token: string } } }).data.login.token;
}

const tokens = new Map<string, string>();

/** GraphQL as a demo account, signed in once per account (argon2 makes every sign-in slow on a shared machine). */
async function gqlAs<T = Record<string, unknown>>(
  request: APIRequestContext,
  email: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  if (!tokens.has(email)) tokens.set(email, await tokenOf(request, email));
  const r = await request.post('/graphql', {
    headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true', authorization: `Bearer ${tokens.get(email)}` },
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
    { c: callId },
  );
  const id = start.startRegionApplication.id;
  const { municipalities } = await gqlAs<{ municipalities: Array<{ lgCode: string }> }>(
    request,
    email,
    'query($p: String!) { municipalities(prefectureCode: $p, partnerCandidatesOnly: true) { lgCode } }',
    { p: prefectureCode },
  );
  const count = Math.max(2, start.startRegionApplication.repeatApplicant.requiredPartnerCount);
  let partners: Array<{ id: string; municipalityCode: string }> = [];
  for (const m of municipalities.slice(0, count)) {
    const r = await gqlAs<{ addPartnerMunicipality: { partners: Array<{ id: string; municipalityCode: string }> } }>(
      request,
      email,
      'mutation($a: ID!, $l: String!) { addPartnerMunicipality(applicationId: $a, lgCode: $l) { partners { id municipalityCode } } }',
      { a: id, l: m.lgCode },
    );
    partners = r.addPartnerMunicipality.partners;
  }
  if (!tokens.has(email)) tokens.set(email, await tokenOf(request, email));
  const token = tokens.get(email)!;
  for (const p of partners) {
    const up = await request.post('/documents', {
      headers: { authorization: `Bearer ${token}` },
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
    d: [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({ number: n, declared: true, evidence: `要件${n}の根拠（令和19年度）` })),
  });
  await gqlAs(request, email, 'mutation($a: ID!, $c: ContactInput!) { addContact(applicationId: $a, contact: $c) { id } }', {
    a: id,
    c: {
      name: '担当 太郎',
      department: 'デジタル推進課',
      email: `tanto-${prefectureCode}@pref.example.lg.jp`,
      phone: '03-0000-0000',
      consentToPersonalDataTerms: true,
    },
  });
  await gqlAs(request, email, 'mutation($a: ID!, $k: String) { submitRegionApplication(applicationId: $a, idempotencyKey: $k) { id } }', {
    a: id,
    k: `review-2037-${prefectureCode}`,
  });
  return id;
}

test.beforeAll(async ({ request }) => {
  test.setTimeout(180_000);
  const closesAt = new Date(Date.now() + 100_000);
  const { createProgram } = await gqlAs<{ createProgram: { id: string } }>(
    request,
    SEC,
    'mutation($i: CreateProgramInput!) { createProgram(input: $i) { id } }',
    {
      i: { fiscalYear: 2037, name: '令和19年度 地域社会DX推進パッケージ事業 推進体制構築支援', regionBudgetCapYen: 80_000_000 },
    },
  );
  const { createCall } = await gqlAs<{ createCall: { id: string } }>(request, SEC, 'mutation($i: CreateCallInput!) { createCall(input: $i) { id } }', {
    i: {
      programId: createProgram.id,
      kind: 'REGION',
      title: '支援地域の公募（令和19年度）',
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: closesAt.toISOString(),
    },
  });
  callId = createCall.id;
  await gqlAs(request, SEC, 'mutation($id: ID!) { openCall(id: $id) { status } }', { id: callId });
  await completeApplication(request, 'nagano@demo.example.jp', '20');
  await completeApplication(request, 'kochi@demo.example.jp', '39');
  await new Promise((r) => setTimeout(r, Math.max(0, closesAt.getTime() - Date.now() + 1500)));
  await gqlAs(request, SEC, 'mutation($id: ID!) { closeCall(id: $id) { status } }', { id: callId });
});

test('the secretariat filters the queue, checks the nine requirements in one save, schedules a hearing, adopts 長野県, rejects 高知県 with a reason and publishes the candidate regions', async ({
  page,
  visit,
}) => {
  await signIn(page, SEC);
  await page.getByRole('link', { name: '申請の審査（事務局）' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: '支援地域の申請の審査' })).toBeVisible();
  await page.getByLabel('公募', { exact: true }).selectOption(callId);
  await expect(page.getByTestId('call-status')).toContainText('締切済み（審査中）');
  await expect(page.getByTestId('queue-count')).toHaveText('2件');
  await visit('review-queue');

  // Filters: prefecture, then status.
  await page.getByLabel('都道府県').selectOption({ label: '高知県' });
  await page.getByRole('button', { name: '絞り込む' }).click();
  await expect(page.getByTestId('queue-count')).toHaveText('1件');
  await expect(page.getByTestId('queue')).toContainText('高知県');
  await page.getByLabel('都道府県').selectOption({ label: 'すべて' });
  await page.getByLabel('状況').selectOption({ label: '提出済み（審査中）' });
  await page.getByRole('button', { name: '絞り込む' }).click();
  await expect(page.getByTestId('queue-count')).toHaveText('2件');
  await visit('review-queue-filtered');

  // 長野県: the nine checks in one save, a hearing, adoption.
  await page.getByRole('link', { name: '長野県の申請を審査する' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '長野県の申請' })).toBeVisible();
  await expect(page.getByTestId('partners')).toContainText('覚書');
  await expect(page.getByTestId('requirement-1')).toContainText('要件1の根拠（令和19年度）');
  await visit('review-application');
  await page.getByRole('button', { name: '9項目の確認を保存する' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('要件1の確認結果を選んでください');
  for (let n = 1; n <= 9; n++)
    await page
      .getByRole('group', { name: `要件${n}の確認結果` })
      .getByLabel('満たす', { exact: true })
      .check();
  await page.getByLabel('要件3の確認メモ').fill('議事録で確認');
  await page.getByRole('button', { name: '9項目の確認を保存する' }).click();
  await expect(page.getByTestId('review-done')).toHaveText('9項目の確認を保存しました。');
  await page.getByLabel('ヒアリングの日時（日本時間）').fill('2037-06-10T14:00');
  await page.getByLabel('連絡事項（任意）').fill('オンライン（Teams）');
  await page.getByRole('button', { name: 'ヒアリングを設定する' }).click();
  await expect(page.getByTestId('hearing')).toContainText('令和19年6月10日（水）14:00');
  await visit('review-application-checked');
  await page.getByRole('button', { name: '採択する' }).click();
  await expect(page.getByTestId('application-status')).toHaveText('採択');
  await visit('review-application-adopted');

  // The queue by unmet requirement 5: 長野県 is confirmed, 高知県 not yet.
  await page.getByRole('link', { name: '申請の一覧へ戻る' }).click();
  await page.getByLabel('確認できていない応募要件').selectOption({ index: 5 });
  await page.getByRole('button', { name: '絞り込む' }).click();
  await expect(page.getByTestId('queue-count')).toHaveText('1件');
  await expect(page.getByTestId('queue')).toContainText('高知県');

  // 高知県: requirement 5 not met, rejected with a reason.
  await page.getByRole('link', { name: '高知県の申請を審査する' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '高知県の申請' })).toBeVisible();
  for (let n = 1; n <= 9; n++)
    await page
      .getByRole('group', { name: `要件${n}の確認結果` })
      .getByLabel(n === 5 ? '満たさない' : '満たす', { exact: true })
      .check();
  await page.getByLabel('要件5の確認メモ').fill('伴走支援の受入体制が未整備');
  await page.getByRole('button', { name: '9項目の確認を保存する' }).click();
  await expect(page.getByTestId('review-done')).toHaveText('9項目の確認を保存しました。');
  await page.getByRole('button', { name: '不採択にする' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('不採択の理由を入力してください');
  await page.getByLabel('不採択の理由').fill('応募要件5（伴走支援を受け入れる体制）が確認できないため');
  await page.getByRole('button', { name: '不採択にする' }).click();
  await expect(page.getByTestId('application-status')).toHaveText('不採択');
  await expect(page.getByTestId('summary')).toContainText('応募要件5（伴走支援を受け入れる体制）が確認できないため');
  await visit('review-application-rejected');

  // The decision confirmed, the candidate regions published.
  await page.getByRole('link', { name: '申請の一覧へ戻る' }).click();
  await expect(page.getByTestId('queue')).toContainText('採択');
  await page.getByRole('button', { name: '選定を確定する' }).click();
  await expect(page.getByTestId('queue-done')).toHaveText('選定を確定しました。');
  await expect(page.getByTestId('call-status')).toContainText('選定確定');
  await page.getByRole('button', { name: '支援地域候補を公表する' }).click();
  await expect(page.getByTestId('queue-done')).toHaveText('支援地域候補を公表しました。');
  await expect(page.getByTestId('call-status')).toContainText('公表済み');
  await visit('review-published');

  const { candidateRegions } = await gqlAsAnyone<{ candidateRegions: { items: Array<{ prefecture: { name: string } }> } }>(
    page.request,
    null,
    'query($c: ID) { candidateRegions(callId: $c) { items { prefecture { name } } } }',
    { c: callId },
  );
  expect(candidateRegions.items.map((r) => r.prefecture.name)).toEqual(['長野県']);
});
