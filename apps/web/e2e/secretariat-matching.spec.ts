import type { APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD, expect, signIn, test } from './support';

/**
 * The secretariat's decision on a vendor call of 令和25年度 (fiscal year 2043, this spec's own), set up through GraphQL
 * (the demo's closed vendor call is still being scored, and other specs read it): 長野県, 高知県 and 福岡県 are adopted;
 * three vendors of this spec bid (地域未来 on 長野県 and 高知県 with capacity 1, 情報 on 長野県, 銀行 on 長野県 and 福岡県);
 * two experts of this spec score them so that the simple policy gives 長野県 to 地域未来 (its best score) and leaves
 * 高知県 without support, while the optimal one supports both. In the browser: both policies are run and compared, 長野県's
 * explanation read, the selection overridden with a reason, the run approved, published after the confirmation, the
 * follow-up call for 福岡県 created and the notices sent listed.
 */

test.describe.configure({ timeout: 600_000 });

const SEC = 'secretariat@demo.example.jp';
const PASSWORD = 'matching-2043-password';
const FY = 2043;
const VENDORS = [
  { key: 'mirai', name: '地域未来総研2043株式会社', base12: '700001020431', capacity: 1, regions: ['20', '39'] },
  { key: 'joho', name: '情報システム2043株式会社', base12: '700001020432', capacity: 1, regions: ['20'] },
  { key: 'ginko', name: '地域銀行2043株式会社', base12: '700001020433', capacity: 2, regions: ['20', '40'] },
] as const;
/** Points per criterion (weights 25/25/20/20/10, maximum 5): 5 → 100, 4 → 80, [4,4,3,3,3] → 70, 2 → 40 (below 60). */
const POINTS: Record<string, number[]> = {
  'mirai-20': [5, 5, 5, 5, 5],
  'mirai-39': [4, 4, 4, 4, 4],
  'joho-20': [4, 4, 4, 4, 4],
  'ginko-20': [4, 4, 3, 3, 3],
  'ginko-40': [2, 2, 2, 2, 2],
};

let vendorCallId = '';
const tokens = new Map<string, string>();

async function tokenOf(request: APIRequestContext, email: string): Promise<string> {
  const password = email.endsWith('@demo.example.jp') ? DEMO_PASSWORD : PASSWORD;
  const r = await request.post('/graphql', {
    headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
    data: { query: 'mutation($i: LoginInput!) { login(input: $i) { token } }', variables: { i: { email, password } } },
  });
  const body = (await r.json()) as { data?: { login: { token: string } }; errors?: unknown };
  if (!body.data) throw new Error(`login as ${email} failed: ${JSON.stringify(body.errors)}`);
  return body.data.login.token;
}

/** GraphQL as an account, signed in once per account (argon2 makes every sign-in slow on a shared machine). */
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

function corporateNumber(base12: string): string {
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += Number(base12[12 - n]) * (n % 2 === 1 ? 1 : 2);
  return `${9 - (sum % 9)}${base12}`;
}

const waitUntil = (at: Date) => new Promise((r) => setTimeout(r, Math.max(0, at.getTime() - Date.now() + 1500)));

async function completeApplication(request: APIRequestContext, email: string, regionCallId: string, prefectureCode: string): Promise<string> {
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
      i: { category: 'DIGITAL_TALENT', title: `DX人材の育成（${p.municipalityCode}）`, description: '情報担当職員の不足への対応' },
    });
  }
  await gqlAs(request, email, 'mutation($a: ID!, $d: [RequirementDeclarationInput!]!) { declareRequirements(applicationId: $a, declarations: $d) { id } }', {
    a: id,
    d: [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({ number: n, declared: true, evidence: `要件${n}の根拠（令和25年度）` })),
  });
  await gqlAs(request, email, 'mutation($a: ID!, $c: ContactInput!) { addContact(applicationId: $a, contact: $c) { id } }', {
    a: id,
    c: { name: '担当 花子', department: 'DX推進課', email: `dx-${prefectureCode}@pref.example.lg.jp`, phone: '03-0000-0000', consentToPersonalDataTerms: true },
  });
  await gqlAs(request, email, 'mutation($a: ID!, $k: String) { submitRegionApplication(applicationId: $a, idempotencyKey: $k) { id } }', {
    a: id,
    k: `matching-2043-${prefectureCode}`,
  });
  return id;
}

test.beforeAll(async ({ request }) => {
  test.setTimeout(540_000);
  // The region call: three complete applications, all adopted and published as candidate regions.
  const regionClosesAt = new Date(Date.now() + 150_000);
  const { createProgram } = await gqlAs<{ createProgram: { id: string } }>(
    request,
    SEC,
    'mutation($i: CreateProgramInput!) { createProgram(input: $i) { id } }',
    { i: { fiscalYear: FY, name: '令和25年度 地域社会DX推進パッケージ事業 推進体制構築支援', regionBudgetCapYen: 80_000_000 } },
  );
  const programId = createProgram.id;
  const { createCall } = await gqlAs<{ createCall: { id: string } }>(request, SEC, 'mutation($i: CreateCallInput!) { createCall(input: $i) { id } }', {
    i: {
      programId,
      kind: 'REGION',
      title: '支援地域の公募（令和25年度）',
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: regionClosesAt.toISOString(),
    },
  });
  const regionCallId = createCall.id;
  await gqlAs(request, SEC, 'mutation($id: ID!) { openCall(id: $id) { status } }', { id: regionCallId });
  const applications = [
    await completeApplication(request, 'nagano@demo.example.jp', regionCallId, '20'),
    await completeApplication(request, 'kochi@demo.example.jp', regionCallId, '39'),
    await completeApplication(request, 'fukuoka@demo.example.jp', regionCallId, '40'),
  ];
  // The vendors and experts of this spec, made while the region call runs.
  const vendorIds: Record<string, string> = {};
  for (const v of VENDORS) {
    const { createVendor } = await gqlAs<{ createVendor: { id: string } }>(request, SEC, 'mutation($i: VendorInput!) { createVendor(input: $i) { id } }', {
      i: { name: v.name, corporateNumber: corporateNumber(v.base12), kind: 'CONSULTANCY', headOfficePrefectureCode: '13' },
    });
    vendorIds[v.key] = createVendor.id;
    await gqlAs(request, SEC, 'mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }', {
      i: { role: 'VENDOR', email: `${v.key}@matching2043.example.jp`, displayName: v.name, password: PASSWORD, vendorId: createVendor.id },
    });
  }
  const experts: string[] = [];
  for (const n of [1, 2]) {
    const { createEvaluator } = await gqlAs<{ createEvaluator: { id: string } }>(
      request,
      SEC,
      'mutation($i: CreateEvaluatorInput!) { createEvaluator(input: $i) { id } }',
      {
        i: {
          email: `expert${n}@matching2043.example.jp`,
          displayName: `評価委員${n}（2043）`,
          password: PASSWORD,
          name: `評価委員${n}（2043）`,
          affiliation: '大学',
          fields: ['DX'],
        },
      },
    );
    experts.push(createEvaluator.id);
  }
  await waitUntil(regionClosesAt);
  await gqlAs(request, SEC, 'mutation($id: ID!) { closeCall(id: $id) { status } }', { id: regionCallId });
  for (const a of applications) {
    await gqlAs(request, SEC, 'mutation($a: ID!, $c: [RequirementCheckInput!]!) { recordRequirementChecks(applicationId: $a, checks: $c) { id } }', {
      a,
      c: [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({ requirement: n, met: true, note: '確認済み' })),
    });
    await gqlAs(request, SEC, 'mutation($a: ID!) { adoptRegionApplication(applicationId: $a) { status } }', { a });
  }
  await gqlAs(request, SEC, 'mutation($c: ID!) { decideRegionCall(callId: $c) { status } }', { c: regionCallId });
  await gqlAs(request, SEC, 'mutation($c: ID!) { publishCandidateRegions(callId: $c) { status } }', { c: regionCallId });

  // The vendor call: criteria, one evaluator per proposal, the two experts; bids; closed, assigned and scored.
  const vendorClosesAt = new Date(Date.now() + 60_000);
  const { createVendorCall } = await gqlAs<{ createVendorCall: { id: string; candidateRegions: Array<{ id: string; prefectureCode: string }> } }>(
    request,
    SEC,
    'mutation($i: CreateVendorCallInput!) { createVendorCall(input: $i) { id candidateRegions { id prefectureCode } } }',
    {
      i: {
        programId,
        regionCallId,
        title: '伴走支援事業者の公募（令和25年度）',
        opensAt: new Date(Date.now() - 60_000).toISOString(),
        closesAt: vendorClosesAt.toISOString(),
      },
    },
  );
  vendorCallId = createVendorCall.id;
  const regionIds = Object.fromEntries(createVendorCall.candidateRegions.map((r) => [r.prefectureCode, r.id]));
  const { setEvaluationCriteria: criteria } = await gqlAs<{ setEvaluationCriteria: Array<{ id: string }> }>(
    request,
    SEC,
    'mutation($c: ID!, $k: [CriterionInput!]!) { setEvaluationCriteria(callId: $c, criteria: $k) { id } }',
    {
      c: vendorCallId,
      k: [
        { titleJa: '地域課題の理解', titleEn: "Understanding of the region's issues", weight: 25, maxPoints: 5 },
        { titleJa: '実現可能性・手法', titleEn: 'Feasibility and method', weight: 25, maxPoints: 5 },
        { titleJa: '実施体制', titleEn: 'Team', weight: 20, maxPoints: 5 },
        { titleJa: '持続可能性・地域人材育成', titleEn: 'Sustainability and local talent development', weight: 20, maxPoints: 5 },
        { titleJa: '費用対効果', titleEn: 'Cost-effectiveness', weight: 10, maxPoints: 5 },
      ],
    },
  );
  await gqlAs(
    request,
    SEC,
    'mutation($c: ID!) { updateEvaluationSettings(callId: $c, input: {passThreshold: 60, evaluatorsPerProposal: 1}) { passThreshold } }',
    {
      c: vendorCallId,
    },
  );
  for (const e of experts) {
    await gqlAs(request, SEC, 'mutation($c: ID!, $e: ID!) { setPanelMember(callId: $c, evaluatorId: $e, maxLoad: 10) { callId } }', { c: vendorCallId, e });
  }
  await gqlAs(request, SEC, 'mutation($id: ID!) { openCall(id: $id) { status } }', { id: vendorCallId });
  for (const v of VENDORS) {
    const email = `${v.key}@matching2043.example.jp`;
    const { startVendorApplication } = await gqlAs<{ startVendorApplication: { id: string } }>(
      request,
      email,
      'mutation($c: ID!, $n: Int) { startVendorApplication(callId: $c, capacity: $n) { id } }',
      { c: vendorCallId, n: v.capacity },
    );
    for (const pc of v.regions) {
      await gqlAs(
        request,
        email,
        'mutation($a: ID!, $r: ID!, $p: RegionProposalInput!) { saveRegionProposal(applicationId: $a, candidateRegionId: $r, proposal: $p) { id } }',
        {
          a: startVendorApplication.id,
          r: regionIds[pc],
          p: {
            approach: '県と連携市町村の役割分担を整理し、DX推進体制の構築と人材育成を伴走支援する。',
            menuItemCodes: ['DX_STRUCTURE', 'DX_PROMOTION_TALENT'],
            team: [{ name: '伴走 一郎', role: '統括', qualifications: 'ITストラテジスト' }],
            schedule: '4月〜翌3月',
            budgetYen: 25_000_000,
          },
        },
      );
    }
    await gqlAs(request, email, 'mutation($a: ID!, $k: String) { submitVendorApplication(applicationId: $a, idempotencyKey: $k) { number } }', {
      a: startVendorApplication.id,
      k: `matching-2043-${v.key}`,
    });
  }
  await waitUntil(vendorClosesAt);
  await gqlAs(request, SEC, 'mutation($id: ID!) { closeCall(id: $id) { status } }', { id: vendorCallId });
  await gqlAs(request, SEC, 'mutation($c: ID!) { runAssignment(callId: $c) { status } }', { c: vendorCallId });
  await gqlAs(request, SEC, 'mutation($c: ID!) { confirmAssignments(callId: $c) { confirmed } }', { c: vendorCallId });
  const keyOf = new Map<string, string>(VENDORS.map((v) => [v.name, v.key]));
  const prefOf = new Map(Object.entries(regionIds).map(([pc, id]) => [id, pc]));
  let scored = 0;
  for (const n of [1, 2]) {
    const email = `expert${n}@matching2043.example.jp`;
    const { myAssignedProposals } = await gqlAs<{ myAssignedProposals: Array<{ id: string; candidateRegionId: string; vendor: { name: string } }> }>(
      request,
      email,
      '{ myAssignedProposals { id candidateRegionId vendor { name } } }',
    );
    for (const p of myAssignedProposals) {
      const points = POINTS[`${keyOf.get(p.vendor.name)}-${prefOf.get(p.candidateRegionId)}`];
      if (!points) continue;
      await gqlAs(request, email, 'mutation($p: ID!, $s: [ScoreInput!]!) { saveScores(proposalId: $p, scores: $s) { id } }', {
        p: p.id,
        s: criteria.map((c, i) => ({ criterionId: c.id, points: points[i], comment: '評価コメント' })),
      });
      await gqlAs(request, email, 'mutation($p: ID!) { submitScores(proposalId: $p) { status } }', { p: p.id });
      scored += 1;
    }
  }
  expect(scored).toBe(5);
});

test('the secretariat runs both policies, reads 長野県’s explanation, overrides it with a reason, approves, publishes after confirming, opens the follow-up call and sees the notices sent', async ({
  page,
  visit,
}) => {
  await signIn(page, SEC);
  await page.getByRole('link', { name: '選定の決定（事務局）' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: '選定の決定' })).toBeVisible();
  await expect(page.getByTestId('matching-calls')).toContainText('伴走支援事業者の公募（令和25年度）');
  await visit('matching-calls');

  // Both policies side by side.
  await page.getByRole('link', { name: '伴走支援事業者の公募（令和25年度）：この公募の選定へ進む' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '伴走支援事業者の公募（令和25年度）：選定' })).toBeVisible();
  await expect(page.getByTestId('call-status')).toContainText('締切済み（評価・選定中）');
  await visit('matching-call-before');
  await page.getByRole('button', { name: '2つの方式で実行する' }).click();
  await expect(page.getByTestId('run-done')).toHaveText('2つの方式で実行しました。結果を比べ、採用する案を開いてください。', { timeout: 60_000 });
  const side = page.getByTestId('side-by-side');
  await expect(side.getByTestId('row-regions')).toContainText('2地域');
  await expect(side.getByTestId('row-regions')).toContainText('1地域');
  await expect(side.getByTestId('side-region-高知県')).toContainText('この地域は2つの方式で結果が異なります');
  await expect(side.getByTestId('side-region-高知県')).toContainText('基準を満たした事業者がいずれも他地域で選定され、支援可能数に達した');
  await expect(side.getByTestId('side-region-福岡県')).toContainText('応募がいずれも評価基準に達していない');
  await expect(page.getByTestId('diff-summary')).toContainText('単純の方式は最適化に比べ、支援できる地域が−1地域');
  await visit('matching-side-by-side');

  // The optimal run: 長野県's winner, the alternatives and why they lost; the unsupported region with its reason.
  await page.getByRole('link', { name: '最適化（全体最適）の案を開いて確認する' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '選定案の確認：最適化（全体最適）' })).toBeVisible();
  const nagano = page.getByTestId('outcome-長野県');
  await expect(nagano.getByTestId('winner')).toContainText(/選定：情報システム2043株式会社（評点 [\d.]+・地域内 2位）/);
  const alternatives = nagano.getByTestId('alternatives');
  await expect(alternatives.getByRole('row', { name: /地域未来総研2043株式会社/ })).toContainText(
    '同じ事業者が他の地域で選定され、支援可能数に達した （選定された地域：高知県）',
  );
  await expect(alternatives.getByRole('row', { name: /地域銀行2043株式会社/ })).toContainText('選定された提案より評点が低い');
  await expect(page.getByTestId('outcome-高知県').getByTestId('winner')).toContainText('地域未来総研2043株式会社');
  await expect(page.getByTestId('unsupported')).toContainText('福岡県');
  await expect(page.getByTestId('unsupported')).toContainText('応募がいずれも評価基準に達していない');
  // The reason's detail in Japanese on the Japanese page, with its numbers (the English detail is for the English page).
  await expect(page.getByTestId('unsupported')).toContainText('詳細：選定の対象となり得る提案1件は、いずれも評価が基準に達しませんでした。');
  await expect(page.getByTestId('unsupported')).not.toContainText('None of the');
  await visit('matching-run-optimal');

  // The override: missing reason, then the typed reason survives a reload before it is recorded.
  await page.getByRole('combobox', { name: /^地域/ }).selectOption({ label: '長野県' });
  const bank = await page.getByLabel('選定する提案').locator('option', { hasText: '地域銀行2043株式会社' }).getAttribute('value');
  await page.getByLabel('選定する提案').selectOption(bank!);
  await page.getByRole('button', { name: '選定を変更する' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('変更の理由を入力してください。');
  const reason = '評価委員会で地元金融機関との連携を重視することとしたため';
  await page.getByLabel('変更の理由').fill(reason);
  await visit('matching-override-form');
  await page.reload();
  await expect(page.getByLabel('変更の理由')).toHaveValue(reason);
  await expect(page.getByLabel('選定する提案')).toHaveValue(/.+/);
  await page.getByRole('button', { name: '選定を変更する' }).click();
  await expect(page.getByTestId('run-message')).toHaveText('長野県の選定を変更しました。');
  await expect(nagano.getByTestId('winner')).toContainText('選定：地域銀行2043株式会社');
  await expect(nagano.getByTestId('winner')).toContainText('決め方：事務局が変更');
  await expect(nagano.getByTestId('override-reason')).toHaveText(`変更の理由：${reason}`);
  await expect(page.getByTestId('events')).toContainText(reason);
  // The region keeps its explanation: the proposal selected before lost to this change.
  await expect(nagano.getByTestId('alternatives').getByRole('row', { name: /情報システム2043株式会社/ })).toContainText(
    '事務局の変更（理由を記録）により、別の提案を選定した',
  );
  await visit('matching-overridden');

  // Approval, then publication only after the confirmation (cancelled once).
  await page.getByRole('button', { name: 'この案を承認する' }).click();
  await expect(page.getByTestId('run-message')).toHaveText('承認しました。次に結果を公表してください。');
  await expect(page.getByTestId('run-status')).toHaveText('承認済み');
  await page.getByRole('button', { name: '結果を公表する…' }).click();
  const dialog = page.getByRole('dialog', { name: '結果を公表しますか？' });
  await expect(dialog).toContainText('取り消すことはできません');
  await visit('matching-publish-confirm');
  await dialog.getByRole('button', { name: 'やめる' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('run-status')).toHaveText('承認済み');
  await page.getByRole('button', { name: '結果を公表する…' }).click();
  await page.getByRole('dialog', { name: '結果を公表しますか？' }).getByRole('button', { name: '公表する' }).click();
  await expect(page.getByTestId('run-message')).toContainText('結果を公表しました。');
  await expect(page.getByTestId('run-status')).toHaveText('公表済み');

  // The notices the publication sent: 3 regions and 3 vendors.
  const outbox = page.getByTestId('outbox');
  await expect(outbox.getByRole('row')).toHaveCount(7);
  await expect(outbox).toContainText('長野県');
  await expect(outbox).toContainText('事業者への結果');
  await expect(outbox).toContainText('地域への結果（支援なし）');
  await visit('matching-published-outbox');

  // The follow-up call for the region left unsupported.
  await expect(page.getByTestId('followup-regions')).toHaveText('対象の地域：福岡県');
  await page.getByLabel('二次公募の名称').fill('伴走支援事業者の二次公募（令和25年度）');
  await page.getByRole('button', { name: '二次公募を作成する' }).click();
  await expect(page.getByTestId('followup-done')).toContainText('二次公募「伴走支援事業者の二次公募（令和25年度）」を作成しました');
  await expect(page.getByTestId('followup-done')).toContainText('対象：福岡県');
  await visit('matching-follow-up');

  // Back on the comparison: the call is published and no new run is possible.
  await page.getByRole('link', { name: '比較へ戻る' }).click();
  await expect(page.getByTestId('call-status')).toContainText('結果公表済み');
  await expect(page.getByRole('button', { name: '2つの方式で実行する' })).toHaveCount(0);
  await visit('matching-call-after');
});
