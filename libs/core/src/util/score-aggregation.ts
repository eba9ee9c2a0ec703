/**
 * Aggregation of the expert panel's score sheets into one result per proposal.
 *
 * Sheet total, weights normalised to 100 (so it lies in 0..100 whatever the weights add up to):
 *   T = 100 × Σ_c (points_c / maxPoints_c) × weight_c / Σ_c weight_c
 *
 * Normalisation (optional) against harsh and lenient graders. μ, σ: mean and population standard
 * deviation of all raw totals; μ_e, σ_e: the same over the sheets of evaluator e.
 *   adjusted = μ + σ × (T − μ_e) / σ_e   usually
 *   adjusted = T − μ_e + μ               when e scored one proposal or σ_e = 0 (only the offset can be estimated)
 *   adjusted = T                         when σ = 0 (every sheet has the same total: nothing to correct)
 *
 * Per proposal:
 *   meanTotal  = mean of the adjusted totals of its sheets (0 without sheets)
 *   finalScore = meanTotal + bonus            (bonus = bonusPoints only with applyBonus)
 *   passed     = has a sheet ∧ meanTotal ≥ passThreshold ∧ every criterion's panel mean ≥ its minPoints
 * The threshold is tested without the bonus: a bonus ranks, it does not make a proposal pass.
 *
 * Ranking within a region: compareProposalRank (libs/core/src/util/proposal-rank.ts), the one order the matching and the awarding
 * order use too: passed first (a proposal that fails a minimum or the threshold is never ranked above one that can be
 * selected, whatever its bonus), then finalScore in hundredths of a point, submittedAt, proposalId.
 * Proposals without sheets are not ranked (rank null).
 *
 * Scores within SCORE_EPSILON count as equal in the threshold and minimum comparisons, so that a
 * score on the line in exact arithmetic (e.g. 10 of 15 = 66.67) is not decided by floating-point noise.
 */

import { compareProposalRank, RankedProposal } from './proposal-rank';

export interface CriterionDef {
  id: string;
  weight: number;
  maxPoints: number;
  minPoints: number | null;
}

export interface SheetInput {
  proposalId: string;
  evaluatorId: string;
  /** criterionId → integer points */
  points: Record<string, number>;
}

export interface ProposalInput {
  proposalId: string;
  regionId: string;
  submittedAt: Date;
  bonusPoints: number;
}

export interface AggregationOptions {
  passThreshold: number;
  normalise: boolean;
  applyBonus: boolean;
}

export interface ProposalResult {
  proposalId: string;
  regionId: string;
  /** Weighted total per evaluator (0..100) and after normalisation (= raw when normalise is off), by evaluatorId. */
  evaluatorTotals: Array<{ evaluatorId: string; raw: number; adjusted: number }>;
  /** Panel mean points per criterion; empty without sheets. */
  criterionMeans: Record<string, number>;
  /** Mean of the adjusted evaluator totals. */
  meanTotal: number;
  /** bonusPoints if applyBonus, else 0. */
  bonus: number;
  /** meanTotal + bonus */
  finalScore: number;
  /** Criterion ids whose panel mean is below minPoints. */
  failedMinimums: string[];
  /** meanTotal (without bonus) < passThreshold */
  belowThreshold: boolean;
  /** At least one sheet, no failed minimum and not below the threshold. */
  passed: boolean;
  sheetCount: number;
  /** Rank within the region (1 = best) by compareProposalRank; null without sheets. */
  rank: number | null;
}

export const SCORE_EPSILON = 1e-9;

/** `known`: the criteria's ids, when the caller totals many sheets (a call's 54,000 at national scale). */
export function weightedTotal(
  criteria: CriterionDef[],
  points: Record<string, number>,
  known: ReadonlySet<string> = new Set(criteria.map((c) => c.id)),
): number {
  const unknown = Object.keys(points).filter((id) => !known.has(id));
  if (unknown.length > 0) throw new Error(`Points for unknown criteria: ${unknown.join(', ')}`);
  let weighted = 0;
  let weights = 0;
  for (const c of criteria) {
    const p = points[c.id];
    if (p === undefined) throw new Error(`No points for criterion ${c.id}`);
    if (!Number.isInteger(p) || p < 0 || p > c.maxPoints)
      throw new RangeError(`Points for criterion ${c.id} must be an integer in 0..${c.maxPoints}, got ${p}`);
    // Multiplying before dividing keeps integer inputs exact (58 of 100 → 58, not 57.99999999999999).
    weighted += (100 * p * c.weight) / c.maxPoints;
    weights += c.weight;
  }
  if (!(weights > 0)) throw new RangeError('The criterion weights must add up to more than 0');
  return weighted / weights;
}

/**
 * The sheets as columns, the shape the aggregation works on (no object per sheet: a call has 54,000 at national scale).
 * Sheet i is proposalId[i]'s by evaluatorId[i], with points[i × criteria.length + c] for criteria[c]. A sheet whose
 * points `weightedTotal` would reject has its error in `invalid`, raised only if the sheet is aggregated.
 */
export interface SheetColumns {
  proposalId: string[];
  evaluatorId: string[];
  points: Float64Array;
  invalid: Map<number, Error>;
}

/** `sheets` as columns, for `criteria`. */
export function sheetColumns(criteria: CriterionDef[], sheets: readonly SheetInput[]): SheetColumns {
  const columns = emptySheetColumns(criteria, sheets.length);
  sheets.forEach((s, i) => setSheet(columns, criteria, i, s.proposalId, s.evaluatorId, s.points));
  return columns;
}

export function emptySheetColumns(criteria: CriterionDef[], n: number): SheetColumns {
  return { proposalId: new Array<string>(n), evaluatorId: new Array<string>(n), points: new Float64Array(n * criteria.length), invalid: new Map() };
}

/** Sets sheet i from its points by criterion id. */
export function setSheet(
  columns: SheetColumns,
  criteria: CriterionDef[],
  i: number,
  proposalId: string,
  evaluatorId: string,
  points: Record<string, number> | null,
): void {
  columns.proposalId[i] = proposalId;
  columns.evaluatorId[i] = evaluatorId;
  const n = criteria.length;
  let keys = 0;
  for (const _ in points) keys++;
  let valid = keys === n;
  for (let c = 0; c < n && valid; c++) {
    const p = points![criteria[c].id];
    if (typeof p === 'number' && Number.isInteger(p) && p >= 0 && p <= criteria[c].maxPoints) columns.points[i * n + c] = p;
    else valid = false;
  }
  if (valid) return;
  // Rare: the error weightedTotal gives for these points, named by criterion ids.
  try {
    weightedTotal(criteria, points ?? {});
    columns.invalid.set(i, new Error(`Sheet of evaluator ${evaluatorId} for proposal ${proposalId} could not be read`));
  } catch (e) {
    columns.invalid.set(i, e as Error);
  }
}

export function aggregate(criteria: CriterionDef[], proposals: ProposalInput[], sheets: SheetInput[], options: AggregationOptions): ProposalResult[] {
  return aggregateColumns(criteria, proposals, sheetColumns(criteria, sheets), options);
}

/**
 * `aggregate` on sheets as columns. The sums are taken in the order `aggregate` has always taken them (totals in
 * criterion order, means in sheet order, a proposal's sheets by evaluator id), so that either path gives the same bits.
 */
export function aggregateColumns(criteria: CriterionDef[], proposals: ProposalInput[], sheets: SheetColumns, options: AggregationOptions): ProposalResult[] {
  assertCriteria(criteria);
  const proposalIndex = new Map<string, number>();
  proposals.forEach((p, k) => {
    if (proposalIndex.has(p.proposalId)) throw new Error(`Proposal ${p.proposalId} is listed twice`);
    proposalIndex.set(p.proposalId, k);
  });
  const count = sheets.proposalId.length;
  const n = criteria.length;

  // Each proposal's sheets as one slice of `order` (starts[k] .. starts[k + 1]), in sheet order, then by evaluator id.
  // Normalisation needs every sheet of an evaluator, so a sheet the caller forgot to match must not be dropped silently.
  const of = new Int32Array(count);
  const starts = new Int32Array(proposals.length + 1);
  for (let i = 0; i < count; i++) {
    const k = proposalIndex.get(sheets.proposalId[i]);
    if (k === undefined) throw new Error(`Sheet of evaluator ${sheets.evaluatorId[i]} is for unknown proposal ${sheets.proposalId[i]}`);
    of[i] = k;
    starts[k + 1]++;
  }
  for (let k = 0; k < proposals.length; k++) starts[k + 1] += starts[k];
  const order = new Int32Array(count);
  const next = starts.slice(0, proposals.length);
  for (let i = 0; i < count; i++) order[next[of[i]]++] = i;
  const evaluatorOf = sheets.evaluatorId;
  for (let k = 0; k < proposals.length; k++) {
    // Insertion sort: stable, and a proposal has a handful of sheets.
    for (let j = starts[k] + 1; j < starts[k + 1]; j++) {
      const i = order[j];
      let h = j - 1;
      while (h >= starts[k] && evaluatorOf[order[h]] > evaluatorOf[i]) {
        order[h + 1] = order[h];
        h--;
      }
      order[h + 1] = i;
    }
    for (let j = starts[k] + 1; j < starts[k + 1]; j++)
      if (evaluatorOf[order[j]] === evaluatorOf[order[j - 1]])
        throw new Error(`Evaluator ${evaluatorOf[order[j]]} has two sheets for proposal ${proposals[k].proposalId}`);
  }

  const raw = new Array<number>(count);
  let weights = 0;
  for (const c of criteria) weights += c.weight;
  for (let i = 0; i < count; i++) {
    const invalid = sheets.invalid.get(i);
    if (invalid) throw invalid;
    if (!(weights > 0)) throw new RangeError('The criterion weights must add up to more than 0');
    // As weightedTotal: multiplying before dividing keeps integer inputs exact.
    let weighted = 0;
    for (let c = 0; c < n; c++) weighted += (100 * sheets.points[i * n + c] * criteria[c].weight) / criteria[c].maxPoints;
    raw[i] = weighted / weights;
  }
  const adjusted = options.normalise ? normalise(evaluatorOf, raw) : raw;

  const results = proposals.map((p, k): ProposalResult => {
    const from = starts[k];
    const sheetCount = starts[k + 1] - from;
    const criterionMeans: Record<string, number> = {};
    const failedMinimums: string[] = [];
    if (sheetCount > 0)
      criteria.forEach((c, ci) => {
        let sum = 0;
        for (let j = from; j < from + sheetCount; j++) sum += sheets.points[order[j] * n + ci];
        criterionMeans[c.id] = sum / sheetCount;
        if (c.minPoints !== null && criterionMeans[c.id] < c.minPoints - SCORE_EPSILON) failedMinimums.push(c.id);
      });
    const evaluatorTotals = new Array<{ evaluatorId: string; raw: number; adjusted: number }>(sheetCount);
    let sum = 0;
    for (let j = 0; j < sheetCount; j++) {
      const i = order[from + j];
      evaluatorTotals[j] = { evaluatorId: evaluatorOf[i], raw: raw[i], adjusted: adjusted[i] };
      sum += adjusted[i];
    }
    const meanTotal = sheetCount > 0 ? sum / sheetCount : 0;
    const bonus = options.applyBonus ? p.bonusPoints : 0;
    const belowThreshold = meanTotal < options.passThreshold - SCORE_EPSILON;
    return {
      proposalId: p.proposalId,
      regionId: p.regionId,
      evaluatorTotals,
      criterionMeans,
      meanTotal,
      bonus,
      finalScore: meanTotal + bonus,
      failedMinimums,
      belowThreshold,
      passed: sheetCount > 0 && failedMinimums.length === 0 && !belowThreshold,
      sheetCount,
      rank: null,
    };
  });

  const byRegion = new Map<string, Array<{ result: ProposalResult; key: RankedProposal }>>();
  results.forEach((result, i) => {
    const key = { id: result.proposalId, score: result.finalScore, submittedAt: proposals[i].submittedAt, passed: result.passed };
    if (result.sheetCount > 0) push(byRegion, result.regionId, { result, key });
  });
  for (const entries of byRegion.values()) entries.sort((a, b) => compareProposalRank(a.key, b.key)).forEach((e, i) => (e.result.rank = i + 1));
  return results;
}

function normalise(evaluatorOf: readonly string[], raw: number[]): number[] {
  const all = meanAndSd(raw);
  if (all.sd < SCORE_EPSILON) return raw.slice();
  const byEvaluator = new Map<string, number[]>();
  evaluatorOf.forEach((e, i) => push(byEvaluator, e, i));
  const adjusted = raw.slice();
  for (const indices of byEvaluator.values()) {
    const own = meanAndSd(indices.map((i) => raw[i]));
    for (const i of indices) {
      adjusted[i] = own.sd < SCORE_EPSILON ? raw[i] - own.mean + all.mean : all.mean + (all.sd * (raw[i] - own.mean)) / own.sd;
    }
  }
  return adjusted;
}

function assertCriteria(criteria: CriterionDef[]): void {
  const ids = new Set<string>();
  for (const c of criteria) {
    if (ids.has(c.id)) throw new Error(`Criterion ${c.id} is defined twice`);
    ids.add(c.id);
    if (!(c.maxPoints > 0)) throw new RangeError(`Criterion ${c.id}: maxPoints must be positive`);
    if (!(c.weight >= 0) || !Number.isFinite(c.weight)) throw new RangeError(`Criterion ${c.id}: weight must be a finite number ≥ 0`);
    if (c.minPoints !== null && !(c.minPoints >= 0 && c.minPoints <= c.maxPoints))
      throw new RangeError(`Criterion ${c.id}: minPoints must lie in 0..maxPoints`);
  }
  if (criteria.length === 0) throw new Error('At least one criterion is needed');
}

function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Population standard deviation: the panel's sheets are the whole population, not a sample of it. */
function meanAndSd(values: number[]): { mean: number; sd: number } {
  const m = mean(values);
  return { mean: m, sd: Math.sqrt(mean(values.map((v) => (v - m) ** 2))) };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
