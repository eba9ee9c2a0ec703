import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { loadConfig, Role, SYSTEM_ACTOR } from '@app/core';
import { IdentityService } from '@app/identity';
import { approvedVendor, corporateNumber, createPeerApp, createTestApp, errorCode, gql, GqlResult, ok, signIn, TEST_PASSWORD, TestApp } from './support';
import { ACCESS_POLICY, isPublic } from '../apps/api/src/auth/access-policy';
import { PUBLIC_MUTATION_IDENTITY } from '../apps/api/src/security/rate-limits';

/** Real, small budgets for this file (the rest of the suite runs with generous ones). */
const LIMITS = { RATE_LIMIT_USER: '5/60', RATE_LIMIT_STAFF: '8/60', RATE_LIMIT_LOGIN: '3/900', RATE_LIMIT_PUBLIC: '2/3600' };
const onPostgres = process.env.TEST_DATABASE_URL ? it : it.skip; // two instances need a shared server database

/** A secretariat mutation that is refused (NOT_FOUND for the secretariat, FORBIDDEN for anyone else) after it has been counted. */
const approveNothing = 'mutation { approveVendor(id: "00000000-0000-4000-8000-000000000000") { id } }';
const login = (app: INestApplication, email: string, password = TEST_PASSWORD) =>
  gql(app, 'mutation($i: LoginInput!) { login(input: $i) { token } }', { i: { email, password } });
const registerVendor = (app: INestApplication, email: string) =>
  gql(app, 'mutation($i: RegisterVendorInput!) { registerVendor(input: $i) { id } }', {
    i: {
      name: '株式会社テスト',
      corporateNumber: corporateNumber(String(100_000_000_000 + Math.floor(Math.random() * 899_999_999_999))),
      kind: 'CONSULTANCY',
      headOfficePrefectureCode: '13',
      email,
      displayName: '担当',
      password: TEST_PASSWORD,
    },
  });

function expectRateLimited(r: GqlResult, windowSeconds: number) {
  expect(r.status).toBe(429);
  expect(r.data).toBeNull();
  expect(r.errors![0].extensions).toMatchObject({
    code: 'RATE_LIMITED',
    messageJa: expect.stringContaining('リクエストが多すぎます'),
    messageEn: expect.stringContaining('Too many requests'),
  });
  const wait = r.errors![0].extensions.details.retryAfterSeconds;
  expect(wait).toBeGreaterThanOrEqual(1);
  expect(wait).toBeLessThanOrEqual(windowSeconds);
}

describe('rate limits: per account (sign-in also per source); shared between instances through Redis', () => {
  let t: TestApp;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    for (const [k, v] of Object.entries({ ...LIMITS, REDIS_URL: process.env.TEST_DATABASE_URL ? 'redis://127.0.0.1:6379' : '' })) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });

  it('has production budgets by default, generous ones for the test suite, and refuses a malformed setting', () => {
    const prod = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), RECEIPT_SIGNING_KEY: 'k', PUBLIC_BASE_URL: 'https://dxrlp.example.jp' });
    expect([prod.RATE_LIMIT_USER, prod.RATE_LIMIT_STAFF, prod.RATE_LIMIT_LOGIN, prod.RATE_LIMIT_LOGIN_SOURCE, prod.RATE_LIMIT_PUBLIC]).toEqual([
      '120/60',
      '1200/60',
      '10/900',
      '50/900',
      '5/3600',
    ]);
    expect([prod.LOGIN_FAILURES_BEFORE_DELAY, prod.LOGIN_DELAY_MAX_SECONDS, loadConfig({ NODE_ENV: 'test' }).LOGIN_DELAY_MAX_SECONDS]).toEqual([3, 30, 0]);
    expect(prod.rateLimit('RATE_LIMIT_LOGIN')).toEqual({ points: 10, durationSeconds: 900 });
    expect(loadConfig({ NODE_ENV: 'test' }).rateLimit('RATE_LIMIT_USER').points).toBeGreaterThanOrEqual(100_000);
    expect(loadConfig({ NODE_ENV: 'test' }).rateLimit('RATE_LIMIT_STAFF').points).toBeGreaterThanOrEqual(100_000);
    expect(() => loadConfig({ RATE_LIMIT_STAFF: 'lots' })).toThrow(/RATE_LIMIT_STAFF/);
    expect(loadConfig({ NODE_ENV: 'test', RATE_LIMIT_USER: '7/30' }).RATE_LIMIT_USER).toBe('7/30');
    expect(() => loadConfig({ RATE_LIMIT_USER: '100 per minute' })).toThrow(/RATE_LIMIT_USER/);
  });

  it('knows whose budget every public mutation draws on', () => {
    const publicMutations = Object.entries(ACCESS_POLICY)
      .filter(([field, policy]) => field.startsWith('Mutation.') && isPublic(policy))
      .map(([field]) => field.slice('Mutation.'.length));
    expect(publicMutations.length).toBeGreaterThanOrEqual(3);
    expect(publicMutations.filter((f) => !PUBLIC_MUTATION_IDENTITY[f])).toEqual([]);
  });

  it('counts a signed-in account’s mutations: the sixth in the window is refused, another account from the same address is not', async () => {
    const tok = await signIn(t.app, [
      { key: 'busy', role: Role.PREFECTURE, prefectureCode: '28' },
      { key: 'calm', role: Role.PREFECTURE, prefectureCode: '20' },
    ]);
    for (let i = 0; i < 5; i++) expect(errorCode(await gql(t.app, approveNothing, {}, tok.busy))).toBe('FORBIDDEN');
    const refused = await gql(t.app, approveNothing, {}, tok.busy);
    expectRateLimited(refused, 60);
    const res = await request(t.app.getHttpServer())
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${tok.busy}`)
      .send({ query: approveNothing });
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Reads are not counted; the other account (same IP address) still has its whole budget.
    expect(ok(await gql(t.app, '{ me { role } }', {}, tok.busy)).me.role).toBe('PREFECTURE');
    for (let i = 0; i < 5; i++) expect(errorCode(await gql(t.app, approveNothing, {}, tok.calm))).toBe('FORBIDDEN');
  });

  it('gives a secretariat account the larger staff budget (bulk review work), never a vendor or a prefecture', async () => {
    const tok = await signIn(t.app, [
      { key: 'reviewer', role: Role.SECRETARIAT },
      { key: 'setup', role: Role.SECRETARIAT },
      { key: 'pref', role: Role.PREFECTURE, prefectureCode: '39' },
    ]);
    const vendor = (await approvedVendor(t.app, tok.setup, 'busyVendor', '700000000001')).token;
    // More than the user budget (5): the staff budget is 8 in this file.
    for (let i = 0; i < 8; i++) expect({ i, code: errorCode(await gql(t.app, approveNothing, {}, tok.reviewer)) }).toEqual({ i, code: 'NOT_FOUND' });
    expectRateLimited(await gql(t.app, approveNothing, {}, tok.reviewer), 60);
    // The vendor and the prefecture stop at the user budget.
    for (const who of [vendor, tok.pref]) {
      for (let i = 0; i < 5; i++) expect(errorCode(await gql(t.app, approveNothing, {}, who))).toBe('FORBIDDEN');
      expectRateLimited(await gql(t.app, approveNothing, {}, who), 60);
    }
    // Sign-in budgets are not the staff's: a secretariat's wrong passwords are counted as anyone's.
    const email = `staff-${randomBytes(3).toString('hex')}@test.example.jp`;
    await t.app.get(IdentityService).createAccount({ email, displayName: 'x', password: TEST_PASSWORD, role: Role.SECRETARIAT }, SYSTEM_ACTOR);
    for (let i = 0; i < 3; i++) expect(errorCode(await login(t.app, email, `wrong-${i}`))).toBe('INVALID_CREDENTIALS');
    expectRateLimited(await login(t.app, email), 900);
  });

  it('counts sign-in attempts per e-mail address (any case) and source: password guessing stops, other accounts sign in', async () => {
    const victim = `victim-${randomBytes(3).toString('hex')}@test.example.jp`;
    const other = `other-${randomBytes(3).toString('hex')}@test.example.jp`;
    const identity = t.app.get(IdentityService);
    for (const email of [victim, other])
      await identity.createAccount({ email, displayName: 'x', password: TEST_PASSWORD, role: Role.SECRETARIAT }, SYSTEM_ACTOR);
    expect(errorCode(await login(t.app, victim, 'wrong-password-1'))).toBe('INVALID_CREDENTIALS');
    expect(errorCode(await login(t.app, victim.toUpperCase(), 'wrong-password-2'))).toBe('INVALID_CREDENTIALS');
    expect(errorCode(await login(t.app, ` ${victim}`, 'wrong-password-3'))).toMatch(/INVALID_CREDENTIALS|VALIDATION_FAILED/);
    // The right password no longer helps within the window.
    expectRateLimited(await login(t.app, victim), 900);
    expect(ok(await login(t.app, other)).login.token).toBeTruthy();
  });

  it('counts anonymous sign-ups per e-mail address given', async () => {
    const email = `vendor-${randomBytes(3).toString('hex')}@corp.example.jp`;
    expect(ok(await registerVendor(t.app, email)).registerVendor.id).toBeTruthy();
    // A known address is answered like a new one (no enumeration; the address gets a notice instead).
    expect(ok(await registerVendor(t.app, email)).registerVendor.id).toBeTruthy();
    expectRateLimited(await registerVendor(t.app, email), 3600);
    expectRateLimited(await registerVendor(t.app, email.toUpperCase()), 3600);
    expect(ok(await registerVendor(t.app, `another-${email}`)).registerVendor.id).toBeTruthy();
  });

  onPostgres('shares the counters between two API instances through Redis', async () => {
    const peer = await createPeerApp();
    try {
      const tok = await signIn(t.app, [{ key: 'roaming', role: Role.PREFECTURE, prefectureCode: '28' }]);
      for (let i = 0; i < 3; i++) expect(errorCode(await gql(t.app, approveNothing, {}, tok.roaming))).toBe('FORBIDDEN');
      for (let i = 0; i < 2; i++) expect(errorCode(await gql(peer, approveNothing, {}, tok.roaming))).toBe('FORBIDDEN');
      expectRateLimited(await gql(peer, approveNothing, {}, tok.roaming), 60);
      expectRateLimited(await gql(t.app, approveNothing, {}, tok.roaming), 60);

      const email = `shared-${randomBytes(3).toString('hex')}@corp.example.jp`;
      ok(await registerVendor(t.app, email));
      ok(await registerVendor(peer, email));
      expectRateLimited(await registerVendor(t.app, email), 3600);
    } finally {
      await peer.close();
    }
  });
});
