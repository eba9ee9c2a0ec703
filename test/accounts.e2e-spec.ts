import { Role } from '@app/core';
import { createTestApp, errorCode, gql, ok, signIn, TEST_PASSWORD, TestApp } from './support';

/**
 * Accounts over GraphQL (issues 13 and 16): changing one's password ends every other session and returns a new one;
 * the secretariat deactivates an account, whose sessions end at once, and reactivates it (its old sessions stay ended).
 */
describe('accounts: password change, deactivation', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  const ME = '{ me { id email active } }';
  const CHANGE = 'mutation($i: ChangePasswordInput!) { changePassword(input: $i) { token user { email } } }';
  const LOGIN = 'mutation($i: LoginInput!) { login(input: $i) { token } }';
  const DEACTIVATE = 'mutation($id: ID!) { deactivateAccount(userId: $id) { id active } }';
  const REACTIVATE = 'mutation($id: ID!) { reactivateAccount(userId: $id) { id active } }';

  beforeAll(async () => {
    t = await createTestApp();
    tok = await signIn(t.app, [
      { key: 'secretariat', role: Role.SECRETARIAT },
      { key: 'hyogo', role: Role.PREFECTURE, prefectureCode: '28' },
      { key: 'kochi', role: Role.PREFECTURE, prefectureCode: '39' },
    ]);
  });
  afterAll(() => t.close());

  it('changes the password with the current one; every earlier session ends, the returned one works', async () => {
    const { email } = ok(await gql(t.app, ME, {}, tok.hyogo)).me;
    const other = ok(await gql(t.app, LOGIN, { i: { email, password: TEST_PASSWORD } })).login.token; // another device
    const next = 'a new passphrase for 兵庫県 2026';

    expect(errorCode(await gql(t.app, CHANGE, { i: { currentPassword: 'not the password', newPassword: next } }, tok.hyogo))).toBe('INVALID_CREDENTIALS');
    expect(errorCode(await gql(t.app, CHANGE, { i: { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD } }, tok.hyogo))).toBe('VALIDATION_FAILED');
    expect(errorCode(await gql(t.app, CHANGE, { i: { currentPassword: TEST_PASSWORD, newPassword: 'short' } }, tok.hyogo))).toBe('VALIDATION_FAILED');
    // Nothing changed by the refusals.
    expect(ok(await gql(t.app, ME, {}, other)).me.email).toBe(email);

    const changed = ok(await gql(t.app, CHANGE, { i: { currentPassword: TEST_PASSWORD, newPassword: next } }, tok.hyogo)).changePassword;
    expect(changed.user.email).toBe(email);
    for (const old of [tok.hyogo, other]) expect(errorCode(await gql(t.app, ME, {}, old))).toBe('UNAUTHENTICATED');
    expect(ok(await gql(t.app, ME, {}, changed.token)).me.email).toBe(email);
    expect(errorCode(await gql(t.app, LOGIN, { i: { email, password: TEST_PASSWORD } }))).toBe('INVALID_CREDENTIALS');
    expect(ok(await gql(t.app, LOGIN, { i: { email, password: next } })).login.token).toBeTruthy();
    // Anonymous callers cannot change anyone's password.
    expect(errorCode(await gql(t.app, CHANGE, { i: { currentPassword: next, newPassword: 'yet another passphrase' } }))).toBe('UNAUTHENTICATED');
  });

  it('the secretariat deactivates an account: its sessions end at once and it cannot sign in; reactivated, it signs in again', async () => {
    const { id, email } = ok(await gql(t.app, ME, {}, tok.kochi)).me;
    const { id: own } = ok(await gql(t.app, ME, {}, tok.secretariat)).me;

    expect(errorCode(await gql(t.app, DEACTIVATE, { id }, tok.kochi))).toBe('FORBIDDEN'); // not the prefecture's to do
    expect(errorCode(await gql(t.app, DEACTIVATE, { id: own }, tok.secretariat))).toBe('VALIDATION_FAILED'); // not its own
    expect(errorCode(await gql(t.app, DEACTIVATE, { id: '00000000-0000-4000-8000-000000000000' }, tok.secretariat))).toBe('NOT_FOUND');
    expect(errorCode(await gql(t.app, DEACTIVATE, { id: 'not-an-id' }, tok.secretariat))).toBe('NOT_FOUND');

    expect(ok(await gql(t.app, DEACTIVATE, { id }, tok.secretariat)).deactivateAccount).toEqual({ id, active: false });
    expect(errorCode(await gql(t.app, ME, {}, tok.kochi))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(t.app, LOGIN, { i: { email, password: TEST_PASSWORD } }))).toBe('INVALID_CREDENTIALS');
    const listed = ok(await gql(t.app, '{ accounts { id active } }', {}, tok.secretariat)).accounts as Array<{ id: string; active: boolean }>;
    expect(listed.find((a) => a.id === id)?.active).toBe(false);

    expect(ok(await gql(t.app, REACTIVATE, { id }, tok.secretariat)).reactivateAccount).toEqual({ id, active: true });
    expect(errorCode(await gql(t.app, ME, {}, tok.kochi))).toBe('UNAUTHENTICATED'); // the old session stays ended
    const again = ok(await gql(t.app, LOGIN, { i: { email, password: TEST_PASSWORD } })).login.token;
    expect(ok(await gql(t.app, ME, {}, again)).me).toEqual({ id, email, active: true });
  });
});
