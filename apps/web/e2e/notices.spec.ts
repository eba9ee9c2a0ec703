import { expect, gqlAs, signIn, test } from './support';

/**
 * お知らせ and the notice templates. The demo's published 令和7年度 round (apps/api/src/demo) has issued the result notices
 * (選定結果通知) to 兵庫県, 福岡県 and the vendors: 兵庫県 reads its own, opens it and downloads its PDF. The secretariat
 * edits the wording of 選定結果通知（地域・支援あり）: an unknown placeholder is refused beside the field with the ones
 * allowed, then fixed, previewed, saved and reset to the default.
 */

test.describe.configure({ timeout: 180_000 });

test('兵庫県 reads its result notice (JST date with the era, document number), the letter as sent, and downloads its PDF', async ({ page, visit, request }) => {
  const { myNotices } = await gqlAs<{ myNotices: Array<{ id: string; subject: string; documentNumber: string }> }>(
    request,
    'hyogo@demo.example.jp',
    '{ myNotices(first: 50) { id subject documentNumber } }',
  );
  const result = myNotices.find((n) => n.subject.includes('兵庫県') && n.subject.includes('選定結果'));
  expect(result, 'the demo has issued 兵庫県 its result notice').toBeTruthy();

  await signIn(page, 'hyogo@demo.example.jp');
  await page.getByRole('navigation').getByRole('link', { name: 'お知らせ', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'お知らせ' })).toBeVisible();
  const list = page.getByTestId('notices');
  const row = list.getByRole('row').filter({ hasText: result!.documentNumber });
  await expect(row).toContainText(result!.subject);
  await expect(row).toContainText(/令和\d+年\d+月\d+日（[日月火水木金土]）/);
  await visit('notices-list');

  await row.getByRole('link', { name: result!.subject }).click();
  await expect(page.getByRole('heading', { level: 1, name: result!.subject })).toBeVisible();
  await expect(page.getByTestId('notice-meta')).toContainText(result!.documentNumber);
  await expect(page.getByTestId('notice-meta')).toContainText('令和');
  const letter = page.getByTestId('notice-letter');
  await expect(letter).toContainText('兵庫県');
  await expect(letter).toContainText('選定事業者');
  // Preformatted: the letter keeps its line breaks, at a readable width.
  expect(await letter.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('pre-wrap');
  expect((await letter.boundingBox())!.width).toBeLessThanOrEqual(720);
  await visit('notice-letter');

  const pdf = page.getByRole('link', { name: 'PDFをダウンロード' });
  const href = await pdf.getAttribute('href');
  expect(href).toMatch(/^\/notices\/.+\/pdf$/);
  const answer = await page.request.get(href!);
  expect(answer.status()).toBe(200);
  expect(answer.headers()['content-type']).toContain('application/pdf');
  expect((await answer.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

  // A link to any of its notices opens it by id (the oldest too, however many came after); fewer than a page: no 「さらに表示」.
  const oldest = myNotices[myNotices.length - 1];
  await page.goto(`/oshirase/${oldest.id}`);
  await expect(page.getByRole('heading', { level: 1, name: oldest.subject })).toBeVisible();
  await expect(page.getByTestId('notice-meta')).toContainText(oldest.documentNumber);
  await page.goto('/oshirase/00000000-0000-4000-8000-000000000000');
  await expect(page.getByTestId('notice-not-found')).toBeVisible();
  await page.getByRole('link', { name: 'お知らせの一覧へ戻る' }).click();
  await expect(page.getByTestId('notices').getByRole('row').filter({ hasText: oldest.documentNumber })).toBeVisible();
  await expect(page.getByTestId('notices-more')).toHaveCount(0);
});

test('the secretariat edits a notice template: an unknown placeholder is refused beside the field, fixed, previewed, saved, then reset', async ({
  page,
  visit,
}) => {
  const NAME = '選定結果通知（地域・支援あり）';
  await signIn(page, 'secretariat@demo.example.jp');
  await page.getByRole('navigation').getByRole('link', { name: '通知文テンプレート' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '通知文テンプレート' })).toBeVisible();
  const row = page.getByTestId('template-STAGE2_RESULT_REGION_SELECTED');
  await expect(row).toContainText(NAME);
  await expect(row).toContainText('既定');
  await visit('templates');

  await row.getByRole('link', { name: `「${NAME}」を編集する` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `通知文テンプレートの編集：${NAME}` })).toBeVisible();
  await expect(page.getByTestId('template-state')).toHaveText('現在の文面：既定の文面');
  const body = page.getByRole('textbox', { name: /^本文/ });
  const original = await body.inputValue();
  expect(original).toContain('{{vendorName}}');
  await expect(page.getByTestId('placeholders')).toContainText('{{prefectureName}}');
  await expect(page.getByTestId('placeholders')).toContainText('{{vendorName}}');
  await visit('template-editor');

  // An unknown placeholder: refused by the API, shown in Japanese beside the body with the allowed ones.
  await body.fill(`${original}\nご担当：{{contactPerson}}\n`);
  await page.getByRole('button', { name: '保存する' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('本文に使用できない差し込み項目があります：{{contactPerson}}');
  const fieldError = page.locator('#template-body-error');
  await expect(fieldError).toContainText('{{contactPerson}}');
  await expect(fieldError).toContainText('使用できる項目：');
  await expect(fieldError).toContainText('{{vendorName}}');
  await expect(body).toHaveAttribute('aria-invalid', 'true');
  await visit('template-unknown-placeholder');

  // Fixed: the line rewritten with an allowed placeholder inserted at the cursor by its button.
  await body.fill(`${original}\n選定事業者の連絡先は、`);
  await body.press('End');
  await body.press('Control+End');
  await page.getByRole('button', { name: '{{vendorName}} を本文に挿入' }).click();
  await expect(body).toHaveValue(`${original}\n選定事業者の連絡先は、{{vendorName}}`);
  await body.press('Control+End');
  await body.pressSequentially('からご連絡します。');
  await page.getByRole('button', { name: 'プレビュー' }).click();
  await expect(page.getByTestId('error-summary')).toHaveCount(0);
  await expect(page.getByTestId('preview-subject')).toContainText('選定結果のお知らせ');
  const preview = page.getByTestId('preview-body');
  await expect(preview).toContainText('選定事業者の連絡先は、');
  await expect(preview).toContainText('からご連絡します。');
  await expect(preview).not.toContainText('{{');
  await visit('template-preview');

  await page.getByRole('button', { name: '保存する' }).click();
  await expect(page.getByTestId('template-done')).toHaveText('文面を保存しました。次に発出する通知から使われます。');
  await expect(page.getByTestId('template-state')).toHaveText('現在の文面：事務局が編集した文面');
  await visit('template-saved');

  await page.getByRole('link', { name: '通知文テンプレートの一覧へ戻る' }).click();
  await expect(page.getByTestId('template-STAGE2_RESULT_REGION_SELECTED')).toContainText('編集済み');
  await page.getByRole('link', { name: `「${NAME}」を編集する` }).click();
  await expect(body).toHaveValue(/からご連絡します。$/);

  // 既定に戻す asks first; dismissed, nothing changes; accepted, the default wording is back.
  page.once('dialog', (d) => void d.dismiss());
  await page.getByRole('button', { name: '既定に戻す' }).click();
  await expect(page.getByTestId('template-state')).toHaveText('現在の文面：事務局が編集した文面');
  page.once('dialog', (d) => {
    expect(d.message()).toContain(NAME);
    void d.accept();
  });
  await page.getByRole('button', { name: '既定に戻す' }).click();
  await expect(page.getByTestId('template-done')).toHaveText('文面を既定に戻しました。');
  await expect(page.getByTestId('template-state')).toHaveText('現在の文面：既定の文面');
  await expect(body).toHaveValue(original);
  await visit('template-reset');
});

test('the secretariat cannot save a password-reset template without its link: the missing placeholder is named beside the body', async ({ page, visit }) => {
  const NAME = 'パスワード再設定のご案内';
  await signIn(page, 'secretariat@demo.example.jp');
  await page.getByRole('navigation').getByRole('link', { name: '通知文テンプレート' }).click();
  await page
    .getByTestId('template-PASSWORD_RESET_LINK')
    .getByRole('link', { name: `「${NAME}」を編集する` })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: `通知文テンプレートの編集：${NAME}` })).toBeVisible();
  const body = page.getByRole('textbox', { name: /^本文/ });
  const original = await body.inputValue();
  expect(original).toContain('{{resetUrl}}');
  await body.fill(original.replace('{{resetUrl}}', '（リンクは事務局にお問い合わせください）'));
  await page.getByRole('button', { name: '保存する' }).click();
  await expect(page.locator('#template-body-error')).toContainText('本文には次の差し込み項目が必要です');
  await expect(page.locator('#template-body-error')).toContainText('{{resetUrl}}');
  await expect(body).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('template-state')).toHaveText('現在の文面：既定の文面');
  await visit('template-required-placeholder');
});
