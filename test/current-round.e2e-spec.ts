import { VendorCallService } from '@app/bidding';
import { Role } from '@app/core';
import { createTestApp, createVendorCall, errorCode, gql, ok, publishedRegions, signIn, STANDARD_ACCOUNTS, TestApp } from './support';

/**
 * `candidateRegions(currentRound: true)` (issue 13): the server picks the round the candidate-region page shows by
 * default, so the page's list does not wait for the rounds: the newest programme year with a vendor call open for bids
 * now, else the newest year with published candidate regions. A vendor call's id lists the regions that call lists.
 */
const CURRENT =
  'query Current { candidateRegions(currentRound: true, limit: 100) { total round { fiscalYear openForBids regionCallId } items { prefectureCode fiscalYear } } }';
const BY_CALL = 'query ByCall($c: ID) { candidateRegions(callId: $c, limit: 100) { total items { prefectureCode } } }';

describe('the current round, chosen by the server', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let fy2025: { programId: string; regionCallId: string; regionIds: Record<string, string> };
  let fy2026: { programId: string; regionCallId: string; regionIds: Record<string, string> };
  let vendorCallId: string;

  const current = async () => {
    const page = ok(await gql(t.app, CURRENT)).candidateRegions;
    const years = [...new Set(page.items.map((r: any) => r.fiscalYear))];
    // The round the server chose is the one it lists.
    expect(page.round?.fiscalYear).toBe(years[0]);
    return { total: page.total, prefectures: page.items.map((r: any) => r.prefectureCode).sort(), years, open: page.round?.openForBids ?? null };
  };

  beforeAll(async () => {
    t = await createTestApp();
    tok = { ...(await signIn(t.app, STANDARD_ACCOUNTS)), ...(await signIn(t.app, [{ key: 'kochi', role: Role.PREFECTURE, prefectureCode: '39' }])) };
  });
  afterAll(() => t.close());

  it('has no round before any candidate region is published', async () => {
    expect(await current()).toEqual({ total: 0, prefectures: [], years: [], open: null });
  });

  it('shows the newest year with published candidate regions while no vendor call is open', async () => {
    fy2025 = await publishedRegions(t, tok.secretariat, [
      { token: tok.hyogo, prefectureCode: '28', partners: ['282090'] },
      { token: tok.nagano, prefectureCode: '20', partners: ['202011'] },
    ]);
    expect(await current()).toEqual({ total: 2, prefectures: ['20', '28'], years: [2025], open: false });
    // Its programme year and its call (a Call is not published data: such a query is not kept in the cache).
    const [region] = ok(await gql(t.app, '{ candidateRegions(currentRound: true) { items { fiscalYear callId call { id kind } } } }')).candidateRegions.items;
    expect(region.fiscalYear).toBe(2025);
    expect(region.call).toEqual({ id: fy2025.regionCallId, kind: 'REGION' });
    expect(region.callId).toBe(fy2025.regionCallId);

    fy2026 = await publishedRegions(t, tok.secretariat, [{ token: tok.kochi, prefectureCode: '39', partners: ['392014'] }], { fiscalYear: 2026 });
    expect(await current()).toEqual({ total: 1, prefectures: ['39'], years: [2026], open: false });
  });

  it('turns to the year whose vendor call opens for bids at its opensAt, with no write (the cache does not serve the old round)', async () => {
    // The FY2025 vendor call lists only 兵庫県; opened ahead of its window (SCHEDULED until 2025-03-10 00:00 JST).
    t.clock.set('2025-03-05T10:00:00+09:00');
    vendorCallId = await createVendorCall(t.app, tok.secretariat, fy2025.programId, fy2025.regionCallId, { candidateRegionIds: [fy2025.regionIds['28']] });
    const rounds = jest.spyOn(t.app.get(VendorCallService), 'currentRound');
    try {
      t.clock.set('2025-03-09T23:59:59.999+09:00');
      expect(await current()).toEqual({ total: 1, prefectures: ['39'], years: [2026], open: false });
      expect(await current()).toEqual({ total: 1, prefectures: ['39'], years: [2026], open: false });
      // The second read came from the published-data cache (the round was not worked out again).
      expect(rounds).toHaveBeenCalledTimes(1);
      t.clock.set('2025-03-10T00:00:00+09:00');
      // The whole round's regions (a page marks those the open call lists).
      expect(await current()).toEqual({ total: 2, prefectures: ['20', '28'], years: [2025], open: true });
      expect(rounds).toHaveBeenCalledTimes(2);
      // Nothing opens later: this answer is kept until a write.
      t.clock.set('2025-03-20T10:00:00+09:00');
      expect(await current()).toEqual({ total: 2, prefectures: ['20', '28'], years: [2025], open: true });
      expect(rounds).toHaveBeenCalledTimes(2);
    } finally {
      rounds.mockRestore();
    }
  });

  it("answers a vendor call's id with the regions that call lists, and a region call's with those it published", async () => {
    expect(ok(await gql(t.app, BY_CALL, { c: vendorCallId })).candidateRegions).toEqual({ total: 1, items: [{ prefectureCode: '28' }] });
    expect(ok(await gql(t.app, BY_CALL, { c: fy2025.regionCallId })).candidateRegions.total).toBe(2);
    expect(ok(await gql(t.app, BY_CALL, { c: fy2026.programId })).candidateRegions.total).toBe(0); // not a call
  });

  it('refuses currentRound together with a callId, with a typed error', async () => {
    const res = await gql(t.app, 'query($c: ID) { candidateRegions(callId: $c, currentRound: true) { total } }', { c: fy2025.regionCallId });
    expect(errorCode(res)).toBe('VALIDATION_FAILED');
  });

  it('goes back to the newest year once the vendor call is closed', async () => {
    t.clock.set('2025-03-29T10:00:00+09:00');
    ok(await gql(t.app, `mutation { closeCall(id: "${vendorCallId}") { status } }`, {}, tok.secretariat));
    expect(await current()).toEqual({ total: 1, prefectures: ['39'], years: [2026], open: false });
  });
});
