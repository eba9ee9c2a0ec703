import { expect, gqlAs, signIn, test } from './support';

test.describe.configure({ timeout: 180_000 });

test('bank reads the results of the published call and its feedback sheet', async ({ page, visit }) => {
  await signIn(page, 'bank@demo.example.jp');
  await page.goto('/vendor');
  await page
    .getByRole('link', { name: /結果と講評を見る/ })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1, name: '公募の結果と講評' })).toBeVisible();
  await expect(page.getByTestId('results-table')).toContainText('兵庫県');
  await expect(page.getByTestId('results-table')).toContainText('選定なし');
  const sheet = page.getByTestId('feedback-sheet').first();
  await expect(sheet).toContainText('兵庫県への提案');
  await expect(sheet).toContainText('地域課題の理解');
  await expect(sheet).toContainText(/選定されました|選定されませんでした/);
  await visit('results');
});

test('itvendor updates its engagement plan, submits the interim report and schedules a meeting', async ({ page, visit }) => {
  await signIn(page, 'itvendor@demo.example.jp');
  await page.goto('/vendor');
  await page.getByRole('link', { name: '福岡県の伴走支援' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '福岡県の伴走支援' })).toBeVisible();
  await visit('engagement');

  // The plan: an item moves on, an expert is deployed.
  const firstItem = page.locator('select[id^="item-"]').first();
  await firstItem.selectOption({ label: '実施中' });
  await page.getByLabel('専門家1の氏名').fill('福岡 専門家');
  await page.getByLabel('専門家1の役割').fill('DX推進アドバイザー');
  await page.getByRole('button', { name: '実施計画を更新する' }).click();
  await expect(page.getByTestId('plan-saved')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('専門家1の氏名')).toHaveValue('福岡 専門家');

  // The interim report.
  await expect(page.getByTestId('reports')).toContainText('中間報告');
  await page.getByRole('button', { name: '中間報告を提出する' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('報告の本文を入力してください');
  await page.locator('#interim-body').fill('県・連携市の推進会議を2回開催し、DX推進計画の骨子を整理した。');
  await page.getByRole('button', { name: '中間報告を提出する' }).click();
  await expect(page.getByTestId('reports')).toContainText('提出済み（確認待ち）');
  await visit('report-submitted');

  // A meeting (JST).
  const d = new Date(Date.now() + 9 * 3600_000 + 20 * 864e5);
  const at = `${d.toISOString().slice(0, 10)}T10:30`;
  await page.getByLabel(/日時（日本時間）/).fill(at);
  await page.getByLabel(/議題/).fill('第2回 推進会議：計画骨子の確認');
  await page.getByLabel('現地').check();
  await page.getByRole('button', { name: '会議を設定する' }).click();
  await expect(page.getByTestId('meetings')).toContainText('第2回 推進会議：計画骨子の確認');
  await expect(page.getByTestId('meetings')).toContainText('10:30（現地）');
  await visit('meeting-scheduled');
});

test('a bid returned to draft by a change of the call tells the vendor why and what to do', async ({ page, visit, request }) => {
  const sec = 'secretariat@demo.example.jp';
  const { programs } = await gqlAs<{ programs: Array<{ id: string; fiscalYear: number; calls: Array<{ id: string; kind: string; status: string }> }> }>(
    request,
    sec,
    '{ programs { id fiscalYear calls { id kind status } } }',
  );
  const r7 = programs.find((p) => p.fiscalYear === 2025)!;
  const regionCall = r7.calls.find((c) => c.kind === 'REGION' && c.status === 'PUBLISHED')!;
  const now = Date.now();
  const created = await gqlAs<{ createVendorCall: { id: string; candidateRegions: Array<{ id: string }> } }>(
    request,
    sec,
    'mutation($i: CreateVendorCallInput!) { createVendorCall(input: $i) { id candidateRegions { id } } }',
    {
      i: {
        programId: r7.id,
        regionCallId: regionCall.id,
        opensAt: new Date(now - 3600_000).toISOString(),
        closesAt: new Date(now + 30 * 864e5).toISOString(),
        title: `返却テスト公募 ${now}`,
      },
    },
  );
  const callId = created.createVendorCall.id;
  await gqlAs(request, sec, 'mutation($id: ID!) { openCall(id: $id) { id } }', { id: callId });
  const bank = 'bank@demo.example.jp';
  const started = await gqlAs<{ startVendorApplication: { id: string } }>(
    request,
    bank,
    'mutation($c: ID!) { startVendorApplication(callId: $c, capacity: 1) { id } }',
    { c: callId },
  );
  const applicationId = started.startVendorApplication.id;
  await gqlAs(
    request,
    bank,
    'mutation($a: ID!, $r: ID!, $p: RegionProposalInput!) { saveRegionProposal(applicationId: $a, candidateRegionId: $r, proposal: $p) { id } }',
    {
      a: applicationId,
      r: created.createVendorCall.candidateRegions[0].id,
      p: {
        approach: '地域金融機関として推進体制の構築を支援する。',
        menuItemCodes: ['DX_STRUCTURE'],
        team: [{ name: '銀行 担当', role: '統括' }],
        budgetYen: 10_000_000,
      },
    },
  );
  await gqlAs(request, bank, 'mutation($a: ID!) { submitVendorApplication(applicationId: $a) { number } }', { a: applicationId });
  // A later deadline touches no bid (it stays submitted); a change of the criteria touches every bid.
  const later = await gqlAs<{ updateVendorCall: { returnedApplications: number } }>(
    request,
    sec,
    'mutation($i: UpdateVendorCallInput!) { updateVendorCall(input: $i) { returnedApplications } }',
    { i: { callId, closesAt: new Date(now + 40 * 864e5).toISOString() } },
  );
  expect(later.updateVendorCall.returnedApplications).toBe(0);
  await gqlAs(request, sec, 'mutation($c: ID!, $k: [CriterionInput!]!) { setEvaluationCriteria(callId: $c, criteria: $k) { id } }', {
    c: callId,
    k: [{ titleJa: '地域課題の理解', titleEn: 'Understanding', weight: 1, maxPoints: 5 }],
  });

  await signIn(page, bank);
  await page.goto('/vendor');
  const notice = page.getByTestId('returned-notice').filter({ hasText: `返却テスト公募 ${now}` });
  await expect(notice).toContainText('応募が「作成中」に戻されました');
  await expect(notice).toContainText('理由：');
  await expect(notice).toContainText('もう一度「確認して提出」してください');
  await visit('returned-home');
  await notice.getByRole('link', { name: '応募を続ける' }).click();
  await expect(page.getByTestId('returned-notice')).toBeVisible();
  await expect(page.getByTestId('application-status')).toHaveText('作成中（未提出）');
  await visit('returned-application');
});
