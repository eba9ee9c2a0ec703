/**
 * Matching of companion-support vendors to candidate regions: at most one vendor per region, at most capacity_v
 * regions per vendor, optionally a programme budget B. Solved with HiGHS (WebAssembly).
 *
 * Candidates P = proposals p that are eligible (passed ∧ ¬excluded), in a listed region, of a vendor with
 * capacity ≥ 1 and (with a budget) with budget_p ≤ B. One variable x_p per candidate, named x1, x2, … in
 * canonical order (region id, then the rank below), so the model text depends only on the content of the input.
 *
 *   max  Σ_p c_p x_p,   c_p = M + S_p + ε_p
 *   s.t. Σ_{p ∈ P_r} x_p ≤ 1              ∀ region r   (written when r has ≥ 2 candidates)
 *        Σ_{p ∈ P_v} x_p ≤ capacity_v     ∀ vendor v   (written when v has more candidates than capacity)
 *        Σ_p budget_p x_p ≤ B             with a budget
 *        0 ≤ x_p ≤ 1                      (x_p binary in the MIP)
 *
 * Scores in integer units: S_p = scoreHundredths(score_p), the score as the one ranking counts it
 * (compareProposalRank in libs/core/src/util/proposal-rank.ts: hundredths of a point), so the optimum, the greedy
 * order and the tie-break count exactly what the evaluation's ranks and the awarding order count; finer differences
 * would also leave the tie-break no room below them.
 * Tie-break: k_p = rank of p among the n_r candidates of its region by compareProposalRank, from 0;
 *   ε_p = (n_r − k_p) / (2N), N = |P|.
 * So within a region c_p orders the candidates exactly as compareProposalRank does: a better rank has a larger S_p,
 * or the same S_p and a larger ε_p (ε_p < 1/2, S in whole units).
 * Any selection takes at most one candidate per region, so Σ ε ≤ Σ_r n_r / (2N) = 1/2 < 1 unit (0.01 points):
 * ε only orders selections of equal region count and equal score. Within that, a region prefers its better-ranked
 * proposal; rank sums of different selections can coincide (two regions swapping their first and second choice),
 * and there the canonical model text and fixed seed still make HiGHS' choice reproducible.
 * M = 1 + Σ_r max_{p ∈ P_r} S_p: one more region outweighs any loss of score plus tie-break (lexicographic
 * objective, regions first, then score, then tie-break, in one weighted objective).
 *
 * Numerics: at national scale (1,741 regions, 20,000 proposals) M ≈ 2·10⁷ while the smallest tie-break step is
 * 1/(2N) ≈ 2.5·10⁻⁵. That step is far above HiGHS' dual feasibility tolerance (10⁻⁷, absolute) and far above the
 * rounding of the coefficients (M × 2.2·10⁻¹⁶ ≈ 4·10⁻⁹), so simplex sees every preference. Dividing by M to get
 * costs near 1 would push the score step (1/M ≈ 5·10⁻⁸) below the tolerance: the unit stays 0.01 points.
 * HiGHS is handed the doubles themselves (buildModel); the model's text (buildLp, for diagnostics) writes them in
 * JavaScript's shortest round-trip form, so that it reads back as the very same model.
 *
 * Integrality: without a budget the rows are the incidence matrix of the bipartite graph regions–vendors (one 1 in a
 * region row and one in a vendor row per column) plus the bounds: totally unimodular, so every vertex of the LP is
 * integral and simplex (which ends on a vertex) gives a 0/1 solution. So the LP (no integer markers) is solved first
 * and each value checked within 10⁻⁶ of 0 or 1; only a fractional value (not expected) leads to the MIP.
 * A budget row breaks total unimodularity (a knapsack row), but a vertex of the LP with it has only a few fractional
 * values (one extra row: 2 of 17,440 on the national instance). The same LP is solved first; if it happens to be
 * integral it is the optimum, otherwise the MIP runs with the time limit (default 60 s), started from the LP rounded
 * down and filled greedily, which is already within a few points of the bound; HiGHS only has to close that.
 * MIP gap: levels of region count or score differ by ≥ 1/2 in the objective (Σ ε ≤ 1/2), so an absolute gap of
 * 0.25 proves the (regions, score) optimum exactly; the tie-break inside it is then HiGHS' (deterministic) choice
 * rather than proven, which avoids proving digits 10⁻⁵ apart on objectives near 3·10¹⁰. The gap reported is
 * relative to the weighted objective, which M dominates: 10⁻¹⁰ on the national instance is about 0.03 points.
 * A run stopped by the time limit depends on the machine's speed; everything else is reproducible.
 * After solving, the rounded selection is checked against every row in exact arithmetic and extended greedily
 * where it is not maximal (possible only with a time-limited incumbent), so the result is always feasible and
 * every unmatched region has a reason (explainUnsupported).
 */
import type { Highs, OptionValue } from 'highs';
import { withHighs } from '@app/core/solver/highs';
import { sha256Hex } from '@app/core/util/canonical-json';
import { compareProposalRank, scoreHundredths } from '@app/core/util/proposal-rank';
import { yenJa } from '@app/core/util/yen';

export interface MatchingProposal {
  id: string;
  regionId: string;
  vendorId: string;
  score: number;
  passed: boolean;
  excluded: boolean;
  /**
   * No sheet of an unconflicted evaluator counts for it (so it is not passed either). Set only when true, so that
   * the digest of inputs without such a proposal is what it was before the flag existed.
   */
  notEvaluated?: boolean;
  budgetYen: number;
  submittedAt: Date;
}

export interface MatchingInput {
  regionIds: string[];
  vendors: Array<{ id: string; capacity: number }>;
  /** Proposals for regions not in regionIds are ignored (those regions are not being matched). */
  proposals: MatchingProposal[];
  budgetYen?: number | null;
  timeLimitSeconds?: number;
}

export type UnsupportedReason = 'NO_PROPOSALS' | 'ALL_BELOW_THRESHOLD' | 'NOT_EVALUATED' | 'ALL_WITHDRAWN_OR_EXCLUDED' | 'LOST_TO_CAPACITY' | 'OVER_BUDGET';

export interface MatchingSolution {
  policy: 'OPTIMAL' | 'GREEDY';
  /** OPTIMAL, TIME_LIMIT, INFEASIBLE, … (HiGHS model status in words; GREEDY for the greedy policy). */
  status: 'OPTIMAL' | 'TIME_LIMIT' | 'INFEASIBLE' | string;
  /** Sorted by regionId. */
  matches: Array<{ regionId: string; proposalId: string; vendorId: string; score: number }>;
  /** `detail` in English, `detailJa` in Japanese: the same numbers and names (ids unless explainUnsupported is given names). */
  unsupported: Array<{ regionId: string; reason: UnsupportedReason; detail: string; detailJa: string }>;
  objective: { regionsSupported: number; totalScore: number; totalBudgetYen: number };
  /** Proven relative gap of the weighted objective (0 when proven optimal; null for greedy or without a bound). */
  gap: number | null;
  seconds: number;
}

/** How the optimum was reached, for benchmarks and audits. */
export interface OptimalDiagnostics {
  /** Which model gave the result: LP (its vertex was integral), MIP (binaries), NONE (no candidates). */
  model: 'LP' | 'MIP' | 'NONE';
  /** The LP came back fractional (expected only with a budget) or not optimal, so the MIP was solved after it. */
  fellBackToMip: boolean;
  /** The MIP started from the LP rounded down and filled greedily. */
  warmStart: boolean;
  /** Largest distance of an LP value from 0/1 (null when no LP solution). */
  maxFractionality: number | null;
  /**
   * The MIP's proven bound minus the returned objective, in score points (the objective counts 0.01 points as 1);
   * below M it bounds the score still to gain at the same region count. 0 when proven optimal; null without a bound.
   */
  absoluteGapPoints: number | null;
  /** Proposals dropped (rounding broke a row) and added (incumbent not maximal) after the solver. */
  dropped: number;
  added: number;
  variables: number;
  /** The model whose solution is returned, as CPLEX LP text (written when read). */
  readonly lp: string;
}

const DEFAULT_TIME_LIMIT_SECONDS = 60;
const INTEGRALITY_TOLERANCE = 1e-6;
const BASE_OPTIONS: Record<string, OptionValue> = { output_flag: false, random_seed: 0 };

export function eligible(p: MatchingProposal): boolean {
  return p.passed && !p.excluded;
}

/** Proposals in the running (not excluded) that nobody evaluated: the secretariat acknowledges them before a run. */
export function notEvaluatedProposals(input: MatchingInput): MatchingProposal[] {
  return input.proposals.filter((p) => p.notEvaluated && !p.excluded);
}

export async function solveOptimal(input: MatchingInput): Promise<MatchingSolution> {
  return (await solveOptimalWithDiagnostics(input)).solution;
}

export async function solveOptimalWithDiagnostics(input: MatchingInput): Promise<{ solution: MatchingSolution; diagnostics: OptimalDiagnostics }> {
  const started = performance.now();
  const prep = prepare(input);
  const timeLimit = input.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS;
  if (!(timeLimit > 0)) throw new RangeError(`timeLimitSeconds must be > 0, got ${timeLimit}`);
  const diagnostics: OptimalDiagnostics = {
    model: 'NONE',
    fellBackToMip: false,
    warmStart: false,
    maxFractionality: null,
    absoluteGapPoints: null,
    dropped: 0,
    added: 0,
    variables: prep.candidates.length,
    // The text of the model solved, written only when asked for: HiGHS is handed the arrays themselves.
    get lp() {
      return diagnostics.model === 'NONE' ? '' : buildLp(prep, diagnostics.model === 'MIP');
    },
  };
  if (prep.candidates.length === 0) {
    diagnostics.absoluteGapPoints = 0;
    return { solution: toSolution(input, prep, [], 'OPTIMAL', 'OPTIMAL', 0, started), diagnostics };
  }

  // The MIP gets what the LP left (a little at least: it then returns its start as the incumbent).
  const remaining = () => Math.max(0.1, timeLimit - (performance.now() - started) / 1000);
  const lpRun = await runHighs(buildModel(prep, false), { ...BASE_OPTIONS, solver: 'simplex', time_limit: remaining() }, { mip: false });
  diagnostics.model = 'LP';
  diagnostics.maxFractionality = lpRun.values ? maxFractionality(lpRun.values) : null;
  let run = lpRun;
  if (lpRun.status !== 'OPTIMAL' || diagnostics.maxFractionality === null || diagnostics.maxFractionality > INTEGRALITY_TOLERANCE) {
    diagnostics.fellBackToMip = true;
    let start: number[] | null = null;
    const relaxed = lpRun.values;
    if (lpRun.status === 'OPTIMAL' && relaxed) {
      // Round down (feasible: only loads and spend fall), then fill greedily.
      const { chosen } = feasibleAndMaximal(
        prep,
        prep.candidates.filter((_, i) => relaxed[i] >= 1 - INTEGRALITY_TOLERANCE),
      );
      const picked = new Set(chosen);
      start = prep.candidates.map((c) => (picked.has(c) ? 1 : 0));
      diagnostics.warmStart = true;
    }
    run = await runHighs(buildModel(prep, true), { ...BASE_OPTIONS, time_limit: remaining(), mip_rel_gap: 0, mip_abs_gap: 0.25 }, { mip: true, start });
    diagnostics.model = 'MIP';
  }

  const fromSolver = run.values ? prep.candidates.filter((_, i) => run.values![i] > 0.5) : [];
  const { chosen, dropped, added } = feasibleAndMaximal(prep, fromSolver);
  diagnostics.dropped = dropped;
  diagnostics.added = added;
  const status = dropped > 0 ? `${run.status}_REPAIRED` : run.status;
  // Upper bounds: the MIP's dual bound and the LP relaxation's optimum (the only one when the MIP stopped before its root).
  const bounds = [run.dualBound, lpRun.status === 'OPTIMAL' ? lpRun.objective : null].filter((b): b is number => b !== null && Number.isFinite(b));
  let gap: number | null = null;
  if (run.status === 'OPTIMAL' && dropped === 0) {
    gap = 0;
    diagnostics.absoluteGapPoints = 0;
  } else if (bounds.length > 0) {
    // Against the returned selection (possibly extended), not HiGHS' incumbent; relative as HiGHS' mip_gap.
    const value = chosen.reduce((total, c) => total + c.weight, 0);
    const absolute = Math.max(0, Math.min(...bounds) - value);
    gap = absolute / Math.max(1, Math.abs(value));
    diagnostics.absoluteGapPoints = absolute / 100;
  }
  return { solution: toSolution(input, prep, chosen, 'OPTIMAL', status, gap, started), diagnostics };
}

/** Each region takes its best eligible proposal, in score order, skipping vendors at capacity and proposals over the budget. */
export function solveGreedy(input: MatchingInput): MatchingSolution {
  const started = performance.now();
  const prep = prepare(input);
  const order = [...prep.candidates].sort(compareCandidates);
  const chosen = addWhereFeasible(prep, [], order);
  return toSolution(input, prep, chosen, 'GREEDY', 'GREEDY', null, started);
}

/**
 * Why each listed region without a match has none. `matches` must be feasible and maximal (no unmatched region
 * could still take an eligible proposal), as both policies guarantee; otherwise an error names the proposal.
 * Order of the checks: NO_PROPOSALS, ALL_WITHDRAWN_OR_EXCLUDED (every proposal excluded), NOT_EVALUATED (none
 * passed and some still in the running was never evaluated: "below the threshold" would be untrue of it),
 * ALL_BELOW_THRESHOLD (some not excluded, none passed, all evaluated), then for regions with eligible proposals LOST_TO_CAPACITY (every eligible vendor at
 * capacity) or OVER_BUDGET (some eligible vendor had capacity left, but each such proposal exceeds the budget).
 */
export function explainUnsupported(
  input: MatchingInput,
  matches: MatchingSolution['matches'],
  names: UnsupportedNames = ID_NAMES,
): MatchingSolution['unsupported'] {
  return unsupportedOf(input, prepare(input), matches, names);
}

/** `explainUnsupported` on the input already prepared (the solvers explain their own result with theirs). */
function unsupportedOf(
  input: MatchingInput,
  prep: Prepared,
  matches: MatchingSolution['matches'],
  names: UnsupportedNames = ID_NAMES,
): MatchingSolution['unsupported'] {
  const matchedRegions = new Set(matches.map((m) => m.regionId));
  const regionsOfVendor = new Map<string, string[]>();
  for (const m of matches) push(regionsOfVendor, m.vendorId, m.regionId);
  const proposalById = new Map(prep.proposals.map((p) => [p.id, p]));
  const spent = matches.reduce((sum, m) => sum + (proposalById.get(m.proposalId)?.budgetYen ?? 0), 0);
  const proposalsOf = new Map<string, MatchingProposal[]>();
  for (const p of prep.proposals) push(proposalsOf, p.regionId, p);

  const out: MatchingSolution['unsupported'] = [];
  for (const regionId of prep.regionIds) {
    if (matchedRegions.has(regionId)) continue;
    const all = proposalsOf.get(regionId) ?? [];
    const inRunning = all.filter((p) => !p.excluded);
    const eligibles = inRunning.filter((p) => p.passed);
    if (all.length === 0) {
      out.push({
        regionId,
        reason: 'NO_PROPOSALS',
        detail: 'No vendor submitted a proposal for this region.',
        detailJa: 'この地域に提案した伴走支援事業者はありませんでした。',
      });
    } else if (inRunning.length === 0) {
      out.push({
        regionId,
        reason: 'ALL_WITHDRAWN_OR_EXCLUDED',
        detail: `All ${plural(all.length, 'proposal')} for this region are excluded (vendor withdrawn or conflicted).`,
        detailJa: `この地域への提案${all.length}件は、いずれも事業者の辞退又は除外により選定の対象外となりました。`,
      });
    } else if (eligibles.length === 0 && inRunning.some((p) => p.notEvaluated)) {
      const unevaluated = inRunning.filter((p) => p.notEvaluated).length;
      const below = inRunning.length - unevaluated;
      const excluded = all.length - inRunning.length;
      out.push({
        regionId,
        reason: 'NOT_EVALUATED',
        detail:
          `${plural(unevaluated, 'proposal')} still in the running could not be evaluated (no unconflicted evaluator scored it)` +
          (below > 0 ? `; ${below} more fell below the evaluation threshold` : '') +
          (excluded > 0 ? `; ${excluded} more excluded.` : '.'),
        detailJa:
          `選定の対象となり得る提案${unevaluated}件は、利益相反のない評価委員が評価できず、評価されませんでした` +
          (below > 0 ? `。ほかに${below}件は評価が基準に達しませんでした` : '') +
          (excluded > 0 ? `。ほかに${excluded}件は除外されました。` : '。'),
      });
    } else if (eligibles.length === 0) {
      const excluded = all.length - inRunning.length;
      out.push({
        regionId,
        reason: 'ALL_BELOW_THRESHOLD',
        detail:
          `None of the ${plural(inRunning.length, 'proposal')} still in the running passed the evaluation threshold` +
          (excluded > 0 ? ` (${excluded} more excluded).` : '.'),
        detailJa:
          `選定の対象となり得る提案${inRunning.length}件は、いずれも評価が基準に達しませんでした` + (excluded > 0 ? `（ほかに${excluded}件は除外）。` : '。'),
      });
    } else {
      const atCapacity = eligibles.filter((p) => (regionsOfVendor.get(p.vendorId)?.length ?? 0) >= prep.capacityOf.get(p.vendorId)!);
      const withRoom = eligibles.filter((p) => !atCapacity.includes(p));
      if (withRoom.length === 0) {
        const vendorIds = [...new Set(atCapacity.map((p) => p.vendorId))].sort(compareStrings);
        const vendors = vendorIds.map((v) => {
          const taken = (regionsOfVendor.get(v) ?? []).sort(compareStrings).map(names.region);
          return {
            en: `${names.vendor(v)} (capacity ${prep.capacityOf.get(v)}${taken.length > 0 ? `, selected for ${taken.join(', ')}` : ''})`,
            ja: `${names.vendor(v)}（支援可能数${prep.capacityOf.get(v)}${taken.length > 0 ? `、${taken.join('・')}で選定` : ''}）`,
          };
        });
        out.push({
          regionId,
          reason: 'LOST_TO_CAPACITY',
          detail: `All ${plural(eligibles.length, 'eligible proposal')} come from vendors at capacity elsewhere: ${vendors.map((v) => v.en).join('; ')}.`,
          detailJa: `基準を満たした提案${eligibles.length}件の事業者は、いずれも他の地域で選定され、支援可能数に達していました：${vendors.map((v) => v.ja).join('、')}。`,
        });
        continue;
      }
      const addable = prep.budget === null ? withRoom : withRoom.filter((p) => spent + p.budgetYen <= prep.budget!);
      if (addable.length > 0) {
        throw new Error(
          `Region ${regionId} could still take proposal ${addable[0].id} (vendor ${addable[0].vendorId}): the matches are not maximal, so no reason applies`,
        );
      }
      const cheapest = Math.min(...withRoom.map((p) => p.budgetYen));
      out.push({
        regionId,
        reason: 'OVER_BUDGET',
        detail:
          `${plural(withRoom.length, 'eligible proposal')} of vendors with capacity left would exceed the budget: ` +
          `the cheapest (${yen(cheapest)}) on top of ${yen(spent)} already selected is ${yen(spent + cheapest)}, over ${yen(prep.budget!)}` +
          (atCapacity.length > 0 ? `; ${atCapacity.length} more from vendors at capacity.` : '.'),
        detailJa:
          `支援可能数に余裕のある事業者の基準を満たした提案${withRoom.length}件は、いずれも事業全体の予算を超えます：` +
          `最も少ない提案額（${yenJa(cheapest)}）を選定済みの${yenJa(spent)}に加えると${yenJa(spent + cheapest)}となり、予算${yenJa(prep.budget!)}を超えます` +
          (atCapacity.length > 0 ? `。ほかに${atCapacity.length}件は支援可能数に達した事業者の提案です。` : '。'),
      });
    }
  }
  return out;
}

/** How explainUnsupported names regions and vendors (the service passes prefecture and vendor names; ids by default). */
export interface UnsupportedNames {
  region: (id: string) => string;
  vendor: (id: string) => string;
}

const ID_NAMES: UnsupportedNames = { region: (id) => id, vendor: (id) => id };

/**
 * The awarding order after a decline (MatchingService.withdrawSelection): the best-ranked (compareProposalRank) eligible
 * proposal of the region whose vendor has not refused it and still has capacity, given the regions each vendor holds.
 */
export function nextInAwardingOrder(
  input: MatchingInput,
  regionId: string,
  refusedVendors: ReadonlySet<string>,
  used: ReadonlyMap<string, number>,
): MatchingProposal | undefined {
  const capacity = new Map(input.vendors.map((v) => [v.id, v.capacity]));
  return input.proposals
    .filter((p) => p.regionId === regionId && eligible(p) && !refusedVendors.has(p.vendorId) && (used.get(p.vendorId) ?? 0) < (capacity.get(p.vendorId) ?? 0))
    .sort(compareProposalRank)[0];
}

/** Matches compared by region: same proposal, or a proposal only one side selected (proposal ids, in region order). */
export function compareSolutions(
  a: MatchingSolution,
  b: MatchingSolution,
): { sameMatches: number; onlyInA: string[]; onlyInB: string[]; regionsDelta: number; scoreDelta: number } {
  const inB = new Set(b.matches.map((m) => m.proposalId));
  const inA = new Set(a.matches.map((m) => m.proposalId));
  return {
    sameMatches: a.matches.filter((m) => inB.has(m.proposalId)).length,
    onlyInA: a.matches.filter((m) => !inB.has(m.proposalId)).map((m) => m.proposalId),
    onlyInB: b.matches.filter((m) => !inA.has(m.proposalId)).map((m) => m.proposalId),
    regionsDelta: a.objective.regionsSupported - b.objective.regionsSupported,
    scoreDelta: roundScore(a.objective.totalScore - b.objective.totalScore),
  };
}

/**
 * SHA-256 of the input's canonical JSON (`canonicalInputJson`). matching-model.spec checks that it is the digest of
 * what the generic `canonicalJson` writes for the input.
 */
export function inputDigest(input: MatchingInput): string {
  return sha256Hex(canonicalInputJson(input));
}

/**
 * The input's canonical JSON: keys sorted, arrays sorted by id, absent budget = null, default time limit filled in, only
 * the model's fields. Written by JSON.stringify from objects built in sorted key order (the same text as `canonicalJson`
 * gives, whose generic walk over 20,000 proposals took a third of a second of a national run); a run stores this text
 * as its snapshot and digests it once.
 */
export function canonicalInputJson(input: MatchingInput): string {
  return JSON.stringify({
    budgetYen: input.budgetYen ?? null,
    // notEvaluated only when true: JSON.stringify leaves out a key whose value is undefined.
    proposals: [...input.proposals].sort(byId).map((p) => ({
      budgetYen: p.budgetYen,
      excluded: p.excluded,
      id: p.id,
      notEvaluated: p.notEvaluated ? true : undefined,
      passed: p.passed,
      regionId: p.regionId,
      score: p.score,
      submittedAt: p.submittedAt,
      vendorId: p.vendorId,
    })),
    regionIds: [...input.regionIds].sort(compareStrings),
    timeLimitSeconds: input.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS,
    vendors: [...input.vendors].sort(byId).map((v) => ({ capacity: v.capacity, id: v.id })),
  });
}

interface Candidate {
  name: string;
  proposal: MatchingProposal;
  region: number;
  vendor: number;
  /** S_p = scoreHundredths(score) */
  units: number;
  /** c_p = M + S_p + ε_p */
  weight: number;
}

/** The input validated and in canonical (id-sorted) order. */
interface Prepared {
  regionIds: string[];
  vendorIds: string[];
  capacities: number[];
  capacityOf: Map<string, number>;
  /** Proposals in listed regions, by id. */
  proposals: MatchingProposal[];
  /** In variable order: by region id, then rank within the region. */
  candidates: Candidate[];
  byRegion: Candidate[][];
  byVendor: Candidate[][];
  budget: number | null;
}

function prepare(input: MatchingInput): Prepared {
  const regionIds = [...input.regionIds].sort(compareStrings);
  assertUnique(regionIds, 'region');
  const vendors = [...input.vendors].sort(byId);
  assertUnique(
    vendors.map((v) => v.id),
    'vendor',
  );
  for (const v of vendors) {
    if (!Number.isInteger(v.capacity) || v.capacity < 0) throw new RangeError(`Vendor ${v.id}: capacity must be an integer ≥ 0, got ${v.capacity}`);
  }
  const budget = input.budgetYen ?? null;
  if (budget !== null && !(Number.isFinite(budget) && budget >= 0)) throw new RangeError(`budgetYen must be a finite number ≥ 0, got ${budget}`);

  const regionIndex = new Map(regionIds.map((id, i) => [id, i]));
  const vendorIndex = new Map(vendors.map((v, i) => [v.id, i]));
  const all = [...input.proposals].sort(byId);
  assertUnique(
    all.map((p) => p.id),
    'proposal',
  );
  for (const p of all) {
    if (!vendorIndex.has(p.vendorId)) throw new RangeError(`Proposal ${p.id} names vendor ${p.vendorId}, which is not in the input`);
    if (!(Number.isFinite(p.score) && p.score >= 0)) throw new RangeError(`Proposal ${p.id}: score must be a finite number ≥ 0, got ${p.score}`);
    if (!(Number.isFinite(p.budgetYen) && p.budgetYen >= 0))
      throw new RangeError(`Proposal ${p.id}: budgetYen must be a finite number ≥ 0, got ${p.budgetYen}`);
    if (!(p.submittedAt instanceof Date) || Number.isNaN(p.submittedAt.getTime())) throw new RangeError(`Proposal ${p.id}: submittedAt is not a valid date`);
  }
  const proposals = all.filter((p) => regionIndex.has(p.regionId));

  const byRegion: Candidate[][] = regionIds.map(() => []);
  for (const p of proposals) {
    const vendor = vendorIndex.get(p.vendorId)!;
    if (!eligible(p) || vendors[vendor].capacity === 0 || (budget !== null && p.budgetYen > budget)) continue;
    byRegion[regionIndex.get(p.regionId)!].push({
      name: '',
      proposal: p,
      region: regionIndex.get(p.regionId)!,
      vendor,
      units: scoreHundredths(p.score),
      weight: 0,
    });
  }
  for (const list of byRegion) list.sort(compareCandidates);
  const candidates = byRegion.flat();
  const bigM = 1 + byRegion.reduce((sum, list) => sum + (list.length > 0 ? list[0].units : 0), 0);
  const n = candidates.length;
  for (const list of byRegion) list.forEach((c, k) => (c.weight = bigM + c.units + (list.length - k) / (2 * n)));
  candidates.forEach((c, i) => (c.name = `x${i + 1}`));
  const byVendor: Candidate[][] = vendors.map(() => []);
  for (const c of candidates) byVendor[c.vendor].push(c);

  return {
    regionIds,
    vendorIds: vendors.map((v) => v.id),
    capacities: vendors.map((v) => v.capacity),
    capacityOf: new Map(vendors.map((v) => [v.id, v.capacity])),
    proposals,
    candidates,
    byRegion,
    byVendor,
    budget,
  };
}

/** The model of the header comment in CPLEX LP format; `integer` declares the variables binary. */
function buildLp(prep: Prepared, integer: boolean): string {
  const rows: string[] = [];
  prep.byRegion.forEach((list, r) => {
    if (list.length >= 2) rows.push(` region${r + 1}: ${sum(list.map((c) => [1, c.name]))} <= 1`);
  });
  prep.byVendor.forEach((list, v) => {
    if (list.length > prep.capacities[v]) rows.push(` vendor${v + 1}: ${sum(list.map((c) => [1, c.name]))} <= ${prep.capacities[v]}`);
  });
  if (prep.budget !== null) {
    const terms = prep.candidates.filter((c) => c.proposal.budgetYen > 0).map((c): Term => [c.proposal.budgetYen, c.name]);
    if (terms.length > 0) rows.push(` budget: ${sum(terms)} <= ${num(prep.budget)}`);
  }
  const names = prep.candidates.map((c) => c.name);
  return [
    `\\ Region–vendor matching (${integer ? 'MIP' : 'LP'}): ${prep.regionIds.length} regions, ${prep.vendorIds.length} vendors, ${names.length} candidates.`,
    '\\ x_k: candidates ordered by region id, then score, submittedAt, proposal id; regionN/vendorN: N-th id in sorted order.',
    'Maximize',
    ` obj: ${sum(prep.candidates.map((c) => [c.weight, c.name]))}`,
    ...(rows.length > 0 ? ['Subject To', ...rows] : []),
    'Bounds',
    ...names.map((name) => ` 0 <= ${name} <= 1`),
    ...(integer ? ['Binaries', ...chunk(names, 12).map((line) => ` ${line.join(' ')}`)] : []),
    'End',
    '',
  ].join('\n');
}

/**
 * The model of `buildLp` as HiGHS holds it after reading that text (the same columns, rows, order and doubles;
 * matching-model.spec compares the two), handed over as arrays: reading the text of a national model took three times
 * as long as solving it (0.13–0.17 s against 0.05–0.07 s). Columns are the candidates in order; rows the regions with
 * two candidates or more, then the vendors with more candidates than capacity, then the budget; every row is `≤`.
 */
export interface LpModel {
  integer: boolean;
  numCols: number;
  colCost: Float64Array;
  /** Upper bound of each row (no lower bound). */
  rowUpper: Float64Array;
  /** The constraint matrix by column (CSC): column j's rows are indices[starts[j]..starts[j + 1]). */
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

function buildModel(prep: Prepared, integer: boolean): LpModel {
  const n = prep.candidates.length;
  const rowUpper: number[] = [];
  const regionRow = prep.byRegion.map((list) => (list.length >= 2 ? rowUpper.push(1) - 1 : -1));
  const vendorRow = prep.byVendor.map((list, v) => (list.length > prep.capacities[v] ? rowUpper.push(prep.capacities[v]) - 1 : -1));
  const budgetRow = prep.budget !== null && prep.candidates.some((c) => c.proposal.budgetYen > 0) ? rowUpper.push(prep.budget) - 1 : -1;
  const starts = new Int32Array(n + 1);
  const indices: number[] = [];
  const values: number[] = [];
  const colCost = new Float64Array(n);
  const entry = (row: number, value: number) => {
    indices.push(row);
    values.push(value);
  };
  prep.candidates.forEach((c, j) => {
    colCost[j] = c.weight;
    // Rows in increasing order within the column: regions, vendors, budget.
    if (regionRow[c.region] >= 0) entry(regionRow[c.region], 1);
    if (vendorRow[c.vendor] >= 0) entry(vendorRow[c.vendor], 1);
    if (budgetRow >= 0 && c.proposal.budgetYen > 0) entry(budgetRow, c.proposal.budgetYen);
    starts[j + 1] = indices.length;
  });
  return {
    integer,
    numCols: n,
    colCost,
    rowUpper: Float64Array.from(rowUpper),
    starts,
    indices: Int32Array.from(indices),
    values: Float64Array.from(values),
  };
}

function maxFractionality(values: number[]): number {
  return values.reduce((worst, x) => Math.max(worst, Math.abs(x - Math.round(x))), 0);
}

export interface RunOutcome {
  status: string;
  /** Column values in candidate order, when HiGHS has a primal solution. */
  values: number[] | null;
  /** Objective value of the primal solution, when there is one. */
  objective: number | null;
  /** mip_dual_bound (an upper bound, maximising), MIP only. */
  dualBound: number | null;
}

export interface RunSpec {
  mip: boolean;
  /** 0/1 start by candidate index. */
  start?: number[] | null;
}

/** One HiGHS solve of a model: what `runHighs` hands to the LP solver in use (plain data, so it can cross threads). */
export interface LpRequest {
  model: LpModel;
  options: Record<string, OptionValue>;
  spec: RunSpec;
}

export type LpSolver = (request: LpRequest) => Promise<RunOutcome>;

/** Solves on this thread's shared HiGHS instance (withHighs: one per thread, retried once on a fresh one after a Wasm abort). */
export function solveLpHere(r: LpRequest): Promise<RunOutcome> {
  return withHighs((highs) => runOnce(highs, r.model, r.options, r.spec));
}

let lpSolver: LpSolver = solveLpHere;

/**
 * Where this thread's models are solved: here by default; the matching's worker thread hands them to a thread of their
 * own (lp-thread.ts), so that the simple policy, the digest and the snapshot's text are computed while HiGHS solves.
 */
export function useLpSolver(solver: LpSolver): void {
  lpSolver = solver;
}

function runHighs(model: LpModel, options: Record<string, OptionValue>, spec: RunSpec): Promise<RunOutcome> {
  return lpSolver({ model, options, spec });
}

/** The persistent API rather than solve(): only it exposes the MIP dual bound for the gap. */
function runOnce(highs: Highs, lp: LpModel, options: Record<string, OptionValue>, spec: RunSpec): RunOutcome {
  return highs.withModel((model) => {
    model.options.set(options);
    const numRows = lp.rowUpper.length;
    model.passModel({
      numCols: lp.numCols,
      numRows,
      sense: highs.constants.objectiveSense.maximize,
      colCost: lp.colCost,
      colLower: new Float64Array(lp.numCols),
      colUpper: new Float64Array(lp.numCols).fill(1),
      rowLower: new Float64Array(numRows).fill(-highs.infinity),
      rowUpper: lp.rowUpper,
      matrix: { format: 'csc', numRows, numCols: lp.numCols, starts: lp.starts, indices: lp.indices, values: lp.values },
      ...(lp.integer ? { integrality: new Int32Array(lp.numCols).fill(highs.constants.variableType.integer) } : {}),
    });
    if (spec.start) model.setSolution({ colValue: spec.start });
    const { modelStatus } = model.run();
    const hasPrimal = Number(model.info.get('primal_solution_status')) === 2;
    // Columns are the candidates, in order.
    const values = hasPrimal ? Array.from(model.getSolution().colValue) : null;
    const dualBound = spec.mip ? Number(model.info.get('mip_dual_bound')) : null;
    const objective = hasPrimal ? model.getObjectiveValue() : null;
    return { status: MODEL_STATUS[modelStatus] ?? `STATUS_${modelStatus}`, values, objective, dualBound };
  });
}

const MODEL_STATUS: Record<number, string> = {
  0: 'NOT_SET',
  1: 'LOAD_ERROR',
  2: 'MODEL_ERROR',
  3: 'PRESOLVE_ERROR',
  4: 'SOLVE_ERROR',
  5: 'POSTSOLVE_ERROR',
  6: 'EMPTY',
  7: 'OPTIMAL',
  8: 'INFEASIBLE',
  9: 'UNBOUNDED_OR_INFEASIBLE',
  10: 'UNBOUNDED',
  11: 'OBJECTIVE_BOUND',
  12: 'OBJECTIVE_TARGET',
  13: 'TIME_LIMIT',
  14: 'ITERATION_LIMIT',
  15: 'UNKNOWN',
  16: 'SOLUTION_LIMIT',
  17: 'INTERRUPTED',
};

/**
 * Keeps the solver's selection where it satisfies every row in exact arithmetic (best weight first, so a rounding
 * violation drops the least valuable), then adds candidates in weight order while they fit. For a proven optimum
 * both steps are no-ops; they matter for a time-limited incumbent.
 */
function feasibleAndMaximal(prep: Prepared, fromSolver: Candidate[]): { chosen: Candidate[]; dropped: number; added: number } {
  const byWeight = (a: Candidate, b: Candidate) => b.weight - a.weight || compareCandidates(a, b);
  const kept = addWhereFeasible(prep, [], [...fromSolver].sort(byWeight));
  const chosen = addWhereFeasible(prep, kept, [...prep.candidates].sort(byWeight));
  return { chosen, dropped: fromSolver.length - kept.length, added: chosen.length - kept.length };
}

/** Adds candidates from `order` to `start` (itself feasible) while region, vendor capacity and budget allow. */
function addWhereFeasible(prep: Prepared, start: Candidate[], order: Candidate[]): Candidate[] {
  const regionTaken = prep.regionIds.map(() => false);
  const used = prep.capacities.map(() => 0);
  let spent = 0;
  const chosen: Candidate[] = [];
  const take = (c: Candidate) => {
    if (regionTaken[c.region] || used[c.vendor] >= prep.capacities[c.vendor]) return;
    if (prep.budget !== null && spent + c.proposal.budgetYen > prep.budget) return;
    regionTaken[c.region] = true;
    used[c.vendor]++;
    spent += c.proposal.budgetYen;
    chosen.push(c);
  };
  start.forEach(take);
  order.forEach(take);
  return chosen;
}

function toSolution(
  input: MatchingInput,
  prep: Prepared,
  chosen: Candidate[],
  policy: MatchingSolution['policy'],
  status: string,
  gap: number | null,
  started: number,
): MatchingSolution {
  const matches = [...chosen]
    .sort((a, b) => a.region - b.region)
    .map((c) => ({ regionId: c.proposal.regionId, proposalId: c.proposal.id, vendorId: c.proposal.vendorId, score: c.proposal.score }));
  return {
    policy,
    status,
    matches,
    unsupported: unsupportedOf(input, prep, matches),
    objective: {
      regionsSupported: matches.length,
      totalScore: roundScore(matches.reduce((s, m) => s + m.score, 0)),
      totalBudgetYen: chosen.reduce((s, c) => s + c.proposal.budgetYen, 0),
    },
    gap,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The one ranking (compareProposalRank): the greedy order and the tie-break rank within a region. */
function compareCandidates(a: Candidate, b: Candidate): number {
  return compareProposalRank(a.proposal, b.proposal);
}

/** Hides floating-point noise of summed scores (e.g. 0.1 + 0.2) without touching real decimals. */
function roundScore(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

type Term = [coefficient: number, variable: string];

function sum(terms: Term[]): string {
  const parts = terms.map(([coefficient, variable], i) => `${i === 0 ? '' : '+ '}${coefficient === 1 ? '' : `${num(coefficient)} `}${variable}`);
  // Short lines keep the text readable and clear of LP readers' line-length limits.
  return chunk(parts, 8)
    .map((line) => line.join(' '))
    .join('\n   ');
}

/** Shortest text that reads back as the same double (no exponent form, which LP readers may not accept for large values). */
function num(value: number): string {
  const text = String(value);
  return text.includes('e') ? value.toFixed(20).replace(/\.?0+$/, '') : text;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function assertUnique(sortedIds: string[], what: string): void {
  sortedIds.forEach((id, i) => {
    if (i > 0 && sortedIds[i - 1] === id) throw new RangeError(`The ${what} ${id} is listed twice`);
  });
}

/**
 * Ids in the order of their UTF-16 code units (uuids: of their bytes, as PostgreSQL orders them), the same on every
 * machine, unlike `localeCompare`, which follows the process's locale.
 */
export function byId(a: { id: string }, b: { id: string }): number {
  return compareStrings(a.id, b.id);
}

/** Plain UTF-16 order, not locale: the same on every machine. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function yen(value: number): string {
  return `¥${value.toLocaleString('en-US')}`;
}
