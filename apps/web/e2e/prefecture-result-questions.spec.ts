import { expect, gqlAs, signIn, test } from './support';

/** 福岡県 reads its results: 令和7年度 not adopted (with the reason), 令和8年度 adopted. */
test('福岡県 sees its results with the reason of a rejection', async ({ page, visit }) => {
  test.setTimeout(120_000);
  await signIn(page, 'fukuoka@demo.example.jp');
  await page.goto('/prefecture');
  const table = page.getByTestId('my-applications');
  await expect(table.getByRole('row').filter({ hasText: '令和7年度' })).toContainText('不採択');
  await expect(table.getByRole('row').filter({ hasText: '令和7年度' })).toContainText('応募要件5（伴走支援を受け入れる体制）が確認できないため');
  await expect(table.getByRole('row').filter({ hasText: '令和8年度' })).toContainText('採択');
  await visit('results-list');
  await table.getByRole('row').filter({ hasText: '令和7年度' }).getByRole('link').click();
  await expect(page.getByTestId('result')).toContainText('採択されませんでした。');
  await expect(page.getByTestId('result')).toContainText('理由：応募要件5');
  await visit('result-rejected');
  await page.goBack();
  await table.getByRole('row').filter({ hasText: '令和8年度' }).getByRole('link').click();
  await expect(page.getByTestId('result')).toContainText('支援地域として採択されました。');
  await visit('result-adopted');
});

/** 北海道 answers itvendor's question about its region in the open follow-up call and publishes it to every vendor. */
test('北海道 answers a vendor’s question and publishes the answer', async ({ page, visit, request }) => {
  test.setTimeout(120_000);
  await signIn(page, 'hokkaido@demo.example.jp');
  await page.goto('/prefecture');
  await page.getByRole('link', { name: '事業者からの質問に回答する' }).click();
  await expect(page.getByTestId('questions-loaded')).toBeVisible();
  const q = page.getByTestId('inquiry').filter({ hasText: '函館市・小樽市との打合せは現地で行う想定でしょうか？' });
  await expect(q).toContainText('未回答');
  await visit('questions');
  await q.getByRole('button', { name: '回答を送信する' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('回答を入力してください');
  await q.getByLabel('回答を入力').fill('初回と中間報告時は現地、それ以外はオンラインを想定しています。');
  await expect(q.getByLabel('全事業者に公開する')).toBeChecked();
  await q.getByRole('button', { name: '回答を送信する' }).click();
  await expect(q).toContainText('公開済み');
  await expect(q).toContainText('初回と中間報告時は現地');
  await visit('question-answered');

  // Every vendor now reads it (the asker stays hidden).
  const { calls } = await gqlAs<{ calls: Array<{ id: string; status: string; title: string }> }>(
    request,
    'thinktank@demo.example.jp',
    '{ calls(kind: VENDOR) { id status title } }',
  );
  const followUp = calls.find((c) => c.status === 'OPEN' && c.title.includes('二次公募'));
  expect(followUp).toBeTruthy();
  const seen = await gqlAs<{ inquiries: Array<{ answer: string | null }> }>(
    request,
    'thinktank@demo.example.jp',
    'query($c: ID!) { inquiries(callId: $c) { answer } }',
    {
      c: followUp!.id,
    },
  );
  expect(seen.inquiries.map((i) => i.answer)).toContain('初回と中間報告時は現地、それ以外はオンラインを想定しています。');
});
