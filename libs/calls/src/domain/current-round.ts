import { CallKind, CallStatus, callStatusAt } from './call-window';

/** What the current-round rule reads of a call: its kind, window and stored status, and for a vendor call its regions. */
export interface RoundCall {
  id: string;
  programId: string;
  kind: CallKind;
  status: CallStatus;
  opensAt: Date;
  closesAt: Date;
  /** For a vendor call: the region call whose candidate regions it lists. */
  regionCallId: string | null;
  /** For a vendor call: how many candidate regions it lists. */
  listedRegions: number;
}

export interface Round {
  fiscalYear: number;
  /** The region call whose published candidate regions make the round. */
  regionCallId: string;
  /** Whether a vendor call listing the round's regions is open for bids now. */
  openForBids: boolean;
}

/**
 * The rounds with candidate regions, newest year first: a programme year's round is its decided or published region
 * call (or the one its vendor calls list).
 */
export function roundsOf(programs: ReadonlyArray<{ id: string; fiscalYear: number }>, calls: readonly RoundCall[]): Round[] {
  const rounds: Round[] = [];
  for (const p of [...programs].sort((a, b) => b.fiscalYear - a.fiscalYear)) {
    const mine = calls.filter((c) => c.programId === p.id);
    const regionCallIds = new Set<string>();
    for (const c of mine) if (c.kind === CallKind.REGION && (c.status === CallStatus.DECIDED || c.status === CallStatus.PUBLISHED)) regionCallIds.add(c.id);
    for (const c of mine)
      if (c.kind === CallKind.VENDOR && c.status !== CallStatus.DRAFT && c.listedRegions && c.regionCallId) regionCallIds.add(c.regionCallId);
    const [regionCallId] = regionCallIds;
    if (regionCallId) rounds.push({ fiscalYear: p.fiscalYear, regionCallId, openForBids: false });
  }
  return rounds;
}

/**
 * The round a list shows by default (the candidate-region page, `candidateRegions(currentRound: true)`): the newest
 * round with a vendor call open for bids now (OPEN as a reader sees it: not before its opensAt, see callStatusAt),
 * else the newest round. Undefined while no region call has candidate regions.
 */
export function currentRound(programs: ReadonlyArray<{ id: string; fiscalYear: number }>, calls: readonly RoundCall[], now: Date): Round | undefined {
  const rounds = roundsOf(programs, calls);
  const fiscalYearOf = new Map(programs.map((p) => [p.id, p.fiscalYear]));
  const open = rounds.find((r) =>
    calls.some(
      (c) => c.kind === CallKind.VENDOR && c.listedRegions > 0 && fiscalYearOf.get(c.programId) === r.fiscalYear && callStatusAt(c, now) === CallStatus.OPEN,
    ),
  );
  return open ? { ...open, openForBids: true } : rounds[0];
}

/**
 * Until when `currentRound` keeps its answer without any write: the next opensAt, after now, of a vendor call stored
 * OPEN with regions (it then turns from SCHEDULED to OPEN). Nothing else in the rule reads the clock: a call closes
 * only by a write. Undefined: no such instant.
 */
export function currentRoundValidUntil(calls: readonly RoundCall[], now: Date): Date | undefined {
  let until: Date | undefined;
  for (const c of calls)
    if (c.kind === CallKind.VENDOR && c.listedRegions > 0 && c.status === CallStatus.OPEN && c.opensAt.getTime() > now.getTime())
      if (!until || c.opensAt.getTime() < until.getTime()) until = c.opensAt;
  return until;
}
