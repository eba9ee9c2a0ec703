import { expect, gqlAs, signIn, test } from './support';

/** 福岡県 reviews the interim report that itvendor (its engagement's vendor) submits: a return needs a reason; then acknowledged. */
test('福岡県 reviews its engagement’s interim report', async ({ page, visit, request }) => {
  test.setTimeout(120_000);
  const { myEngagements } = await gqlAs<{ myEngagements: Array<{ id: string; prefectureCode: string; reports: Array<{ kind: string; status: string }> }> }>(
    request,
    'itvendor@demo.example.jp',
    '{ myEngagements { id prefectureCode reports { kind status } } }',
  );
  const engagement = myEngagements.find((e) => e.prefectureCode === '40')!;
  await gqlAs(
    request,
    'itvendor@demo.example.jp',
    'mutation($e: ID!, $i: ReportInput!) { submitReport(engagementId: $e, kind: INTERIM, input: $i) { id status } }',
    {
      e: engagement.id,
      i: {
        body: '県・連携市町の推進会議を2回開催し、DX推進計画の骨子を取りまとめた。',
        outcomes: '推進体制図の作成、職員研修1回（参加32名）',
        progress: [{ menuItemCode: 'DX_STRUCTURE', status: 'IN_PROGRESS', note: '体制図は確定' }],
      },
    },
  );

  await signIn(page, 'fukuoka@demo.example.jp');
  await page.goto('/prefecture');
  await page.getByRole('link', { name: '伴走支援の報告を確認する' }).click();
  const report = page.getByTestId('report-INTERIM');
  await expect(report).toContainText('提出済み（確認待ち）');
  await expect(report).toContainText('推進会議を2回開催');
  await expect(report).toContainText('実施中');
  await visit('reports');
  await report.getByRole('button', { name: '差し戻す' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('差し戻す理由を入力してください');
  await visit('report-return-needs-reason');
  await report.getByLabel(/コメント/).fill('成果の数値目標も記載してください（次回以降で可）。');
  await report.getByRole('button', { name: '確認しました' }).click();
  await expect(report).toContainText('確認済み');
  await expect(report).toContainText('成果の数値目標も記載してください');
  await visit('report-acknowledged');
});
