import { expect, signIn, test } from './support';

// The shared 2-core machine runs other suites too: the default 60 s is too tight for a whole journey.
test.describe.configure({ timeout: 180_000 });

/** This fiscal year (April–March, in JST): the demo's live round belongs to it. */
function fyNow(): number {
  const jst = new Date(Date.now() + 9 * 3600_000);
  return jst.getUTCMonth() >= 3 ? jst.getUTCFullYear() : jst.getUTCFullYear() - 1;
}
const reiwaNow = () => `令和${fyNow() - 2018}年度`;

test('a signed-in vendor opens 北海道 from the map and asks a question while questions are open', async ({ page, visit }) => {
  await signIn(page, 'itvendor@demo.example.jp');
  // This fiscal year's round by its year (other specs add open rounds of later years to the shared demo database).
  await page.goto(`/candidate-regions?fy=${fyNow()}`);
  await page.getByRole('button', { name: /北海道（候補地域/ }).click();
  await page.getByRole('link', { name: `${reiwaNow()} 北海道の候補地域を見る` }).click();
  await expect(page.getByRole('heading', { level: 1, name: '北海道（候補地域）' })).toBeVisible();
  await visit('region-hokkaido');

  // An empty question is refused beside its field.
  await page.getByRole('button', { name: '質問を送る' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('質問の内容を入力してください');
  const q = `連携市の庁内会議にオンラインで参加できますか？（${Date.now()}）`;
  await page.getByLabel('質問の内容').fill(q);
  await page.getByRole('button', { name: '質問を送る' }).click();
  await expect(page.getByTestId('question-sent')).toBeVisible();
  await expect(page.getByTestId('my-questions')).toContainText(q);
  await expect(page.getByTestId('my-questions')).toContainText('未回答');
  await visit('question-sent');
});
