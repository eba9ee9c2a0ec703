import { expect, gqlAs, signIn, test, waitForMail } from './support';

/**
 * A forgotten password: from the sign-in page to the mailed link, a new password, and the sign-in with it. A used link is
 * refused with what to do next. The account is made for this test (the demo's accounts keep their password).
 */
const EMAIL = `akita-${Date.now()}@pref.example.lg.jp`;
const NEW = 'reset-password-2038';

test('a forgotten password is reset through the mailed link', async ({ page, request, visit }) => {
  await gqlAs(request, 'secretariat@demo.example.jp', 'mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }', {
    i: { role: 'PREFECTURE', prefectureCode: '05', displayName: '秋田県 デジタル政策課', email: EMAIL, password: 'initial-password-2038' },
  });

  await page.goto('/signin');
  await page.getByRole('link', { name: 'パスワードをお忘れの方' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('パスワードの再設定');
  await page.getByRole('button', { name: '再設定用のメールを送る' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('メールアドレスを入力してください');
  await visit('password-reset-request');
  // Typed in full width, as an IME may give it.
  await page.getByLabel('メールアドレス').fill(EMAIL.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
  await page.getByRole('button', { name: '再設定用のメールを送る' }).click();
  await expect(page.getByTestId('reset-sent')).toContainText(EMAIL);
  await visit('password-reset-sent');

  const mail = await waitForMail(EMAIL);
  expect(mail.subject).toContain('パスワード再設定のご案内');
  const link = /https?:\/\/\S+\/password-reset\?token=([\w-]{43})/.exec(mail.text);
  expect(link, mail.text).not.toBeNull();
  await page.goto(`/password-reset?token=${link![1]}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('新しいパスワードの設定');
  await page.locator('#new-password').fill(NEW);
  await page.locator('#confirm-password').fill('something else entirely');
  await page.getByRole('button', { name: 'パスワードを設定する' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('確認用のパスワードが一致しません');
  await visit('password-reset-set-errors');
  await page.locator('#confirm-password').fill(NEW);
  await page.getByRole('button', { name: 'パスワードを設定する' }).click();
  await expect(page.getByTestId('reset-done')).toBeVisible();
  await visit('password-reset-done');

  // The link works once.
  await page.goto(`/password-reset?token=${link![1]}`);
  await page.locator('#new-password').fill('another-password-2038');
  await page.locator('#confirm-password').fill('another-password-2038');
  await page.getByRole('button', { name: 'パスワードを設定する' }).click();
  await expect(page.getByRole('alert')).toContainText('パスワード再設定用のリンクが無効です');
  await visit('password-reset-used-link');

  await signIn(page, EMAIL, NEW);
  await expect(page).toHaveURL(/\/prefecture/);
});
