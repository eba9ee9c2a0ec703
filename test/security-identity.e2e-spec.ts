import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadConfig, Role, SYSTEM_ACTOR } from '@app/core';
import { IdentityService } from '@app/identity';
import {
  approvedVendor,
  corporateNumber,
  createTestApp,
  errorCode,
  gql,
  GqlResult,
  ok,
  pdfBytes,
  reportFigures,
  signIn,
  TEST_PASSWORD,
  TestApp,
  upload,
} from './support';
import { signInSource } from '../apps/api/src/security/rate-limits';

/**
 * Issue 11, findings 9, 10 and 14: sign-in limits per account and per source that slow an account down instead of
 * locking its owner out; limits keyed on the resolved arguments (a variable's default value included); registration
 * that tells nobody whether an address or a 法人番号 is known, with disputes resolved by the secretariat; a suspended
 * vendor that may only read its own history.
 */
const LIMITS = {
  RATE_LIMIT_LOGIN: '5/900', // per (e-mail, source): hard
  RATE_LIMIT_LOGIN_SOURCE: '8/900', // failures per source across accounts
  LOGIN_FAILURES_BEFORE_DELAY: '2',
  LOGIN_DELAY_MAX_SECONDS: '2',
  RATE_LIMIT_PUBLIC: '3/3600',
};
const DELAY_MAX = 2;
/** A client address of its own per run: on PostgreSQL the counters live in a Redis server shared with earlier runs. */
const ip = () => `10.${[...randomBytes(3)].join('.')}`;

const LOGIN = 'mutation($i: LoginInput!) { login(input: $i) { token } }';
const REGISTER =
  'mutation($i: RegisterVendorInput!) { registerVendor(input: $i) { id name corporateNumber kind headOfficePrefectureCode status registeredAt } }';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const unique = (label: string) => `${label}-${randomBytes(4).toString('hex')}@corp.example.jp`;
let cnSeq = 0;
const freshCorporateNumber = () => corporateNumber(String(300_000_000_000 + Date.now() * 10 + (cnSeq++ % 10)).slice(-12));

/** One GraphQL request from a given client address (the app trusts X-Forwarded-For from loopback, as behind its proxy). */
async function from(app: INestApplication, ip: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GqlResult> {
  const req = request(app.getHttpServer()).post('/graphql').set('content-type', 'application/json').set('x-forwarded-for', ip);
  if (token) req.set('authorization', `Bearer ${token}`);
  const res = await req.send({ query, variables });
  return { status: res.status, data: res.body?.data ?? null, errors: res.body?.errors };
}
const loginFrom = (app: INestApplication, ip: string, email: string, password: string) => from(app, ip, LOGIN, { i: { email, password } });
const retryAfter = (r: GqlResult): number => r.errors![0].extensions.details.retryAfterSeconds;

describe('sign-in abuse: lock-out, spraying, enumeration, argument-keyed limits, suspended vendors', () => {
  let t: TestApp;
  let db: DataSource;
  let tok: Record<string, string>;
  const saved: Record<string, string | undefined> = {};
  const figures: Record<string, number> = {};

  beforeAll(async () => {
    for (const [k, v] of Object.entries({ ...LIMITS, REDIS_URL: process.env.TEST_DATABASE_URL ? 'redis://127.0.0.1:6379' : '' })) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    t = await createTestApp();
    db = t.app.get(DataSource);
    tok = await signIn(t.app, [
      { key: 'secretariat', role: Role.SECRETARIAT },
      { key: 'ministry', role: Role.MINISTRY },
    ]);
  });
  afterAll(async () => {
    await t.close();
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    reportFigures(
      `sign-in abuse: owner signed in ${figures.ownerWaitMs} ms after ${figures.othersFailures} failures by another source (bound ${DELAY_MAX} s), ` +
        `that source then refused for ${figures.attackerBlockedSeconds} s; spraying stopped after ${figures.sprayed} of 12 accounts; ` +
        `default-value logins and sign-ups counted on the resolved address; ${figures.identicalAnswers} registration answers identical (new / known address / taken 法人番号), ` +
        `${figures.notices} notice queued; suspended vendor: ${figures.suspendedRefused} changes refused, 0 accepted, ${figures.suspendedReads} own reads answered`,
    );
  });

  const account = async (label: string, role = Role.SECRETARIAT) => {
    const email = unique(label);
    await t.app.get(IdentityService).createAccount({ email, displayName: label, password: TEST_PASSWORD, role }, SYSTEM_ACTOR);
    return email;
  };

  it('lets the owner sign in within a bounded delay after others’ wrong passwords, while their source is stopped', async () => {
    const owner = await account('owner');
    const attacker = ip();
    // The attacker guesses, waiting out each short delay, until its own budget for this account (5) is spent.
    let failures = 0;
    let delays = 0;
    let exhausted: GqlResult | undefined;
    for (let i = 0; i < 20 && !exhausted; i++) {
      const r = await loginFrom(t.app, attacker, owner, `wrong-password-${i}`);
      const code = errorCode(r);
      if (code === 'INVALID_CREDENTIALS') failures++;
      else if (code === 'RATE_LIMITED' && retryAfter(r) <= DELAY_MAX) {
        delays++;
        await sleep(retryAfter(r) * 1000 + 50);
      } else exhausted = r;
    }
    expect(failures).toBe(5);
    expect(delays).toBeGreaterThanOrEqual(1);
    expect(errorCode(exhausted!)).toBe('RATE_LIMITED');
    expect(exhausted!.status).toBe(429);
    // The owner, from elsewhere: at once, or after the announced delay, which never exceeds the bound.
    const started = Date.now();
    const home = ip();
    let r = await loginFrom(t.app, home, owner, TEST_PASSWORD);
    for (let tries = 0; r.errors && tries < 3; tries++) {
      expect(errorCode(r)).toBe('RATE_LIMITED');
      expect(r.status).toBe(429);
      expect(retryAfter(r)).toBeLessThanOrEqual(DELAY_MAX);
      await sleep(retryAfter(r) * 1000 + 50);
      r = await loginFrom(t.app, home, owner, TEST_PASSWORD);
    }
    expect(ok(r).login.token).toBeTruthy();
    figures.ownerWaitMs = Date.now() - started;
    figures.othersFailures = failures;
    // The guessing source has used its budget for this account: even the right password is refused there, for the window.
    const blocked = await loginFrom(t.app, attacker, owner, TEST_PASSWORD);
    expect(errorCode(blocked)).toBe('RATE_LIMITED');
    expect(retryAfter(blocked)).toBeGreaterThan(DELAY_MAX);
    figures.attackerBlockedSeconds = retryAfter(blocked);
  });

  it('stops one password sprayed across many accounts from one source, and not the accounts themselves', async () => {
    const victims: string[] = [];
    for (let i = 0; i < 12; i++) victims.push(await account(`spray${i}`));
    const sprayer = ip();
    let sprayed = 0;
    const codes: string[] = [];
    for (const email of victims) {
      const code = errorCode(await loginFrom(t.app, sprayer, email, 'Summer2025!Summer'));
      codes.push(code);
      if (code === 'INVALID_CREDENTIALS') sprayed++;
    }
    expect(codes.slice(0, 8)).toEqual(Array(8).fill('INVALID_CREDENTIALS'));
    expect(codes.slice(8)).toEqual(Array(4).fill('RATE_LIMITED'));
    figures.sprayed = sprayed;
    // The accounts were tried once each: their owners sign in from their own addresses.
    expect(ok(await loginFrom(t.app, ip(), victims[11], TEST_PASSWORD)).login.token).toBeTruthy();
    expect(ok(await loginFrom(t.app, ip(), victims[0], TEST_PASSWORD)).login.token).toBeTruthy();
  });

  it('counts an IPv6 client by its /64 and believes X-Forwarded-For only from TRUST_PROXY', async () => {
    expect(signInSource('2001:db8:0:1:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:0:1::/64');
    expect(signInSource('2001:db8:0:1::9')).toBe('2001:db8:0:1::/64');
    expect(signInSource('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), RECEIPT_SIGNING_KEY: 'k', PUBLIC_BASE_URL: 'https://dxrlp.example.jp' }).trustProxy,
    ).toBe('loopback');
    expect(loadConfig({ NODE_ENV: 'test', TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ NODE_ENV: 'test', TRUST_PROXY: '10.0.0.0/8, loopback' }).trustProxy).toBe('10.0.0.0/8, loopback');
    expect(() => loadConfig({ TRUST_PROXY: 'true; rm' })).toThrow(/TRUST_PROXY/);
    // Hosts of one IPv6 network share one spraying budget (8 failures here), whichever addresses they use.
    const net = `2001:db8:${randomBytes(2).toString('hex')}:1`;
    for (let host = 1; host <= 8; host++)
      expect(errorCode(await loginFrom(t.app, `${net}::${host}`, unique('nobody'), 'Spring2025!Spring'))).toBe('INVALID_CREDENTIALS');
    expect(errorCode(await loginFrom(t.app, `${net}:ffff:ffff:ffff:ffff`, unique('nobody'), 'Spring2025!Spring'))).toBe('RATE_LIMITED');
    expect(errorCode(await loginFrom(t.app, `2001:db8:${randomBytes(2).toString('hex')}:2::1`, unique('nobody'), 'Spring2025!Spring'))).toBe(
      'INVALID_CREDENTIALS',
    );
  });

  it('keys sign-in and sign-up limits on the resolved arguments, a variable’s default value included', async () => {
    const victim = await account('defaults');
    const viaDefault = `mutation($i: LoginInput = {email: "${victim}", password: "wrong-password-x"}) { login(input: $i) { token } }`;
    const guesser = ip();
    for (let i = 0; i < 3; i++) expect(errorCode(await from(t.app, guesser, viaDefault))).toBe('INVALID_CREDENTIALS');
    // Three failures on the account (two free): it is delayed for everyone, the owner included, briefly.
    const delayed = await loginFrom(t.app, ip(), victim, TEST_PASSWORD);
    expect(errorCode(delayed)).toBe('RATE_LIMITED');
    expect(retryAfter(delayed)).toBeLessThanOrEqual(DELAY_MAX);

    const email = unique('signup');
    const input = (cn: string) =>
      `{name: "既定値株式会社", corporateNumber: "${cn}", kind: CONSULTANCY, headOfficePrefectureCode: "13", email: "${email}", displayName: "担当", password: "${TEST_PASSWORD}"}`;
    const signUpViaDefault = (cn: string) => `mutation($i: RegisterVendorInput = ${input(cn)}) { registerVendor(input: $i) { id } }`;
    ok(await gql(t.app, signUpViaDefault(freshCorporateNumber())));
    ok(await gql(t.app, signUpViaDefault(freshCorporateNumber())));
    ok(await gql(t.app, `mutation { registerVendor(input: ${input(freshCorporateNumber())}) { id } }`));
    const limited = await gql(t.app, `mutation { registerVendor(input: ${input(freshCorporateNumber())}) { id } }`);
    expect(errorCode(limited)).toBe('RATE_LIMITED');
    expect(limited.status).toBe(429);
  });

  it('answers registration alike for a new address, a known address and a taken 法人番号; notices the known address; the secretariat resolves disputes', async () => {
    const holder = await approvedVendor(t.app, tok.secretariat, 'holder', String(410_000_000_000 + (Date.now() % 1_000_000)));
    const known = await account('known');
    const vendorInput = (cn: string, email: string) => ({
      name: '登録テスト株式会社',
      corporateNumber: cn,
      kind: 'CONSULTANCY',
      headOfficePrefectureCode: '13',
      email,
      displayName: '担当',
      password: TEST_PASSWORD,
    });
    const cnNew = freshCorporateNumber();
    const answers = {
      fresh: await gql(t.app, REGISTER, { i: vendorInput(cnNew, unique('fresh')) }),
      knownAddress: await gql(t.app, REGISTER, { i: vendorInput(freshCorporateNumber(), known) }),
      takenNumber: await gql(t.app, REGISTER, { i: vendorInput(holder.corporateNumber, unique('claimant')) }),
    };
    const shape = (r: GqlResult) => {
      const v = ok(r).registerVendor;
      return { status: r.status, keys: Object.keys(v).sort(), state: v.status, id: /^[0-9a-f-]{36}$/.test(v.id), errors: r.errors ?? null };
    };
    expect(shape(answers.knownAddress)).toEqual(shape(answers.fresh));
    expect(shape(answers.takenNumber)).toEqual(shape(answers.fresh));
    expect(shape(answers.fresh).state).toBe('PENDING');
    figures.identicalAnswers = 3;

    // The known address: nothing stored, a notice queued for it (once a day, however often it is tried).
    const ghost = ok(answers.knownAddress).registerVendor.id;
    expect(errorCode(await gql(t.app, `{ vendor(id: "${ghost}") { id } }`, {}, tok.secretariat))).toBe('NOT_FOUND');
    ok(await gql(t.app, REGISTER, { i: vendorInput(freshCorporateNumber(), known.toUpperCase()) }));
    const notices = await db.query('SELECT recipient_email, subject, body FROM outbox WHERE recipient_email = $1', [known]);
    expect(notices).toHaveLength(1);
    expect(notices[0].subject).toContain('事業者登録が試みられました');
    expect(notices[0].body).not.toContain('登録テスト株式会社'); // no text the caller typed
    figures.notices = notices.length;

    // The taken 法人番号: held as DISPUTED for the staff; the claimant itself sees PENDING and cannot bid.
    const claimantId = ok(answers.takenNumber).registerVendor.id;
    const disputed = ok(await gql(t.app, '{ vendors(status: DISPUTED) { id corporateNumber } }', {}, tok.ministry)).vendors;
    expect(disputed).toEqual([{ id: claimantId, corporateNumber: holder.corporateNumber }]);
    const claimantEmail = (await db.query('SELECT email FROM users WHERE vendor_id = $1', [claimantId]))[0].email;
    const claimantToken = ok(await gql(t.app, LOGIN, { i: { email: claimantEmail, password: TEST_PASSWORD } })).login.token;
    expect(ok(await gql(t.app, `{ vendor(id: "${claimantId}") { status } }`, {}, claimantToken)).vendor.status).toBe('PENDING');

    const resolve = (id: string, decision: string, token: string, reason = '登記事項証明書で確認') =>
      gql(
        t.app,
        'mutation($v: ID!, $d: CorporateNumberDecision!, $r: String!) { resolveCorporateNumberDispute(vendorId: $v, decision: $d, reason: $r) { id status statusReason } }',
        { v: id, d: decision, r: reason },
        token,
      );
    expect(errorCode(await resolve(claimantId, 'KEEP_EXISTING', tok.ministry))).toBe('FORBIDDEN');
    expect(errorCode(await resolve(claimantId, 'KEEP_EXISTING', claimantToken))).toBe('FORBIDDEN');
    expect(errorCode(await resolve(claimantId, 'KEEP_EXISTING', tok.secretariat, ''))).toBe('VALIDATION_FAILED');
    expect(errorCode(await resolve(holder.vendorId, 'KEEP_EXISTING', tok.secretariat))).toBe('INVALID_STATE');
    const kept = ok(await resolve(claimantId, 'KEEP_EXISTING', tok.secretariat)).resolveCorporateNumberDispute;
    expect(kept).toEqual({ id: claimantId, status: 'REJECTED', statusReason: '登記事項証明書で確認' });
    expect(errorCode(await gql(t.app, LOGIN, { i: { email: claimantEmail, password: TEST_PASSWORD } }))).toBe('INVALID_CREDENTIALS');
    const audited = await db.query(
      `SELECT patch::text AS p FROM audit_log WHERE entity = 'vendors' AND entity_id = $1 AND operation = 'UPDATE'
       UNION ALL SELECT patch::text FROM audit_pending WHERE entity = 'vendors' AND entity_id = $1 AND operation = 'UPDATE'`,
      [claimantId],
    );
    expect(audited.map((r: { p: string }) => r.p).join()).toContain('登記事項証明書で確認');

    // The other way: the claimant is the real holder; the earlier registration is rejected and the claimant approved as usual.
    const rightful = ok(await gql(t.app, REGISTER, { i: vendorInput(holder.corporateNumber, unique('rightful')) })).registerVendor.id;
    const moved = ok(await resolve(rightful, 'TRANSFER_TO_CLAIMANT', tok.secretariat, '先行登録は別法人による誤登録')).resolveCorporateNumberDispute;
    expect(moved.status).toBe('PENDING');
    expect(ok(await gql(t.app, `{ vendor(id: "${holder.vendorId}") { status } }`, {}, tok.secretariat)).vendor.status).toBe('REJECTED');
    expect(errorCode(await gql(t.app, '{ me { id } }', {}, holder.token))).toBe('UNAUTHENTICATED');
    expect(ok(await gql(t.app, `mutation { approveVendor(id: "${rightful}") { status } }`, {}, tok.secretariat)).approveVendor.status).toBe('APPROVED');
  });

  it('lets a suspended vendor sign in and read its own history, and refuses every change and upload', async () => {
    const v = await approvedVendor(t.app, tok.secretariat, 'suspended', String(420_000_000_000 + (Date.now() % 1_000_000)));
    expect((await upload(t.app, v.token, pdfBytes('before'))).status).toBe(201);
    ok(await gql(t.app, `mutation { suspendVendor(id: "${v.vendorId}") { status } }`, {}, tok.secretariat));

    // Reads of its own history go on (the same token, and a new sign-in).
    const email = (await db.query('SELECT email FROM users WHERE vendor_id = $1', [v.vendorId]))[0].email;
    const token = ok(await gql(t.app, LOGIN, { i: { email, password: TEST_PASSWORD } })).login.token;
    const reads = [
      await gql(t.app, '{ me { role } }', {}, token),
      await gql(t.app, `{ vendor(id: "${v.vendorId}") { status } }`, {}, v.token),
      await gql(t.app, '{ myVendorApplications { id } }', {}, v.token),
    ];
    for (const r of reads) ok(r);
    expect(ok(reads[1]).vendor.status).toBe('SUSPENDED');
    figures.suspendedReads = reads.length;

    // Every change is refused before any resolver runs, whatever the mutation.
    const nobody = '00000000-0000-4000-8000-000000000000';
    const changes = [
      `mutation { startVendorApplication(callId: "${nobody}") { id } }`,
      `mutation { askInquiry(callId: "${nobody}", question: "質問") { id } }`,
      `mutation { setVendorCapacity(applicationId: "${nobody}", capacity: 1) { callId } }`,
      `mutation { submitReport(engagementId: "${nobody}", kind: INTERIM, input: {body: "報告", progress: []}) { body } }`,
    ];
    let refused = 0;
    for (const q of changes) {
      expect(errorCode(await gql(t.app, q, {}, v.token))).toBe('VENDOR_SUSPENDED');
      refused++;
    }
    const up = await upload(t.app, v.token, pdfBytes('after'));
    expect(up.status).toBe(403);
    expect(up.body).toMatchObject({ code: 'VENDOR_SUSPENDED', messageJa: expect.stringContaining('停止') });
    figures.suspendedRefused = refused + 1;

    // Approved again: changes and uploads are back.
    ok(await gql(t.app, `mutation { approveVendor(id: "${v.vendorId}") { status } }`, {}, tok.secretariat));
    expect((await upload(t.app, v.token, pdfBytes('again'))).status).toBe(201);
  });
});
