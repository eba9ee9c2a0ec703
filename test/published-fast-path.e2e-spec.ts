import argon2 from 'argon2';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { BENCH_PASSWORD, generate, Manifest, SIZES } from '../bench/lib/generate';
import { OPERATIONS } from '../bench/lib/operations';
import { PublishedResponseCache } from '../apps/api/src/published-cache/published-cache';
import { createTestApp, gql, ok, TestApp } from './support';

/**
 * A published answer kept in memory is sent before Apollo parses the request (PublishedFastPathMiddleware): the same
 * bytes and headers as Apollo's own answer, for each media type a client may ask for, and a signed-in reader's query
 * budget still counts it.
 */
const LIMITS = { RATE_LIMIT_QUERY: '40/60' };

describe('published answers from memory, before Apollo', () => {
  let t: TestApp;
  let data: Manifest;
  let cache: PublishedResponseCache;
  const saved: Record<string, string | undefined> = {};

  const login = async (email: string) =>
    ok(await gql(t.app, 'mutation($i: LoginInput!) { login(input: $i) { token } }', { i: { email, password: BENCH_PASSWORD } })).login.token as string;
  const post = (body: unknown, headers: Record<string, string>) => {
    const r = request(t.app.getHttpServer()).post('/graphql').set('content-type', 'application/json');
    for (const [k, v] of Object.entries(headers)) r.set(k, v);
    return r.send(JSON.stringify(body));
  };

  beforeAll(async () => {
    for (const [k, v] of Object.entries(LIMITS)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    t = await createTestApp();
    const db = t.app.get(DataSource);
    const hash = await argon2.hash(BENCH_PASSWORD, { type: argon2.argon2id });
    data = await db.transaction((m) => generate((text, params) => m.query(text, params), SIZES.XS, 13, hash));
    cache = t.app.get(PublishedResponseCache);
  }, 300_000);

  afterAll(async () => {
    await t?.close();
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });

  it("sends Apollo's bytes and headers again, for every accepted media type, signed in or not", async () => {
    const token = await login(data.vendors[0].email);
    const accepts = [
      undefined,
      'application/json',
      'application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed',
      '*/*',
    ];
    let round = 0;
    for (const [i, accept] of accepts.entries())
      for (const auth of [`Bearer ${token}`, undefined]) {
        // A region of its own per round, so that the first answer is Apollo's (the accept header is not part of the key).
        const region = data.regions[round++];
        const headers: Record<string, string> = { ...(accept ? { accept } : {}), ...(auth ? { authorization: auth } : {}) };
        const body = { query: OPERATIONS.W3, variables: { id: region.id }, operationName: i % 2 ? 'W3' : null };
        const before = cache.servedBeforeApollo;
        const first = await post(body, headers);
        const second = await post(body, headers);
        expect(cache.servedBeforeApollo - before).toBe(1);
        expect(first.status).toBe(200);
        expect(second.status).toBe(200);
        expect(second.text).toBe(first.text);
        for (const h of ['content-type', 'cache-control', 'content-length', 'x-content-type-options', 'content-security-policy'])
          expect({ h, v: second.headers[h] }).toEqual({ h, v: first.headers[h] });
        expect(JSON.parse(second.text).data.candidateRegion.publishedInquiries.map((q: { question: string }) => q.question)).toEqual(
          region.inquiries.map((q) => q.question),
        );
      }
  });

  it('leaves to Apollo what is not a kept published answer: another query, a personal field, a bad token', async () => {
    const token = await login(data.vendors[1].email);
    const before = cache.servedBeforeApollo;
    for (let i = 0; i < 2; i++) {
      ok(await gql(t.app, '{ me { id } }', {}, token));
      ok(await gql(t.app, 'query($id: ID!) { candidateRegion(id: $id) { id publishedInquiries { id asker { id } } } }', { id: data.regions[20].id }, token));
      const bad = await post({ query: OPERATIONS.W3, variables: { id: data.regions[20].id } }, { authorization: 'Bearer not-a-token' });
      expect(bad.status).toBe(200); // anonymous, as Apollo treats it
    }
    // The anonymous W3 was kept on the first round and served from here on the second; nothing else was.
    expect(cache.servedBeforeApollo - before).toBe(1);
  });

  it("counts a signed-in reader's answers from memory against its query budget (over it: Apollo's 429)", async () => {
    const token = await login(data.vendors[2].email);
    const body = { query: OPERATIONS.W2, variables: { limit: 10, offset: 0 } };
    const before = cache.servedBeforeApollo;
    const statuses: number[] = [];
    for (let i = 0; i < 41; i++) statuses.push((await post(body, { authorization: `Bearer ${token}` })).status);
    expect(statuses.slice(0, 40).every((s) => s === 200)).toBe(true);
    expect(cache.servedBeforeApollo - before).toBe(39);
    const over = await post(body, { authorization: `Bearer ${token}` });
    expect(over.status).toBe(429);
    expect(JSON.parse(over.text).errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(statuses[40]).toBe(429);
  });
});
