import type { Page } from '@playwright/test';
import { DEMO_PASSWORD, expect, tabAndPress, tabAndType, tabTo, test } from './support';
import { memorandumPdf } from './prefecture-support';

const MAX_TABS = 200;
const press = (page: Page, name: string | RegExp, role: 'button' | 'link' = 'button', key = 'Enter') =>
  tabAndPress(page, page.getByRole(role, { name, exact: typeof name === 'string' }), key);
const go = async (page: Page, target: ReturnType<Page['getByRole']>) => {
  await tabTo(page, target, MAX_TABS);
  await page.keyboard.press('Enter');
};

/**
 * 高知県 applies to the demo's open 令和9年度 region call with the keyboard only (Tab, Enter, Space, typing; no clicks):
 * sign-in, partners by reading, an issue, memoranda through the file chooser, the nine requirements, a contact with
 * consent, check-your-answers, submit, receipt.
 */
test('高知県 applies to the open region call with the keyboard only', async ({ page, visit }) => {
  test.setTimeout(480_000);
  await page.goto('/signin');
  await tabAndType(page, page.getByLabel('メールアドレス'), 'kochi@demo.example.jp');
  await tabAndType(page, page.getByLabel('パスワード'), DEMO_PASSWORD);
  await press(page, 'ログインする');
  await expect(page.getByTestId('account')).toBeVisible();

  await go(page, page.getByRole('link', { name: '都道府県メニュー' }));
  await visit('kb-home');
  await go(page, page.locator('section.card').filter({ hasText: '支援地域の公募（令和9年度）' }).getByRole('button', { name: '申請を始める' }));
  await expect(page.getByRole('heading', { level: 1, name: /支援地域の申請（令和9年度）/ })).toBeVisible();
  await visit('kb-overview');
  const required = Number(await page.getByTestId('repeat-needed').innerText());

  // Partners by reading.
  await go(page, page.getByRole('link', { name: '連携市区町村', exact: true }));
  const names: Array<[string, string, string]> = [
    ['392014', '高知市', 'こうち'],
    ['392022', '室戸市', 'むろと'],
    ['392031', '安芸市', 'あき'],
  ];
  const search = page.getByLabel('市区町村を検索');
  for (const [, name, reading] of names.slice(0, Math.max(required, 1))) {
    await tabTo(page, search, MAX_TABS);
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(reading);
    await go(page, page.getByRole('button', { name: `${name}を追加` }));
    await expect(page.getByTestId('partners')).toContainText(name);
  }
  await expect(page.getByTestId('repeat-verdict')).toHaveText('連携数の要件を満たしています。');
  await visit('kb-partners');

  // One issue for 高知市.
  await go(page, page.getByRole('link', { name: '次へ：地域課題と希望する支援' }));
  await go(page, page.getByRole('link', { name: '高知市' }));
  await tabAndType(page, page.getByLabel('課題の名称'), '防災情報の一元化');
  await tabAndType(page, page.getByLabel('課題の内容'), '避難所の情報が部署ごとに分かれている。');
  await go(page, page.getByRole('button', { name: 'この課題を追加する' }));
  await expect(page.getByText('避難所の情報が部署ごとに分かれている。')).toBeVisible();
  await visit('kb-needs');

  // Memoranda: Space on the file field opens the chooser.
  await go(page, page.getByRole('link', { name: '市区町村の一覧へ戻る' }));
  await go(page, page.getByRole('link', { name: '覚書' }));
  for (const [code, name] of names.slice(0, Math.max(required, 1))) {
    const chooser = page.waitForEvent('filechooser');
    await tabAndPress(page, page.getByLabel(`${name}との覚書`), ' ');
    await (await chooser).setFiles(memorandumPdf(name));
    await expect(page.getByTestId(`memorandum-${code}`)).toContainText(`アップロード済み：覚書_${name}.pdf`);
  }
  await visit('kb-memoranda');

  // Requirements: Space chooses "満たしている" in each group; the evidence is typed.
  await go(page, page.getByRole('link', { name: '応募要件（1〜9）の申告' }));
  for (let n = 1; n <= 9; n++) await tabAndPress(page, page.locator(`#req-${n}-yes`), ' ');
  await tabAndType(page, page.locator('#req-5-evidence'), '県庁に執務スペースを用意済み');
  await expect(page.getByTestId('draft-status')).toHaveAttribute('data-status', 'saved');
  for (let n = 1; n <= 9; n++) await expect(page.locator(`#req-${n}-yes`)).toBeChecked();
  await visit('kb-requirements');

  // A contact with consent.
  await go(page, page.getByRole('link', { name: '連絡先' }).last());
  await tabAndType(page, page.getByLabel('氏名'), '高知 花子');
  await tabAndType(page, page.getByLabel('所属部署'), 'デジタル政策課');
  await tabAndType(page, page.getByLabel('メールアドレス'), 'hanako.kochi@pref.kochi.example.jp');
  await tabAndPress(page, page.getByLabel(/個人情報の取扱いに同意します/), ' ');
  await go(page, page.getByRole('button', { name: 'この連絡先を追加する' }));
  await expect(page.getByTestId('contact')).toContainText('高知 花子');
  await visit('kb-contacts');

  // Check and submit.
  await go(page, page.getByRole('link', { name: '確認して提出' }).last());
  await expect(page.getByTestId('missing')).toHaveCount(0);
  await visit('kb-check');
  await go(page, page.getByRole('button', { name: '申請を提出する' }));
  await expect(page.getByRole('heading', { level: 1, name: '申請を受け付けました' })).toBeVisible();
  await expect(page.getByTestId('receipt-number')).toHaveText(/^RA2027-39-/);
  await expect(page.getByTestId('receipt-digest')).toHaveText(/^[0-9a-f]{64}$/);
  await visit('kb-receipt');
});
