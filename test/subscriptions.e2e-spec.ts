import { INestApplication } from '@nestjs/common';
import { createClient, Client } from 'graphql-ws';
import { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import {
  completeDraft,
  createPeerApp,
  createProgramAndCall,
  createTestApp,
  IN_WINDOW,
  ok,
  signIn,
  STANDARD_ACCOUNTS,
  submit,
  TestApp,
  waitFor,
} from './support';

const SUBSCRIPTION = 'subscription { applicationStatusChanged { applicationId status prefectureCode } }';

async function listen(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return `ws://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/graphql`;
}

/** A graphql-ws client that keeps what it receives. */
function subscriber(url: string, token: string) {
  const received: any[] = [];
  const errors: unknown[] = [];
  const client: Client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: false });
  const ready = new Promise<void>((resolve) => client.on('connected', () => resolve()));
  client.subscribe(
    { query: SUBSCRIPTION },
    { next: (v) => received.push(v.data?.applicationStatusChanged), error: (e) => errors.push(e), complete: () => undefined },
  );
  return { received, errors, ready, close: () => client.dispose() };
}

describe('live tracking: GraphQL subscriptions over graphql-ws, each subscriber only what it may read', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let callId: string;

  beforeAll(async () => {
    process.env.REDIS_URL = process.env.TEST_DATABASE_URL ? 'redis://127.0.0.1:6379' : '';
    t = await createTestApp();
    t.clock.set('2025-02-01T09:00:00+09:00');
    tok = await signIn(t.app, STANDARD_ACCOUNTS);
    ({ callId } = await createProgramAndCall(t.app, tok.secretariat));
    t.clock.set(IN_WINDOW);
  });
  afterAll(async () => {
    await t.close();
    delete process.env.REDIS_URL;
  });

  it('delivers a status change to the applicant, its partner and the staff, not to another prefecture', async () => {
    const url = await listen(t.app);
    const subs = {
      hyogo: subscriber(url, tok.hyogo),
      toyooka: subscriber(url, tok.toyooka),
      nagano: subscriber(url, tok.nagano),
      secretariat: subscriber(url, tok.secretariat),
    };
    await Promise.all(Object.values(subs).map((s) => s.ready));
    await new Promise((r) => setTimeout(r, 300)); // the subscriptions are registered
    const draft = await completeDraft(t.app, tok.hyogo, callId, ['282090']);
    ok(await submit(t.app, tok.hyogo, draft.id));
    await waitFor(() => subs.hyogo.received.length > 0 && subs.toyooka.received.length > 0 && subs.secretariat.received.length > 0, 10000);
    await new Promise((r) => setTimeout(r, 500));
    expect(subs.hyogo.received).toEqual([{ applicationId: draft.id, status: 'SUBMITTED', prefectureCode: '28' }]);
    expect(subs.toyooka.received).toHaveLength(1);
    expect(subs.nagano.received).toEqual([]);
    for (const s of Object.values(subs)) {
      expect(s.errors).toEqual([]);
      await s.close();
    }
  });

  it('refuses a socket with a bad token', async () => {
    const url = `ws://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/graphql`;
    const closed = new Promise<number>((resolve) => {
      const c = createClient({
        url,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: 'Bearer not-a-token' },
        retryAttempts: 0,
        lazy: false,
        onNonLazyError: () => undefined, // the refusal is what this test expects
        on: { closed: (e) => resolve((e as { code: number }).code) },
      });
      c.subscribe({ query: SUBSCRIPTION }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    });
    expect(await closed).toBe(4403);
  });

  const onPostgres = process.env.TEST_DATABASE_URL ? it : it.skip; // two instances need a shared server database
  onPostgres('with two API instances sharing Redis, an event raised on one reaches a subscriber of the other', async () => {
    const peer = await createPeerApp();
    try {
      const url = await listen(peer);
      const nagano = subscriber(url, tok.nagano);
      const hyogo = subscriber(url, tok.hyogo);
      await Promise.all([nagano.ready, hyogo.ready]);
      await new Promise((r) => setTimeout(r, 300));
      const draft = await completeDraft(t.app, tok.nagano, callId, ['202011']);
      ok(await submit(t.app, tok.nagano, draft.id)); // through the first instance
      await waitFor(() => nagano.received.length > 0, 10000);
      await new Promise((r) => setTimeout(r, 500));
      expect(nagano.received).toEqual([{ applicationId: draft.id, status: 'SUBMITTED', prefectureCode: '20' }]);
      expect(hyogo.received).toEqual([]);
      await nagano.close();
      await hyogo.close();
    } finally {
      await peer.close();
    }
  });
});
