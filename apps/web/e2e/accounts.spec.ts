import { expect, signIn, test } from './support';

/**
 * Accounts: the secretariat creates a prefecture account (岩手県), the new account signs in in a second browser; the
 * secretariat deactivates it (a modal confirmation: focus kept inside, Esc closes) and that browser's next request and
 * next navigation ask to sign in again; reactivated, the account signs in again, changes its password (every other
 * session ends) and signs in with the new one. Sign-in lands each role on its own page.
 */

test.describe.configure({ timeout: 240_000 });

const SEC = 'secretariat@demo.example.jp';
const EMAIL = `iwate-${Date.now()}@pref.example.lg.jp`;
const INITIAL = 'initial-password-2037';
const NEW = 'changed-password-2037';

test('the secretariat creates, deactivates and reactivates a prefecture account; the account changes its password', async ({ page, browser, visit }) => {
  // The secretariat lands on its own page.
  await signIn(page, SEC);
  await expect(page).toHaveURL(/\/secretariat\/applications$/);
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: 'アカウントの管理（事務局）' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'アカウントの管理' })).toBeVisible();
  await expect(page.getByTestId(`account-${SEC}`)).toContainText('（ご自身）');
  await visit('accounts');

  // Create: the errors first, then a 岩手県 account.
  const create = page.getByRole('region', { name: 'アカウントの作成' });
  const filters = page.getByRole('group', { name: '絞り込み' });
  await page.getByRole('button', { name: 'アカウントを作成する' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('権限を選んでください');
  await create.getByLabel('権限').selectOption({ label: '都道府県' });
  await page.getByRole('button', { name: 'アカウントを作成する' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('都道府県を選んでください');
  await expect(page.getByTestId('error-summary')).toContainText('初期パスワードは12文字以上で入力してください');
  await visit('accounts-create-errors');
  await create.getByLabel('都道府県').selectOption({ label: '岩手県' });
  await create.getByLabel('表示名').fill('岩手県 デジタル推進課');
  await create.getByLabel('メールアドレス').fill(EMAIL);
  await create.getByLabel('初期パスワード').fill(INITIAL);
  await page.getByRole('button', { name: 'アカウントを作成する' }).click();
  await expect(page.getByTestId('accounts-done')).toContainText(`${EMAIL}のアカウントを作成しました`);
  const row = page.getByTestId(`account-${EMAIL}`);
  await expect(row).toContainText('岩手県（03）');
  await expect(row).toContainText('利用中');

  // Filters: role and state.
  await filters.getByLabel('権限').selectOption({ label: '都道府県' });
  await filters.getByLabel('利用状況').selectOption({ label: '利用中' });
  await page.getByRole('button', { name: '絞り込む' }).click();
  await expect(page).toHaveURL(/role=PREFECTURE&state=active/);
  await expect(row).toBeVisible();
  await expect(page.getByTestId(`account-${SEC}`)).toHaveCount(0);
  await visit('accounts-filtered');

  // The new account signs in in a second browser.
  const other = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const second = await other.newPage();
  await signIn(second, EMAIL, INITIAL);
  await expect(second).toHaveURL(/\/prefecture$/);
  await expect(second.getByTestId('account')).toContainText('岩手県 デジタル推進課');

  // Deactivate: a modal confirmation; Esc closes it and focus returns to the button.
  const deactivate = page.getByRole('button', { name: `${EMAIL}の利用を停止する` });
  await deactivate.click();
  const dialog = page.getByRole('dialog', { name: 'アカウントの利用を停止しますか' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'キャンセル' })).toBeFocused();
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Shift+Tab');
  expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await visit('accounts-confirm-deactivate');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(deactivate).toBeFocused();
  await expect(row).toContainText('利用中');
  await deactivate.click();
  await dialog.getByRole('button', { name: '停止する' }).click();
  await expect(page.getByTestId('accounts-done')).toContainText(`${EMAIL}の利用を停止しました。`);
  // Filtered to active accounts, the row is gone; among the deactivated ones it reads 停止中.
  await filters.getByLabel('利用状況').selectOption({ label: '停止中' });
  await page.getByRole('button', { name: '絞り込む' }).click();
  await expect(row).toContainText('停止中');
  await visit('accounts-deactivated');

  // The deactivated account's next request asks to sign in again (the page stays), its next navigation goes to sign-in.
  await second.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(second.getByTestId('session-expired')).toContainText('もう一度ログインしてください');
  await second.goto('/prefecture');
  await expect(second).toHaveURL(/\/signin\?next=%2Fprefecture/);
  await expect(second.getByRole('heading', { level: 1, name: 'ログイン' })).toBeVisible();

  // Reactivate.
  await page.getByRole('button', { name: `${EMAIL}の利用を再開する` }).click();
  await expect(page.getByTestId('accounts-done')).toContainText(`${EMAIL}の利用を再開しました。`);
  await filters.getByLabel('利用状況').selectOption({ label: '利用中' });
  await page.getByRole('button', { name: '絞り込む' }).click();
  await expect(row).toContainText('利用中');
  await signIn(second, EMAIL, INITIAL);
  await expect(second).toHaveURL(/\/prefecture$/);

  // The account changes its password here; the second browser's session ends.
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ログアウトしました' })).toBeVisible();
  await signIn(page, EMAIL, INITIAL);
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: 'パスワードの変更' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'パスワードの変更' })).toBeVisible();
  await visit('change-password');
  await page.getByLabel('現在のパスワード').fill(INITIAL);
  await page.getByLabel(/^新しいパスワード(?!（確認）)/).fill('short');
  await page.getByLabel('新しいパスワード（確認）').fill('other');
  await page.getByRole('button', { name: 'パスワードを変更する' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('新しいパスワードは12文字以上で入力してください');
  await expect(page.getByTestId('error-summary')).toContainText('確認のため、新しいパスワードと同じものを入力してください');
  await page.getByLabel('現在のパスワード').fill('wrong-password-2037');
  await page.getByLabel(/^新しいパスワード(?!（確認）)/).fill(NEW);
  await page.getByLabel('新しいパスワード（確認）').fill(NEW);
  await page.getByRole('button', { name: 'パスワードを変更する' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('現在のパスワードをご確認ください');
  await visit('change-password-wrong-current');
  await page.getByLabel('現在のパスワード').fill(INITIAL);
  await page.getByRole('button', { name: 'パスワードを変更する' }).click();
  await expect(page.getByTestId('password-changed')).toContainText('他の端末やブラウザでのログインはすべて終了しました');
  await visit('change-password-done');
  // This browser keeps its (new) session; the other one's ended.
  await page.goto('/account');
  await expect(page.getByTestId('account-details')).toContainText(EMAIL);
  await second.goto('/prefecture');
  await expect(second).toHaveURL(/\/signin\?next=%2Fprefecture/);
  await other.close();

  // The old password no longer signs in; the new one does.
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ログアウトしました' })).toBeVisible();
  await page.goto('/signin');
  await page.getByLabel('メールアドレス').fill(EMAIL);
  await page.getByLabel('パスワード').fill(INITIAL);
  await page.getByRole('button', { name: 'ログインする' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('メールアドレスまたはパスワードが正しくありません');
  await signIn(page, EMAIL, NEW);
  await expect(page).toHaveURL(/\/prefecture$/);
});
