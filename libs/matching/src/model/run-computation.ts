/**
 * Everything a matching run computes, as one pure function of what the database holds, run in the solver's worker
 * thread (solver-thread.ts) so that the API's event loop only reads and writes: the call's aggregation (parsing 54,000
 * sheets and 20,000 proposals at national scale), the model's input, the check of proposals nobody evaluated, both
 * policies, their comparison, the explanation of every selected pair, the input's digest and the JSON text that the
 * run's snapshot and matches are stored from. No Nest, no TypeORM: the worker loads only the model's code.
 */
import { aggregateCallData, PackedCallAggregation, unpackCallAggregation } from '@app/core/util/call-aggregation';
import { sha256Hex } from '@app/core/util/canonical-json';
import { explainer } from './explanations';
import { compressedSnapshotJson } from './snapshot-codec';
import type { MatchSource, MatchStatus } from '../entities/matching.entities';
import {
  byId,
  canonicalInputJson,
  compareSolutions,
  explainUnsupported,
  MatchingInput,
  MatchingSolution,
  notEvaluatedProposals,
  solveGreedy,
  solveOptimal,
} from './matching-model';

/** What the event loop reads for a run (MatchingService.runMatching), posted to the worker as is. */
export interface RunData {
  policy: 'OPTIMAL' | 'GREEDY';
  budgetYen: number | null;
  /** The secretariat has seen that some proposals were not evaluated. */
  acknowledgeNotEvaluated: boolean;
  /** The regions the vendor call lists. */
  regionIds: string[];
  aggregation: PackedCallAggregation;
  /** The call's submitted applications: vendor, declared capacity, and whether the vendor is approved (else excluded). */
  applications: Array<{ vendorId: string; capacity: number | null; approved: boolean }>;
  /** Regions each vendor already holds in published results of the programme's other calls: `[vendorId, count]`. */
  committed: Array<[string, number]>;
  /** HiGHS' time limit (default 60 s, see matching-model). */
  timeLimitSeconds?: number;
  /**
   * How the stored reasons of unsupported regions (detail, detailJa) name regions and vendors: `[id, name]` of the
   * listed regions (prefecture names) and of the applying vendors. Absent (the warm-up, unit specs): ids, as the solver's.
   */
  names?: RunNames;
}

/** A JSON text, or its UTF-8 bytes. */
export type JsonText = string | Uint8Array;

export interface RunNames {
  regions: Array<[string, string]>;
  vendors: Array<[string, string]>;
}

export interface SolvedRun {
  kind: 'SOLVED';
  solverStatus: string;
  objective: MatchingSolution['objective'];
  gap: number | null;
  seconds: number;
  inputDigest: string;
  /**
   * The model's input as stored in matching_runs.input_snapshot (compressed: snapshot-codec.ts; dates as ISO text, as
   * snapshotInput reads them): the JSON text, or its UTF-8 bytes as the solver thread hands it over (solver-wire.ts).
   */
  snapshotJson: JsonText;
  comparison: Record<string, unknown>;
  /** The selected pairs in the shape of MatchingRepository.insertMatchesJson: `[{candidate_region_id, …, explanation}]` (text or UTF-8). */
  matchesJson: JsonText;
  matchCount: number;
  /** Why each listed region without a match has none, naming regions and vendors by RunData.names. */
  unsupported: MatchingSolution['unsupported'];
  /** Proposals in the running that nobody evaluated (MatchingRun.notEvaluated). */
  notEvaluatedIds: string[];
  /** Where the thread's time went (ms), for the run's log line: RunPhases. */
  phases: RunPhases;
}

/**
 * A run's time in the solver's thread, in milliseconds: its reads and their parsing (`read`, set by the worker: 0 when
 * the data came read), the aggregation and the model's input (`aggregated`), what is computed while HiGHS solves (the
 * greedy policy, the digest, the snapshot: `beside`), waiting for HiGHS after that (`solving`), and the explanations
 * with the JSON of the matches (`explained`).
 */
export interface RunPhases {
  read: number;
  aggregated: number;
  beside: number;
  solving: number;
  explained: number;
}

/** The run is refused before solving: these proposals of listed regions were not evaluated and that was not acknowledged. */
export interface UnacknowledgedRun {
  kind: 'NOT_EVALUATED_UNACKNOWLEDGED';
  proposals: Array<{ id: string; regionId: string; vendorId: string }>;
}

export type RunComputation = SolvedRun | UnacknowledgedRun;

/** One row of insertMatchesJson (column names as in the table). */
export interface MatchRowJson {
  candidate_region_id: string;
  proposal_id: string;
  vendor_id: string;
  score: number;
  rank_in_region: number | null;
  source: `${MatchSource}`;
  status: `${MatchStatus}`;
  explanation: Record<string, unknown>;
}

export async function computeRun(data: RunData): Promise<RunComputation> {
  let mark = performance.now();
  const lap = () => Math.round(-mark + (mark = performance.now()));
  const evaluated = aggregateCallData(unpackCallAggregation(data.aggregation));
  const committed = new Map(data.committed);
  const suspended = new Set(data.applications.filter((a) => !a.approved).map((a) => a.vendorId));
  const input: MatchingInput = {
    regionIds: [...data.regionIds].sort(),
    budgetYen: data.budgetYen,
    vendors: data.applications.map((a) => ({ id: a.vendorId, capacity: Math.max(0, (a.capacity ?? 0) - (committed.get(a.vendorId) ?? 0)) })).sort(byId),
    proposals: evaluated
      .map((r) => ({
        id: r.proposalId,
        regionId: r.regionId,
        vendorId: r.vendorId,
        score: r.finalScore,
        passed: r.passed,
        excluded: suspended.has(r.vendorId),
        ...(r.sheetCount === 0 ? { notEvaluated: true } : {}),
        budgetYen: r.budgetYen,
        submittedAt: r.submittedAt,
      }))
      .sort(byId),
    ...(data.timeLimitSeconds !== undefined ? { timeLimitSeconds: data.timeLimitSeconds } : {}),
  };
  const listed = new Set(input.regionIds);
  const notEvaluated = notEvaluatedProposals(input);
  const missing = notEvaluated.filter((p) => listed.has(p.regionId));
  if (missing.length && !data.acknowledgeNotEvaluated)
    return { kind: 'NOT_EVALUATED_UNACKNOWLEDGED', proposals: missing.map((p) => ({ id: p.id, regionId: p.regionId, vendorId: p.vendorId })) };

  // HiGHS starts on the model (in the LP thread where the solver worker set one up: lp-thread.ts), and what does not
  // depend on its solution is computed meanwhile.
  // Between the steps the thread turns to the LP thread's answer, so that a MIP that follows the LP (with a budget) is
  // posted at once rather than after all three: its time limit counts from the start of the solve.
  const aggregated = lap();
  const solving = solveOptimal(input);
  solving.catch(() => undefined); // awaited below; a failure here is reported there, not as an unhandled rejection first
  const greedy = solveGreedy(input);
  await turn();
  // The snapshot is the canonical text the digest is taken of (one serialisation for both).
  const canonical = canonicalInputJson(input);
  const digest = sha256Hex(canonical);
  await turn();
  const snapshotJson = compressedSnapshotJson(canonical);
  const beside = lap();
  const optimal = await solving;
  const solvingWait = lap();
  const [chosen, other] = data.policy === 'OPTIMAL' ? [optimal, greedy] : [greedy, optimal];
  const explain = explainer(input, chosen);
  const rank = new Map(evaluated.map((r) => [r.proposalId, r.rank]));
  const rows = chosen.matches.map((x): MatchRowJson => ({
    candidate_region_id: x.regionId,
    proposal_id: x.proposalId,
    vendor_id: x.vendorId,
    score: x.score,
    rank_in_region: rank.get(x.proposalId) ?? null,
    source: 'SOLVER',
    status: 'SELECTED',
    explanation: explain(x.proposalId, x.regionId),
  }));
  const matchesJson = JSON.stringify(rows);
  const explained = lap();
  return {
    kind: 'SOLVED',
    solverStatus: chosen.status,
    objective: chosen.objective,
    gap: chosen.gap,
    seconds: chosen.seconds,
    inputDigest: digest,
    snapshotJson,
    comparison: { otherPolicy: other.policy, other: other.objective, ...compareSolutions(chosen, other) },
    matchesJson,
    matchCount: rows.length,
    unsupported: data.names ? explainUnsupported(input, chosen.matches, namesOf(data.names)) : chosen.unsupported,
    notEvaluatedIds: notEvaluated.map((p) => p.id),
    phases: { read: 0, aggregated, beside, solving: solvingWait, explained },
  };
}

/** Lets the thread handle what arrived meanwhile (a message) before going on. */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The solver explains with ids; stored, the reasons name prefectures and vendors (same checks, same numbers). */
function namesOf(names: RunNames) {
  const regions = new Map(names.regions);
  const vendors = new Map(names.vendors);
  return { region: (id: string) => regions.get(id) ?? id, vendor: (id: string) => vendors.get(id) ?? id };
}
