import { CallKind, CallStatus } from './call-window';
import { currentRound, currentRoundValidUntil, RoundCall, roundsOf } from './current-round';

const programs = [
  { id: 'p2025', fiscalYear: 2025 },
  { id: 'p2026', fiscalYear: 2026 },
];
const region = (id: string, programId: string, status = CallStatus.PUBLISHED): RoundCall => ({
  id,
  programId,
  kind: CallKind.REGION,
  status,
  opensAt: new Date('2025-02-10T00:00:00+09:00'),
  closesAt: new Date('2025-02-28T17:00:00+09:00'),
  regionCallId: null,
  listedRegions: 0,
});
const vendor = (id: string, programId: string, regionCallId: string, status: CallStatus, opensAt: string, listedRegions = 2): RoundCall => ({
  id,
  programId,
  kind: CallKind.VENDOR,
  status,
  opensAt: new Date(opensAt),
  closesAt: new Date('2026-12-31T17:00:00+09:00'),
  regionCallId,
  listedRegions,
});

describe('the current round of candidate regions', () => {
  const now = new Date('2025-03-09T12:00:00+09:00');

  it('lists the years with a decided or published region call, newest first; an open region call is no round yet', () => {
    expect(roundsOf(programs, [region('r25', 'p2025'), region('r26', 'p2026', CallStatus.OPEN)]).map((r) => r.fiscalYear)).toEqual([2025]);
    expect(roundsOf(programs, [region('r25', 'p2025'), region('r26', 'p2026', CallStatus.DECIDED)]).map((r) => r.regionCallId)).toEqual(['r26', 'r25']);
  });

  it('is the newest round while no vendor call is open for bids; none without rounds', () => {
    expect(currentRound(programs, [], now)).toBeUndefined();
    expect(currentRound(programs, [region('r25', 'p2025'), region('r26', 'p2026')], now)).toEqual({
      fiscalYear: 2026,
      regionCallId: 'r26',
      openForBids: false,
    });
  });

  it('is the round whose vendor call is open now: not before its opensAt, not once closed, not with no region listed', () => {
    const calls = (v: RoundCall) => [region('r25', 'p2025'), region('r26', 'p2026'), v];
    const opensAt = '2025-03-10T00:00:00+09:00';
    expect(currentRound(programs, calls(vendor('v25', 'p2025', 'r25', CallStatus.OPEN, opensAt)), now)?.fiscalYear).toBe(2026);
    expect(currentRound(programs, calls(vendor('v25', 'p2025', 'r25', CallStatus.OPEN, opensAt)), new Date(opensAt))).toEqual({
      fiscalYear: 2025,
      regionCallId: 'r25',
      openForBids: true,
    });
    expect(currentRound(programs, calls(vendor('v25', 'p2025', 'r25', CallStatus.CLOSED, opensAt)), new Date(opensAt))?.fiscalYear).toBe(2026);
    expect(currentRound(programs, calls(vendor('v25', 'p2025', 'r25', CallStatus.OPEN, opensAt, 0)), new Date(opensAt))?.fiscalYear).toBe(2026);
  });

  it('holds until the next opening of a vendor call stored OPEN with regions (nothing else in it reads the clock)', () => {
    const calls = [
      region('r25', 'p2025'),
      vendor('late', 'p2025', 'r25', CallStatus.OPEN, '2025-04-01T00:00:00+09:00'),
      vendor('soon', 'p2025', 'r25', CallStatus.OPEN, '2025-03-10T00:00:00+09:00'),
      vendor('draft', 'p2025', 'r25', CallStatus.DRAFT, '2025-03-09T18:00:00+09:00'),
      vendor('opened', 'p2025', 'r25', CallStatus.OPEN, '2025-03-01T00:00:00+09:00'),
    ];
    expect(currentRoundValidUntil(calls, now)).toEqual(new Date('2025-03-10T00:00:00+09:00'));
    expect(currentRoundValidUntil(calls, new Date('2025-04-01T00:00:00+09:00'))).toBeUndefined();
  });
});
