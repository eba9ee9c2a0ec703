import { expect, signIn, test } from './support';

test('the top page and the sign-in page render in Japanese; a demo account signs in and out', async ({ page, visit }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('地域DX 伴走支援マッチング');
  await visit('top');

  await page.getByRole('link', { name: 'ログイン' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'ログイン' })).toBeVisible();
  await visit('signin');

  await signIn(page, 'hyogo@demo.example.jp');
  await expect(page.getByTestId('account')).toContainText('都道府県');
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ログアウトしました' })).toBeVisible();
  await visit('signed-out');
});
