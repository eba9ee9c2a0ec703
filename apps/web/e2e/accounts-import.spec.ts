import { expect, signIn, test } from './support';

/**
 * Accounts from a CSV: the secretariat checks a file with a bad row (nothing can be created: the row, column and reason are
 * shown, no confirm button), then a corrected one (a preview of the accounts), confirms, and finds them in the list.
 */

test.describe.configure({ timeout: 240_000 });

const SEC = 'secretariat@demo.example.jp';
const tag = Date.now().toString(36);
const PREF = `iwate-csv-${tag}@pref.example.lg.jp`;
const MUNI = `morioka-csv-${tag}@city.example.lg.jp`;
const HEADER = '種別,団体コード,表示名,メールアドレス';

test('the secretariat creates accounts from a CSV after a dry-run preview', async ({ page, visit }) => {
  await signIn(page, SEC);
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: 'アカウントの管理（事務局）' }).click();
  const section = page.getByRole('region', { name: 'CSVからの一括作成' });
  await expect(section).toBeVisible();

  // Nothing chosen: an error, not a request.
  await section.getByRole('button', { name: '内容を確認する（まだ作成しません）' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('ファイルを選んでください');

  // A file with a bad row: reported, and nothing can be confirmed.
  const bad = [HEADER, `都道府県,03,岩手県 デジタル推進課,${PREF}`, `市区町村,039999,架空市,${MUNI}`].join('\r\n');
  await section.getByLabel('ファイル（CSVまたはXLSX）').setInputFiles({ name: 'accounts.csv', mimeType: 'text/csv', buffer: Buffer.from(bad, 'utf8') });
  await section.getByRole('button', { name: '内容を確認する（まだ作成しません）' }).click();
  await expect(page.getByTestId('import-summary')).toContainText('2行中、受付可能 1行、エラー 1行');
  const rejections = page.getByTestId('import-rejections');
  await expect(rejections).toContainText('039999');
  await expect(rejections).toContainText('この団体コードの市区町村はありません。');
  await expect(section.getByRole('button', { name: /件のアカウントを作成/ })).toHaveCount(0);
  await visit('accounts-import-errors');

  // Corrected (全角 digits accepted): a preview, then the confirm step.
  const good = [HEADER, `都道府県,０３,岩手県 デジタル推進課,${PREF}`, `市区町村,032018,盛岡市 情報政策課,${MUNI}`].join('\r\n');
  await section.getByLabel('ファイル（CSVまたはXLSX）').setInputFiles({ name: 'accounts.csv', mimeType: 'text/csv', buffer: Buffer.from(good, 'utf8') });
  await section.getByRole('button', { name: '内容を確認する（まだ作成しません）' }).click();
  await expect(page.getByTestId('import-summary')).toContainText('2行中、受付可能 2行、エラー 0行');
  await expect(page.getByTestId('import-accounts')).toContainText(PREF);
  await expect(page.getByTestId(`account-${PREF}`)).toHaveCount(0);
  await visit('accounts-import-preview');
  await section.getByRole('button', { name: '2件のアカウントを作成し、設定用リンクを送る' }).click();
  await expect(page.getByTestId('accounts-done')).toContainText('2件のアカウントを作成し');
  await expect(page.getByTestId(`account-${PREF}`)).toContainText('岩手県（03）');
  await expect(page.getByTestId(`account-${MUNI}`)).toContainText('利用中');
  await visit('accounts-imported');
});
