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

export function aggregate(criteria: CriterionDef[], proposals: ProposalInput[], sheets: SheetInput[], options: AggregationOptions): ProposalResult[] {
  assertCriteria(criteria);
  const proposalById = new Map<string, ProposalInput>();
  for (const p of proposals) {
    if (proposalById.has(p.proposalId)) throw new Error(`Proposal ${p.proposalId} is listed twice`);
    proposalById.set(p.proposalId, p);
  }
  // Normalisation needs every sheet of an evaluator, so a sheet the caller forgot to match must not be dropped silently.
  const sheetKeys = new Set<string>();
  for (const s of sheets) {
    if (!proposalById.has(s.proposalId)) throw new Error(`Sheet of evaluator ${s.evaluatorId} is for unknown proposal ${s.proposalId}`);
    const key = `${s.proposalId}\u0000${s.evaluatorId}`;
    if (sheetKeys.has(key)) throw new Error(`Evaluator ${s.evaluatorId} has two sheets for proposal ${s.proposalId}`);
    sheetKeys.add(key);
  }

  const known = new Set(criteria.map((c) => c.id));
  const raw = sheets.map((s) => weightedTotal(criteria, s.points, known));
  const adjusted = options.normalise ? normalise(sheets, raw) : raw;

  const sheetsOf = new Map<string, number[]>();
  sheets.forEach((s, i) => push(sheetsOf, s.proposalId, i));

  const results = proposals.map((p): ProposalResult => {
    const own = (sheetsOf.get(p.proposalId) ?? []).slice().sort((i, j) => compareStrings(sheets[i].evaluatorId, sheets[j].evaluatorId));
    const criterionMeans: Record<string, number> = {};
    if (own.length > 0) for (const c of criteria) criterionMeans[c.id] = mean(own.map((i) => sheets[i].points[c.id]));
    const failedMinimums = criteria
      .filter((c) => c.minPoints !== null && own.length > 0 && criterionMeans[c.id] < c.minPoints - SCORE_EPSILON)
      .map((c) => c.id);
    const meanTotal = own.length > 0 ? mean(own.map((i) => adjusted[i])) : 0;
    const bonus = options.applyBonus ? p.bonusPoints : 0;
    const belowThreshold = meanTotal < options.passThreshold - SCORE_EPSILON;
    return {
      proposalId: p.proposalId,
      regionId: p.regionId,
      evaluatorTotals: own.map((i) => ({ evaluatorId: sheets[i].evaluatorId, raw: raw[i], adjusted: adjusted[i] })),
      criterionMeans,
      meanTotal,
      bonus,
      finalScore: meanTotal + bonus,
      failedMinimums,
      belowThreshold,
      passed: own.length > 0 && failedMinimums.length === 0 && !belowThreshold,
      sheetCount: own.length,
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

function normalise(sheets: SheetInput[], raw: number[]): number[] {
  const all = meanAndSd(raw);
  if (all.sd < SCORE_EPSILON) return raw.slice();
  const byEvaluator = new Map<string, number[]>();
  sheets.forEach((s, i) => push(byEvaluator, s.evaluatorId, i));
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

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
