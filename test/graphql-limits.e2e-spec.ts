import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { generateKeyPairSync } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import request from 'supertest';
import { getIntrospectionQuery } from 'graphql';
import {
  APPLICATION_FIELDS,
  createProgramAndCall,
  createTestApp,
  errorCode,
  gql,
  GqlResult,
  IN_WINDOW,
  ok,
  signIn,
  STANDARD_ACCOUNTS,
  startApplication,
  TestApp,
} from './support';
import { AppModule } from '../apps/api/src/app.module';
import { configureApp } from '../apps/api/src/bootstrap';
import { QUERY_LIMITS } from '../apps/api/src/graphql/limits';

/** The typed refusal of a request over one of the size limits. */
function expectTooComplex(r: GqlResult, limit: string) {
  expect(r.status).toBe(400);
  expect(r.data).toBeNull();
  expect(r.errors).toHaveLength(1);
  expect(r.errors![0].extensions).toMatchObject({
    code: 'QUERY_TOO_COMPLEX',
    messageJa: expect.stringContaining('上限'),
    messageEn: expect.stringContaining('limit'),
    details: { limit, max: QUERY_LIMITS[limit as keyof typeof QUERY_LIMITS] },
  });
}

/** Program.calls → Call.program is a cycle: `n` levels of it. */
const cycle = (n: number) => `{ programs { ${'calls { program { '.repeat(n)}id${' } }'.repeat(n)} } }`;

describe('GraphQL limits: size, one mutation, no batches, production schema privacy, CSRF, headers', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let prod: INestApplication;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2025-02-01T09:00:00+09:00');
    tok = await signIn(t.app, STANDARD_ACCOUNTS.slice(0, 3));
    // The same application as it runs in production (its own database on PGlite; the same one on PostgreSQL).
    process.env.NODE_ENV = 'production';
    process.env.PUBLIC_BASE_URL = 'https://dxrlp.example.jp';
    process.env.RECEIPT_SIGNING_KEY = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    prod = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
    await configureApp(prod as NestExpressApplication);
    await prod.init();
  });
  afterAll(async () => {
    await prod?.close();
    await t.close();
    delete process.env.RECEIPT_SIGNING_KEY;
    delete process.env.PUBLIC_BASE_URL;
  });

  it('lets the largest operations the clients send through (nested application fields, candidate regions)', async () => {
    const { callId } = await createProgramAndCall(t.app, tok.secretariat);
    t.clock.set(IN_WINDOW);
    const app = await startApplication(t.app, tok.hyogo, callId);
    const read = await gql(t.app, `query($id: ID!) { regionApplication(id: $id) { ${APPLICATION_FIELDS} } }`, { id: app.id }, tok.hyogo);
    expect(ok(read).regionApplication.id).toBe(app.id);
    ok(await gql(t.app, cycle(2)));
    ok(await gql(t.app, `{ ${Array.from({ length: QUERY_LIMITS.aliases }, (_, i) => `a${i}: prefectures { code }`).join(' ')} }`));
  });

  describe('size limits (graphql-armor and the parser) answer QUERY_TOO_COMPLEX, never a 500', () => {
    it('depth', async () => {
      ok(await gql(t.app, cycle(3))); // depth 8: programs, then 3 × (calls, program), then id
      expectTooComplex(await gql(t.app, cycle(4)), 'depth');
    });

    it('aliases', async () => {
      const q = `{ ${Array.from({ length: QUERY_LIMITS.aliases + 1 }, (_, i) => `a${i}: prefectures { code }`).join(' ')} }`;
      expectTooComplex(await gql(t.app, q), 'aliases');
    });

    it('cost: a fragment spread many times over, twice', async () => {
      // Ten spreads of a ten-spread fragment: a few tokens, a cost of about 3,000.
      const frags =
        'fragment F0 on Prefecture { code name } ' +
        `fragment F1 on Prefecture { ${'...F0 '.repeat(10)}} ` +
        `fragment F2 on Prefecture { ${'...F1 '.repeat(10)}}`;
      expectTooComplex(await gql(t.app, `{ prefectures { ...F2 } } ${frags}`), 'cost');
      ok(await gql(t.app, `{ prefectures { ...F1 } } ${frags.slice(0, frags.indexOf('fragment F2'))}`));
    });

    it('tokens', async () => {
      const q = `{ prefectures { ${'code '.repeat(QUERY_LIMITS.tokens)} } }`;
      expect(q.length).toBeLessThan(QUERY_LIMITS.characters);
      expectTooComplex(await gql(t.app, q), 'tokens');
    });

    it('directives', async () => {
      const q = `{ prefectures { ${'code @include(if: true) '.repeat(QUERY_LIMITS.directives + 1)} } }`;
      expectTooComplex(await gql(t.app, q), 'directives');
      ok(await gql(t.app, `{ prefectures { ${'code @include(if: true) '.repeat(QUERY_LIMITS.directives)} } }`));
    });

    it('characters, before parsing', async () => {
      const q = `{ prefectures { code } } #${'x'.repeat(QUERY_LIMITS.characters)}`;
      expectTooComplex(await gql(t.app, q), 'characters');
      // A GET cannot even carry that much: Node refuses a request line over 16 KB.
      const get = await http()
        .get('/graphql')
        .query({ query: `{ __typename } #${'x'.repeat(QUERY_LIMITS.characters)}` })
        .set('apollo-require-preflight', 'true');
      expect(get.status).toBe(431);
    });
  });

  describe('one root field per mutation request', () => {
    const create = (year: number) => `createProgram(input: {fiscalYear: ${year}, name: "x", regionBudgetCapYen: 1000000}) { id }`;
    const programCount = async () => ok(await gql(t.app, '{ programs { id } }')).programs.length;

    it('refuses two mutation fields, written out or through a fragment, and runs neither', async () => {
      const before = await programCount();
      const two = await gql(t.app, `mutation { a: ${create(2031)} b: ${create(2032)} }`, {}, tok.secretariat);
      expect(two.status).toBe(400);
      expect(errorCode(two)).toBe('ONE_MUTATION_PER_REQUEST');
      expect(two.errors![0].extensions).toMatchObject({ messageJa: expect.stringContaining('1つだけ'), details: { fields: 2 } });
      const viaFragment = await gql(
        t.app,
        `mutation { ...M } fragment M on Mutation { ${create(2033)} ... on Mutation { ${create(2034).replace('createProgram', 'c: createProgram')} } }`,
        {},
        tok.secretariat,
      );
      expect(errorCode(viaFragment)).toBe('ONE_MUTATION_PER_REQUEST');
      expect(await programCount()).toBe(before);
      ok(await gql(t.app, `mutation { ${create(2035)} }`, {}, tok.secretariat));
      expect(await programCount()).toBe(before + 1);
    });
  });

  it('refuses a batch (a JSON array of operations) and runs none of it', async () => {
    const before = ok(await gql(t.app, '{ programs { id } }')).programs.length;
    const res = await http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${tok.secretariat}`)
      .send([
        { query: 'mutation { createProgram(input: {fiscalYear: 2041, name: "x", regionBudgetCapYen: 1000000}) { id } }' },
        { query: 'mutation { createProgram(input: {fiscalYear: 2042, name: "y", regionBudgetCapYen: 1000000}) { id } }' },
      ]);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_REQUEST', messageJa: expect.any(String) });
    expect(ok(await gql(t.app, '{ programs { id } }')).programs.length).toBe(before);
  });

  describe('production hides the schema', () => {
    it('refuses introspection in production (and allows it in development and tests)', async () => {
      const dev = await gql(t.app, getIntrospectionQuery());
      expect(ok(dev).__schema.queryType.name).toBe('Query');
      const live = await gql(prod, getIntrospectionQuery());
      expect(live.status).toBe(400);
      expect(errorCode(live)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(JSON.stringify(live.errors)).toMatch(/introspection/i);
      expect(errorCode(await gql(prod, '{ __type(name: "Query") { name } }'))).toBe('GRAPHQL_VALIDATION_FAILED');
    });

    it('gives no "Did you mean" hints for fields, arguments or enum values in production', async () => {
      // Each typo, and the name a hint would give away.
      const typos: Array<[string, string]> = [
        ['{ prefecture { code } }', 'prefectures'],
        ['{ prefectures { nme } }', 'name'],
        ['{ municipalities(prefectureCode: "13", prefx: "a") { lgCode } }', 'prefix'],
        ['{ calls(kind: REGIO) { id } }', 'REGION'],
      ];
      for (const [q, hidden] of typos) {
        const inDev = await gql(t.app, q);
        const inProd = await gql(prod, q);
        expect(errorCode(inProd)).toBe(errorCode(inDev));
        expect(JSON.stringify(inDev.errors)).toMatch(/Did you mean/);
        expect(JSON.stringify(inDev.errors)).toContain(hidden);
        expect(JSON.stringify(inProd.errors)).not.toMatch(/Did you mean/);
        expect(JSON.stringify(inProd.errors)).not.toContain(hidden);
      }
    });
  });

  describe("CSRF prevention: Apollo's simple-request shapes are refused, real clients pass", () => {
    const query = '{ __typename }';
    const refused = (res: request.Response) => {
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(/CSRF|Cross-Site/i);
      expect(res.body.data).toBeUndefined();
    };

    for (const [name, app] of [
      ['test', () => t.app],
      ['production', () => prod],
    ] as const) {
      it(`refuses the shapes a browser sends without a preflight (${name})`, async () => {
        const server = app().getHttpServer();
        refused(await request(server).get('/graphql').query({ query }).set('accept', 'application/json'));
        refused(await request(server).post('/graphql').set('content-type', 'text/plain').send(JSON.stringify({ query })));
        refused(await request(server).post('/graphql').field('query', query));
        refused(await request(server).post('/graphql').type('form').send({ query }));
        // A mutation that way must not run either.
        refused(
          await request(server)
            .post('/graphql')
            .set('content-type', 'text/plain')
            .send(JSON.stringify({ query: 'mutation { createProgram(input: {fiscalYear: 2051, name: "x", regionBudgetCapYen: 1}) { id } }' })),
        );
      });

      it(`lets a JSON POST and a GET with apollo-require-preflight through (${name})`, async () => {
        const server = app().getHttpServer();
        const post = await request(server).post('/graphql').set('content-type', 'application/json').send({ query });
        expect(post.status).toBe(200);
        expect(post.body.data).toEqual({ __typename: 'Query' });
        const get = await request(server).get('/graphql').query({ query }).set('apollo-require-preflight', 'true');
        expect(get.status).toBe(200);
        expect(get.body.data).toEqual({ __typename: 'Query' });
        // GET is for queries only.
        const mutation = await request(server).get('/graphql').query({ query: 'mutation { __typename }' }).set('apollo-require-preflight', 'true');
        expect(mutation.status).toBe(405);
      });
    }
  });

  it('sends the security headers (helmet) on the API and on GraphiQL, in production too', async () => {
    for (const app of [t.app, prod]) {
      const api = await request(app.getHttpServer()).post('/graphql').set('content-type', 'application/json').send({ query: '{ __typename }' });
      const ide = await request(app.getHttpServer()).get('/graphql').set('accept', 'text/html');
      for (const res of [api, ide]) {
        expect(res.headers['content-security-policy']).toContain("default-src 'self'");
        expect(res.headers['content-security-policy']).toContain("frame-ancestors 'self'");
        expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(res.headers['referrer-policy']).toBe('no-referrer');
        expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    }
  });

  // Last: the app starts listening for the WebSocket.
  it('applies the same limits over graphql-ws, where only subscriptions run', async () => {
    await t.app.listen(0, '127.0.0.1');
    const url = `ws://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/graphql`;
    const client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${tok.hyogo}` }, retryAttempts: 0 });
    const refusal = (query: string) =>
      new Promise<Array<{ message: string; extensions?: Record<string, any> }>>((resolve, reject) => {
        setTimeout(() => reject(new Error(`not refused: ${query}`)), 5000); // an accepted subscription just waits for events
        client.subscribe(
          { query },
          { next: () => reject(new Error('ran')), error: (e) => resolve(e as never), complete: () => reject(new Error('completed')) },
        );
      });
    try {
      for (const q of ['{ programs { id } }', 'mutation { createProgram(input: {fiscalYear: 2061, name: "x", regionBudgetCapYen: 1}) { id } }']) {
        const [e] = await refusal(q);
        expect(e.extensions).toMatchObject({ code: 'WEBSOCKET_SUBSCRIPTIONS_ONLY', messageJa: expect.stringContaining('サブスクリプション') });
      }
      const tooMany = `subscription { applicationStatusChanged { ${'status @include(if: true) '.repeat(QUERY_LIMITS.directives + 1)} } }`;
      const [e] = await refusal(tooMany);
      expect(e.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', details: { limit: 'directives' } });
    } finally {
      await client.dispose();
    }
  });
});
