import { INestApplication } from '@nestjs/common';
import { createClient } from 'graphql-ws';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import WebSocket from 'ws';
import { Role, SYSTEM_ACTOR } from '@app/core';
import { IdentityService } from '@app/identity';
import { startApi } from '../apps/api/src/bootstrap';
import { WsSessions } from '../apps/api/src/graphql/ws-sessions';
import {
  completeDraft,
  createProgramAndCall,
  createTestApp,
  errorCode,
  gql,
  IN_WINDOW,
  ok,
  signIn,
  STANDARD_ACCOUNTS,
  submit,
  TEST_PASSWORD,
  TestApp,
  waitFor,
} from './support';

/**
 * Issue 13, the shell's API side: the built web client served from the API's origin (client routes fall back to its
 * index.html, API paths keep their answers), the browser session as an HttpOnly SameSite cookie set by `login` and
 * cleared by `logout` (CSRF prevention still on, bearer tokens unchanged, graphql-ws authenticated by the cookie from
 * this origin only), and the CSP without upgrade-insecure-requests over plain HTTP.
 */
const LOGIN = 'mutation($i: LoginInput!) { login(input: $i) { token user { role } } }';

/** The Set-Cookie header of the session cookie, split into its attributes (lower-cased names). */
function sessionCookie(res: request.Response): { value: string; attrs: Record<string, string | true> } | undefined {
  const raw = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('rdx_session='));
  if (!raw) return undefined;
  const [pair, ...rest] = raw.split(';').map((s) => s.trim());
  const attrs: Record<string, string | true> = {};
  for (const a of rest) {
    const eq = a.indexOf('=');
    attrs[(eq < 0 ? a : a.slice(0, eq)).toLowerCase()] = eq < 0 ? true : a.slice(eq + 1);
  }
  return { value: pair.slice('rdx_session='.length), attrs };
}

describe('the web client: served from the API, signed in by an HttpOnly session cookie', () => {
  let t: TestApp;
  let web: string;
  let email: string;

  beforeAll(async () => {
    // A stand-in for `npm run web:build`'s output.
    web = mkdtempSync(join(tmpdir(), 'rdx-web-dist-'));
    mkdirSync(join(web, 'assets'));
    writeFileSync(
      join(web, 'index.html'),
      '<!doctype html><html lang="ja"><head><script type="module" src="/assets/app.js"></script></head><body></body></html>',
    );
    writeFileSync(join(web, 'assets/app.js'), 'console.log("app")');
    process.env.WEB_DIST_DIR = web;
    t = await createTestApp();
    const tok = await signIn(t.app, [{ key: 'hyogo', role: Role.PREFECTURE, prefectureCode: '28' }]);
    expect(tok.hyogo).toBeTruthy();
    email = `cookie-${randomBytes(3).toString('hex')}@test.example.jp`;
    await t.app
      .get(IdentityService)
      .createAccount({ email, displayName: '兵庫県 担当', password: TEST_PASSWORD, role: Role.PREFECTURE, prefectureCode: '28' }, SYSTEM_ACTOR);
  });
  afterAll(async () => {
    await t.close();
    delete process.env.WEB_DIST_DIR;
    rmSync(web, { recursive: true, force: true });
  });

  const http = () => request(t.app.getHttpServer());
  /** The app on a real port (for WebSockets), listening once for the whole file. */
  const listening = async () => {
    if (!t.app.getHttpServer().listening) await t.app.listen(0, '127.0.0.1');
    return (t.app.getHttpServer().address() as AddressInfo).port;
  };
  const post = (body: object, headers: Record<string, string> = {}) =>
    http()
      .post('/graphql')
      .set({ 'content-type': 'application/json', ...headers })
      .send(body);

  it('login sets the session cookie: HttpOnly, SameSite=Strict, the token’s lifetime, not Secure over plain HTTP; Secure over TLS', async () => {
    const res = await post({ query: LOGIN, variables: { i: { email, password: TEST_PASSWORD } } });
    expect(res.body.data.login.user.role).toBe('PREFECTURE');
    const c = sessionCookie(res)!;
    expect(c.value).toBe(res.body.data.login.token);
    expect(c.attrs.httponly).toBe(true);
    expect(c.attrs.samesite).toBe('Strict');
    expect(c.attrs.path).toBe('/');
    expect(c.attrs.secure).toBeUndefined();
    const exp = JSON.parse(Buffer.from(c.value.split('.')[1], 'base64url').toString()).exp as number;
    expect(new Date(String(c.attrs.expires)).getTime()).toBe(exp * 1000);
    // TLS ended at a proxy trusted by TRUST_PROXY (loopback): the browser must only send it over HTTPS.
    const tls = await post({ query: LOGIN, variables: { i: { email, password: TEST_PASSWORD } } }, { 'x-forwarded-proto': 'https' });
    expect(sessionCookie(tls)!.attrs.secure).toBe(true);
  });

  it('a wrong password sets no cookie', async () => {
    const res = await post({ query: LOGIN, variables: { i: { email, password: 'not the password 123' } } });
    expect(res.body.errors[0].extensions.code).toBe('INVALID_CREDENTIALS');
    expect(sessionCookie(res)).toBeUndefined();
  });

  it('the cookie authenticates GraphQL (with the preflight header); bearer tokens keep working; logout clears the cookie', async () => {
    const login = await post({ query: LOGIN, variables: { i: { email, password: TEST_PASSWORD } } });
    const token = sessionCookie(login)!.value;
    const me = await post({ query: '{ me { email role } }' }, { cookie: `other=1; rdx_session=${token}`, 'apollo-require-preflight': 'true' });
    expect(me.body.data.me).toEqual({ email, role: 'PREFECTURE' });
    // As any other GraphQL client: the bearer header, no cookie.
    expect(ok(await gql(t.app, '{ me { email } }', {}, token)).me.email).toBe(email);
    // Without a session: UNAUTHENTICATED, as before.
    const anon = await post({ query: '{ me { email } }' }, { 'apollo-require-preflight': 'true' });
    expect(anon.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    // A forged or expired cookie is no session.
    const forged = await post({ query: '{ me { email } }' }, { cookie: `rdx_session=${token.slice(0, -4)}AAAA`, 'apollo-require-preflight': 'true' });
    expect(forged.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');

    const out = await post({ query: 'mutation { logout }' }, { cookie: `rdx_session=${token}`, 'apollo-require-preflight': 'true' });
    expect(out.body.data.logout).toBe(true);
    const cleared = sessionCookie(out)!;
    expect(cleared.value).toBe('');
    expect(new Date(String(cleared.attrs.expires)).getTime()).toBeLessThan(Date.now());
    expect(cleared.attrs.httponly).toBe(true);
  });

  it('logout ends the session on the server: its token is refused as cookie and as bearer, other sessions live on, its socket closes', async () => {
    const signInFresh = async () => sessionCookie(await post({ query: LOGIN, variables: { i: { email, password: TEST_PASSWORD } } }))!.value;
    const [ending, other] = [await signInFresh(), await signInFresh()];
    const port = await listening();
    const closed: number[] = [];
    let connected = false;
    const client = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${ending}` },
      retryAttempts: 0,
      lazy: false,
      on: { connected: () => (connected = true), closed: (e) => closed.push((e as { code: number }).code) },
    });
    client.subscribe(
      { query: 'subscription { applicationStatusChanged { applicationId status } }' },
      { next: () => undefined, error: () => undefined, complete: () => undefined },
    );
    await waitFor(() => connected, 10000);

    const out = await post({ query: 'mutation { logout }' }, { cookie: `rdx_session=${ending}`, 'apollo-require-preflight': 'true' });
    expect(out.body.data.logout).toBe(true);
    // A copy of the token kept elsewhere (a stolen cookie, a script's bearer header) no longer signs in, on any instance.
    const asCookie = await post({ query: '{ me { email } }' }, { cookie: `rdx_session=${ending}`, 'apollo-require-preflight': 'true' });
    expect(asCookie.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(t.app, '{ me { email } }', {}, ending))).toBe('UNAUTHENTICATED');
    expect(ok(await gql(t.app, '{ me { email } }', {}, other)).me.email).toBe(email);
    // The signed-out session's socket is closed at its next check (4403: sign in again).
    expect(await t.app.get(WsSessions).recheckAll()).toBe(1);
    await waitFor(() => closed.length > 0, 10000);
    expect(closed[0]).toBe(4403);
    // Signing out again with the dead token is harmless: anonymous, true, the cookie cleared.
    expect((await post({ query: 'mutation { logout }' }, { cookie: `rdx_session=${ending}`, 'apollo-require-preflight': 'true' })).body.data.logout).toBe(true);
    await client.dispose();
  });

  it('CSRF prevention stays on: a cross-site form POST or a simple GET carrying the cookie is refused and reads nothing', async () => {
    const login = await post({ query: LOGIN, variables: { i: { email, password: TEST_PASSWORD } } });
    const cookie = `rdx_session=${sessionCookie(login)!.value}`;
    // What an <form method=post enctype=…> on another site can send: a "simple" content type, no custom header.
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
      const res = await http()
        .post('/graphql')
        .set({ cookie, 'content-type': type, origin: 'https://evil.example' })
        .send(type.startsWith('application/x-www') ? 'query=%7B%20me%20%7B%20email%20%7D%20%7D' : '{"query":"{ me { email } }"}');
      expect(res.status).toBe(400);
      expect(res.text).not.toContain(email);
    }
    const get = await http().get('/graphql').query({ query: '{ me { email } }' }).set({ cookie, accept: 'application/json' });
    expect(get.status).toBe(400);
    expect(get.text).not.toContain(email);
    // A login from a cross-site form is refused the same way (no session can be planted).
    const plant = await http()
      .post('/graphql')
      .set('content-type', 'text/plain')
      .send(JSON.stringify({ query: LOGIN, variables: { i: { email, password: TEST_PASSWORD } } }));
    expect(plant.status).toBe(400);
    expect(sessionCookie(plant)).toBeUndefined();
  });

  it('serves the client at / and its routes (index.html, never cached, strict CSP), its assets; API paths keep their answers', async () => {
    for (const path of ['/', '/candidate-regions', '/candidate-regions/abc', '/vendor/applications/1', '/signin?next=%2Fvendor']) {
      const res = await http().get(path).set('accept', 'text/html,application/xhtml+xml,*/*;q=0.8');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('/assets/app.js');
      expect(res.headers['cache-control']).toBe('no-cache');
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("script-src 'self';");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('upgrade-insecure-requests');
    }
    const asset = await http().get('/assets/app.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    // A missing asset is a 404, not the app (a stale page must not run HTML as a script).
    expect((await http().get('/assets/gone.js').set('accept', '*/*')).status).toBe(404);
    expect((await http().get('/assets/gone.js').set('accept', 'text/html')).status).toBe(404);

    // GraphiQL stays at GET /graphql for a browser; a GraphQL GET without HTML keeps Apollo's answer.
    const ide = await http().get('/graphql').set('accept', 'text/html');
    expect(ide.text).toContain('/ide/graphiql.js');
    const apiGet = await http().get('/graphql').set('accept', 'application/json');
    expect(apiGet.status).toBe(400);
    expect(apiGet.text).not.toContain('/assets/app.js');
    const health = await http().get('/health').set('accept', 'text/html');
    expect(health.body).toEqual({ status: 'ok', database: 'up' });
    // The API's own 404s stay the API's, even for a browser.
    for (const path of [
      '/documents/00000000-0000-0000-0000-000000000000',
      '/exports/x/results.csv',
      '/ide/nothing.js',
      '/graphql/extra',
      '/briefing/nothing',
      '/notices/00000000-0000-0000-0000-000000000000/pdf',
      '/region-applications/00000000-0000-0000-0000-000000000000/receipt.pdf',
    ]) {
      const res = await http().get(path).set('accept', 'text/html');
      expect(res.text).not.toContain('/assets/app.js');
      expect(res.status).toBeGreaterThanOrEqual(400);
    }
    // Only GET/HEAD fall back.
    expect((await http().post('/candidate-regions').set('accept', 'text/html')).status).toBe(404);
  });

  it('CSP: no upgrade-insecure-requests over plain HTTP (GraphiQL by IP loads its same-origin scripts); upgrade over TLS', async () => {
    const ide = await http().get('/graphql').set({ accept: 'text/html', host: '192.0.2.10:3000' });
    expect(ide.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    const scripts = [...ide.text.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) expect(src).toMatch(/^\/[^/]/); // same origin, whatever address the page was opened by
    expect(ide.headers['content-security-policy']).toContain("script-src 'self'");
    for (const src of scripts) expect((await http().get(src)).status).toBe(200);

    const tls = await http().get('/graphql').set({ accept: 'text/html', 'x-forwarded-proto': 'https' });
    expect(tls.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    const spaTls = await http().get('/candidate-regions').set({ accept: 'text/html', 'x-forwarded-proto': 'https' });
    expect(spaTls.headers['content-security-policy']).toContain('upgrade-insecure-requests');
  });

  it('graphql-ws authenticates with the session cookie from this origin only (another site’s page gets no session)', async () => {
    const tok = await signIn(t.app, [
      { key: 'secretariat', role: Role.SECRETARIAT },
      ...STANDARD_ACCOUNTS.filter((a) => a.key === 'hyogo' || a.key === 'toyooka'),
    ]);
    t.clock.set('2025-02-01T09:00:00+09:00');
    const { callId } = await createProgramAndCall(t.app, tok.secretariat, { fiscalYear: 2031 });
    t.clock.set(IN_WINDOW);
    const port = await listening();
    const url = `ws://127.0.0.1:${port}/graphql`;
    const subscribe = (origin: string) => {
      const headers = { cookie: `rdx_session=${tok.hyogo}`, origin };
      class CookieSocket extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers });
        }
      }
      const received: unknown[] = [];
      const errors: unknown[] = [];
      const client = createClient({ url, webSocketImpl: CookieSocket, retryAttempts: 0, lazy: false });
      client.subscribe(
        { query: 'subscription { applicationStatusChanged { applicationId status } }' },
        { next: (v) => received.push(v.data), error: (e) => errors.push(e), complete: () => undefined },
      );
      return { received, errors, close: () => client.dispose() };
    };
    const own = subscribe(`http://127.0.0.1:${port}`);
    const foreign = subscribe('https://evil.example');
    await waitFor(() => foreign.errors.length > 0, 10000);
    expect(JSON.stringify(foreign.errors)).toContain('UNAUTHENTICATED');
    await new Promise((r) => setTimeout(r, 300));
    const draft = await completeDraft(t.app, tok.hyogo, callId, ['282090']);
    ok(await submit(t.app, tok.hyogo, draft.id));
    await waitFor(() => own.received.length > 0, 10000);
    expect(own.errors).toEqual([]);
    expect(own.received[0]).toEqual({ applicationStatusChanged: { applicationId: draft.id, status: 'SUBMITTED' } });
    own.close();
    foreign.close();
  });
});

describe('the session cookie in production', () => {
  let app: INestApplication | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'rdx-web-prod-'));
  const saved = { ...process.env };

  afterEach(async () => {
    await app?.close();
    app = undefined;
    process.env = { ...saved };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Starts the API as production does, users reaching it at `publicBaseUrl`, and signs in over plain HTTP. */
  async function signInOverPlainHttp(publicBaseUrl: string, name: string) {
    for (const k of ['DATABASE_URL', 'DEMO_DATA', 'CLOCK_START_AT', 'WEB_DIST_DIR']) delete process.env[k];
    Object.assign(process.env, {
      NODE_ENV: 'production',
      PUBLIC_BASE_URL: publicBaseUrl,
      JWT_SECRET: randomBytes(32).toString('hex'),
      RECEIPT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      DATA_DIR: join(dir, name),
      UPLOAD_DIR: join(dir, name, 'uploads'),
      AUDIT_HEADS_FILE: join(dir, name, 'audit-heads.jsonl'),
      LOG_LEVEL: 'silent',
      OUTBOX_POLL_MS: '0',
      REMINDER_POLL_MS: '0',
    });
    ({ app } = await startApi());
    await app.init();
    const email = 'secretariat@pref.example.lg.jp';
    await app.get(IdentityService).createAccount({ email, displayName: '事務局', password: TEST_PASSWORD, role: Role.SECRETARIAT }, SYSTEM_ACTOR);
    const res = await request(app.getHttpServer())
      .post('/graphql')
      .set('content-type', 'application/json')
      .send({ query: LOGIN, variables: { i: { email, password: TEST_PASSWORD } } });
    return { email, cookie: sessionCookie(res)! };
  }

  it('is Secure where users come over TLS (PUBLIC_BASE_URL https), even on a request that reached the API over plain HTTP', async () => {
    const { cookie } = await signInOverPlainHttp('https://dxrlp.example.jp', 'tls');
    expect(cookie.attrs.secure).toBe(true);
    expect(cookie.attrs.httponly).toBe(true);
    expect(cookie.attrs.samesite).toBe('Strict');
  }, 180_000);

  it('is not Secure on a closed network reached by the server’s address over plain HTTP, so that signing in works there', async () => {
    const { email, cookie } = await signInOverPlainHttp('http://10.1.2.3:3000', 'closed-network');
    expect(cookie.attrs.secure).toBeUndefined();
    expect(cookie.attrs.httponly).toBe(true);
    expect(cookie.attrs.samesite).toBe('Strict');
    // The browser sends it back over plain HTTP, and the session works.
    const me = await request(app!.getHttpServer())
      .post('/graphql')
      .set({ 'content-type': 'application/json', cookie: `rdx_session=${cookie.value}`, 'apollo-require-preflight': 'true' })
      .send({ query: '{ me { email } }' });
    expect(me.body.data.me.email).toBe(email);
  }, 180_000);
});
