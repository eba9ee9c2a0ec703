import type { APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD, expect, gqlAs, signIn, test } from './support';
import { memorandumPdf } from './prefecture-support';

const HOKKAIDO = 'hokkaido@demo.example.jp';

/** A complete application of 北海道 to the open 令和9年度 region call, submitted through the API (the stage). */
async function submittedApplication(request: APIRequestContext): Promise<string> {
  const { calls } = await gqlAs<{ calls: Array<{ id: string; status: string; title: string }> }>(
    request,
    HOKKAIDO,
    '{ calls(kind: REGION) { id status title } }',
  );
  const call = calls.find((c) => c.status === 'OPEN' && c.title.includes('令和9年度'))!;
  const started = await gqlAs<{ startRegionApplication: { id: string } }>(
    request,
    HOKKAIDO,
    'mutation($c: ID!) { startRegionApplication(callId: $c) { id } }',
    {
      c: call.id,
    },
  );
  const id = started.startRegionApplication.id;
  for (const lgCode of ['012025', '012033', '012041'])
    await gqlAs(request, HOKKAIDO, 'mutation($a: ID!, $l: String!) { addPartnerMunicipality(applicationId: $a, lgCode: $l) { id } }', { a: id, l: lgCode });
  const login = await request.post('/graphql', {
    headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
    data: { query: 'mutation($i: LoginInput!) { login(input: $i) { token } }', variables: { i: { email: HOKKAIDO, password: DEMO_PASSWORD } } },
  });
  const token = ((await login.json()) as { data: { login: { token: string } } }).data.login.token;
  const app = await gqlAs<{ regionApplication: { partners: Array<{ id: string; municipalityCode: string }> } }>(
    request,
    HOKKAIDO,
    'query($a: ID!) { regionApplication(id: $a) { partners { id municipalityCode } } }',
    { a: id },
  );
  for (const p of app.regionApplication.partners) {
    const up = await request.post('/documents', {
      headers: { authorization: `Bearer ${token}` },
      multipart: { purpose: 'MEMORANDUM', file: memorandumPdf(p.municipalityCode) },
    });
    const doc = (await up.json()) as { id: string };
    await gqlAs(request, HOKKAIDO, 'mutation($p: ID!, $d: ID!) { attachMemorandum(partnerId: $p, documentId: $d) { id } }', { p: p.id, d: doc.id });
  }
  await gqlAs(
    request,
    HOKKAIDO,
    'mutation($p: ID!) { addRegionalIssue(partnerId: $p, issue: { category: TOURISM, title: "観光DX", description: "観光客の動態把握" }) { id } }',
    {
      p: app.regionApplication.partners[0].id,
    },
  );
  await gqlAs(request, HOKKAIDO, 'mutation($a: ID!, $d: [RequirementDeclarationInput!]!) { declareRequirements(applicationId: $a, declarations: $d) { id } }', {
    a: id,
    d: Array.from({ length: 9 }, (_, i) => ({ number: i + 1, declared: true, evidence: '決裁済み' })),
  });
  await gqlAs(request, HOKKAIDO, 'mutation($a: ID!, $c: ContactInput!) { addContact(applicationId: $a, contact: $c) { id } }', {
    a: id,
    c: { name: '北海 一郎', department: 'DX推進課', email: 'ichiro@pref.hokkaido.example.jp', consentToPersonalDataTerms: true },
  });
  await gqlAs(request, HOKKAIDO, 'mutation($a: ID!) { submitRegionApplication(applicationId: $a) { number } }', { a: id });
  return id;
}

/**
 * 北海道 withdraws its submitted application before the deadline, then takes it back to draft to amend it; the partner
 * search offers only its own basic local governments (the 北方領土 villages are not offered).
 */
test('北海道 withdraws its submitted application before the deadline and reopens it', async ({ page, visit, request }) => {
  test.setTimeout(180_000);
  const id = await submittedApplication(request);
  await signIn(page, HOKKAIDO);
  await page.goto('/prefecture');
  await page.locator('section.card').filter({ hasText: '支援地域の公募（令和9年度）' }).getByRole('link', { name: '申請を見る' }).click();
  await expect(page.getByTestId('application-status')).toHaveText('提出済み');
  await expect(page.getByTestId('countdown')).toContainText('まで あと');
  await visit('withdraw-submitted');
  await page.getByRole('link', { name: '申請を取り下げる' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '申請の取下げ' })).toBeVisible();
  await visit('withdraw-confirm');
  await page.getByRole('button', { name: '申請を取り下げる' }).click();
  await expect(page).toHaveURL(new RegExp(`/prefecture/applications/${id}$`));
  await expect(page.getByTestId('application-status')).toHaveText('取下げ済み');
  await expect(page.getByText('この申請は取り下げられています。')).toBeVisible();
  await visit('withdrawn');

  await page.getByRole('button', { name: '申請を修正する（作成中に戻す）' }).click();
  await expect(page.getByTestId('application-status')).toHaveText('作成中');
  await page.getByRole('link', { name: '連携市区町村', exact: true }).click();
  await page.getByLabel('市区町村を検索').fill('しこたん');
  await expect(page.getByText('該当する市区町村はありません。')).toBeVisible();
  await page.getByLabel('市区町村を検索').fill('はこだて');
  await expect(page.getByTestId('search-results')).toContainText('函館市');
  await expect(page.getByTestId('search-results')).toContainText('追加済み');
  await visit('reopened-partners');

  // Typed evidence is saved on the server as it is typed: a reload shows it.
  await page.goto(`/prefecture/applications/${id}/requirements`);
  await page.locator('#req-3-evidence').fill('近隣町村に傍聴の案内を送付予定');
  await expect(page.getByTestId('draft-status')).toHaveAttribute('data-status', 'saved');
  await page.reload();
  await expect(page.locator('#req-3-evidence')).toHaveValue('近隣町村に傍聴の案内を送付予定');
  await visit('requirements-after-reload');
});
