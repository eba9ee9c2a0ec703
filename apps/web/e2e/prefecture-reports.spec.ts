import { expect, gqlAs, signIn, test } from './support';

/**
 * 兵庫県 reviews the interim report that its engagement's vendor submits: a return needs a reason; then acknowledged.
 * (福岡県's engagement is left to the vendor journey, which submits its interim report in the browser.)
 */
test('兵庫県 reviews its engagement’s interim report', async ({ page, visit, request }) => {
  test.setTimeout(120_000);
  type Mine = { myEngagements: Array<{ id: string; prefectureCode: string }> };
  let vendor = '';
  let engagementId = '';
  for (const email of ['thinktank@demo.example.jp', 'bank@demo.example.jp']) {
    const found = (await gqlAs<Mine>(request, email, '{ myEngagements { id prefectureCode } }')).myEngagements.find((e) => e.prefectureCode === '28');
    if (found) [vendor, engagementId] = [email, found.id];
  }
  expect(engagementId).not.toBe('');
  const engagement = { id: engagementId };
  await gqlAs(request, vendor, 'mutation($e: ID!, $i: ReportInput!) { submitReport(engagementId: $e, kind: INTERIM, input: $i) { id status } }', {
    e: engagement.id,
    i: {
      body: '県・連携市町の推進会議を2回開催し、DX推進計画の骨子を取りまとめた。',
      outcomes: '推進体制図の作成、職員研修1回（参加32名）',
      progress: [{ menuItemCode: 'DX_STRUCTURE', status: 'IN_PROGRESS', note: '体制図は確定' }],
    },
  });

  await signIn(page, 'hyogo@demo.example.jp');
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
