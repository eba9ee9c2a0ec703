import type { Page } from '@playwright/test';
import { expect, gqlAs, signIn, test } from './support';
import { memorandumPdf } from './prefecture-support';

/**
 * A whole round of 令和32年度 (fiscal year 2050, this spec's own) in the browser, step by step, each step by the role that
 * does it: 高知県 and 北海道 apply; the secretariat closes the region call, checks the nine requirements, adopts both,
 * decides and publishes the candidate regions; two vendors register and are approved; the secretariat creates the vendor
 * call, sets its criteria and opens it; the vendors bid; 有識者 A declares a conflict with one of them; the secretariat
 * sets the panel, closes the call after its deadline, runs and confirms the assignment; the experts score and submit;
 * the secretariat runs the matching, approves and publishes; the selected vendor files its interim report, which 高知県
 * acknowledges, and 北海道 and its vendor see their engagement; the secretariat approves the vendor's budget change beyond
 * its bid and accepts the interim report.
 *
 * Only three things go through GraphQL, for want of a page: the programme with its region call (no page creates either),
 * the vendor's request for a budget above its bid (its page shows the budget only), and bringing the region call's
 * deadline forward once both applications are in (no page changes a region call's dates; a real deadline is weeks
 * away, and this keeps the run from waiting for one set generously for a loaded machine).
 *
 * The tests run in order and build on each other (a serial describe): a failed step skips the rest.
 */

const SEC = 'secretariat@demo.example.jp';
const FY = 2050;
const REGION_CALL_TITLE = '支援地域の公募（令和32年度）';
const VENDOR_CALL_TITLE = '伴走支援事業者の公募（令和32年度）';
const VENDOR_PASSWORD = 'whole-round-2050-password';
/**
 * How long the vendor call accepts bids, from its creation: its criteria, its opening and both bids in the browser take
 * under a minute on a loaded 2-core machine; what is left of the window is waited for before the call is closed.
 */
const BID_WINDOW_MS = 4 * 60_000;

/** A valid 法人番号: twelve digits and the check digit in front (国税庁's formula). */
function corporateNumber(base12: string): string {
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += Number(base12[12 - n]) * (n % 2 === 1 ? 1 : 2);
  return `${9 - (sum % 9)}${base12}`;
}
// Different on every run (a kept data folder may hold an earlier run's vendors).
const base = `${Date.now()}`.slice(-11);
const TOSA = { key: 'tosa', name: '土佐デジタル伴走株式会社', cn: corporateNumber(`${base}2`), head: '高知県', person: '土佐 一郎' };
const KITA = { key: 'kita', name: '北の地域DX合同会社', cn: corporateNumber(`${base}8`), head: '北海道', person: '北野 花子' };
const emailOf = (v: { cn: string }) => `round2050-${v.cn}@vendor.example.jp`;

const KOCHI = { email: 'kochi@demo.example.jp', name: '高知県', code: '39', partners: ['土佐市', '須崎市', '宿毛市', '南国市', '香南市', '香美市'] };
const HOKKAIDO = { email: 'hokkaido@demo.example.jp', name: '北海道', code: '01', partners: ['函館市', '小樽市', '旭川市', '室蘭市', '釧路市', '帯広市'] };

/** Points per criterion (two criteria, weights 50/50, maximum 5) by region and vendor: 100, 80 and 70 points. */
const POINTS: Record<string, [number, number]> = {
  [`高知県/${TOSA.name}`]: [5, 5],
  [`北海道/${TOSA.name}`]: [4, 4],
  [`北海道/${KITA.name}`]: [4, 3],
};
const TOTAL: Record<string, string> = { '5,5': '100.0点', '4,4': '80.0点', '4,3': '70.0点' };

let regionCallId = '';
let vendorCallId = '';
let vendorClosesAt = new Date(0);

/** An instant as Japan time without an offset, to the second (YYYY-MM-DDTHH:MM:SS), as a datetime-local field takes it. */
const jst = (d: Date) => new Date(d.getTime() + 9 * 3600_000).toISOString().slice(0, 19);
const jstToday = () => jst(new Date()).slice(0, 10);
const waitUntil = (at: Date) => new Promise((r) => setTimeout(r, Math.max(0, at.getTime() - Date.now() + 1500)));

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ログアウトしました' })).toBeVisible();
}

test.describe('a whole round of 令和32年度 in the browser', () => {
  test.describe.configure({ mode: 'serial', timeout: 600_000 });

  test.beforeAll(async ({ request }) => {
    test.setTimeout(120_000);
    // No page creates a programme or a region call: both through GraphQL, the call open with a deadline far enough
    // for both applications (it is brought forward once they are in).
    const { createProgram } = await gqlAs<{ createProgram: { id: string } }>(
      request,
      SEC,
      'mutation($i: CreateProgramInput!) { createProgram(input: $i) { id } }',
      { i: { fiscalYear: FY, name: '令和32年度 地域社会DX推進パッケージ事業 推進体制構築支援', regionBudgetCapYen: 80_000_000 } },
    );
    const { createCall } = await gqlAs<{ createCall: { id: string } }>(request, SEC, 'mutation($i: CreateCallInput!) { createCall(input: $i) { id } }', {
      i: {
        programId: createProgram.id,
        kind: 'REGION',
        title: REGION_CALL_TITLE,
        opensAt: new Date(Date.now() - 60_000).toISOString(),
        closesAt: new Date(Date.now() + 60 * 60_000).toISOString(),
      },
    });
    regionCallId = createCall.id;
    await gqlAs(request, SEC, 'mutation($id: ID!) { openCall(id: $id) { status } }', { id: regionCallId });
  });

  /** A prefecture applies to this spec's region call: partners, an issue, memoranda, the nine declarations, a contact. */
  async function apply(page: Page, visit: (name: string) => Promise<void>, who: typeof KOCHI): Promise<void> {
    await signIn(page, who.email);
    await page.getByRole('link', { name: '都道府県メニュー' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: '都道府県メニュー' })).toBeVisible();
    const card = page.locator('section.card').filter({ hasText: REGION_CALL_TITLE });
    await expect(card.getByRole('timer')).toBeVisible();
    await card.getByRole('button', { name: '申請を始める' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '支援地域の申請（令和32年度）' })).toBeVisible();
    // A repeat applicant (selected in an earlier round, e.g. another spec's) needs one partner more than the last time.
    const needed = Math.max(2, Number(await page.getByTestId('repeat-needed').innerText()));
    const partners = who.partners.slice(0, needed);
    expect(partners).toHaveLength(needed);
    await visit(`${who.name}-application`);
    const overview = () => page.getByRole('link', { name: '申請の概要へ戻る' }).click();

    await page.getByRole('link', { name: '連携市区町村', exact: true }).click();
    for (const [i, name] of partners.entries()) {
      await page.getByLabel('市区町村を検索').fill(name);
      await page.getByRole('button', { name: `${name}を追加`, exact: true }).click();
      await expect(page.getByTestId('repeat-current')).toHaveText(String(i + 1));
    }
    await expect(page.getByTestId('repeat-verdict')).toHaveText('連携数の要件を満たしています。');
    for (const name of partners) await expect(page.getByTestId('partners')).toContainText(name);
    await visit(`${who.name}-partners`);

    // One issue of the prefecture's own (one issue of the region is what the call asks for).
    await page.getByRole('link', { name: '次へ：地域課題と希望する支援' }).click();
    await page.getByLabel('分野').selectOption('DIGITAL_TALENT');
    await page.getByLabel('課題の名称').fill('市町村のデジタル人材の確保');
    await page.getByLabel('課題の内容').fill(`${who.name}の小規模な町村では情報担当が1人しかいない。`);
    await page.getByRole('button', { name: 'この課題を追加する' }).click();
    await expect(page.getByText(`${who.name}の小規模な町村では情報担当が1人しかいない。`)).toBeVisible();
    await visit(`${who.name}-needs`);

    await overview();
    await page.getByRole('link', { name: '覚書', exact: true }).click();
    for (const name of partners) {
      await page.getByLabel(`${name}との覚書`).setInputFiles(memorandumPdf(name));
      await expect(page.getByText(`アップロード済み：覚書_${name}.pdf`)).toBeVisible();
    }
    await visit(`${who.name}-memoranda`);

    await overview();
    await page.getByRole('link', { name: '応募要件（1〜9）の申告' }).click();
    for (let n = 1; n <= 9; n++) await page.locator(`#req-${n}-yes`).check();
    await page.locator('#req-1-evidence').fill(`${partners.join('・')}と覚書を締結済み`);
    await expect(page.getByTestId('draft-status')).toHaveAttribute('data-status', 'saved', { timeout: 30_000 });
    await visit(`${who.name}-requirements`);

    await overview();
    await page.getByRole('link', { name: '連絡先', exact: true }).last().click();
    await page.getByLabel('氏名').fill(`${who.name} 担当`);
    await page.getByLabel('所属部署').fill('デジタル政策課');
    await page.getByLabel('メールアドレス').fill(`dx-${who.code}@pref.example.lg.jp`);
    await page.getByLabel(/個人情報の取扱いに同意します/).check();
    await page.getByRole('button', { name: 'この連絡先を追加する' }).click();
    await expect(page.getByTestId('contact')).toContainText(`${who.name} 担当`);

    await overview();
    for (const task of ['partners', 'needs', 'memoranda', 'requirements', 'contacts']) await expect(page.getByTestId(`task-${task}`)).toHaveText('完了');
    await page.getByRole('link', { name: '確認して提出' }).click();
    await expect(page.getByTestId('missing')).toHaveCount(0);
    await expect(page.getByTestId('check-partners')).toContainText(partners[0]);
    await visit(`${who.name}-check`);
    await page.getByRole('button', { name: '申請を提出する' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '申請を受け付けました' })).toBeVisible();
    await expect(page.getByTestId('receipt-number')).toHaveText(new RegExp(`^RA${FY}-${who.code}-`));
    await visit(`${who.name}-receipt`);
    await page.getByRole('link', { name: '申請の概要へ' }).click();
    await expect(page.getByTestId('application-status')).toHaveText('提出済み');
    await signOut(page);
  }

  test('1. 高知県 and 北海道 apply for support: partners, an issue, memoranda, the nine requirements, a contact, submitted with a receipt', async ({
    page,
    visit,
  }) => {
    await apply(page, visit, KOCHI);
    await apply(page, visit, HOKKAIDO);
  });

  test('2. the secretariat closes the region call, checks the nine requirements of each application, adopts both, decides and publishes the candidate regions; 高知県 sees it is adopted', async ({
    page,
    visit,
    request,
  }) => {
    // Both applications are in: the deadline is brought forward to now (no page changes a region call's dates).
    const closesAt = new Date(Date.now() + 2_000);
    await gqlAs(request, SEC, 'mutation($i: UpdateCallInput!) { updateCall(input: $i) { id } }', { i: { id: regionCallId, closesAt: closesAt.toISOString() } });
    await waitUntil(closesAt);

    await signIn(page, SEC);
    await page.getByRole('link', { name: '申請の審査（事務局）' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: '支援地域の申請の審査' })).toBeVisible();
    await page.getByLabel('公募', { exact: true }).selectOption(regionCallId);
    await expect(page.getByTestId('call-status')).toHaveText('公募の状況：受付中');
    await expect(page.getByTestId('queue-count')).toHaveText('2件');
    await visit('region-call-past-deadline');
    await page.getByRole('button', { name: '受付を締め切る' }).click();
    await expect(page.getByTestId('queue-done')).toHaveText('受付を締め切りました。申請を審査できます。');
    await expect(page.getByTestId('call-status')).toHaveText('公募の状況：締切済み（審査中）');
    await expect(page.getByRole('button', { name: '受付を締め切る' })).toHaveCount(0);
    await visit('region-call-closed');

    for (const who of [KOCHI, HOKKAIDO]) {
      await page.getByRole('link', { name: `${who.name}の申請を審査する` }).click();
      await expect(page.getByRole('heading', { level: 1, name: `${who.name}の申請` })).toBeVisible();
      await expect(page.getByTestId('partners')).toContainText(who.partners[0]);
      await expect(page.getByTestId('partners')).toContainText('覚書');
      for (let n = 1; n <= 9; n++)
        await page
          .getByRole('group', { name: `要件${n}の確認結果` })
          .getByLabel('満たす', { exact: true })
          .check();
      await page.getByLabel('要件1の確認メモ').fill('覚書の写しで連携を確認');
      await page.getByRole('button', { name: '9項目の確認を保存する' }).click();
      await expect(page.getByTestId('review-done')).toHaveText('9項目の確認を保存しました。');
      await visit(`${who.name}-checked`);
      await page.getByRole('button', { name: '採択する' }).click();
      await expect(page.getByTestId('application-status')).toHaveText('採択');
      await visit(`${who.name}-adopted`);
      await page.getByRole('link', { name: '申請の一覧へ戻る' }).click();
      await expect(page.getByTestId('queue-count')).toHaveText('2件');
    }
    await expect(page.getByTestId('queue').getByRole('row', { name: /高知県/ })).toContainText('確認済み 9 / 9');
    await expect(page.getByTestId('queue').getByRole('row', { name: /北海道/ })).toContainText('採択');

    await page.getByRole('button', { name: '選定を確定する' }).click();
    await expect(page.getByTestId('queue-done')).toHaveText('選定を確定しました。');
    await expect(page.getByTestId('call-status')).toContainText('選定確定');
    await page.getByRole('button', { name: '支援地域候補を公表する' }).click();
    await expect(page.getByTestId('queue-done')).toHaveText('支援地域候補を公表しました。');
    await expect(page.getByTestId('call-status')).toContainText('公表済み');
    await visit('candidate-regions-published');
    await signOut(page);

    // The applicant's side: the result on its start page and on the application.
    await signIn(page, KOCHI.email);
    await page.getByRole('link', { name: '都道府県メニュー' }).first().click();
    const mine = page.getByTestId('my-applications').getByRole('row', { name: /令和32年度/ });
    await expect(mine).toContainText('採択');
    await mine.getByRole('link').click();
    await expect(page.getByTestId('result')).toContainText('支援地域として採択されました。');
    await visit('kochi-adopted');
  });

  test('3. two vendors register themselves and the secretariat approves them by their 法人番号', async ({ page, visit }) => {
    for (const v of [TOSA, KITA]) {
      await page.goto('/');
      await page.getByRole('link', { name: '事業者の登録' }).first().click();
      await expect(page.getByRole('heading', { level: 1, name: '伴走支援事業者の登録' })).toBeVisible();
      await page.getByLabel(/事業者名/).fill(v.name);
      await page.getByLabel(/法人番号/).fill(v.cn);
      await page.getByLabel(/事業者の種類/).selectOption({ label: 'コンサルティング会社' });
      await page.getByLabel(/本社所在地/).selectOption({ label: v.head });
      await page.getByLabel(/担当者の氏名/).fill(v.person);
      await page.getByLabel(/担当者のメールアドレス/).fill(emailOf(v));
      await page.getByLabel(/パスワード/).fill(VENDOR_PASSWORD);
      await visit(`register-${v.key}`);
      await page.getByRole('button', { name: '登録を申し込む' }).click();
      await expect(page.getByRole('heading', { level: 1, name: '登録の申込みを受け付けました' })).toBeVisible();
      await expect(page.getByTestId('registration-pending')).toContainText(emailOf(v));
    }
    await visit('registered-pending');

    await signIn(page, SEC);
    await page.getByRole('link', { name: '事業者の承認（事務局）' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: '事業者の承認' })).toBeVisible();
    for (const v of [TOSA, KITA]) {
      await expect(page.getByTestId(`vendor-${v.cn}`)).toContainText(v.name);
      await expect(page.getByTestId(`vendor-${v.cn}`)).toContainText(v.head);
    }
    await visit('vendor-approvals');
    for (const v of [TOSA, KITA]) {
      await page.getByRole('button', { name: `${v.name}を承認する` }).click();
      await expect(page.getByTestId('vendors-done')).toHaveText(`${v.name}を承認しました。`);
      await expect(page.getByTestId(`vendor-${v.cn}`)).toHaveCount(0);
    }
    await visit('vendors-approved');
  });

  test('4. the secretariat creates the vendor call from the published candidate regions, sets two criteria and two evaluators per proposal, and opens it', async ({
    page,
    visit,
  }) => {
    await signIn(page, SEC);
    await page.getByRole('link', { name: '事業者の公募（事務局）' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: '伴走支援事業者の公募' })).toBeVisible();
    await page.getByLabel('支援地域の公募（公表済み）').selectOption({ label: REGION_CALL_TITLE });
    await expect(page.getByLabel('高知県', { exact: true })).toBeChecked();
    await expect(page.getByLabel('北海道', { exact: true })).toBeChecked();
    await page.getByLabel('公募の名称').fill(VENDOR_CALL_TITLE);
    await page.getByLabel('受付開始（日本時間）').fill(`${jstToday()}T00:00`);
    // The deadline to the second (a datetime-local field drops ":00" seconds, so those are avoided).
    let closes = new Date(Math.floor((Date.now() + BID_WINDOW_MS) / 1000) * 1000);
    if (closes.getUTCSeconds() === 0) closes = new Date(closes.getTime() + 1000);
    vendorClosesAt = closes;
    await page.getByLabel('締切（日本時間）').fill(jst(closes));
    await visit('vendor-call-create');
    await page.getByRole('button', { name: '公募を作成する（準備中）' }).click();
    await expect(page.getByRole('heading', { level: 1, name: VENDOR_CALL_TITLE })).toBeVisible();
    await expect(page.getByTestId('call-status')).toHaveText('準備中');
    vendorCallId = new URL(page.url()).pathname.split('/').pop()!;

    const criteria = [
      { ja: '地域課題の理解', en: 'Understanding of the regional issues' },
      { ja: '実施体制', en: 'Team' },
    ];
    for (const [i, c] of criteria.entries()) {
      await page.getByRole('button', { name: '評価項目を追加する' }).click();
      await page.getByLabel(`評価項目${i + 1}の名称（日本語）`).fill(c.ja);
      await page.getByLabel(`評価項目${i + 1}の名称（英語）`).fill(c.en);
      await page.getByLabel(`評価項目${i + 1}の重み`).fill('50');
      await page.getByLabel(`評価項目${i + 1}の満点`).fill('5');
    }
    await page.getByLabel('1提案あたりの審査員数').fill('2');
    await page.getByRole('button', { name: '変更を確認する' }).click();
    await expect(page.getByTestId('change-warning')).toContainText('受付開始前の公募です。');
    await page.getByRole('button', { name: 'この内容で保存する' }).click();
    await expect(page.getByTestId('call-done')).toHaveText('変更を保存しました。');
    await expect(page.getByLabel('評価項目2の名称（日本語）')).toHaveValue('実施体制');
    await expect(page.getByLabel('1提案あたりの審査員数')).toHaveValue('2');
    await visit('vendor-call-criteria');

    await page.getByRole('button', { name: '受付を開始する' }).click();
    await expect(page.getByTestId('call-status')).toHaveText('受付中');
    await expect(page.getByTestId('no-bids-count')).toHaveText('提出済みの提案がない地域：2');
    await expect(page.getByText('を過ぎると、ここで受付を締め切れます。')).toBeVisible();
    await expect(page.getByRole('button', { name: '受付を締め切る' })).toHaveCount(0);
    await visit('vendor-call-open');
  });

  /** A vendor bids in the browser: one proposal per region, checked and submitted, with a receipt. */
  async function bid(
    page: Page,
    visit: (name: string) => Promise<void>,
    v: typeof TOSA,
    proposals: Array<{ region: string; budget: number; approach: string }>,
  ): Promise<void> {
    await signIn(page, emailOf(v), VENDOR_PASSWORD);
    await page.getByRole('link', { name: '事業者メニュー' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: '事業者メニュー' })).toBeVisible();
    await expect(page.getByTestId('vendor-status')).toHaveCount(0); // approved
    const card = page.getByTestId('open-calls').locator('li').filter({ hasText: VENDOR_CALL_TITLE });
    await expect(card).toContainText('高知県');
    await expect(card).toContainText('北海道');
    await card.getByRole('link', { name: '応募を始める' }).click();
    await expect(page.getByLabel('同時に支援できる地域の数')).toHaveValue('1');
    await page.getByRole('button', { name: '応募を始める' }).click();
    await expect(page.getByTestId('application-status')).toHaveText('作成中（未提出）');
    for (const p of proposals) {
      await page.getByRole('link', { name: `${p.region}の提案を作成する` }).click();
      await expect(page.getByRole('heading', { level: 1, name: `${p.region}への提案` })).toBeVisible();
      await page.getByLabel(/提案額/).fill(String(p.budget));
      await page.getByLabel('担当者1の氏名').fill(v.person);
      await page.getByLabel('担当者1の役割').fill('統括');
      await page.getByLabel('支援の進め方').fill(p.approach);
      await expect(page.getByTestId('save-state')).toHaveText('サーバーに保存しました', { timeout: 30_000 });
      await visit(`${v.key}-proposal-${p.region}`);
      await page.getByRole('button', { name: '保存して応募の概要へ戻る' }).click();
      await expect(page.getByRole('link', { name: `${p.region}の提案を編集する` })).toBeVisible();
    }
    await page.getByRole('link', { name: '内容を確認して提出へ進む' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '応募内容の確認' })).toBeVisible();
    for (const p of proposals)
      await expect(page.getByTestId('check-proposal').filter({ hasText: p.region })).toContainText(`${p.budget.toLocaleString('ja-JP')}円`);
    await visit(`${v.key}-check`);
    await page.getByRole('button', { name: 'この内容で提出する' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '応募を受け付けました' })).toBeVisible();
    await expect(page.getByTestId('receipt-number')).toHaveText(/^VA\d{4}-/);
    await visit(`${v.key}-receipt`);
    await signOut(page);
  }

  test('5. the approved vendors bid before the deadline: one for 高知県 and 北海道 (able to support one), the other for 北海道', async ({ page, visit }) => {
    await bid(page, visit, TOSA, [
      { region: '高知県', budget: 24_000_000, approach: '高知県と連携市の庁内体制を整理し、DX推進計画の策定と人材育成を伴走支援する。' },
      { region: '北海道', budget: 30_000_000, approach: '道と連携市の推進会議を立ち上げ、広域でのDX推進体制の構築を伴走支援する。' },
    ]);
    await bid(page, visit, KITA, [
      { region: '北海道', budget: 28_000_000, approach: '函館市・小樽市の庁内体制の整理から始め、道と連携して推進体制を構築する。' },
    ]);
    expect(Date.now(), 'both bids were in before the deadline').toBeLessThan(vendorClosesAt.getTime());
  });

  test('6. 有識者 A declares a conflict with 土佐デジタル伴走 by its 法人番号; the secretariat puts A, B and C on the panel and sees the conflict', async ({
    page,
    visit,
  }) => {
    await signIn(page, 'expert1@demo.example.jp');
    await page.getByRole('link', { name: '審査（有識者）' }).first().click();
    await page.getByRole('link', { name: '利益相反を申告する・申告内容を見る' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '利益相反の申告' })).toBeVisible();
    await page.getByLabel('一覧にない事業者（法人番号を入力）').check();
    await page.getByLabel('法人番号（13桁）').fill(TOSA.cn);
    await page.getByLabel('利益相反の種別').selectOption({ label: '顧問・助言' });
    await page.getByLabel('内容（任意）').fill('令和31年度に同社の顧問');
    await page.getByRole('button', { name: '申告する' }).click();
    await expect(page.getByTestId('conflict-done')).toHaveText('利益相反を申告しました。');
    await expect(page.getByTestId('conflicts').getByRole('row', { name: new RegExp(TOSA.cn) })).toContainText('令和31年度に同社の顧問');
    await visit('expert-a-conflict');
    await signOut(page);

    await signIn(page, SEC);
    await page.getByRole('link', { name: '評価委員会（事務局）' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: '評価委員会と割当' })).toBeVisible();
    await page.getByLabel('事業者の公募', { exact: true }).selectOption(vendorCallId);
    await expect(page.getByTestId('panel-call-state')).toContainText('受付中');
    for (const who of ['有識者 A（デモ）', '有識者 B（デモ）', '有識者 C（デモ）']) {
      await page.getByLabel('追加する有識者').selectOption({ label: `${who}（大学（デモ））` });
      await page.getByLabel('担当数の上限').fill('5');
      await page.getByRole('button', { name: '追加する' }).click();
      await expect(page.getByTestId('panel-done')).toHaveText(`${who}を評価委員に追加しました。`);
    }
    await expect(page.getByTestId('panel-members').getByRole('row')).toHaveCount(4);
    const conflict = page.getByTestId('panel-conflicts').getByRole('row', { name: new RegExp(TOSA.cn) });
    await expect(conflict).toContainText('有識者 A（デモ）');
    await expect(conflict).toContainText(TOSA.name);
    await expect(conflict).toContainText('顧問・助言');
    await expect(page.getByRole('button', { name: '割当を実行する' })).toBeDisabled();
    await visit('panel-and-conflicts');
  });

  test('7. after the deadline the secretariat closes the vendor call, runs the assignment (A is kept off 土佐デジタル伴走’s proposals) and confirms it', async ({
    page,
    visit,
  }) => {
    await signIn(page, SEC);
    await page.getByRole('link', { name: '事業者の公募（事務局）' }).first().click();
    await page.getByRole('link', { name: `${VENDOR_CALL_TITLE}を開く` }).click();
    await expect(page.getByRole('heading', { level: 1, name: VENDOR_CALL_TITLE })).toBeVisible();
    await expect(page.getByTestId('submitted-39')).toHaveText('1');
    await expect(page.getByTestId('submitted-01')).toHaveText('2');
    await expect(page.getByTestId('no-bids-count')).toHaveText('提出済みの提案がない地域：0');
    await waitUntil(vendorClosesAt);
    // The control appears by itself once the deadline has passed.
    await page.getByRole('button', { name: '受付を締め切る' }).click();
    await expect(page.getByTestId('call-done')).toHaveText('受付を締め切りました。評価委員会で割当を実行できます。');
    await expect(page.getByTestId('call-status')).toHaveText('締切済み');
    await visit('vendor-call-closed');

    await page.getByRole('link', { name: '評価委員会（事務局）' }).first().click();
    await page.getByLabel('事業者の公募', { exact: true }).selectOption(vendorCallId);
    await expect(page.getByTestId('panel-call-state')).toContainText('締切済み（審査中）');
    const assignments = page.getByTestId('assignments');
    await expect(assignments.getByRole('row')).toHaveCount(4);
    await page.getByRole('button', { name: '割当を実行する' }).click();
    await expect(page.getByTestId('run-result')).toContainText('すべての提案に割り当てました');
    await expect(page.getByTestId('run-result')).toContainText('すべての提案に必要な人数を割り当てました。');
    for (const region of ['高知県', '北海道']) {
      const row = assignments.getByRole('row', { name: new RegExp(`${TOSA.name}（${region}）`) });
      await expect(row.getByRole('listitem')).toHaveCount(2);
      await expect(row).not.toContainText('有識者 A');
    }
    await expect(assignments.getByRole('row', { name: new RegExp(`${KITA.name}（北海道）`) }).getByRole('listitem')).toHaveCount(2);
    await visit('assignment-run');
    await page.getByRole('button', { name: '割当を確定する' }).click();
    await expect(page.getByTestId('run-done')).toHaveText('割当を6件確定しました。');
    await expect(assignments).not.toContainText('案（未確定）');
    await expect(page.getByRole('button', { name: '割当を確定する' })).toBeDisabled();
    await visit('assignment-confirmed');
  });

  test('8. the experts score each proposal assigned to them and submit their sheets', async ({ page, visit }) => {
    let sheets = 0;
    for (const [n, expert] of ['有識者 A', '有識者 B', '有識者 C'].entries()) {
      await signIn(page, `expert${n + 1}@demo.example.jp`);
      await page.getByRole('link', { name: '審査（有識者）' }).first().click();
      await expect(page.getByRole('heading', { level: 1, name: '担当する提案の審査' })).toBeVisible();
      const section = page.getByRole('region', { name: VENDOR_CALL_TITLE });
      await expect(section).toContainText('採点受付中');
      const toScore = section.getByRole('link', { name: /を採点する$/ });
      await expect(toScore.first()).toBeVisible();
      const count = await toScore.count();
      if (n === 0) await expect(section).not.toContainText(TOSA.name); // A's conflict
      await visit(`${expert}-assigned`);
      for (let i = 0; i < count; i++) {
        const link = toScore.first();
        const [, region, vendor] = /^(.+?)（(.+)）を採点する$/.exec((await link.getAttribute('aria-label')) ?? (await link.innerText()))!;
        const points = POINTS[`${region}/${vendor}`];
        expect(points, `${region}/${vendor} is one of the bids`).toBeTruthy();
        await link.click();
        await expect(page.getByRole('heading', { level: 1, name: /への提案の採点$/ })).toBeVisible();
        await expect(page.getByTestId('proposal')).toContainText(vendor);
        await page.getByLabel('「地域課題の理解」の点数（0〜5点）').fill(String(points[0]));
        await page.getByLabel('「実施体制」の点数（0〜5点）').fill(String(points[1]));
        await page.getByLabel('「地域課題の理解」へのコメント').fill(`${region}の課題の整理が具体的。`);
        await expect(page.getByTestId('total-value')).toHaveText(TOTAL[points.join(',')]);
        await expect(page.getByTestId('save-state')).toHaveText('サーバーに保存しました', { timeout: 30_000 });
        if (i === 0) await visit(`${expert}-scoring`);
        await page.getByRole('button', { name: '内容を確認して提出へ進む' }).click();
        await expect(page.getByRole('heading', { level: 1, name: '採点内容の確認' })).toBeVisible();
        await expect(page.getByTestId('check-total')).toContainText(TOTAL[points.join(',')]);
        await page.getByRole('button', { name: '提出する' }).click();
        await expect(page.getByTestId('submitted')).toContainText('採点を提出しました');
        await page.getByRole('link', { name: '担当する提案の一覧へ戻る' }).click();
        await expect(section.getByTestId('progress')).toContainText(`${count}件中 ${i + 1}件を提出済み`);
        sheets += 1;
      }
      await visit(`${expert}-submitted`);
      await signOut(page);
    }
    expect(sheets).toBe(6);
  });

  test('9. the secretariat runs the matching, reads each region’s outcome, approves the optimal run and publishes the results', async ({ page, visit }) => {
    await signIn(page, SEC);
    // Every sheet is in: the panel's progress says so per proposal.
    await page.getByRole('link', { name: '評価委員会（事務局）' }).first().click();
    await page.getByLabel('事業者の公募', { exact: true }).selectOption(vendorCallId);
    for (const row of await page.getByTestId('progress-proposals').getByRole('row').all()) {
      if (!(await row.getByRole('rowheader').count())) continue;
      await expect(row.getByRole('cell').last()).toHaveText('0');
    }
    await expect(page.getByTestId('progress-proposals').getByRole('row')).toHaveCount(4);

    await page.getByRole('link', { name: '選定の決定（事務局）' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: '選定の決定' })).toBeVisible();
    await page.getByRole('link', { name: `${VENDOR_CALL_TITLE}：この公募の選定へ進む` }).click();
    await expect(page.getByRole('heading', { level: 1, name: `${VENDOR_CALL_TITLE}：選定` })).toBeVisible();
    await expect(page.getByTestId('call-status')).toContainText('締切済み（評価・選定中）');
    await page.getByRole('button', { name: '2つの方式で実行する' }).click();
    await expect(page.getByTestId('run-done')).toHaveText('2つの方式で実行しました。結果を比べ、採用する案を開いてください。', { timeout: 60_000 });
    await expect(page.getByTestId('side-by-side').getByTestId('row-regions')).toContainText('2地域');
    await visit('matching-side-by-side');

    await page.getByRole('link', { name: '最適化（全体最適）の案を開いて確認する' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '選定案の確認：最適化（全体最適）' })).toBeVisible();
    await expect(page.getByTestId('outcome-高知県').getByTestId('winner')).toContainText(`選定：${TOSA.name}`);
    const hokkaido = page.getByTestId('outcome-北海道');
    await expect(hokkaido.getByTestId('winner')).toContainText(`選定：${KITA.name}`);
    // 土佐デジタル伴走 scored higher in 北海道 but can support one region, and is selected in 高知県.
    await expect(hokkaido.getByTestId('alternatives').getByRole('row', { name: new RegExp(TOSA.name) })).toContainText(
      '同じ事業者が他の地域で選定され、支援可能数に達した',
    );
    await expect(page.getByTestId('unsupported')).toHaveCount(0);
    await visit('matching-run-optimal');

    await page.getByRole('button', { name: 'この案を承認する' }).click();
    await expect(page.getByTestId('run-message')).toHaveText('承認しました。次に結果を公表してください。');
    await expect(page.getByTestId('run-status')).toHaveText('承認済み');
    await page.getByRole('button', { name: '結果を公表する…' }).click();
    const dialog = page.getByRole('dialog', { name: '結果を公表しますか？' });
    await expect(dialog).toContainText('取り消すことはできません');
    await visit('matching-publish-confirm');
    await dialog.getByRole('button', { name: '公表する' }).click();
    await expect(page.getByTestId('run-message')).toContainText('結果を公表しました。');
    await expect(page.getByTestId('run-status')).toHaveText('公表済み');
    const outbox = page.getByTestId('outbox');
    for (const to of ['高知県', '北海道', TOSA.name, KITA.name]) await expect(outbox).toContainText(to);
    await visit('matching-published');
    await page.getByRole('link', { name: '比較へ戻る' }).click();
    await expect(page.getByTestId('call-status')).toContainText('結果公表済み');
  });

  test('10. the engagements: the vendors read their results and open their engagement; the interim report for 高知県 is submitted and acknowledged by 高知県; 北海道 sees its engagement', async ({
    page,
    visit,
  }) => {
    await signIn(page, emailOf(TOSA), VENDOR_PASSWORD);
    await page.getByRole('link', { name: '事業者メニュー' }).first().click();
    await page.getByRole('link', { name: `${VENDOR_CALL_TITLE}：結果と講評を見る` }).click();
    await expect(page.getByRole('heading', { level: 1, name: '公募の結果と講評' })).toBeVisible();
    await expect(page.getByTestId('results-table').getByRole('row', { name: /高知県/ })).toContainText(`${TOSA.name}（あなた）`);
    await expect(page.getByTestId('results-table').getByRole('row', { name: /北海道/ })).toContainText(KITA.name);
    await expect(page.getByTestId('feedback-sheet').filter({ hasText: '高知県への提案' })).toContainText('選定されました');
    await expect(page.getByTestId('feedback-sheet').filter({ hasText: '北海道への提案' })).toContainText('選定されませんでした');
    await visit('tosa-results');

    await page.getByRole('link', { name: '事業者メニューへ戻る' }).click();
    await page.getByRole('link', { name: '高知県の伴走支援' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '高知県の伴走支援' })).toBeVisible();
    const reports = page.getByTestId('reports');
    await expect(reports.getByRole('row', { name: /中間報告/ })).toContainText('未提出');
    await visit('tosa-engagement');
    await page.locator('#interim-body').fill('県・連携市の推進会議を2回開催し、DX推進計画の骨子を整理した。');
    await page.locator('#interim-outcomes').fill('推進体制図の作成、職員研修1回（参加28名）');
    await page.getByRole('button', { name: '中間報告を提出する' }).click();
    await expect(reports.getByRole('row', { name: /中間報告/ })).toContainText('提出済み（確認待ち）');
    await visit('tosa-interim-submitted');
    await signOut(page);

    await signIn(page, KOCHI.email);
    await page.getByRole('link', { name: '都道府県メニュー' }).first().click();
    await page.getByRole('link', { name: '伴走支援の報告を確認する' }).click();
    const engagement = page.getByRole('region', { name: `高知県：${TOSA.name}` });
    const interim = engagement.getByTestId('report-INTERIM');
    await expect(interim).toContainText('提出済み（確認待ち）');
    await expect(interim).toContainText('推進会議を2回開催');
    await expect(interim).toContainText('参加28名');
    await visit('kochi-interim-report');
    await interim.getByLabel(/コメント/).fill('骨子の整理を確認しました。次回は研修の効果も記載してください。');
    await interim.getByRole('button', { name: '確認しました' }).click();
    await expect(interim).toContainText('確認済み');
    await expect(interim).toContainText('次回は研修の効果も記載してください');
    await visit('kochi-interim-acknowledged');
    await signOut(page);

    await signIn(page, HOKKAIDO.email);
    await page.getByRole('link', { name: '都道府県メニュー' }).first().click();
    await page.getByRole('link', { name: '伴走支援の報告を確認する' }).click();
    const hokkaido = page.getByRole('region', { name: `北海道：${KITA.name}` });
    await expect(hokkaido.getByTestId('report-INTERIM')).toContainText('未提出');
    await visit('hokkaido-engagement');
    await signOut(page);

    await signIn(page, emailOf(KITA), VENDOR_PASSWORD);
    await page.getByRole('link', { name: '事業者メニュー' }).first().click();
    await page.getByRole('link', { name: '北海道の伴走支援' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '北海道の伴走支援' })).toBeVisible();
    await expect(page.getByTestId('reports').getByRole('row', { name: /中間報告/ })).toContainText('未提出');
    await visit('kita-engagement');
    await signOut(page);

    // 土佐デジタル伴走 sees 高知県's acknowledgement with its comment.
    await signIn(page, emailOf(TOSA), VENDOR_PASSWORD);
    await page.getByRole('link', { name: '事業者メニュー' }).first().click();
    await page.getByRole('link', { name: '高知県の伴走支援' }).click();
    await expect(page.getByTestId('reports').getByRole('row', { name: /中間報告/ })).toContainText('確認済み');
    await expect(page.getByTestId('reports').getByRole('row', { name: /中間報告/ })).toContainText('次回は研修の効果も記載してください');
    await visit('tosa-interim-acknowledged');
  });

  test('11. the support period: the secretariat decides a budget change beyond the awarded bid (with a reason) and accepts 高知県’s acknowledged interim report', async ({
    page,
    visit,
  }) => {
    // 土佐デジタル伴走 asks for more than its winning bid (the vendor's page shows the budget but does not change it yet:
    // GraphQL, with the browser's own session).
    await signIn(page, emailOf(TOSA), VENDOR_PASSWORD);
    const inPage = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
      const r = await page.request.post('/graphql', {
        headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
        data: { query, variables },
      });
      const body = (await r.json()) as { data?: T; errors?: unknown };
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      return body.data!;
    };
    const { myEngagements } = await inPage<{ myEngagements: Array<{ id: string; prefectureCode: string; budgetYen: number }> }>(
      '{ myEngagements { id prefectureCode budgetYen } }',
    );
    const tosa = myEngagements.find((e) => e.prefectureCode === KOCHI.code)!;
    expect(tosa.budgetYen).toBe(24_000_000);
    const raised = await inPage<{ updateEngagementPlan: { budgetYen: number; pendingBudgetChange: { requestedBudgetYen: number } } }>(
      'mutation($e: ID!) { updateEngagementPlan(engagementId: $e, input: { budgetYen: 24500000 }) { budgetYen pendingBudgetChange { requestedBudgetYen } } }',
      { e: tosa.id },
    );
    expect(raised.updateEngagementPlan).toEqual({ budgetYen: 24_000_000, pendingBudgetChange: { requestedBudgetYen: 24_500_000 } });
    await signOut(page);

    await signIn(page, SEC);
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '伴走支援の管理（事務局）' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '伴走支援の管理' })).toBeVisible();
    const change = page.getByTestId('budget-change').filter({ hasText: `高知県：${TOSA.name}` });
    await expect(change).toContainText('24,000,000円');
    await expect(change).toContainText('24,500,000円');
    await visit('engagements');
    // A decision without a reason is refused beside the field; with one, the budget applies.
    await change.getByRole('button', { name: '承認する' }).click();
    await expect(page.getByTestId('error-summary')).toContainText('承認・却下の理由を入力してください');
    await visit('engagements-budget-needs-reason');
    await change.getByLabel('承認・却下の理由').fill('研修回数の追加（2回）に伴う講師謝金の増額。連携市の要望による。');
    await change.getByRole('button', { name: '承認する' }).click();
    await expect(change).toHaveCount(0);
    // Other rounds of the demo (and other specs) may have a 高知県 engagement too: this round's is the one with its vendor.
    const row = page.getByTestId('engagements').getByRole('row').filter({ hasText: '高知県' }).filter({ hasText: TOSA.name });
    await expect(row).toContainText('24,500,000円');

    // 高知県 acknowledged the interim report (step 10): the secretariat accepts it.
    const interim = page.getByTestId('to-accept-INTERIM').filter({ hasText: `高知県：${TOSA.name}` });
    await expect(interim).toContainText('推進会議を2回開催');
    await expect(interim).toContainText('次回は研修の効果も記載してください');
    await visit('engagements-report-to-accept');
    await interim.getByRole('button', { name: '受理する' }).click();
    await expect(interim).toHaveCount(0);
    await expect(row).toContainText('受理');
    await expect(row).toContainText('実施中');
    await visit('engagements-accepted');
    await signOut(page);

    // The vendor sees both: the budget in force and its report accepted.
    await signIn(page, emailOf(TOSA), VENDOR_PASSWORD);
    await page.getByRole('link', { name: '事業者メニュー' }).first().click();
    await page.getByRole('link', { name: '高知県の伴走支援' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '高知県の伴走支援' })).toBeVisible();
    await expect(page.getByTestId('reports').getByRole('row', { name: /中間報告/ })).toContainText('受理');
    await expect(page.locator('main')).toContainText('24,500,000円');
    await visit('tosa-interim-accepted');
  });
});
