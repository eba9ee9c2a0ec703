import { Secret, TOTP } from 'otpauth';
import { DataSource } from 'typeorm';
import { createTestApp, errorCode, gql, ok, signIn, STANDARD_ACCOUNTS, TestApp, TEST_PASSWORD } from './support';

const LOGIN = 'mutation($i: LoginInput!) { login(input: $i) { token user { secondFactorEnabled } } }';

/** The code an authenticator app shows at `at` for the secret. */
const codeAt = (secret: string, at: Date) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: at.getTime() });

describe('an optional TOTP second factor for staff and evaluators (issue 16)', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let email: string;
  let secret: string;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2026-05-11T09:00:00+09:00');
    tok = await signIn(t.app, STANDARD_ACCOUNTS);
    email = ok(await gql(t.app, '{ me { email } }', {}, tok.secretariat)).me.email;
  });
  afterAll(() => t.close());

  it('is for staff and evaluators only', async () => {
    expect(errorCode(await gql(t.app, 'mutation { startTotpEnrolment { secret } }', {}, tok.hyogo))).toBe('FORBIDDEN');
    expect(errorCode(await gql(t.app, 'mutation { startTotpEnrolment { secret } }', {}))).toBe('UNAUTHENTICATED');
  });

  it('enrols with a code of the app; the secret is sealed in the database and masked in the audit trail', async () => {
    const e = ok(await gql(t.app, 'mutation { startTotpEnrolment { secret otpauthUri } }', {}, tok.secretariat)).startTotpEnrolment;
    secret = e.secret;
    expect(e.otpauthUri).toMatch(/^otpauth:\/\/totp\/.+secret=[A-Z2-7]+/);
    // Not in force until confirmed: the password alone still signs in.
    expect(ok(await gql(t.app, LOGIN, { i: { email, password: TEST_PASSWORD } })).login.user.secondFactorEnabled).toBe(false);
    expect(errorCode(await gql(t.app, 'mutation($c: String!) { confirmTotpEnrolment(code: $c) { id } }', { c: '000000' }, tok.secretariat))).toBe(
      'TOTP_INVALID',
    );
    const confirmed = ok(
      await gql(
        t.app,
        'mutation($c: String!) { confirmTotpEnrolment(code: $c) { secondFactorEnabled } }',
        { c: codeAt(secret, t.clock.now()) },
        tok.secretariat,
      ),
    ).confirmTotpEnrolment;
    expect(confirmed.secondFactorEnabled).toBe(true);
    const db = t.app.get(DataSource);
    const [row] = await db.query('SELECT totp_secret FROM users WHERE email = $1', [email]);
    expect(row.totp_secret).toMatch(/^v1\./);
    expect(row.totp_secret).not.toContain(secret);
    const audit = JSON.stringify([...(await db.query('SELECT * FROM audit_pending')), ...(await db.query('SELECT * FROM audit_log'))]);
    expect(audit).toContain('totp_secret'); // the change is recorded …
    expect(audit).not.toContain(row.totp_secret); // … never the value (masked)
  });

  it('then signs in only with a right, unused code (TOTP_REQUIRED, TOTP_INVALID), 全角 digits accepted', async () => {
    t.clock.set('2026-05-11T09:10:00+09:00');
    const missing = await gql(t.app, LOGIN, { i: { email, password: TEST_PASSWORD } });
    expect(errorCode(missing)).toBe('TOTP_REQUIRED');
    expect(missing.errors![0].extensions.messageJa).toContain('6桁');
    expect(errorCode(await gql(t.app, LOGIN, { i: { email, password: TEST_PASSWORD, otp: '123456' } }))).toBe('TOTP_INVALID');
    // A wrong password with a right code is still a wrong password.
    const code = codeAt(secret, t.clock.now());
    expect(errorCode(await gql(t.app, LOGIN, { i: { email, password: 'not-the-password', otp: code } }))).toBe('INVALID_CREDENTIALS');
    const fullWidth = code.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    expect(ok(await gql(t.app, LOGIN, { i: { email, password: TEST_PASSWORD, otp: fullWidth } })).login.user.secondFactorEnabled).toBe(true);
    // The same code once more (a replay, or a shoulder-surfed code): refused.
    expect(errorCode(await gql(t.app, LOGIN, { i: { email, password: TEST_PASSWORD, otp: code } }))).toBe('TOTP_INVALID');
    // The next step's code works; a code of five minutes ago does not.
    t.clock.set('2026-05-11T09:10:30+09:00');
    expect(ok(await gql(t.app, LOGIN, { i: { email, password: TEST_PASSWORD, otp: codeAt(secret, t.clock.now()) } })).login.token).toBeTruthy();
    t.clock.set('2026-05-11T09:16:00+09:00');
    expect(errorCode(await gql(t.app, LOGIN, { i: { email, password: TEST_PASSWORD, otp: codeAt(secret, new Date('2026-05-11T09:11:00+09:00')) } }))).toBe(
      'TOTP_INVALID',
    );
  });

  it('is removed by the secretariat for an account that lost it (its sessions end), and turned off by its owner with a code', async () => {
    const e = ok(await gql(t.app, 'mutation { startTotpEnrolment { secret } }', {}, tok.evaluator)).startTotpEnrolment;
    ok(await gql(t.app, 'mutation($c: String!) { confirmTotpEnrolment(code: $c) { id } }', { c: codeAt(e.secret, t.clock.now()) }, tok.evaluator));
    const expert = ok(await gql(t.app, '{ me { id email } }', {}, tok.evaluator)).me;
    expect(errorCode(await gql(t.app, 'mutation($u: ID!) { resetSecondFactor(userId: $u) { id } }', { u: expert.id }, tok.ministry))).toBe('FORBIDDEN');
    expect(
      ok(await gql(t.app, 'mutation($u: ID!) { resetSecondFactor(userId: $u) { secondFactorEnabled } }', { u: expert.id }, tok.secretariat)).resetSecondFactor
        .secondFactorEnabled,
    ).toBe(false);
    expect(errorCode(await gql(t.app, '{ me { id } }', {}, tok.evaluator))).toBe('UNAUTHENTICATED');
    expect(ok(await gql(t.app, LOGIN, { i: { email: expert.email, password: TEST_PASSWORD } })).login.user.secondFactorEnabled).toBe(false);

    t.clock.set('2026-05-11T09:20:00+09:00');
    const sec = ok(await gql(t.app, LOGIN, { i: { email, password: TEST_PASSWORD, otp: codeAt(secret, t.clock.now()) } })).login.token;
    t.clock.set('2026-05-11T09:20:30+09:00');
    expect(errorCode(await gql(t.app, 'mutation($c: String!) { disableTotp(code: $c) { id } }', { c: '999999' }, sec))).toBe('TOTP_INVALID');
    expect(
      ok(await gql(t.app, 'mutation($c: String!) { disableTotp(code: $c) { secondFactorEnabled } }', { c: codeAt(secret, t.clock.now()) }, sec)).disableTotp
        .secondFactorEnabled,
    ).toBe(false);
    expect(ok(await gql(t.app, LOGIN, { i: { email, password: TEST_PASSWORD } })).login.token).toBeTruthy();
  });
});
