import { expect, signIn, tabAndPress, tabAndType, test } from './support';

test.describe('sign-in, sign-out, expiry', () => {
  test('a wrong password is explained at the top and beside the field; keyboard only, the right one signs in', async ({ page, visit }) => {
    await page.goto('/signin');
    await tabAndType(page, page.getByLabel('メールアドレス'), 'hyogo@demo.example.jp');
    await tabAndType(page, page.getByLabel('パスワード'), 'wrong-password-1234');
    await tabAndPress(page, page.getByRole('button', { name: 'ログインする' }));
    await expect(page.getByTestId('error-summary')).toContainText('メールアドレスまたはパスワードが正しくありません');
    await expect(page.getByTestId('error-summary')).toBeFocused();
    await visit('signin-error');
    await page.keyboard.press('Tab'); // the summary's link
    await page.keyboard.press('Enter');
    await expect(page.getByLabel('メールアドレス')).toBeFocused();
    await tabAndType(page, page.getByLabel('パスワード'), '');
    await page.getByLabel('パスワード').fill('');
    await page.keyboard.type('demo-password-2025');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('account')).toContainText('兵庫県');
    await expect(page).toHaveURL(/\/prefecture$/);
    // The session is the HttpOnly cookie: the page's scripts cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain('rdx_session');
    const cookie = (await page.context().cookies()).find((c) => c.name === 'rdx_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  });

  test('a page for signed-in users sends a visitor to sign in, and back after', async ({ page, visit }) => {
    await page.goto('/account');
    await expect(page).toHaveURL(/\/signin\?next=%2Faccount/);
    await visit('signin-next');
    await page.getByLabel('メールアドレス').fill('thinktank@demo.example.jp');
    await page.getByLabel('パスワード').fill('demo-password-2025');
    await page.getByRole('button', { name: 'ログインする' }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId('account-details')).toContainText('thinktank@demo.example.jp');
    await expect(page.getByTestId('account-details')).toContainText('伴走支援事業者');
    // The menu by role: the vendor's entries, not the prefecture's.
    const menu = page.getByRole('navigation', { name: 'メインメニュー' });
    await expect(menu.getByRole('link', { name: '事業者メニュー' })).toBeVisible();
    await expect(menu.getByRole('link', { name: '都道府県メニュー' })).toHaveCount(0);
    await visit('account');
  });

  test('an expired session asks to sign in again, and the typed draft is still there afterwards', async ({ page, context, visit, baseURL, request }) => {
    // A briefing session to type into (public form; the official happens to be signed in).
    const { gqlAs } = await import('./support');
    const { programs } = await gqlAs<{ programs: { id: string; fiscalYear: number }[] }>(request, null, '{ programs { id fiscalYear } }');
    const day = 864e5;
    const { createBriefingSession } = await gqlAs<{ createBriefingSession: { id: string } }>(
      request,
      'secretariat@demo.example.jp',
      'mutation($i: CreateBriefingSessionInput!) { createBriefingSession(input: $i) { id } }',
      {
        i: {
          programId: programs.find((p) => p.fiscalYear === 2025)!.id,
          title: '期限切れ確認用の説明会',
          startsAt: new Date(Date.now() + 20 * day).toISOString(),
          endsAt: new Date(Date.now() + 20 * day + 3600e3).toISOString(),
          registrationClosesAt: new Date(Date.now() + 15 * day).toISOString(),
          capacity: 10,
          onlineUrl: 'https://meet.example.jp/b2',
        },
      },
    );
    await signIn(page, 'toyooka@demo.example.jp');
    await page.goto(`/briefings/${createBriefingSession.id}/register`);
    await page.getByLabel('お名前').fill('豊岡 太郎');
    await page.getByLabel('所属（団体名・法人名）').fill('豊岡市 企画総務部');

    // The session ends behind the user's back (token expired, or the account deactivated: the API answers both alike).
    await context.addCookies([{ name: 'rdx_session', value: 'expired.token.value', url: baseURL!, httpOnly: true, sameSite: 'Strict' }]);
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    const banner = page.getByTestId('session-expired');
    await expect(banner).toContainText('もう一度ログインしてください');
    await expect(page.getByLabel('お名前')).toHaveValue('豊岡 太郎');
    await visit('expired');

    await banner.getByRole('link', { name: 'ログインし直す' }).click();
    await expect(page.getByText('前回のログインの有効期限が切れました')).toBeVisible();
    await page.getByLabel('メールアドレス').fill('toyooka@demo.example.jp');
    await page.getByLabel('パスワード').fill('demo-password-2025');
    await page.getByRole('button', { name: 'ログインする' }).click();
    await expect(page).toHaveURL(new RegExp(`/briefings/${createBriefingSession.id}/register$`));
    await expect(page.getByLabel('お名前')).toHaveValue('豊岡 太郎');
    await expect(page.getByLabel('所属（団体名・法人名）')).toHaveValue('豊岡市 企画総務部');
    await expect(page.getByText('前回入力途中の内容を復元しました。')).toBeVisible();
    await visit('draft-restored');
  });

  test('sign-out ends the session and forgets the drafts; a reload stays signed out', async ({ page, visit }) => {
    await signIn(page, 'nagano@demo.example.jp');
    await page.evaluate(() => window.localStorage.setItem('rdx.draft.example', JSON.stringify({ value: 'x', at: '' })));
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'ログアウトしました' })).toBeVisible();
    await visit('signed-out');
    expect(await page.evaluate(() => window.localStorage.getItem('rdx.draft.example'))).toBeNull();
    expect((await page.context().cookies()).find((c) => c.name === 'rdx_session')).toBeUndefined();
    await page.goto('/account');
    await expect(page).toHaveURL(/\/signin\?next=%2Faccount/);
  });
});
