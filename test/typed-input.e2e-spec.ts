import {
  addPartner,
  corporateNumber,
  createProgramAndCall,
  createTestApp,
  gql,
  IN_WINDOW,
  ok,
  signIn,
  STANDARD_ACCOUNTS,
  startApplication,
  TestApp,
  TEST_PASSWORD,
} from './support';

/** 全角 as an IME types it: digits, letters, ＠ and the dashes of a Japanese keyboard. */
const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('input as officials type it: codes, numbers, phone numbers and e-mail addresses folded by NFKC (issue 16)', () => {
  let t: TestApp;
  let tok: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2025-02-01T09:00:00+09:00');
    tok = await signIn(t.app, STANDARD_ACCOUNTS);
  });
  afterAll(() => t.close());

  it('registers a vendor from a full-width 法人番号, prefecture code and e-mail address, keeping its name as typed', async () => {
    const cn = corporateNumber('700110005901');
    const v = ok(
      await gql(t.app, 'mutation($i: RegisterVendorInput!) { registerVendor(input: $i) { name corporateNumber headOfficePrefectureCode } }', {
        i: {
          name: 'ＡＢＣデジタル株式会社',
          corporateNumber: fullWidth(cn),
          kind: 'CONSULTANCY',
          headOfficePrefectureCode: '１３',
          email: `${fullWidth('Typed.Vendor@example.co.jp')}\u3000`,
          displayName: 'ｶﾅ 担当',
          password: TEST_PASSWORD,
        },
      }),
    ).registerVendor;
    expect(v).toEqual({ name: 'ＡＢＣデジタル株式会社', corporateNumber: cn, headOfficePrefectureCode: '13' });
    // The account answers to the address in ASCII, as the vendor will type it next time.
    const login = await gql(t.app, 'mutation($i: LoginInput!) { login(input: $i) { user { email displayName } } }', {
      i: { email: 'typed.vendor@example.co.jp', password: TEST_PASSWORD },
    });
    expect(ok(login).login.user).toEqual({ email: 'typed.vendor@example.co.jp', displayName: 'ｶﾅ 担当' });
  });

  it('takes a partner by its full-width 団体コード and a contact with a full-width phone number and address', async () => {
    const { callId } = await createProgramAndCall(t.app, tok.secretariat);
    t.clock.set(IN_WINDOW);
    const a = await startApplication(t.app, tok.hyogo, callId);
    const partner = ok(await addPartner(t.app, tok.hyogo, a.id, '２８２０９０')).addPartnerMunicipality;
    expect(JSON.stringify(partner)).toContain('282090');
    const contact = ok(
      await gql(
        t.app,
        'mutation($a: ID!, $c: ContactInput!) { addContact(applicationId: $a, contact: $c) { contacts { name email phone } } }',
        {
          a: a.id,
          c: {
            name: '兵庫　太郎',
            department: 'デジタル改革課',
            email: fullWidth('dx@pref.hyogo.example.lg.jp'),
            phone: '０７８ー３４１－７７１１',
            consentToPersonalDataTerms: true,
          },
        },
        tok.hyogo,
      ),
    ).addContact.contacts;
    expect(contact).toContainEqual({ name: '兵庫　太郎', email: 'dx@pref.hyogo.example.lg.jp', phone: '078-341-7711' });
  });

  it('still refuses what is not a code after folding', async () => {
    const r = await gql(t.app, '{ municipalities(prefectureCode: "１３Ａ") { lgCode } }');
    expect(r.errors?.[0]?.extensions.code).toBe('VALIDATION_FAILED');
    const tokyo = ok(await gql(t.app, '{ municipalities(prefectureCode: "１３", prefix: "千代田") { lgCode } }')).municipalities;
    expect(tokyo).toEqual([{ lgCode: '131016' }]);
  });
});
