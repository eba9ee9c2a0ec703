import { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createClient, Client } from 'graphql-ws';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { Role } from '@app/core';
import {
  completeDraft,
  createPeerApp,
  createProgramAndCall,
  createTestApp,
  errorCode,
  gql,
  IN_WINDOW,
  ok,
  pdfBytes,
  reportFigures,
  signIn,
  submit,
  TestApp,
  upload,
  waitFor,
} from './support';
import { WS_LIMITS } from '../apps/api/src/graphql/ws-limits';
import { WsSessions } from '../apps/api/src/graphql/ws-sessions';

const SUBSCRIPTION = 'subscription { applicationStatusChanged { applicationId status prefectureCode } }';

/** Figure lines for `npm run test:reliability`: finding 11 (bounds) and finding 13 (sockets re-checked). */
const unbounded: string[] = [];
const recheck: string[] = [];
afterAll(() => {
  reportFigures(`unbounded work: ${unbounded.join('; ')}`);
  reportFigures(`socket recheck: ${recheck.join('; ')}`);
});
const onPostgres = process.env.TEST_DATABASE_URL ? it : it.skip; // two instances need a shared server database

/** Sets environment variables for one app's start and puts the old values back afterwards. */
function withEnv(values: Record<string, string>) {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(values)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  return () => {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  };
}

async function listen(app: INestApplication): Promise<string> {
  if (!app.getHttpServer().address()) await app.listen(0, '127.0.0.1');
  return `ws://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/graphql`;
}

const userIdOf = (token: string): string => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub;

/** A graphql-ws client that keeps every event, error and the close code of its socket. */
function subscriber(url: string, token: string, subscriptions = 1) {
  const received: any[][] = Array.from({ length: subscriptions }, () => []);
  const errors: any[][] = Array.from({ length: subscriptions }, () => []);
  let closeCode: number | null = null;
  let closeReason = '';
  const client: Client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined, // a closing server is what some tests expect
    on: {
      closed: (e) => {
        closeCode = (e as { code: number }).code;
        closeReason = String((e as { reason?: string }).reason ?? '');
      },
    },
  });
  const ready = new Promise<void>((resolve) => client.on('connected', () => resolve()));
  for (let i = 0; i < subscriptions; i++)
    client.subscribe(
      { query: SUBSCRIPTION },
      { next: (v) => received[i].push(v.data?.applicationStatusChanged), error: (e) => errors[i].push(e), complete: () => undefined },
    );
  return {
    received,
    errors,
    ready,
    closed: () => closeCode,
    reason: () => closeReason,
    close: () => client.dispose(),
  };
}

/** Opens a raw graphql-transport-ws socket, sends one message, and reports whether it was acknowledged and how it closed. */
function rawInit(url: string, message: string): Promise<{ acked: boolean; code: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, 'graphql-transport-ws');
    let acked = false;
    ws.on('open', () => ws.send(message));
    ws.on('message', (m) => {
      if (JSON.parse(String(m)).type === 'connection_ack') {
        acked = true;
        ws.close(1000);
      }
    });
    ws.on('error', () => undefined); // the server's close is the result
    ws.on('close', (code) => resolve({ acked, code }));
    setTimeout(() => ws.terminate(), 20_000).unref();
  });
}

describe('unbounded work: uploads, storage, queries and WebSocket messages are bounded per account and per socket', () => {
  let t: TestApp;
  let restore: () => void;
  const UPLOADS = 30;
  const QUOTA = 3000;
  const QUERIES = 20;

  beforeAll(async () => {
    restore = withEnv({ RATE_LIMIT_UPLOAD: `${UPLOADS}/3600`, UPLOAD_QUOTA_BYTES: String(QUOTA), RATE_LIMIT_QUERY: `${QUERIES}/60` });
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
    restore();
  });

  it(`refuses the ${UPLOADS + 1}st upload of an account within the hour (RATE_LIMIT_UPLOAD), with 429 and Retry-After; another account still uploads`, async () => {
    const tok = await signIn(t.app, [
      { key: 'uploader', role: Role.PREFECTURE, prefectureCode: '28' },
      { key: 'other', role: Role.PREFECTURE, prefectureCode: '20' },
    ]);
    let accepted = 0;
    for (let i = 0; i < UPLOADS; i++) if ((await upload(t.app, tok.uploader, pdfBytes(`u${i}`), `u${i}.pdf`)).status === 201) accepted++;
    expect(accepted).toBe(UPLOADS);
    const over = await upload(t.app, tok.uploader, pdfBytes('one too many'), 'over.pdf');
    expect(over.status).toBe(429);
    expect(over.body).toMatchObject({ code: 'RATE_LIMITED', messageJa: expect.stringContaining('リクエストが多すぎます') });
    const wait = Number(over.headers['retry-after']);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(3600);
    const [{ n }] = await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM documents WHERE uploaded_by = $1', [userIdOf(tok.uploader)]);
    expect(n).toBe(UPLOADS);
    expect((await upload(t.app, tok.other, pdfBytes('other'), 'other.pdf')).status).toBe(201);
    unbounded.push(`${accepted} uploads accepted, upload ${UPLOADS + 1} refused (429, Retry-After ${wait} s)`);
  });

  it('refuses an upload past the account’s storage quota (UPLOAD_QUOTA_BYTES), also when uploads race', async () => {
    const tok = await signIn(t.app, [
      { key: 'quota', role: Role.PREFECTURE, prefectureCode: '28' },
      { key: 'fresh', role: Role.PREFECTURE, prefectureCode: '28' },
    ]);
    const file = (i: number) => Buffer.concat([pdfBytes(`q${i}`), Buffer.alloc(1000 - pdfBytes(`q${i}`).length, 0x20)]); // 1000 bytes each
    const results = await Promise.all([0, 1, 2, 3, 4].map((i) => upload(t.app, tok.quota, file(i), `q${i}.pdf`)));
    const accepted = results.filter((r) => r.status === 201).length;
    const refused = results.filter((r) => r.status === 413 && r.body.code === 'STORAGE_QUOTA_EXCEEDED');
    expect(accepted).toBe(3); // 3 × 1000 bytes fill the 3000-byte quota exactly
    expect(refused).toHaveLength(2);
    expect(refused[0].body).toMatchObject({
      messageJa: expect.stringContaining('容量'),
      messageEn: expect.stringContaining('quota'),
      details: { quotaBytes: QUOTA },
    });
    const [{ total }] = await t.app
      .get(DataSource)
      .query('SELECT COALESCE(SUM(size_bytes), 0)::int AS total FROM documents WHERE uploaded_by = $1', [userIdOf(tok.quota)]);
    expect(total).toBeLessThanOrEqual(QUOTA);
    // The quota is per account: another account of the same prefecture still uploads.
    expect((await upload(t.app, tok.fresh, file(9), 'fresh.pdf')).status).toBe(201);
    unbounded.push(`quota ${QUOTA} B: ${accepted} of 5 concurrent 1000-B uploads accepted, ${refused.length} refused, ${total} B stored`);
  });

  it(`limits the queries of a signed-in account too (RATE_LIMIT_QUERY ${QUERIES}/60), per account`, async () => {
    const tok = await signIn(t.app, [
      { key: 'reader', role: Role.PREFECTURE, prefectureCode: '28' },
      { key: 'neighbour', role: Role.PREFECTURE, prefectureCode: '20' },
    ]);
    let answered = 0;
    for (let i = 0; i < QUERIES; i++) if (ok(await gql(t.app, '{ me { id } }', {}, tok.reader)).me) answered++;
    expect(answered).toBe(QUERIES);
    const over = await gql(t.app, '{ me { id } }', {}, tok.reader);
    expect(over.status).toBe(429);
    expect(errorCode(over)).toBe('RATE_LIMITED');
    expect(over.errors![0].extensions.details.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(ok(await gql(t.app, '{ me { id } }', {}, tok.neighbour)).me).toBeTruthy();
    unbounded.push(`${answered} queries answered, query ${QUERIES + 1} refused (429)`);
  });

  it(`closes a socket whose message is over ${WS_LIMITS.maxPayloadBytes} bytes (a 20 MB connection_init) before reading it; a normal one is acknowledged`, async () => {
    const url = await listen(t.app);
    const huge = JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(20 * 1024 * 1024) } });
    const big = await rawInit(url, huge);
    expect(big).toEqual({ acked: false, code: 1009 }); // 1009: message too big
    const justUnder = JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(WS_LIMITS.maxPayloadBytes - 100) } });
    expect(await rawInit(url, justUnder)).toEqual({ acked: true, code: 1000 });
    unbounded.push(`20 MB connection_init closed (${big.code}), 0 acknowledged`);
  });
});

describe('sockets: bounded per socket and per account, and re-checked against their account and token', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let callId: string;
  let restore: () => void;

  beforeAll(async () => {
    // No periodic sweep here: each closure below is the re-check before an event (the sweep has its own test).
    restore = withEnv({ REDIS_URL: process.env.TEST_DATABASE_URL ? 'redis://127.0.0.1:6379' : '', WS_RECHECK_MS: '0' });
    t = await createTestApp();
    t.clock.set('2025-02-01T09:00:00+09:00');
    tok = await signIn(t.app, [
      { key: 'secretariat', role: Role.SECRETARIAT },
      { key: 'hyogo', role: Role.PREFECTURE, prefectureCode: '28' },
      { key: 'nagano', role: Role.PREFECTURE, prefectureCode: '20' },
      { key: 'staffLeaving', role: Role.SECRETARIAT },
      { key: 'staffMoved', role: Role.SECRETARIAT },
      { key: 'naganoMoved', role: Role.PREFECTURE, prefectureCode: '20' },
      { key: 'quiet', role: Role.SECRETARIAT },
      { key: 'peerStaff', role: Role.SECRETARIAT },
      { key: 'expiring', role: Role.SECRETARIAT },
      { key: 'manyTabs', role: Role.PREFECTURE, prefectureCode: '28' },
    ]);
    ({ callId } = await createProgramAndCall(t.app, tok.secretariat));
    t.clock.set(IN_WINDOW);
  });
  afterAll(async () => {
    await t.close();
    restore();
  });

  it(`refuses subscription ${WS_LIMITS.subscriptionsPerSocket + 1} on one socket with TOO_MANY_SUBSCRIPTIONS; the first ${WS_LIMITS.subscriptionsPerSocket} keep working`, async () => {
    const url = await listen(t.app);
    const n = WS_LIMITS.subscriptionsPerSocket + 1;
    const s = subscriber(url, tok.hyogo, n);
    await s.ready;
    await waitFor(() => s.errors[n - 1].length > 0, 10_000);
    const [refusal] = s.errors[n - 1][0];
    expect(refusal.extensions).toMatchObject({
      code: 'TOO_MANY_SUBSCRIPTIONS',
      messageJa: expect.stringContaining('購読'),
      details: { limit: WS_LIMITS.subscriptionsPerSocket },
    });
    await new Promise((r) => setTimeout(r, 300)); // the first subscriptions are registered
    const draft = await completeDraft(t.app, tok.hyogo, callId, ['282090']);
    ok(await submit(t.app, tok.hyogo, draft.id));
    await waitFor(() => s.received.slice(0, n - 1).every((r) => r.length === 1), 10_000);
    expect(s.errors.slice(0, n - 1).flat()).toEqual([]);
    expect(s.received[n - 1]).toEqual([]);
    expect(s.closed()).toBeNull(); // the socket stays open
    await s.close();
    unbounded.push(`subscription ${n} refused, ${n - 1} delivered on the same socket`);
  });

  it(`refuses socket ${WS_LIMITS.socketsPerAccount + 1} of one account on an instance (4429); closing one frees its place`, async () => {
    const url = await listen(t.app);
    const open = Array.from({ length: WS_LIMITS.socketsPerAccount }, () => subscriber(url, tok.manyTabs));
    await Promise.all(open.map((s) => s.ready));
    const extra = subscriber(url, tok.manyTabs);
    await waitFor(() => extra.closed() !== null, 10_000);
    expect(extra.closed()).toBe(4429);
    expect(open.every((s) => s.closed() === null)).toBe(true);
    await open[0].close();
    await waitFor(async () => {
      const again = subscriber(url, tok.manyTabs);
      const outcome = await Promise.race([again.ready.then(() => 'ready'), new Promise((r) => setTimeout(() => r(again.closed()), 1000))]);
      if (outcome === 'ready') open[0] = again;
      else await again.close();
      return outcome === 'ready';
    }, 10_000);
    for (const s of open) await s.close();
    unbounded.push(`socket ${WS_LIMITS.socketsPerAccount + 1} of one account refused (4429)`);
  });

  it('closes (4403) the sockets of an account deactivated, moved to another role or to another organisation, before the next event reaches them', async () => {
    const url = await listen(t.app);
    const subs = {
      secretariat: subscriber(url, tok.secretariat),
      staffLeaving: subscriber(url, tok.staffLeaving),
      staffMoved: subscriber(url, tok.staffMoved),
      naganoMoved: subscriber(url, tok.naganoMoved),
    };
    await Promise.all(Object.values(subs).map((s) => s.ready));
    await new Promise((r) => setTimeout(r, 300));
    const db = t.app.get(DataSource);
    await db.query('UPDATE users SET active = false WHERE id = $1', [userIdOf(tok.staffLeaving)]);
    await db.query(`UPDATE users SET role = 'MINISTRY' WHERE id = $1`, [userIdOf(tok.staffMoved)]);
    await db.query(`UPDATE users SET prefecture_code = '28' WHERE id = $1`, [userIdOf(tok.naganoMoved)]);

    const draft = await completeDraft(t.app, tok.nagano, callId, ['202011']);
    ok(await submit(t.app, tok.nagano, draft.id));
    await waitFor(() => subs.secretariat.received[0].length === 1, 10_000);
    const changed = [subs.staffLeaving, subs.staffMoved, subs.naganoMoved];
    await waitFor(() => changed.every((s) => s.closed() !== null), 10_000);
    await new Promise((r) => setTimeout(r, 300));
    for (const s of changed) {
      expect(s.closed()).toBe(4403);
      expect(s.reason()).toBe('Account deactivated or changed');
      expect(s.received[0]).toEqual([]);
    }
    expect(subs.secretariat.received[0]).toEqual([{ applicationId: draft.id, status: 'SUBMITTED', prefectureCode: '20' }]);
    expect(subs.secretariat.closed()).toBeNull();
    // A deactivated account cannot open a new socket either.
    const again = subscriber(url, tok.staffLeaving);
    await waitFor(() => again.closed() !== null, 10_000);
    expect(again.closed()).toBe(4403);
    for (const s of Object.values(subs)) await s.close();
    recheck.push(`${changed.length} sockets of changed accounts closed (4403) before the next event, 0 events delivered to them, 1 unchanged socket served`);
  });

  it('closes a quiet socket of a deactivated account at the periodic re-check (WS_RECHECK_MS), without any event', async () => {
    const url = await listen(t.app);
    const quiet = subscriber(url, tok.quiet);
    const control = subscriber(url, tok.secretariat);
    await Promise.all([quiet.ready, control.ready]);
    await t.app.get(DataSource).query('UPDATE users SET active = false WHERE id = $1', [userIdOf(tok.quiet)]);
    const closedBySweep = await t.app.get(WsSessions).recheckAll(); // what the WS_RECHECK_MS timer runs
    await waitFor(() => quiet.closed() !== null, 10_000);
    expect(closedBySweep).toBe(1);
    expect(quiet.closed()).toBe(4403);
    expect(control.closed()).toBeNull();
    await control.close();
    recheck.push(`${closedBySweep} quiet socket closed (4403) by the periodic re-check`);
  });

  it('closes (4401) a socket when its token expires, even with no event', async () => {
    const url = await listen(t.app);
    const short = t.app.get(JwtService).sign({ sub: userIdOf(tok.expiring) }, { expiresIn: 3 });
    const opened = Date.now();
    const s = subscriber(url, short);
    await s.ready;
    expect(s.closed()).toBeNull();
    await waitFor(() => s.closed() !== null, 15_000);
    const lived = (Date.now() - opened) / 1000;
    expect(s.closed()).toBe(4401);
    expect(s.reason()).toBe('Token expired');
    expect(lived).toBeGreaterThanOrEqual(1.5); // at expiry (whole seconds: 2 to 3 s after signing), not at once
    recheck.push(`a 3-s token's socket closed (4401) after ${lived.toFixed(1)} s`);
  });

  onPostgres('with two instances sharing Redis, an event raised on one closes the deactivated account’s socket on the other', async () => {
    const peer = await createPeerApp();
    try {
      const url = await listen(peer);
      const s = subscriber(url, tok.peerStaff);
      await s.ready;
      await new Promise((r) => setTimeout(r, 300));
      await t.app.get(DataSource).query('UPDATE users SET active = false WHERE id = $1', [userIdOf(tok.peerStaff)]);
      const kyotoTok = await signIn(t.app, [{ key: 'kyoto', role: Role.PREFECTURE, prefectureCode: '26' }]);
      const draft = await completeDraft(t.app, kyotoTok.kyoto, callId, ['262013']); // raised on the first instance
      ok(await submit(t.app, kyotoTok.kyoto, draft.id));
      await waitFor(() => s.closed() !== null, 10_000);
      expect(s.closed()).toBe(4403);
      expect(s.received[0]).toEqual([]);
      recheck.push('across instances: closed (4403) on the peer, 0 events');
    } finally {
      await peer.close();
    }
  });
});
