import { DataSource } from 'typeorm';
import { LinkTokens } from '@app/notifications';
import { createTestApp, errorCode, gql, ok, signIn, STANDARD_ACCOUNTS, TestApp, TEST_PASSWORD } from './support';

const REQUEST = 'mutation($i: RequestPasswordResetInput!) { requestPasswordReset(input: $i) }';
const RESET = 'mutation($i: ResetPasswordInput!) { resetPassword(input: $i) }';
const LOGIN = 'mutation($i: LoginInput!) { login(input: $i) { token } }';

describe('password reset by an e-mailed link (issue 16)', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let email: string;

  /** The links queued for an address, newest first, as the sender writes them (the outbox holds only a nonce). */
  const linksFor = async (address: string): Promise<string[]> => {
    const rows: Array<{ body: string }> = await t.app
      .get(DataSource)
      .query(`SELECT body FROM outbox WHERE recipient_email = $1 AND dedupe_key LIKE 'password-reset:%' ORDER BY created_at DESC, id DESC`, [address]);
    return rows.map((r) => {
      const url = /https?:\/\/\S+\/password-reset\?token=\{\{link-token:([A-Za-z0-9_-]{22})\}\}/.exec(r.body);
      if (!url) throw new Error(`no reset link in ${r.body}`);
      return t.app.get(LinkTokens).tokenFor(url[1]);
    });
  };

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2026-04-01T10:00:00+09:00');
    tok = await signIn(t.app, STANDARD_ACCOUNTS);
    email = ok(await gql(t.app, '{ me { email } }', {}, tok.hyogo)).me.email;
  });
  afterAll(() => t.close());

  it('answers the same for an unknown address and mails nothing', async () => {
    expect(ok(await gql(t.app, REQUEST, { i: { email: 'nobody@pref.example.lg.jp' } })).requestPasswordReset).toBe(true);
    expect(await linksFor('nobody@pref.example.lg.jp')).toEqual([]);
  });

  it('mails a single-use link that sets the new password and ends every session of the account', async () => {
    expect(ok(await gql(t.app, REQUEST, { i: { email: email.toUpperCase() } })).requestPasswordReset).toBe(true);
    const [token] = await linksFor(email);
    // The database holds neither the token nor anything that gives it.
    const stored = JSON.stringify(await t.app.get(DataSource).query('SELECT * FROM password_reset_requests'));
    expect(stored).not.toContain(token);
    const notices = JSON.stringify(await t.app.get(DataSource).query(`SELECT body FROM notices WHERE kind = 'PASSWORD_RESET_LINK'`));
    expect(notices).not.toContain(token);

    t.clock.set('2026-04-01T10:30:00+09:00');
    expect(ok(await gql(t.app, RESET, { i: { token, newPassword: 'a new long password 1' } })).resetPassword).toBe(true);
    // The bearer token issued before is refused; the old password no longer signs in; the new one does.
    expect(errorCode(await gql(t.app, '{ me { email } }', {}, tok.hyogo))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(t.app, LOGIN, { i: { email, password: TEST_PASSWORD } }))).toBe('INVALID_CREDENTIALS');
    expect(ok(await gql(t.app, LOGIN, { i: { email, password: 'a new long password 1' } })).login.token).toBeTruthy();
    // Used once.
    expect(errorCode(await gql(t.app, RESET, { i: { token, newPassword: 'yet another password 2' } }))).toBe('RESET_LINK_INVALID');
  });

  it('lets only the newest link work, and only for 60 minutes', async () => {
    t.clock.set('2026-04-02T09:00:00+09:00');
    ok(await gql(t.app, REQUEST, { i: { email } }));
    ok(await gql(t.app, REQUEST, { i: { email } }));
    const [newest, older] = await linksFor(email);
    const r = await gql(t.app, RESET, { i: { token: older, newPassword: 'another long password 3' } });
    expect(errorCode(r)).toBe('RESET_LINK_INVALID');
    expect(r.errors![0].extensions.messageJa).toContain('新しいリンク');
    t.clock.set('2026-04-02T10:00:00+09:00');
    const late = await gql(t.app, RESET, { i: { token: newest, newPassword: 'another long password 3' } });
    expect(errorCode(late)).toBe('RESET_LINK_EXPIRED');
    expect(late.errors![0].extensions.messageEn).toContain('expired');
  });

  it('refuses a malformed token and a short password as VALIDATION_FAILED, and a made-up token as RESET_LINK_INVALID', async () => {
    expect(errorCode(await gql(t.app, RESET, { i: { token: 'x', newPassword: 'a long enough password' } }))).toBe('VALIDATION_FAILED');
    expect(errorCode(await gql(t.app, RESET, { i: { token: 'A'.repeat(43), newPassword: 'short' } }))).toBe('VALIDATION_FAILED');
    expect(errorCode(await gql(t.app, RESET, { i: { token: 'A'.repeat(43), newPassword: 'a long enough password' } }))).toBe('RESET_LINK_INVALID');
  });

  it('sends an account at most five links a day (the form cannot flood a mailbox), and none to a deactivated account', async () => {
    t.clock.set('2026-04-03T09:00:00+09:00');
    const before = (await linksFor(email)).length;
    for (let i = 0; i < 7; i++) expect(ok(await gql(t.app, REQUEST, { i: { email } })).requestPasswordReset).toBe(true);
    expect((await linksFor(email)).length - before).toBe(5);

    const toyooka = ok(await gql(t.app, '{ me { id email } }', {}, tok.toyooka)).me;
    ok(await gql(t.app, 'mutation($id: ID!) { deactivateAccount(userId: $id) { id } }', { id: toyooka.id }, tok.secretariat));
    ok(await gql(t.app, REQUEST, { i: { email: toyooka.email } }));
    expect(await linksFor(toyooka.email)).toEqual([]);
  });
});
