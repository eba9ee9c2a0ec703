import { createTestApp, errorCode, gql, ok, signIn, STANDARD_ACCOUNTS, TEST_PASSWORD, TestApp } from './support';

describe('master data and identity', () => {
  let t: TestApp;
  let tok: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    tok = await signIn(t.app, STANDARD_ACCOUNTS);
  });
  afterAll(() => t.close());

  describe('prefectures and municipalities (全国地方公共団体コード)', () => {
    it('lists the 47 prefectures with their basic local governments counted', async () => {
      const p = ok(await gql(t.app, '{ prefectures { code lgCode name kana municipalityCount } }')).prefectures;
      expect(p).toHaveLength(47);
      expect(p[0]).toEqual({ code: '01', lgCode: '010006', name: '北海道', kana: 'ほっかいどう', municipalityCount: 179 });
      expect(p.find((x: any) => x.code === '13').municipalityCount).toBe(62);
      expect(p.reduce((s: number, x: any) => s + x.municipalityCount, 0)).toBe(1741);
    });

    it('filters a prefecture’s municipalities by kind and by name or kana prefix', async () => {
      const q =
        'query($p: String!, $k: [MunicipalityKind!], $x: String, $c: Boolean) { municipalities(prefectureCode: $p, kinds: $k, prefix: $x, partnerCandidatesOnly: $c) { lgCode name kind isBasic prefecture { name } } }';
      const villages = ok(await gql(t.app, q, { p: '20', k: ['VILLAGE'] })).municipalities;
      expect(villages.length).toBe(35);
      expect(villages.every((m: any) => m.kind === 'VILLAGE' && m.prefecture.name === '長野県')).toBe(true);
      expect(ok(await gql(t.app, q, { p: '28', x: 'とよ' })).municipalities.map((m: any) => m.name)).toEqual(['豊岡市']);
      expect(ok(await gql(t.app, q, { p: '28', x: '豊岡' })).municipalities.map((m: any) => m.lgCode)).toEqual(['282090']);
      // LIKE wildcards in the prefix are taken literally.
      expect(ok(await gql(t.app, q, { p: '28', x: '%' })).municipalities).toEqual([]);
    });

    it('offers as partners only functioning basic local governments (no wards, no Northern Territories)', async () => {
      const q = 'query($p: String!, $c: Boolean) { municipalities(prefectureCode: $p, partnerCandidatesOnly: $c) { lgCode kind isBasic } }';
      const all = ok(await gql(t.app, q, { p: '01', c: false })).municipalities;
      const partners = ok(await gql(t.app, q, { p: '01', c: true })).municipalities;
      expect(all.some((m: any) => m.lgCode === '016951')).toBe(true); // 色丹村 is in the code list
      expect(partners.some((m: any) => m.lgCode === '016951')).toBe(false);
      expect(partners.some((m: any) => m.kind === 'WARD')).toBe(false);
      expect(all.some((m: any) => m.kind === 'WARD')).toBe(true); // 札幌市の区 are listed, as WARD
      expect(partners).toHaveLength(179);
    });

    it('refuses a malformed prefecture code with VALIDATION_FAILED', async () => {
      expect(errorCode(await gql(t.app, '{ municipalities(prefectureCode: "99") { lgCode } }'))).toBe('VALIDATION_FAILED');
      expect(errorCode(await gql(t.app, '{ municipalities(prefectureCode: "x") { lgCode } }'))).toBe('VALIDATION_FAILED');
    });
  });

  describe('accounts and sign-in', () => {
    it('signs in with a password and returns who you are', async () => {
      const me = ok(await gql(t.app, '{ me { role prefectureCode municipalityCode } }', {}, tok.toyooka)).me;
      expect(me).toEqual({ role: 'MUNICIPALITY', prefectureCode: '28', municipalityCode: '282090' });
      expect(errorCode(await gql(t.app, '{ me { id } }'))).toBe('UNAUTHENTICATED');
      expect(errorCode(await gql(t.app, '{ me { id } }', {}, 'not-a-token'))).toBe('UNAUTHENTICATED');
    });

    it('refuses a wrong password and an unknown address alike (INVALID_CREDENTIALS)', async () => {
      const email = ok(await gql(t.app, '{ me { email } }', {}, tok.hyogo)).me.email;
      const q = 'mutation($i: LoginInput!) { login(input: $i) { token } }';
      const wrong = await gql(t.app, q, { i: { email, password: 'wrong-password' } });
      const unknown = await gql(t.app, q, { i: { email: 'nobody@example.jp', password: TEST_PASSWORD } });
      expect(errorCode(wrong)).toBe('INVALID_CREDENTIALS');
      expect(errorCode(unknown)).toBe('INVALID_CREDENTIALS');
      expect(wrong.errors![0].message).toBe(unknown.errors![0].message);
    });

    it('lets only the secretariat create accounts, bound to their organisation', async () => {
      const q = 'mutation($i: CreateAccountInput!) { createAccount(input: $i) { role prefectureCode municipalityCode } }';
      const input = {
        email: 'new-official@pref.example.lg.jp',
        displayName: '新規',
        password: 'long-enough-password',
        role: 'MUNICIPALITY',
        municipalityCode: '202011',
      };
      expect(errorCode(await gql(t.app, q, { i: input }))).toBe('UNAUTHENTICATED');
      expect(errorCode(await gql(t.app, q, { i: input }, tok.hyogo))).toBe('FORBIDDEN');
      expect(errorCode(await gql(t.app, q, { i: input }, tok.ministry))).toBe('FORBIDDEN');
      expect(ok(await gql(t.app, q, { i: input }, tok.secretariat)).createAccount).toEqual({
        role: 'MUNICIPALITY',
        prefectureCode: '20',
        municipalityCode: '202011',
      });
      expect(errorCode(await gql(t.app, q, { i: input }, tok.secretariat))).toBe('DUPLICATE');
      expect(errorCode(await gql(t.app, q, { i: { ...input, email: 'a@b.jp', municipalityCode: undefined } }, tok.secretariat))).toBe('VALIDATION_FAILED');
      expect(
        errorCode(
          await gql(t.app, q, { i: { ...input, email: 'c@d.jp', role: 'PREFECTURE', prefectureCode: '48', municipalityCode: undefined } }, tok.secretariat),
        ),
      ).toBe('VALIDATION_FAILED');
      const short = await gql(t.app, q, { i: { ...input, email: 'e@f.jp', password: 'short' } }, tok.secretariat);
      expect(errorCode(short)).toBe('VALIDATION_FAILED');
      expect(short.errors![0].extensions.details.fields[0].field).toBe('password');
    });
  });
});
