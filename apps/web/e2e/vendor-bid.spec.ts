import { expect, signIn, tabAndPress, tabAndType, tabTo, test, DEMO_PASSWORD } from './support';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');

test.describe.configure({ timeout: 180_000 });

test('thinktank finishes its draft bid for 高知県: budget checked against the cap as typed, a document uploaded, saved as typed, checked, submitted with a receipt', async ({
  page,
  visit,
}) => {
  await signIn(page, 'thinktank@demo.example.jp');
  await page.goto('/vendor');
  await expect(page.getByRole('heading', { level: 1, name: '事業者メニュー' })).toBeVisible();
  await expect(page.getByTestId('open-calls')).toContainText('高知県');
  await visit('vendor-home');

  await page.getByTestId('open-calls').getByRole('link', { name: '応募を続ける' }).first().click();
  await expect(page.getByTestId('application-status')).toHaveText('作成中（未提出）');
  await expect(page.getByTestId('countdown').first()).toContainText('あと');
  await visit('application');

  await page.getByRole('link', { name: '高知県の提案を編集する' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '高知県への提案' })).toBeVisible();
  await expect(page.getByLabel('支援の進め方')).toHaveValue(/高知県と連携市/);
  // The required item is fixed.
  await expect(page.getByLabel(/地域DX推進体制の構築支援/)).toBeDisabled();
  await expect(page.getByLabel(/地域DX推進体制の構築支援/)).toBeChecked();

  // Over the cap: said at once, beside the field, and nothing goes to the server.
  const budget = page.getByLabel(/提案額/);
  await budget.fill('９０，０００，０００円');
  await expect(page.locator('#budget-error')).toContainText('上限（80,000,000円）を超えています');
  await expect(page.getByTestId('save-state')).toContainText('サーバーにはまだ保存していません');
  await visit('proposal-over-cap');
  await budget.fill('２６，５００，０００');
  await expect(page.locator('#budget-error')).toHaveCount(0);

  await page.getByLabel('DX推進人材の育成・連携方策の検討補助').check();
  await page.getByRole('button', { name: '担当者を追加する' }).click();
  await page.getByLabel('担当者2の氏名').fill('高知 花子');
  await page.getByLabel('担当者2の役割').fill('現地コーディネーター');
  await page.getByLabel('提案書類（PDFなど）').setInputFiles({ name: 'teian-kochi.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(page.getByTestId('documents')).toContainText('teian-kochi.pdf');
  await page.getByLabel('支援の進め方').fill('高知県と連携市の庁内体制を整理し、DX推進計画の策定と人材育成を伴走支援する。');
  await expect(page.getByTestId('save-state')).toHaveText('サーバーに保存しました', { timeout: 15_000 });
  await visit('proposal-saved');

  // Saved on the server: a reload shows it.
  await page.reload();
  await expect(page.getByLabel('担当者2の氏名')).toHaveValue('高知 花子');
  await expect(page.getByLabel(/提案額/)).toHaveValue('26500000');

  await page.getByRole('button', { name: '保存して応募の概要へ戻る' }).click();
  await expect(page.getByTestId('application-status')).toBeVisible();
  await page.getByRole('link', { name: '内容を確認して提出へ進む' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '応募内容の確認' })).toBeVisible();
  await expect(page.getByTestId('check-proposal')).toContainText('26,500,000円');
  await expect(page.getByTestId('check-proposal')).toContainText('高知 花子（現地コーディネーター）');
  await expect(page.getByTestId('check-proposal')).toContainText('1件');
  await visit('check');

  await page.getByRole('button', { name: 'この内容で提出する' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '応募を受け付けました' })).toBeVisible();
  await expect(page.getByTestId('receipt-number')).toHaveText(/^VA\d{4}-/);
  await expect(page.getByTestId('receipt-at')).toContainText(/令和\d+年\d+月\d+日/);
  await expect(page.getByTestId('receipt-digest')).toHaveText(/^[0-9a-f]{64}$/);
  await visit('receipt');
});

test('itvendor bids for 北海道 with the keyboard only: sign-in, start, proposal, check, submit, receipt', async ({ page, visit }) => {
  await page.goto('/signin');
  await tabAndType(page, page.getByLabel(/メールアドレス/), 'itvendor@demo.example.jp');
  await tabAndType(page, page.getByLabel(/パスワード/), DEMO_PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('account')).toBeVisible();

  await tabAndPress(page, page.getByRole('link', { name: '事業者メニュー' }).first());
  await expect(page.getByRole('heading', { level: 1, name: '事業者メニュー' })).toBeVisible();
  await tabAndPress(page, page.getByTestId('open-calls').getByRole('link', { name: '応募を始める' }).first());
  await expect(page.getByLabel('同時に支援できる地域の数')).toHaveValue('1');
  await visit('start');
  await tabAndPress(page, page.getByRole('button', { name: '応募を始める' }));
  await expect(page.getByTestId('application-status')).toHaveText('作成中（未提出）');

  await tabAndPress(page, page.getByRole('link', { name: '北海道の提案を作成する' }));
  await expect(page.getByRole('heading', { level: 1, name: '北海道への提案' })).toBeVisible();
  await tabAndPress(page, page.getByLabel('都道府県・市区町村の連携推進'), ' ');
  await expect(page.getByLabel('都道府県・市区町村の連携推進')).toBeChecked();
  await tabAndType(page, page.getByLabel(/提案額/), '３０００００００');
  await tabAndType(page, page.getByLabel('担当者1の氏名'), '北海 太郎');
  await tabAndType(page, page.getByLabel('担当者1の役割'), '統括');
  await tabAndType(page, page.getByLabel('支援の進め方'), '函館市・小樽市の庁内体制の整理から始め、道と連携して推進体制を構築する。');
  await expect(page.getByTestId('save-state')).toHaveText('サーバーに保存しました', { timeout: 15_000 });
  await visit('keyboard-proposal');
  await tabAndPress(page, page.getByRole('button', { name: '保存して応募の概要へ戻る' }));
  await expect(page.getByRole('link', { name: '北海道の提案を編集する' })).toBeVisible();

  await tabAndPress(page, page.getByRole('link', { name: '内容を確認して提出へ進む' }));
  await expect(page.getByRole('heading', { level: 1, name: '応募内容の確認' })).toBeVisible();
  await expect(page.getByTestId('check-proposal')).toContainText('30,000,000円');
  await visit('keyboard-check');
  const submit = page.getByRole('button', { name: 'この内容で提出する' });
  await tabTo(page, submit);
  await expect(submit).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: '応募を受け付けました' })).toBeVisible();
  await expect(page.getByTestId('receipt-digest')).toHaveText(/^[0-9a-f]{64}$/);
  await visit('keyboard-receipt');
});
