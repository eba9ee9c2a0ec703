import { expect, signIn, test } from './support';

/** 豊岡市 (a partner of 兵庫県) reads what 兵庫県's applications say about it: its issues and desired support, no contacts. */
test('豊岡市 sees what the applications of 兵庫県 say about it', async ({ page, visit }) => {
  test.setTimeout(120_000);
  await signIn(page, 'toyooka@demo.example.jp');
  await page.getByRole('link', { name: '市区町村メニュー' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '連携している申請' })).toBeVisible();
  const apps = page.getByTestId('partner-application');
  await expect(apps.first()).toContainText('兵庫県');
  await expect(apps.first()).toContainText('貴団体について申請に書かれている内容');
  await expect(apps.first()).toContainText('地域DX推進体制の構築支援');
  await expect(apps.first()).toContainText('ほかの連携市区町村');
  // The contacts are the prefecture's personal data: never on the partner's page.
  await expect(page.getByText('contact-28@demo.example.jp')).toHaveCount(0);
  await visit('municipality-partner-view');
  await page.getByRole('link', { name: '伴走支援の会合（傍聴の申込）' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '伴走支援の会合' })).toBeVisible();
  await visit('municipality-partner-meetings');
});

/** 芦屋市 (not a partner) registers to observe the 兵庫県 engagement's meeting in 12 days. */
test('芦屋市 registers to observe a meeting of the 兵庫県 engagement', async ({ page, visit }) => {
  test.setTimeout(120_000);
  await signIn(page, 'ashiya@demo.example.jp');
  await page.goto('/municipality');
  await expect(page.getByText('貴団体が連携市区町村となっている申請はありません。')).toBeVisible();
  await visit('municipality-not-partner');
  await page.getByRole('link', { name: '伴走支援の会合（傍聴の申込）' }).click();
  const meeting = page.getByTestId('observable-meeting').filter({ hasText: '第3回 推進会議' });
  await expect(meeting).toContainText('令和');
  await expect(meeting).toContainText('オンライン');
  await visit('municipality-observable');
  await meeting.getByRole('button', { name: /の傍聴を申し込む$/ }).click();
  await expect(meeting.getByTestId('observer-status')).toHaveText('申込済み（都道府県の確認待ち）');
  await visit('municipality-observer-registered');
});
