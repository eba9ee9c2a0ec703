import { INestApplication } from '@nestjs/common';
import { createClient, Client } from 'graphql-ws';
import { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import {
  approvedVendor,
  createTestApp,
  corporateNumber,
  createVendorCall,
  errorCode,
  gql,
  TEST_PASSWORD,
  IN_VENDOR_WINDOW,
  ok,
  publishedRegions,
  saveProposal,
  signIn,
  STANDARD_ACCOUNTS,
  startVendorApplication,
  submitVendor,
  TestApp,
  waitFor,
} from './support';

const SUBSCRIPTION = 'subscription($c: ID!) { vendorBidsChanged(callId: $c) { callId } }';

async function listen(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return `ws://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/graphql`;
}

function subscriber(url: string, token: string, callId: string) {
  const received: any[] = [];
  const errors: unknown[] = [];
  const client: Client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: false });
  const ready = new Promise<void>((resolve) => client.on('connected', () => resolve()));
  client.subscribe(
    { query: SUBSCRIPTION, variables: { c: callId } },
    { next: (v) => received.push(v.data?.vendorBidsChanged), error: (e) => errors.push(e), complete: () => undefined },
  );
  return { received, errors, ready, close: () => client.dispose() };
}

describe('the secretariat’s stage 2: bids followed live, vendor registrations refused with a reason', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let callId: string;
  let otherCallId: string;
  let regions: Record<string, string>;
  let vendor: { vendorId: string; token: string };

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2025-02-01T09:00:00+09:00');
    tok = await signIn(t.app, STANDARD_ACCOUNTS);
    let programId: string;
    let regionCallId: string;
    ({
      programId,
      regionCallId,
      regionIds: regions,
    } = await publishedRegions(t, tok.secretariat, [
      { token: tok.hyogo, prefectureCode: '28', partners: ['282090'] },
      { token: tok.nagano, prefectureCode: '20', partners: ['202011'] },
    ]));
    vendor = await approvedVendor(t.app, tok.secretariat, 'vendor-live', '180301018771');
    t.clock.set(IN_VENDOR_WINDOW);
    callId = await createVendorCall(t.app, tok.secretariat, programId, regionCallId, { candidateRegionIds: [regions['28']] });
    otherCallId = await createVendorCall(t.app, tok.secretariat, programId, regionCallId, { candidateRegionIds: [regions['20']], title: '別の公募' });
  });
  afterAll(() => t.close());

  it('tells the secretariat of this call when a vendor saves and submits a bid; not the vendor, not a subscriber of another call', async () => {
    const url = await listen(t.app);
    const subs = {
      secretariat: subscriber(url, tok.secretariat, callId),
      ministry: subscriber(url, tok.ministry, callId),
      other: subscriber(url, tok.secretariat, otherCallId),
      vendor: subscriber(url, vendor.token, callId),
      hyogo: subscriber(url, tok.hyogo, callId),
    };
    await Promise.all(Object.values(subs).map((s) => s.ready));
    await new Promise((r) => setTimeout(r, 300)); // the subscriptions are registered
    const appId = await startVendorApplication(t.app, vendor.token, callId, 1);
    ok(await saveProposal(t.app, vendor.token, appId, regions['28']));
    await waitFor(() => subs.secretariat.received.length >= 1, 10000);
    ok(await submitVendor(t.app, vendor.token, appId));
    await waitFor(() => subs.secretariat.received.length >= 2 && subs.ministry.received.length >= 2, 10000);
    // What the page then reads again: the region's submitted bid.
    const progress = ok(
      await gql(t.app, 'query($c: ID!) { vendorCallProgress(callId: $c) { submittedProposals candidateRegion { id } } }', { c: callId }, tok.secretariat),
    ).vendorCallProgress;
    expect(progress).toEqual([{ submittedProposals: 1, candidateRegion: { id: regions['28'] } }]);
    await new Promise((r) => setTimeout(r, 500));
    expect(subs.secretariat.received).toEqual([{ callId }, { callId }]);
    expect(subs.other.received).toEqual([]);
    expect(subs.vendor.received).toEqual([]);
    expect(subs.hyogo.received).toEqual([]);
    for (const s of Object.values(subs)) await s.close();
  });

  it('rejectVendor: the secretariat refuses a pending registration with its reason; the vendor can no longer sign in', async () => {
    const q = 'mutation($i: RegisterVendorInput!) { registerVendor(input: $i) { id status } }';
    const email = 'refused@bank.example.jp';
    const v = ok(
      await gql(t.app, q, {
        i: {
          name: '登録テスト株式会社',
          corporateNumber: corporateNumber('123456789013'),
          kind: 'LOCAL_FIRM',
          headOfficePrefectureCode: '28',
          email,
          displayName: '担当',
          password: TEST_PASSWORD,
        },
      }),
    ).registerVendor;
    const reject = 'mutation($id: ID!, $r: String!) { rejectVendor(id: $id, reason: $r) { id status statusReason } }';
    expect(errorCode(await gql(t.app, reject, { id: v.id, r: '所在が確認できない' }, tok.ministry))).toBe('FORBIDDEN');
    expect(errorCode(await gql(t.app, reject, { id: v.id, r: '' }, tok.secretariat))).toBe('VALIDATION_FAILED');
    expect(ok(await gql(t.app, reject, { id: v.id, r: '法人番号の登記と所在地が一致しないため' }, tok.secretariat)).rejectVendor).toEqual({
      id: v.id,
      status: 'REJECTED',
      statusReason: '法人番号の登記と所在地が一致しないため',
    });
    expect(ok(await gql(t.app, '{ vendors(status: PENDING) { id } }', {}, tok.secretariat)).vendors.map((x: any) => x.id)).not.toContain(v.id);
    const login = await gql(t.app, 'mutation($i: LoginInput!) { login(input: $i) { token } }', { i: { email, password: TEST_PASSWORD } });
    expect(login.data?.login).toBeFalsy();
    // Only a pending registration: an approved vendor is suspended instead.
    expect(errorCode(await gql(t.app, reject, { id: vendor.vendorId, r: '理由' }, tok.secretariat))).toBe('INVALID_STATE');
  });
});
