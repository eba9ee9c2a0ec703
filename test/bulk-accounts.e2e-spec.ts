import { DataSource } from 'typeorm';
import { LinkTokens } from '@app/notifications';
import { createTestApp, errorCode, gql, ok, signIn, STANDARD_ACCOUNTS, TestApp } from './support';

const REPORT = `imported dryRun rowCount acceptedRowCount rejectedRowCount
  accounts { row userId evaluatorId email displayName role prefectureCode municipalityCode name affiliation fields }
  rejections { row column value code reasonJa reasonEn }`;
const IMPORT_ACCOUNTS = `mutation($i: ImportAccountsInput!) { importAccounts(input: $i) { ${REPORT} } }`;
const IMPORT_EVALUATORS = `mutation($i: ImportAccountsInput!) { importEvaluators(input: $i) { ${REPORT} } }`;
const RESET = 'mutation($i: ResetPasswordInput!) { resetPassword(input: $i) }';
const LOGIN = 'mutation($i: LoginInput!) { login(input: $i) { token } }';

const utf8 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
/** Shift_JIS bytes as Excel in Japan saves a CSV: the decoder's table read backwards (no encoder in the platform). */
const sjis = (text: string): string => {
  const decoder = new TextDecoder('shift_jis');
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfc; hi++) {
    if (hi >= 0xa0 && hi <= 0xdf) continue;
    for (let lo = 0x40; lo <= 0xfc; lo++) {
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const bytes = [...text].flatMap((ch) => {
    if (ch.charCodeAt(0) < 0x80) return [ch.charCodeAt(0)];
    const b = table.get(ch);
    if (!b) throw new Error(`not in Shift_JIS: ${ch}`);
    return b;
  });
  const buf = Buffer.from(bytes);
  // The file is not valid UTF-8, so the server must take it as Shift_JIS.
  expect(() => new TextDecoder('utf-8', { fatal: true }).decode(buf)).toThrow();
  return buf.toString('base64');
};

describe('accounts and evaluators created from a CSV (issue 16, bulk work)', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let db: DataSource;
  let hyogoEmail: string;
  const tag = Date.now().toString(36);
  const addr = (k: string) => `${k}-${tag}@bulk.example.lg.jp`;

  const usersWith = async (
    emails: string[],
  ): Promise<Array<{ email: string; role: string; prefecture_code: string | null; municipality_code: string | null }>> =>
    db.query('SELECT email, role, prefecture_code, municipality_code FROM users WHERE email = ANY($1) ORDER BY email', [emails]);
  const mailsTo = async (emails: string[]): Promise<Array<{ recipient_email: string; subject: string; body: string }>> =>
    db.query('SELECT recipient_email, subject, body FROM outbox WHERE recipient_email = ANY($1) ORDER BY recipient_email', [emails]);
  /** The set-password link's token, as the sender writes it into the mail (the outbox holds only a nonce). */
  const tokenIn = (body: string): string => {
    const url = /https?:\/\/\S+\/password-reset\?token=\{\{link-token:([A-Za-z0-9_-]{22})\}\}/.exec(body);
    if (!url) throw new Error(`no link in ${body}`);
    return t.app.get(LinkTokens).tokenFor(url[1]);
  };

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    t.clock.set('2026-04-01T10:00:00+09:00');
    tok = await signIn(t.app, STANDARD_ACCOUNTS);
    hyogoEmail = ok(await gql(t.app, '{ me { email } }', {}, tok.hyogo)).me.email;
  });
  afterAll(() => t?.close());

  it('refuses the whole file when any row is bad, reporting each bad cell with row, column, value and a ja/en reason', async () => {
    const emails = ['good', 'role', 'code', 'pref', 'muni', 'dup', 'mail'].map(addr);
    const file = [
      '種別,団体コード,表示名,メールアドレス',
      `都道府県,28,兵庫県 DX担当,${emails[0]}`, // row 2: good
      `知事,28,誰か,${emails[1]}`, // row 3: unknown role
      `市区町村,28A090,豊岡市,${emails[2]}`, // row 4: malformed code
      `都道府県,99,架空県,${emails[3]}`, // row 5: no such prefecture
      `市区町村,289999,架空市,${emails[4]}`, // row 6: no such municipality
      `都道府県,20,長野県,${emails[0].toUpperCase()}`, // row 7: the address of row 2 again (case folded)
      `都道府県,20,長野県 2,${hyogoEmail}`, // row 8: already registered
      `MINISTRY,,総務省,not-an-address`, // row 9: malformed e-mail
      '', // blank rows are skipped
      `市区町村,282090,,${emails[5]}`, // row 11: display name missing
    ].join('\r\n');
    const r = ok(await gql(t.app, IMPORT_ACCOUNTS, { i: { fileName: 'accounts.csv', contentBase64: utf8(file) } }, tok.secretariat)).importAccounts;
    expect(r.imported).toBe(false);
    expect(r.rowCount).toBe(9);
    expect(r.rejectedRowCount).toBe(8);
    expect(r.acceptedRowCount).toBe(1);
    expect(r.rejections.map((x: { row: number; column: string; code: string }) => [x.row, x.column, x.code])).toEqual([
      [3, 'role', 'ROLE_INVALID'],
      [4, 'code', 'CODE_INVALID'],
      [5, 'code', 'UNKNOWN_PREFECTURE'],
      [6, 'code', 'UNKNOWN_MUNICIPALITY'],
      [7, 'email', 'DUPLICATE_IN_FILE'],
      [8, 'email', 'ALREADY_REGISTERED'],
      [9, 'email', 'EMAIL_INVALID'],
      [11, 'displayName', 'REQUIRED'],
    ]);
    const muni = r.rejections.find((x: { row: number }) => x.row === 6);
    expect(muni.value).toBe('289999');
    expect(muni.reasonJa).toContain('団体コード');
    expect(muni.reasonEn).toContain('municipality');
    // Nothing is created and nothing mailed.
    expect(await usersWith(emails)).toEqual([]);
    expect(await mailsTo(emails)).toEqual([]);
  });

  it('a dry run of a good file reports the accounts without creating them', async () => {
    const file = ['種別,団体コード,表示名,メールアドレス', `都道府県,28,兵庫県,${addr('dry')}`].join('\n');
    const r = ok(await gql(t.app, IMPORT_ACCOUNTS, { i: { fileName: 'a.csv', contentBase64: utf8(file), dryRun: true } }, tok.secretariat)).importAccounts;
    expect(r).toMatchObject({ imported: false, dryRun: true, rowCount: 1, acceptedRowCount: 1, rejectedRowCount: 0, rejections: [] });
    expect(r.accounts).toEqual([expect.objectContaining({ row: 2, userId: null, role: 'PREFECTURE', prefectureCode: '28', email: addr('dry') })]);
    expect(await usersWith([addr('dry')])).toEqual([]);
  });

  it('creates every account of a good file (全角 codes and addresses folded), mails each a set-password link valid 7 days, and audits it', async () => {
    const [pref, muni, ministry] = ['pref', 'muni', 'min'].map(addr);
    const wide = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    // English headers in another order, 全角 digits, a dropped leading zero and an address typed in 全角.
    const file = [
      'email,role,displayName,code',
      `${wide(pref)},PREFECTURE,兵庫県 地域DX担当,２８`,
      `${muni},市区町村,豊岡市 情報政策課,２８２０９０`,
      `${ministry},省庁,デジタル庁 担当,`,
    ].join('\n');
    const r = ok(await gql(t.app, IMPORT_ACCOUNTS, { i: { fileName: 'accounts.csv', contentBase64: utf8(file) } }, tok.secretariat)).importAccounts;
    expect(r.rejections).toEqual([]);
    expect(r.imported).toBe(true);
    expect(r.accounts.every((a: { userId: string | null }) => a.userId)).toBe(true);
    expect(await usersWith([pref, muni, ministry])).toEqual([
      { email: ministry, role: 'MINISTRY', prefecture_code: null, municipality_code: null },
      { email: muni, role: 'MUNICIPALITY', prefecture_code: '28', municipality_code: '282090' },
      { email: pref, role: 'PREFECTURE', prefecture_code: '28', municipality_code: null },
    ]);

    // No password until the holder sets one.
    for (const password of ['!unset', 'a long enough password'])
      expect(errorCode(await gql(t.app, LOGIN, { i: { email: pref, password } }))).toBe('INVALID_CREDENTIALS');

    const mails = await mailsTo([pref, muni, ministry]);
    expect(mails.map((m) => m.recipient_email)).toEqual([ministry, muni, pref]);
    expect(mails[0].subject).toContain('アカウント開設');
    expect(mails[0].body).toContain(ministry);

    // Six days later the link still works, once; the account then signs in with its own password.
    t.clock.set('2026-04-07T10:00:00+09:00');
    const prefToken = tokenIn(mails[2].body);
    expect(ok(await gql(t.app, RESET, { i: { token: prefToken, newPassword: 'my own first password 1' } })).resetPassword).toBe(true);
    expect(ok(await gql(t.app, LOGIN, { i: { email: pref, password: 'my own first password 1' } })).login.token).toBeTruthy();
    expect(errorCode(await gql(t.app, RESET, { i: { token: prefToken, newPassword: 'another password 22' } }))).toBe('RESET_LINK_INVALID');
    // After seven days it has expired (a reset link lasts 60 minutes; this one longer, but not for ever).
    t.clock.set('2026-04-08T10:00:01+09:00');
    expect(errorCode(await gql(t.app, RESET, { i: { token: tokenIn(mails[1].body), newPassword: 'too late password 3' } }))).toBe('RESET_LINK_EXPIRED');

    const secretariatId = ok(await gql(t.app, '{ me { id } }', {}, tok.secretariat)).me.id;
    const audited: Array<{ actor: string }> = await db.query(
      `SELECT actor FROM (SELECT actor, entity, entity_id, operation FROM audit_log UNION ALL SELECT actor, entity, entity_id, operation FROM audit_pending) r
       WHERE entity = 'users' AND operation = 'INSERT' AND entity_id = ANY($1)`,
      [r.accounts.map((a: { userId: string }) => a.userId)],
    );
    expect(audited).toHaveLength(3);
    expect(audited.every((a) => a.actor.includes(secretariatId))).toBe(true);

    // The same file again: every address is now registered, and nothing more is created.
    const again = ok(await gql(t.app, IMPORT_ACCOUNTS, { i: { fileName: 'accounts.csv', contentBase64: utf8(file) } }, tok.secretariat)).importAccounts;
    expect(again.imported).toBe(false);
    expect(again.rejections.map((x: { code: string }) => x.code)).toEqual(['ALREADY_REGISTERED', 'ALREADY_REGISTERED', 'ALREADY_REGISTERED']);
  });

  it('creates evaluators with their profiles from a Shift_JIS file as Excel saves it, and refuses a bad one whole', async () => {
    t.clock.set('2026-04-10T10:00:00+09:00');
    const [a, b] = ['eva', 'evb'].map(addr);
    const bad = ['氏名,所属,専門分野,メールアドレス', `山田 花子,○○大学,行政DX、情報セキュリティ,${a}`, `鈴木 一郎,,,${a}`].join('\r\n');
    const refused = ok(await gql(t.app, IMPORT_EVALUATORS, { i: { fileName: '評価委員.csv', contentBase64: sjis(bad) } }, tok.secretariat)).importEvaluators;
    expect(refused.imported).toBe(false);
    expect(refused.rejections).toEqual([expect.objectContaining({ row: 3, column: 'email', code: 'DUPLICATE_IN_FILE' })]);
    expect(await usersWith([a, b])).toEqual([]);

    const good = ['氏名,所属,専門分野,メールアドレス', `山田 花子,○○大学,行政DX、情報セキュリティ,${a}`, `鈴木 一郎,株式会社△△,,${b}`].join('\r\n');
    const r = ok(await gql(t.app, IMPORT_EVALUATORS, { i: { fileName: '評価委員.csv', contentBase64: sjis(good) } }, tok.secretariat)).importEvaluators;
    expect(r.rejections).toEqual([]);
    expect(r.imported).toBe(true);
    expect(r.accounts.map((x: { role: string; displayName: string }) => [x.role, x.displayName])).toEqual([
      ['EVALUATOR', '山田 花子'],
      ['EVALUATOR', '鈴木 一郎'],
    ]);
    const evaluators = ok(await gql(t.app, '{ evaluators { id name affiliation fields } }', {}, tok.secretariat)).evaluators;
    expect(evaluators).toEqual(
      expect.arrayContaining([
        { id: r.accounts[0].evaluatorId, name: '山田 花子', affiliation: '○○大学', fields: ['行政DX', '情報セキュリティ'] },
        { id: r.accounts[1].evaluatorId, name: '鈴木 一郎', affiliation: '株式会社△△', fields: [] },
      ]),
    );
    const [mail] = await mailsTo([a]);
    expect(ok(await gql(t.app, RESET, { i: { token: tokenIn(mail.body), newPassword: 'evaluator password 1' } })).resetPassword).toBe(true);
    const evTok = ok(await gql(t.app, LOGIN, { i: { email: a, password: 'evaluator password 1' } })).login.token;
    expect(ok(await gql(t.app, '{ me { role } }', {}, evTok)).me.role).toBe('EVALUATOR');
  });

  it('refuses a file without the needed columns, and an unreadable one, as VALIDATION_FAILED', async () => {
    const r = await gql(t.app, IMPORT_ACCOUNTS, { i: { fileName: 'a.csv', contentBase64: utf8('名前,メール\nx,y@example.jp') } }, tok.secretariat);
    expect(errorCode(r)).toBe('VALIDATION_FAILED');
    expect(r.errors![0].extensions.messageJa).toContain('種別');
    expect(errorCode(await gql(t.app, IMPORT_ACCOUNTS, { i: { fileName: 'a.xlsx', contentBase64: utf8('not a workbook') } }, tok.secretariat))).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('is the secretariat’s alone', async () => {
    const file = utf8(['種別,団体コード,表示名,メールアドレス', `都道府県,28,x,${addr('auth')}`].join('\n'));
    for (const who of ['ministry', 'hyogo', 'toyooka', 'evaluator']) {
      expect(errorCode(await gql(t.app, IMPORT_ACCOUNTS, { i: { fileName: 'a.csv', contentBase64: file } }, tok[who]))).toBe('FORBIDDEN');
      expect(errorCode(await gql(t.app, IMPORT_EVALUATORS, { i: { fileName: 'a.csv', contentBase64: file } }, tok[who]))).toBe('FORBIDDEN');
    }
    expect(errorCode(await gql(t.app, IMPORT_ACCOUNTS, { i: { fileName: 'a.csv', contentBase64: file } }))).toBe('UNAUTHENTICATED');
    expect(await usersWith([addr('auth')])).toEqual([]);
  });
});
