import { Role } from '@app/core';
import { createTestApp, gql, ok, signIn, TestApp } from './support';

/**
 * The web client signs in with `login { user { displayName email role } }`. The staff's reads of accounts' names are
 * audited, so the answer must be read as the account that signed in (its own name: no audited read), not as a caller
 * without an account (whose audit record has no actor and failed the sign-in of every secretariat and ministry account).
 */
describe('login as staff, reading its own account in the answer', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  const password = 'staff-login-password-2037';

  beforeAll(async () => {
    t = await createTestApp();
    tok = await signIn(t.app, [{ key: 'secretariat', role: Role.SECRETARIAT }]);
  });
  afterAll(() => t.close());

  it.each(['SECRETARIAT', 'MINISTRY'])('a %s account signs in and reads its own name and address', async (role) => {
    const email = `staff-${role.toLowerCase()}@login.example.jp`;
    ok(
      await gql(
        t.app,
        'mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }',
        { i: { email, password, displayName: `職員（${role}）`, role } },
        tok.secretariat,
      ),
    );
    const r = ok(
      await gql(t.app, 'mutation($i: LoginInput!) { login(input: $i) { token user { displayName email role } } }', { i: { email, password } }),
    ).login;
    expect(r.user).toEqual({ displayName: `職員（${role}）`, email, role });
    expect(r.token).toEqual(expect.any(String));
    // The token works as that account.
    expect(ok(await gql(t.app, '{ me { email role } }', {}, r.token)).me).toEqual({ email, role });
  });

  it('an applicant account reads its own account in the answer too', async () => {
    const email = 'staff-login-pref@login.example.jp';
    ok(
      await gql(
        t.app,
        'mutation($i: CreateAccountInput!) { createAccount(input: $i) { id } }',
        { i: { email, password, displayName: '長野県（テスト）', role: 'PREFECTURE', prefectureCode: '20' } },
        tok.secretariat,
      ),
    );
    const r = ok(await gql(t.app, 'mutation($i: LoginInput!) { login(input: $i) { user { displayName prefectureCode } } }', { i: { email, password } })).login;
    expect(r.user).toEqual({ displayName: '長野県（テスト）', prefectureCode: '20' });
  });
});
