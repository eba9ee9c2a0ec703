import { expect, gqlAs, signIn, test } from './support';

/**
 * The expert evaluator's journey on the demo's 令和7年度 vendor call, closed and in scoring (apps/api/src/demo/demo-seed.ts):
 * 有識者 A (expert1) has its assigned proposals unscored and a declared conflict with the regional bank; 有識者 B has
 * submitted its sheets, 有識者 C has drafts, which the setup submits through GraphQL so that every proposal of A has
 * another expert's submitted sheet to show once A's own is in.
 */

test.describe.configure({ timeout: 180_000 });

/** The 法人番号 check digit (国税庁): 9 − (Σ digit × (1 or 2, from the right)) mod 9. */
function corporateNumber(base12: string): string {
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += Number(base12[12 - n]) * (n % 2 === 1 ? 1 : 2);
  return `${9 - (sum % 9)}${base12}`;
}
const toFullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

test.beforeAll(async ({ request }) => {
  const { myAssignedProposals } = await gqlAs<{ myAssignedProposals: Array<{ id: string; myScoreSheet: { status: string } | null }> }>(
    request,
    'expert3@demo.example.jp',
    '{ myAssignedProposals { id myScoreSheet { status } } }',
  );
  expect(myAssignedProposals.length).toBeGreaterThan(0);
  for (const p of myAssignedProposals)
    if (p.myScoreSheet?.status === 'DRAFT')
      await gqlAs(request, 'expert3@demo.example.jp', 'mutation($id: ID!) { submitScores(proposalId: $id) { status } }', { id: p.id });
});

test('有識者 A declares a conflict, scores a proposal watching the total, finds its draft after a reload, submits, then sees the other experts’ scores', async ({
  page,
  visit,
}) => {
  await signIn(page, 'expert1@demo.example.jp');
  await page.getByRole('link', { name: '審査（有識者）' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: '担当する提案の審査' })).toBeVisible();
  // The call in scoring first, with its deadline in JST and the era; the live round's decided call after it.
  const scoringCall = page.getByTestId('call-scoring');
  await expect(scoringCall).toHaveCount(1);
  await expect(scoringCall).toContainText('公募の締切：令和7年3月28日（金）15:00');
  await expect(scoringCall).toContainText('採点受付中');
  await expect(scoringCall.getByTestId('progress')).toContainText('件中 0件を提出済み');
  await expect(page.getByTestId('call-decided').first()).toContainText('採点は終了しました');
  await expect(page.getByTestId('scoring-period')).toContainText('選定を確定するまで');
  await visit('evaluator-home');

  // Conflicts: the demo's declared one is listed; a new one for a vendor outside the list, by its 法人番号 typed in 全角.
  await page.getByRole('link', { name: '利益相反を申告する・申告内容を見る' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '利益相反の申告' })).toBeVisible();
  await expect(page.getByTestId('conflicts')).toContainText('前年度に顧問');
  await expect(page.getByTestId('conflicts')).toContainText(corporateNumber('140001005897'));
  // The vendors of the assigned proposals are offered by name and 法人番号.
  await expect(page.getByRole('radio', { name: /株式会社（デモ）（法人番号 \d{13}）/ }).first()).toBeVisible();
  await visit('conflicts');
  await page.getByRole('button', { name: '申告する' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('事業者を選んでください');
  await page.getByLabel('一覧にない事業者（法人番号を入力）').check();
  await page.getByLabel('法人番号（13桁）').fill('１２３');
  await page.getByRole('button', { name: '申告する' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('13桁の数字');
  const pending = corporateNumber('300001000001');
  await page.getByLabel('法人番号（13桁）').fill(toFullWidth(pending));
  await page.getByLabel('利益相反の種別').selectOption({ label: '雇用関係（現在・過去）' });
  await page.getByLabel('内容（任意）').fill('令和5年まで非常勤で在籍');
  await page.getByRole('button', { name: '申告する' }).click();
  await expect(page.getByTestId('conflict-done')).toHaveText('利益相反を申告しました。');
  await expect(page.getByTestId('conflicts')).toContainText(pending);
  await expect(page.getByTestId('conflicts')).toContainText('雇用関係（現在・過去）');
  await expect(page.getByTestId('conflicts')).toContainText('令和5年まで非常勤で在籍');
  await expect(page.getByTestId('conflicts')).toContainText('令和');
  await visit('conflicts-declared');

  // The scoring form: criteria with weights, maximum and minimum; the total follows what is typed.
  await page.getByRole('link', { name: '担当する提案の一覧へ戻る' }).click();
  await scoringCall
    .getByRole('link', { name: /を採点する$/ })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1, name: /への提案の採点$/ })).toBeVisible();
  const url = page.url();
  await expect(page.getByTestId('proposal')).toContainText('法人番号');
  await expect(page.getByTestId('call-info')).toContainText('令和7年3月28日（金）15:00');
  await expect(page.getByTestId('documents')).toBeVisible();
  await expect(page.getByText('他の有識者の評点は、あなたの評点を提出した後に表示されます。')).toBeVisible();
  await expect(page.getByText('配点の重み 25・満点 5点・最低基準 2点').first()).toBeVisible();
  await expect(page.getByTestId('total-value')).toHaveText('0.0点');
  await visit('scoring-empty');

  const points = (title: string) => page.getByLabel(`「${title}」の点数（0〜5点）`);
  const comment = (title: string) => page.getByLabel(`「${title}」へのコメント`);
  await points('地域課題の理解').fill('４');
  await expect(page.getByTestId('total-value')).toHaveText('20.0点');
  await points('実現可能性・手法').fill('1');
  await expect(page.getByTestId('below-min')).toContainText('最低基準（2点）を下回っています');
  await expect(page.getByTestId('total-value')).toHaveText('25.0点');
  await points('実現可能性・手法').fill('9');
  await expect(page.getByText('0から5までの整数で入力してください')).toBeVisible();
  await expect(page.getByTestId('total-value')).toHaveText('20.0点');
  await expect(page.getByTestId('save-state')).toContainText('この端末にだけ保存しています', { timeout: 15_000 });
  await visit('scoring-invalid');
  await points('実現可能性・手法').fill('3');
  await points('実施体制').fill('5');
  await points('持続可能性・地域人材育成').fill('4');
  await comment('地域課題の理解').fill('連携市町の課題分析が具体的。');
  await comment('実現可能性・手法').fill('手法は妥当だが、工程に余裕がない。');
  await expect(page.getByTestId('total-value')).toHaveText('71.0点');
  await expect(page.getByTestId('total')).toContainText('未採点 1項目');
  await expect(page.getByTestId('save-state')).toHaveText('サーバーに保存しました', { timeout: 15_000 });
  await visit('scoring-draft');

  // The draft is on the server: a reload shows it.
  await page.reload();
  await expect(points('地域課題の理解')).toHaveValue('4');
  await expect(points('持続可能性・地域人材育成')).toHaveValue('4');
  await expect(comment('実現可能性・手法')).toHaveValue('手法は妥当だが、工程に余裕がない。');
  await expect(page.getByTestId('total-value')).toHaveText('71.0点');

  // Submitting with a criterion unscored: the error summary links to it.
  await page.getByRole('button', { name: '内容を確認して提出へ進む' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('「費用対効果」の点数を入力してください');
  await visit('scoring-missing');
  await points('費用対効果').fill('3');
  await comment('費用対効果').fill('提案額は妥当。');
  await expect(page.getByTestId('total-value')).toHaveText('77.0点');
  await page.getByRole('button', { name: '内容を確認して提出へ進む' }).click();

  await expect(page.getByRole('heading', { level: 1, name: '採点内容の確認' })).toBeVisible();
  await expect(page.getByTestId('check-total')).toContainText('77.0点');
  await expect(page.getByTestId('check-scores')).toContainText('提案額は妥当。');
  await visit('scoring-check');
  await page.getByRole('button', { name: '提出する' }).click();

  await expect(page.getByTestId('submitted')).toContainText('採点を提出しました');
  await expect(page.getByTestId('submitted')).toContainText('提出日時：令和');
  await expect(page.getByTestId('my-scores')).toContainText('77.0点');
  // Now, and only now, the other experts' submitted sheets.
  await expect(page.getByTestId('others')).toContainText('有識者 1');
  await expect(page.getByTestId('others')).toContainText('デモ');
  await visit('scoring-submitted');

  await page.reload();
  await expect(page.getByTestId('others')).toBeVisible();
  expect(page.url()).toBe(url);

  await page.getByRole('link', { name: '担当する提案の一覧へ戻る' }).click();
  await expect(scoringCall.getByTestId('progress')).toContainText('件中 1件を提出済み');
  await expect(scoringCall.getByTestId('assigned').getByText('提出済み')).toBeVisible();
  await visit('evaluator-home-progress');
});
