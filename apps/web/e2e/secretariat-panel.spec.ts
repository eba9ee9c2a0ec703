import { expect, gqlAs, signIn, test } from './support';

/**
 * The secretariat's expert panel of a vendor call (issue 14 items 1 and 3). The demo has no vendor call past its deadline
 * with bids and no assignment yet, so the setup builds one through GraphQL on the demo's 令和7年度 programme (its region
 * call published 兵庫県 and 長野県): criteria, three evaluators per proposal, open, the regional bank's bids for both
 * regions, a deadline a minute and a half away. 有識者 A declared a conflict with the bank (the demo's), so the run can
 * give each proposal only B and C: both proposals come back uncovered, with the reason. A is never assigned in this
 * call, so the evaluator journey of evaluator.spec.ts is untouched.
 */

test.describe.configure({ timeout: 300_000 });

const SEC = 'secretariat@demo.example.jp';
const BANK = 'bank@demo.example.jp';
const TITLE = '伴走支援事業者の公募（評価委員会の確認用）';
let callId: string;
let closesAt: Date;

/** YYYY-MM-DD of an instant in Japan. */
const jstDate = (d: Date) => new Date(d.getTime() + 9 * 3600_000).toISOString().slice(0, 10);

test.beforeAll(async ({ request }) => {
  test.setTimeout(180_000);
  const { calls } = await gqlAs<{ calls: Array<{ id: string; status: string; programId: string; program: { fiscalYear: number } }> }>(
    request,
    SEC,
    '{ calls(kind: REGION) { id status programId program { fiscalYear } } }',
  );
  const regionCall = calls.find((c) => c.program.fiscalYear === 2025 && c.status === 'PUBLISHED');
  expect(regionCall, 'the demo’s 令和7年度 region call, published').toBeTruthy();
  closesAt = new Date(Date.now() + 90_000);
  const { createVendorCall } = await gqlAs<{ createVendorCall: { id: string } }>(
    request,
    SEC,
    'mutation($i: CreateVendorCallInput!) { createVendorCall(input: $i) { id } }',
    {
      i: {
        programId: regionCall!.programId,
        regionCallId: regionCall!.id,
        title: TITLE,
        opensAt: new Date(Date.now() - 60_000).toISOString(),
        closesAt: closesAt.toISOString(),
      },
    },
  );
  callId = createVendorCall.id;
  await gqlAs(request, SEC, 'mutation($c: ID!, $k: [CriterionInput!]!) { setEvaluationCriteria(callId: $c, criteria: $k) { id } }', {
    c: callId,
    k: [
      { titleJa: '地域課題の理解', titleEn: 'Understanding of the issues', weight: 50, maxPoints: 5 },
      { titleJa: '実施体制', titleEn: 'Team', weight: 50, maxPoints: 5 },
    ],
  });
  await gqlAs(request, SEC, 'mutation($c: ID!) { updateEvaluationSettings(callId: $c, input: { evaluatorsPerProposal: 3 }) { evaluatorsPerProposal } }', {
    c: callId,
  });
  await gqlAs(request, SEC, 'mutation($id: ID!) { openCall(id: $id) { status } }', { id: callId });
  const { call } = await gqlAs<{ call: { candidateRegions: Array<{ id: string }> } }>(
    request,
    null,
    '{ call(id: "' + callId + '") { candidateRegions { id } } }',
  );
  const { startVendorApplication } = await gqlAs<{ startVendorApplication: { id: string } }>(
    request,
    BANK,
    'mutation($c: ID!) { startVendorApplication(callId: $c, capacity: 2) { id } }',
    { c: callId },
  );
  for (const region of call.candidateRegions)
    await gqlAs(
      request,
      BANK,
      'mutation($a: ID!, $r: ID!, $p: RegionProposalInput!) { saveRegionProposal(applicationId: $a, candidateRegionId: $r, proposal: $p) { id } }',
      {
        a: startVendorApplication.id,
        r: region.id,
        p: {
          approach: '地域金融機関として県内事業者とのつながりを活かし、DX推進体制の構築を伴走支援する。',
          menuItemCodes: ['DX_STRUCTURE', 'DX_PROMOTION_TALENT'],
          team: [{ name: '銀行 太郎', role: '統括', qualifications: '中小企業診断士' }],
          schedule: '契約日から年度末まで',
          budgetYen: 20_000_000,
        },
      },
    );
  await gqlAs(request, BANK, 'mutation($a: ID!) { submitVendorApplication(applicationId: $a, idempotencyKey: "panel-spec") { number } }', {
    a: startVendorApplication.id,
  });
});

test('the secretariat sets up the panel, sees the conflicts, runs the assignment with its uncovered proposals and reasons, confirms, sets and moves the scoring deadline; an evaluator sees it', async ({
  page,
  request,
  visit,
}) => {
  await signIn(page, SEC);
  await page.getByRole('link', { name: '評価委員会（事務局）' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: '評価委員会と割当' })).toBeVisible();
  await page.getByLabel('事業者の公募', { exact: true }).selectOption(callId);
  await expect(page.getByTestId('panel-call-state')).toContainText('受付中');
  await expect(page.getByText('まだ評価委員がいません。')).toBeVisible();
  await expect(page.getByText('割当は公募の締切後に実行できます。')).toBeVisible();
  await expect(page.getByRole('button', { name: '割当を実行する' })).toBeDisabled();
  await visit('panel-empty');

  // The panel: the three demo experts, one of them removed and put back; a missing choice is refused in the form.
  await page.getByRole('button', { name: '追加する' }).click();
  await expect(page.getByText('追加する有識者を選んでください。')).toBeVisible();
  for (const who of ['有識者 A（デモ）', '有識者 B（デモ）', '有識者 C（デモ）']) {
    await page.getByLabel('追加する有識者').selectOption({ label: `${who}（大学（デモ））` });
    await page.getByLabel('担当数の上限').fill('5');
    await page.getByRole('button', { name: '追加する' }).click();
    await expect(page.getByTestId('panel-done')).toHaveText(`${who}を評価委員に追加しました。`);
    await expect(page.getByTestId('panel-members')).toContainText(who);
  }
  await expect(page.getByTestId('panel-members').getByRole('row')).toHaveCount(4);
  await page.getByRole('button', { name: '有識者 C（デモ）を評価委員から外す' }).click();
  await expect(page.getByTestId('panel-done')).toHaveText('有識者 C（デモ）を評価委員から外しました。');
  await expect(page.getByTestId('panel-members').getByRole('row')).toHaveCount(3);
  await page.getByLabel('追加する有識者').selectOption({ label: '有識者 C（デモ）（大学（デモ））' });
  await page.getByRole('button', { name: '追加する' }).click();
  await expect(page.getByTestId('panel-members').getByRole('row')).toHaveCount(4);
  await expect(page.getByTestId('panel-members')).toContainText('0〜10件');

  // The conflicts of the panel: 有識者 A's with the regional bank, by name and 法人番号, kind and note.
  const conflicts = page.getByTestId('panel-conflicts');
  await expect(conflicts).toContainText('有識者 A（デモ）');
  await expect(conflicts).toContainText('ひょうご地域銀行（デモ）');
  await expect(conflicts).toContainText('顧問・助言');
  await expect(conflicts).toContainText('前年度に顧問');
  await expect(conflicts).toContainText(/\d{13}/);
  await visit('panel-members-and-conflicts');

  // The deadline passes; the call is closed (the call's own page is another journey).
  await page.waitForTimeout(Math.max(0, closesAt.getTime() - Date.now() + 1500));
  await gqlAs(request, SEC, 'mutation($id: ID!) { closeCall(id: $id) { status } }', { id: callId });
  await page.reload();
  await expect(page.getByTestId('panel-call-state')).toContainText('締切済み（審査中）');
  await expect(page.getByTestId('assignments')).toContainText('ひょうご地域銀行（デモ）（兵庫県）');
  await expect(page.getByTestId('assignments')).toContainText('ひょうご地域銀行（デモ）（長野県）');
  await expect(page.getByTestId('assignments')).toContainText('未割当');
  await expect(page.getByRole('button', { name: '割当を確定する' })).toBeDisabled();

  // The run: three per proposal are needed, only B and C are free of a conflict with the bank.
  await page.getByRole('button', { name: '割当を実行する' }).click();
  const result = page.getByTestId('run-result');
  await expect(result).toContainText('一部の提案に割り当てられませんでした');
  const uncovered = page.getByTestId('uncovered');
  await expect(uncovered.getByRole('row')).toHaveCount(3);
  for (const region of ['兵庫県', '長野県']) {
    const row = uncovered.getByRole('row', { name: new RegExp(`ひょうご地域銀行（デモ）（${region}）`) });
    await expect(row).toContainText('利益相反のない評価委員が足りません');
    await expect(row).toContainText('2人 / 3人');
  }
  await expect(page.getByTestId('assignments')).toContainText('有識者 B（デモ）（案（未確定））');
  await expect(page.getByTestId('assignments')).not.toContainText('有識者 A（デモ）');
  await visit('assignment-run');

  await page.getByRole('button', { name: '割当を確定する' }).click();
  await expect(page.getByTestId('run-done')).toHaveText('割当を4件確定しました。');
  await expect(page.getByTestId('assignments')).toContainText('有識者 C（デモ）（確定）');
  await expect(page.getByRole('button', { name: '割当を確定する' })).toBeDisabled();
  // Progress per proposal and per evaluator: 2 assigned, none submitted yet.
  await expect(page.getByTestId('progress-proposals').getByRole('row', { name: /兵庫県/ })).toContainText('2');
  await expect(page.getByTestId('progress-evaluators').getByRole('row', { name: /有識者 B（デモ）/ })).toContainText('2');
  await visit('assignment-confirmed');

  // The scoring deadline: set in Japan time, then moved two days later.
  await expect(page.getByTestId('scoring-deadline')).toContainText('まだ設定されていません');
  await page.getByRole('button', { name: '採点の締切を設定する' }).click();
  await expect(page.getByText('締切日を選んでください。')).toBeVisible();
  const first = jstDate(new Date(Date.now() + 10 * 86_400_000));
  await page.getByLabel('締切日').fill(first);
  await page.getByLabel('締切時刻（日本時間）').fill('17:00');
  await page.getByRole('button', { name: '採点の締切を設定する' }).click();
  await expect(page.getByTestId('deadline-done')).toContainText('採点の締切を令和');
  await expect(page.getByTestId('scoring-deadline')).toContainText(`${Number(first.slice(5, 7))}月${Number(first.slice(8, 10))}日`);
  await expect(page.getByTestId('scoring-deadline')).toContainText('17:00');
  await expect(page.getByTestId('scoring-deadline').getByRole('timer')).toContainText('あと');
  const moved = jstDate(new Date(Date.now() + 12 * 86_400_000));
  await page.getByLabel('締切日').fill(moved);
  await page.getByRole('button', { name: '採点の締切を変更する' }).click();
  await expect(page.getByTestId('deadline-done')).toContainText(`${Number(moved.slice(5, 7))}月${Number(moved.slice(8, 10))}日`);
  await expect(page.getByTestId('scoring-deadline')).toContainText(`${Number(moved.slice(5, 7))}月${Number(moved.slice(8, 10))}日`);
  await visit('scoring-deadline');

  // English.
  await page.getByRole('button', { name: 'Switch the language to English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Evaluation panel and assignment' })).toBeVisible();
  await expect(page.getByTestId('scoring-deadline')).toContainText('JST');
  await visit('panel-english');
  await page.getByRole('button', { name: '表示言語を日本語に切り替える' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '評価委員会と割当' })).toBeVisible();

  // 有識者 B sees the scoring deadline with its countdown, on its list and on the scoring page.
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ログアウトしました' })).toBeVisible();
  await signIn(page, 'expert2@demo.example.jp');
  await page.getByRole('link', { name: '審査（有識者）' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: '担当する提案の審査' })).toBeVisible();
  const section = page.getByRole('region', { name: TITLE });
  await expect(section.getByTestId('countdown')).toContainText(`採点の締切 令和`);
  await expect(section.getByTestId('countdown')).toContainText(`${Number(moved.slice(5, 7))}月${Number(moved.slice(8, 10))}日`);
  await expect(section.getByTestId('countdown')).toContainText('17:00');
  await expect(section.getByRole('row')).toHaveCount(3);
  await visit('evaluator-home-deadline');
  await section.getByRole('link', { name: '兵庫県（ひょうご地域銀行（デモ））を採点する' }).click();
  await expect(page.getByTestId('countdown')).toContainText(`${Number(moved.slice(5, 7))}月${Number(moved.slice(8, 10))}日`);
  await expect(page.getByTestId('call-info')).toContainText('採点受付中');
  await visit('evaluator-scoring-deadline');
});
