import { randomBytes } from 'node:crypto';
import { expect, gqlAs, tabAndPress, tabAndType, tabTo, test, waitForMail } from './support';

/**
 * Journey 1, anyone: the top page explains the programme, its schedule (programTimeline) and the calls, and leads to the
 * briefing registration; the mailed link confirms it and takes a seat. The secretariat's session is set up over GraphQL.
 */
test.describe('anyone: the top page and the briefing session', () => {
  let sessionTitle: string;

  test.beforeAll(async ({ request }) => {
    const { programs } = await gqlAs<{ programs: { id: string; fiscalYear: number }[] }>(request, null, '{ programs { id fiscalYear } }');
    const r7 = programs.find((p) => p.fiscalYear === 2025)!;
    const day = 864e5;
    sessionTitle = `オンライン説明会 第${randomBytes(1)[0]}回`;
    await gqlAs(request, 'secretariat@demo.example.jp', 'mutation($i: CreateBriefingSessionInput!) { createBriefingSession(input: $i) { id } }', {
      i: {
        programId: r7.id,
        title: sessionTitle,
        startsAt: new Date(Date.now() + 14 * day).toISOString(),
        endsAt: new Date(Date.now() + 14 * day + 2 * 3600e3).toISOString(),
        registrationClosesAt: new Date(Date.now() + 10 * day).toISOString(),
        capacity: 50,
        onlineUrl: 'https://meet.example.jp/briefing',
      },
    });
  });

  test('from the top page to a confirmed briefing seat, by the mailed link and by the client’s page', async ({ page, visit }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('地域DX 伴走支援マッチング');
    // The schedule from programTimeline, in JST with the era.
    // The demo's live round: next fiscal year's region call is open (its deadline a business day, at 17:00 JST).
    await expect(page.getByTestId('timeline')).toContainText(/支援地域の公募締切 — 令和\d+年\d+月\d+日（[月火水木金]）17:00/);
    // A report's due date is a day (no time), and planned months are in the era too: no Western year on the page.
    await expect(page.getByTestId('timeline')).toContainText(/中間報告 — 令和\d+年9月\d+日（[月火水木金]）/);
    await expect(page.getByTestId('timeline')).not.toContainText(/\d{4}年/);
    await expect(page.getByText('現在受付中の公募はありません。')).toHaveCount(0);
    const card = page.getByTestId('briefing-session').filter({ hasText: sessionTitle });
    await expect(card).toContainText('残席：50／定員 50');
    await visit('top');

    // The first registrant: follows the mailed link (the API's page, which needs no script).
    await card.getByRole('link', { name: `${sessionTitle}に申し込む` }).click();
    await expect(page.getByRole('heading', { level: 1, name: '説明会の参加申込' })).toBeVisible();
    await visit('briefing-form');
    await page.getByRole('button', { name: '申し込む' }).click();
    await expect(page.getByTestId('error-summary')).toBeFocused();
    await expect(page.getByTestId('error-summary').getByRole('link')).toHaveText([
      'お名前を入力してください',
      '所属を入力してください',
      'メールアドレスを入力してください',
      'ご所属の区分を選んでください',
      '録画への同意が必要です',
    ]);
    await visit('briefing-form-errors');
    await page.getByTestId('error-summary').getByRole('link', { name: '所属を入力してください' }).click();
    await expect(page.getByLabel('所属（団体名・法人名）')).toBeFocused();

    const first = `tanaka-${randomBytes(3).toString('hex')}@city.example.lg.jp`;
    await page.getByLabel('お名前').fill('田中 一郎');
    await page.getByLabel('所属（団体名・法人名）').fill('豊岡市 情報政策課');
    // 全角 in the address is folded (NFKC) before it is sent.
    await page.getByLabel('メールアドレス（所属先のもの）').fill(first.replace('tanaka', 'ｔａｎａｋａ'));
    await page.getByLabel('地方公共団体').check();
    await page.getByLabel('説明会の録画に同意します').check();
    await page.getByRole('button', { name: '申し込む' }).click();
    await expect(page.getByTestId('briefing-pending')).toContainText(first);
    await visit('briefing-pending');

    const mail = await waitForMail(first);
    const link = /https?:\/\/\S+\/briefing\/confirm\?token=([\w-]+)/.exec(mail.text);
    expect(link, mail.text).not.toBeNull();
    await page.goto(link![0]);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('参加申込の確定');
    await page.getByRole('button', { name: /申込を確定する/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('参加申込が確定しました');

    // The second registrant, keyboard only, confirms on the client's own page.
    await page.goto('/');
    await tabAndPress(page, page.getByRole('link', { name: `${sessionTitle}に申し込む` }));
    await expect(page.getByRole('heading', { level: 1, name: '説明会の参加申込' })).toBeVisible();
    const second = `sato-${randomBytes(3).toString('hex')}@vendor-example.co.jp`;
    await tabAndType(page, page.getByLabel('お名前'), '佐藤 花子');
    await tabAndType(page, page.getByLabel('所属（団体名・法人名）'), '株式会社サンプル');
    await tabAndType(page, page.getByLabel('メールアドレス（所属先のもの）'), second);
    await tabTo(page, page.getByLabel('地方公共団体'));
    await page.keyboard.press('ArrowDown'); // radio group: the next choice
    await expect(page.getByLabel('応募を予定している法人')).toBeChecked();
    await tabAndPress(page, page.getByLabel('説明会の録画に同意します'), ' ');
    await tabAndPress(page, page.getByRole('button', { name: '申し込む' }));
    await expect(page.getByTestId('briefing-pending')).toContainText(second);
    const token = /token=([\w-]+)/.exec((await waitForMail(second)).text)![1];
    await page.goto(`/briefings/confirm?token=${token}`);
    await visit('briefing-confirm');
    await tabAndPress(page, page.getByRole('button', { name: '申込を確定する' }));
    await expect(page.getByTestId('briefing-confirmed')).toBeVisible();
    await visit('briefing-confirmed');

    // Both seats are taken.
    await page.goto('/');
    await expect(page.getByTestId('briefing-session').filter({ hasText: sessionTitle })).toContainText('残席：48／定員 50');
  });

  test('the English switch is remembered', async ({ page, visit }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Switch the language to English' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Regional DX Companion Support Matching');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Regional DX Companion Support Matching');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByTestId('timeline')).toContainText('JST');
    await visit('top-en');
    await page.getByRole('button', { name: '表示言語を日本語に切り替える' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('地域DX 伴走支援マッチング');
  });
});
