import { expect, signIn, test } from './support';

// The shared 2-core machine runs other suites too: the default 60 s is too tight for a whole journey.
test.describe.configure({ timeout: 180_000 });

/** A valid 法人番号: twelve digits and the check digit in front (国税庁's formula). */
function corporateNumber(): string {
  const base = String(Date.now()).slice(-12).padStart(12, '7');
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += Number(base[12 - n]) * (n % 2 === 1 ? 1 : 2);
  return `${9 - (sum % 9)}${base}`;
}

test('a vendor registers (errors shown per field, 法人番号 checked), waits for approval, and signs in to a pending menu', async ({ page, visit }) => {
  await page.goto('/');
  await page.getByRole('link', { name: '事業者の登録' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: '伴走支援事業者の登録' })).toBeVisible();
  await visit('register');

  // Nothing filled: the summary lists each field, linked to it.
  await page.getByRole('button', { name: '登録を申し込む' }).click();
  const summary = page.getByTestId('error-summary');
  await expect(summary).toContainText('事業者名を入力してください');
  await expect(summary).toContainText('法人番号を入力してください');
  await expect(summary).toContainText('パスワードは12文字以上で入力してください');
  await summary.getByRole('link', { name: '事業者名を入力してください' }).click();
  await expect(page.getByLabel(/事業者名/)).toBeFocused();
  await visit('register-errors');

  const number = corporateNumber();
  const wrong = `${(Number(number[0]) % 9) + 1}${number.slice(1)}`;
  const email = `register-${Date.now()}@example.co.jp`;
  await page.getByLabel(/事業者名/).fill('テスト地域DX合同会社');
  // 全角 digits with hyphens are accepted; a wrong check digit is said beside the field.
  await page.getByLabel(/法人番号/).fill(wrong.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).replace(/^(.{4})/, '$1－'));
  await page.getByLabel(/事業者の種類/).selectOption({ label: 'コンサルティング会社' });
  await page.getByLabel(/本社所在地/).selectOption({ label: '高知県' });
  await page.getByLabel(/担当者の氏名/).fill('登録 太郎');
  await page.getByLabel(/担当者のメールアドレス/).fill(email);
  await page.getByLabel(/パスワード/).fill('very-long-password-2026');
  await page.getByRole('button', { name: '登録を申し込む' }).click();
  await expect(page.locator('#corporateNumber-error')).toContainText('チェックデジットが一致しません');

  await page.getByLabel(/法人番号/).fill(number);
  await page.getByRole('button', { name: '登録を申し込む' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '登録の申込みを受け付けました' })).toBeVisible();
  await expect(page.getByTestId('registration-pending')).toContainText('承認待ち');
  await expect(page.getByTestId('registration-pending')).toContainText(email);
  await visit('registered-pending');

  await signIn(page, email, 'very-long-password-2026');
  await page.goto('/vendor');
  await expect(page.getByTestId('vendor-status')).toContainText('登録は承認待ちです');
  await visit('pending-menu');
});
