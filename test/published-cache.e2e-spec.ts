import { INestApplication } from '@nestjs/common';
import argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { Clock, ControlledClock } from '@app/core';
import { BENCH_PASSWORD, generate, Manifest, SIZES } from '../bench/lib/generate';
import { OPERATIONS } from '../bench/lib/operations';
import { createPeerApp, createTestApp, errorCode, gql, ok, TestApp } from './support';

/**
 * Published data from memory (issue 17, apps/api/src/published-cache): a change to the published tables — a published
 * answer through the API, a partner removed or an issue retitled by any SQL writer — is seen on the very next read of
 * every instance, and so is a result's approval and publication, because each read first reads the published data's version, which triggers bump in the writer's
 * transaction. On PGlite (one instance) and on PostgreSQL with two instances sharing the database and Redis.
 */
const ASKER = 'query Asker($id: ID!) { candidateRegion(id: $id) { id publishedInquiries { id asker { id } } } }';
const W2_FIRST_PAGE = { limit: 50, offset: 0 };

interface World {
  db: DataSource;
  /** The instances that serve reads (A and B, or the one PGlite instance twice). */
  readers: INestApplication[];
  data: Manifest;
  tokens: { vendor: string; secretariat: string };
}

async function setUp(t: TestApp): Promise<Omit<World, 'readers'>> {
  const db = t.app.get(DataSource);
  const hash = await argon2.hash(BENCH_PASSWORD, { type: argon2.argon2id });
  const data = await db.transaction((m) => generate((text, params) => m.query(text, params), SIZES.XS, 11, hash));
  const login = async (email: string) =>
    ok(await gql(t.app, 'mutation($i: LoginInput!) { login(input: $i) { token } }', { i: { email, password: BENCH_PASSWORD } })).login.token as string;
  return { db, data, tokens: { vendor: await login(data.vendors[0].email), secretariat: await login(data.secretariatEmail) } };
}

/** Every reader's answer to the operation, for a vendor and for an anonymous reader. */
async function readAll(w: World, query: string, variables: Record<string, unknown>) {
  const out: Array<Record<string, any>> = [];
  for (const app of w.readers) for (const token of [w.tokens.vendor, undefined]) out.push(ok(await gql(app, query, variables, token)));
  return out;
}

function scenarios(world: () => World) {
  it('a published answer is on the next read of every instance', async () => {
    const w = world();
    const region = w.data.regions.find((r) => r.inquiries.length)!;
    // Warm every instance's memory first.
    for (const r of await readAll(w, OPERATIONS.W3, { id: region.id }))
      expect(r.candidateRegion.publishedInquiries.map((i: { answer: string }) => i.answer)).toEqual(region.inquiries.map((i) => i.answer));
    const inquiryId = region.inquiries[0].id;
    const answer = `改訂した回答 ${Date.now()}`;
    ok(
      await gql(
        w.readers[0],
        'mutation($id: ID!, $a: String!) { answerInquiry(inquiryId: $id, answer: $a, publish: true) { id answer } }',
        { id: inquiryId, a: answer },
        w.tokens.secretariat,
      ),
    );
    for (const r of await readAll(w, OPERATIONS.W3, { id: region.id }))
      expect(r.candidateRegion.publishedInquiries.find((i: { id: string }) => i.id === inquiryId).answer).toBe(answer);
  });

  it("a region's partner removed and an issue retitled by any writer (plain SQL) are on the next read of every instance", async () => {
    const w = world();
    const index = w.data.regions.slice(0, 50).findIndex((r) => r.partners.length >= 2 && r.partners[1].issues.length);
    const region = w.data.regions[index];
    const partnerIdsOf = (r: Record<string, any>) => r.partners.map((p: { id: string }) => p.id);
    for (const r of await readAll(w, OPERATIONS.W2, W2_FIRST_PAGE))
      expect(partnerIdsOf(r.candidateRegions.items[index])).toEqual(region.partners.map((p) => p.id));
    for (const r of await readAll(w, OPERATIONS.W3, { id: region.id })) expect(partnerIdsOf(r.candidateRegion)).toEqual(region.partners.map((p) => p.id));

    const [gone, kept] = region.partners;
    await w.db.transaction(async (m) => {
      await m.query('DELETE FROM desired_supports WHERE partner_id = $1', [gone.id]);
      await m.query('DELETE FROM regional_issues WHERE partner_id = $1', [gone.id]);
      await m.query('DELETE FROM partner_municipalities WHERE id = $1', [gone.id]);
    });
    for (const r of await readAll(w, OPERATIONS.W2, W2_FIRST_PAGE)) expect(partnerIdsOf(r.candidateRegions.items[index])).not.toContain(gone.id);
    for (const r of await readAll(w, OPERATIONS.W3, { id: region.id })) expect(partnerIdsOf(r.candidateRegion)).not.toContain(gone.id);

    const title = `見直した課題 ${Date.now()}`;
    await w.db.query('UPDATE regional_issues SET title = $1 WHERE id = $2', [title, kept.issues[0].id]);
    for (const r of await readAll(w, OPERATIONS.W2, W2_FIRST_PAGE)) {
      const partner = r.candidateRegions.items[index].partners.find((p: { id: string }) => p.id === kept.id);
      expect(partner.issues.find((i: { id: string }) => i.id === kept.issues[0].id).title).toBe(title);
    }
  });

  it("a result's approval and publication are on the next read of every instance", async () => {
    const w = world();
    const RESULTS =
      'query R($id: ID!) { callResults(callId: $id) { matches { id candidateRegionId vendorId status } unsupported { candidateRegionId reason } } }';
    const staffRead = async () =>
      Promise.all(w.readers.map(async (app) => ok(await gql(app, RESULTS, { id: w.data.vendorCallId }, w.tokens.secretariat)).callResults));
    // No approved run yet: the staff see none (and each instance keeps that answer).
    for (const r of await staffRead()) expect(r.matches).toEqual([]);
    for (const r of await staffRead()) expect(r.matches).toEqual([]);
    // In the generated programme's year (its support ends 2026-03-31): publication starts the engagements.
    for (const app of new Set(w.readers)) app.get<Clock, ControlledClock>(Clock).set('2025-04-15T10:00:00+09:00');
    const run = ok(
      await gql(w.readers[0], 'mutation($id: ID!) { runMatching(input: { callId: $id }) { id } }', { id: w.data.vendorCallId }, w.tokens.secretariat),
    ).runMatching;
    ok(await gql(w.readers[0], 'mutation($id: ID!) { approveMatching(runId: $id) { status } }', { id: run.id }, w.tokens.secretariat));
    const approved = await staffRead();
    expect(approved[0].matches.length).toBeGreaterThan(0);
    for (const r of approved) expect(r).toEqual(approved[0]);
    // Vendors see nothing before publication (an error is never kept), everything on the next read after it.
    for (const app of w.readers)
      expect((await gql(app, RESULTS, { id: w.data.vendorCallId }, w.tokens.vendor)).errors?.[0].extensions?.code).toBe('INVALID_STATE');
    ok(await gql(w.readers[1], 'mutation($id: ID!) { publishMatching(runId: $id) { status } }', { id: run.id }, w.tokens.secretariat));
    for (const app of w.readers) expect(ok(await gql(app, RESULTS, { id: w.data.vendorCallId }, w.tokens.vendor)).callResults).toEqual(approved[0]);
  });

  it('an account deactivated, a session signed out and a vendor suspended are refused on the next request of every instance', async () => {
    // The actor of a session is kept in memory under the actors' data version (libs/identity/src/actor-cache.ts): each
    // instance first answers from memory, then must see the change made on another one at once.
    const w = world();
    const login = async (email: string) =>
      ok(await gql(w.readers[0], 'mutation($i: LoginInput!) { login(input: $i) { token } }', { i: { email, password: BENCH_PASSWORD } })).login.token as string;
    const [deactivated, signedOut, suspended] = [w.data.vendors[1], w.data.vendors[2], w.data.vendors[3]];
    const tokens = { deactivated: await login(deactivated.email), signedOut: await login(signedOut.email), suspended: await login(suspended.email) };
    const meOn = (app: INestApplication, token: string) => gql(app, '{ me { id } }', {}, token);
    const CHANGE = 'mutation($i: ChangePasswordInput!) { changePassword(input: $i) { token } }';
    const wrongPassword = { i: { currentPassword: 'not-the-password', newPassword: 'another-password-2025' } };
    let deactivatedId = '';
    for (const app of w.readers) {
      deactivatedId = ok(await meOn(app, tokens.deactivated)).me.id;
      ok(await meOn(app, tokens.signedOut));
      expect(errorCode(await gql(app, CHANGE, wrongPassword, tokens.suspended))).toBe('INVALID_CREDENTIALS');
    }

    ok(await gql(w.readers[0], 'mutation($id: ID!) { deactivateAccount(userId: $id) { id } }', { id: deactivatedId }, w.tokens.secretariat));
    ok(await gql(w.readers[1], 'mutation { logout }', {}, tokens.signedOut));
    ok(await gql(w.readers[0], 'mutation($id: ID!) { suspendVendor(id: $id) { id } }', { id: suspended.id }, w.tokens.secretariat));

    for (const app of w.readers) {
      expect(errorCode(await meOn(app, tokens.deactivated))).toBe('UNAUTHENTICATED');
      expect(errorCode(await meOn(app, tokens.signedOut))).toBe('UNAUTHENTICATED');
      expect(errorCode(await gql(app, CHANGE, wrongPassword, tokens.suspended))).toBe('VENDOR_SUSPENDED');
    }
  });

  it('keeps nothing personal: the asker of a published question is resolved for each reader', async () => {
    const w = world();
    const region = w.data.regions.find((r) => r.inquiries.length)!;
    for (const app of w.readers) {
      const staff = ok(await gql(app, ASKER, { id: region.id }, w.tokens.secretariat)).candidateRegion.publishedInquiries;
      const stranger = ok(await gql(app, ASKER, { id: region.id })).candidateRegion.publishedInquiries;
      const staffAgain = ok(await gql(app, ASKER, { id: region.id }, w.tokens.secretariat)).candidateRegion.publishedInquiries;
      expect(staff.every((i: { asker: unknown }) => i.asker !== null)).toBe(true);
      expect(stranger.every((i: { asker: unknown }) => i.asker === null)).toBe(true);
      expect(staffAgain).toEqual(staff);
    }
  });
}

describe('published data from memory, one instance (PGlite or PostgreSQL)', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    const base = await setUp(t);
    w = { ...base, readers: [t.app, t.app] };
  }, 300_000);
  afterAll(() => t?.close());
  scenarios(() => w);
});

const describeOnPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

describeOnPostgres('published data from memory, two instances on one PostgreSQL and Redis', () => {
  let t: TestApp;
  let a: INestApplication;
  let b: INestApplication;
  let w: World;
  const savedRedis = process.env.REDIS_URL;
  beforeAll(async () => {
    process.env.REDIS_URL = 'redis://127.0.0.1:6379';
    t = await createTestApp();
    const base = await setUp(t);
    a = await createPeerApp();
    b = await createPeerApp();
    w = { ...base, readers: [a, b] };
  }, 300_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await t?.close();
    if (savedRedis === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = savedRedis;
  });
  scenarios(() => w);
});
