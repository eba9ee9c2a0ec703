import { expect, signIn, test } from './support';
import { memorandumPdf, nextYearCallCard } from './prefecture-support';

/**
 * 長野県 (a repeat applicant: 2 partners in 令和7年度, so 3 are needed now) applies to the demo's open 令和9年度 region
 * call with the mouse: partners by name and by reading, issues and desired support, memoranda, the nine requirements,
 * a contact with consent, check-your-answers, submit, and the receipt.
 */
test('長野県 applies to the open region call and gets a receipt', async ({ page, visit }) => {
  test.setTimeout(360_000);
  await signIn(page, 'nagano@demo.example.jp');
  await page.goto('/prefecture');
  await visit('prefecture-home');
  await nextYearCallCard(page).getByRole('button', { name: '申請を始める' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /支援地域の申請（令和9年度）/ })).toBeVisible();
  await expect(page.getByTestId('repeat-needed')).toHaveText('3');
  await expect(page.getByTestId('countdown')).toContainText('令和');
  await visit('application-overview');

  // Partners: by name, by reading in katakana (folded to hiragana) and in hiragana; the status follows each change.
  await page.getByRole('link', { name: '連携市区町村' }).click();
  await visit('partners-empty');
  const search = page.getByLabel('市区町村を検索');
  await search.fill('松本');
  await page.getByRole('button', { name: '松本市を追加' }).click();
  await expect(page.getByTestId('repeat-current')).toHaveText('1');
  await expect(page.getByTestId('repeat-verdict')).toHaveText('あと2市区町村の連携が必要です。');
  await search.fill('ナガノ');
  await page.getByRole('button', { name: '長野市を追加' }).click();
  await expect(page.getByTestId('repeat-current')).toHaveText('2');
  await search.fill('うえだ');
  await page.getByRole('button', { name: '上田市を追加' }).click();
  await expect(page.getByTestId('repeat-current')).toHaveText('3');
  await expect(page.getByTestId('repeat-verdict')).toHaveText('連携数の要件を満たしています。');
  await expect(page.getByTestId('partners')).toContainText('まつもとし');
  await visit('partners-chosen');

  // Issues and desired support of 松本市 (the support is saved on the server as it is ticked and typed).
  await page.getByRole('link', { name: '次へ：地域課題と希望する支援' }).click();
  // 構築 / 拡充 (saved as chosen) and an issue of the prefecture itself, besides its partners'.
  await page.getByLabel(/^拡充/).check();
  await expect(page.getByLabel(/^拡充/)).toBeChecked();
  await page.getByLabel('分野').selectOption('DIGITAL_TALENT');
  await page.getByLabel('課題の名称').fill('市町村のデジタル人材の確保');
  await page.getByLabel('課題の内容').fill('小規模な町村で情報担当が1人しかいない。');
  await page.getByRole('button', { name: 'この課題を追加する' }).click();
  await expect(page.getByText('小規模な町村で情報担当が1人しかいない。')).toBeVisible();
  await visit('needs-list');
  await page.reload();
  await expect(page.getByLabel(/^拡充/)).toBeChecked();
  await page.getByRole('link', { name: '松本市' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '松本市の地域課題と希望する支援' })).toBeVisible();
  await page.getByLabel('分野').selectOption('ADMINISTRATION');
  await page.getByLabel('課題の名称').fill('窓口業務のデジタル化');
  await page.getByLabel('課題の内容').fill('紙の申請書が多く、窓口の待ち時間が長い。');
  await page.getByRole('button', { name: 'この課題を追加する' }).click();
  await expect(page.getByText('紙の申請書が多く、窓口の待ち時間が長い。')).toBeVisible();
  await page.getByLabel('DX推進人材の育成・連携方策の検討補助').check();
  await page.getByLabel('「DX推進人材の育成・連携方策の検討補助」についての補足').fill('庁内研修の企画');
  // The ◇ detailed items of the ticked menu item appear under it.
  await page.getByLabel('◇ 幹部職員・一般職員に対する研修').check();
  await expect(page.getByTestId('draft-status')).toHaveAttribute('data-status', 'saved');
  await visit('partner-needs');

  // Memoranda, one per partner, uploaded.
  await page.reload();
  await expect(page.getByLabel('◇ 幹部職員・一般職員に対する研修')).toBeChecked();
  await page.goto(page.url().replace(/\/needs\/.*$/, '/memoranda'));
  for (const [code, name] of [
    ['202029', '松本市'],
    ['202011', '長野市'],
    ['202037', '上田市'],
  ]) {
    await page.getByLabel(`${name}との覚書`).setInputFiles(memorandumPdf(name));
    await expect(page.getByTestId(`memorandum-${code}`)).toContainText(`アップロード済み：覚書_${name}.pdf`);
  }
  await visit('memoranda');

  // The nine requirements, saved as they are chosen and typed.
  await page.getByRole('link', { name: '応募要件（1〜9）の申告' }).click();
  for (let n = 1; n <= 9; n++) await page.locator(`#req-${n}-yes`).check();
  await page.locator('#req-1-evidence').fill('3市と覚書を締結済み（令和8年11月）');
  await expect(page.getByTestId('draft-status')).toHaveAttribute('data-status', 'saved');
  await visit('requirements');

  // A contact with consent: the consent is required first.
  await page.getByRole('link', { name: '連絡先' }).last().click();
  await page.getByLabel('氏名').fill('長野 太郎');
  await page.getByLabel('所属部署').fill('DX推進課');
  await page.getByLabel('メールアドレス').fill('taro.nagano@pref.nagano.example.jp');
  await page.getByLabel('電話番号').fill('０２６－２３５－７０００');
  await page.getByRole('button', { name: 'この連絡先を追加する' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('個人情報の取扱いへの同意が必要です');
  await visit('contacts-error');
  await page.getByLabel(/個人情報の取扱いに同意します/).check();
  await page.getByRole('button', { name: 'この連絡先を追加する' }).click();
  await expect(page.getByTestId('contact')).toContainText('長野 太郎');
  await expect(page.getByTestId('contact')).toContainText('026-235-7000');
  await visit('contacts');

  // Check your answers, submit, receipt.
  await page.getByRole('link', { name: '確認して提出' }).click();
  await expect(page.getByTestId('missing')).toHaveCount(0);
  await expect(page.getByTestId('check-partners')).toContainText('窓口業務のデジタル化');
  await expect(page.getByTestId('check-partners')).toContainText('◇幹部職員・一般職員に対する研修');
  await expect(page.getByTestId('check-region-wants')).toContainText('拡充（既にある地域DX推進体制を拡充する）');
  await expect(page.getByTestId('check-region-wants')).toContainText('市町村のデジタル人材の確保');
  await visit('check');
  await page.getByRole('button', { name: '申請を提出する' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '申請を受け付けました' })).toBeVisible();
  await expect(page.getByTestId('receipt-number')).toHaveText(/^RA2027-20-/);
  await expect(page.getByTestId('receipt-time')).toContainText('令和');
  await expect(page.getByTestId('receipt-digest')).toHaveText(/^[0-9a-f]{64}$/);
  await visit('receipt');
  await page.getByRole('link', { name: '申請の概要へ' }).click();
  await expect(page.getByTestId('application-status')).toHaveText('提出済み');
  await visit('application-submitted');
});
