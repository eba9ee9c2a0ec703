import { Secret, TOTP } from 'otpauth';
import { expect, gqlAs, signIn, test } from './support';

/**
 * The second factor in the browser: a ministry account made for this test (the demo's accounts keep signing in with a
 * password) sets it up on its account page, and its next sign-in asks for the app's code.
 */
const EMAIL = `ministry-2fa-${Date.now()}@mic.example.go.jp`;
const PASSWORD = 'ministry-password-2039';
/** What the app shows `offsetSeconds` from now (the next step's code: the confirmation has used this step's). */
const code = (secret: string, offsetSeconds = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret.replace(/\s/g, '')), digits: 6, period: 30 }).generate({ timestamp: Date.now() + offsetSeconds * 1000 });

test('a ministry account turns the second factor on, and then signs in with a code', async ({ page, request, visit }) => {
  await gqlAs(request, 'secretariat@demo.example.jp', 'mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }', {
    i: { role: 'MINISTRY', displayName: '総務省 地域DX担当', email: EMAIL, password: PASSWORD },
  });
  await signIn(page, EMAIL, PASSWORD);
  await page.goto('/account');
  const section = page.getByRole('region', { name: '2段階認証' });
  await expect(section.getByTestId('second-factor-state')).toHaveText('無効');
  await section.getByRole('button', { name: '2段階認証を設定する' }).click();
  const secret = (await section.getByTestId('totp-secret').textContent())!;
  expect(secret.replace(/\s/g, '')).toMatch(/^[A-Z2-7]{32}$/);
  await visit('second-factor-enrol');
  await section.getByLabel('確認コード').fill('000000');
  await section.getByRole('button', { name: '確認して有効にする' }).click();
  await expect(section.getByRole('alert')).toContainText('確認コードが正しくない');
  await section.getByLabel('確認コード').fill(code(secret));
  await section.getByRole('button', { name: '確認して有効にする' }).click();
  await expect(section.getByTestId('second-factor-state')).toHaveText('有効（ログイン時に確認コードが必要）');
  await visit('second-factor-on');

  await page.goto('/signout');
  await page.goto('/signin');
  await page.getByLabel(/メールアドレス/).fill(EMAIL);
  await page.getByLabel(/パスワード/).fill(PASSWORD);
  await page.getByRole('button', { name: 'ログインする' }).click();
  const otp = page.getByLabel(/確認コード（2段階認証）/);
  await expect(otp).toBeVisible();
  await visit('signin-second-factor');
  await otp.fill(code(secret, 30));
  await page.getByRole('button', { name: 'ログインする' }).click();
  await expect(page).not.toHaveURL(/\/signin/);
});
