/**
 * The aggregation of a whole vendor call, as a pure function of what the database holds: the sheets of conflicted
 * evaluators left out, then `aggregate`. Evaluation's `ScoringService.aggregateCall` runs it on rows it read; the
 * matching runs it in its worker thread on the same data read as JSON text (`PackedCallAggregation`), so that parsing
 * and aggregating 54,000 sheets at national scale never holds the API's event loop. In core, imported by path: the
 * worker loads neither an area nor Nest nor TypeORM (loading evaluation's index took 1.6 s and 47 MB of heap).
 */
import { ConflictRecord, isConflicted } from './conflict-of-interest';
import {
  aggregateColumns,
  AggregationOptions,
  CriterionDef,
  emptySheetColumns,
  ProposalResult,
  setSheet,
  SheetColumns,
  sheetColumns,
  SheetInput,
} from './score-aggregation';

/** A submitted proposal of the call with what the aggregation and the matching need of its parties and region. */
export interface AggregationProposal {
  id: string;
  regionId: string;
  vendorId: string;
  corporateNumber: string;
  submittedAt: Date;
  budgetYen: number;
  /** The region's prefecture ('' without one) and its repeat bonus (0 without one). */
  prefectureCode: string;
  bonusPoints: number;
}

export interface CallAggregationInput {
  options: AggregationOptions;
  criteria: CriterionDef[];
  proposals: AggregationProposal[];
  /** Submitted sheets behind confirmed assignments of the call (sheets of other proposals are ignored), as rows or columns. */
  sheets: SheetInput[] | SheetColumns;
  /** Conflicts of (at least) every evaluator with a sheet here. */
  conflicts: readonly ConflictRecord[];
}

export type CallProposalResult = ProposalResult & { vendorId: string; submittedAt: Date; budgetYen: number };

/**
 * Only sheets behind a confirmed assignment that no conflict forbids count: a conflict found later, or a removed
 * assignment, takes that evaluator's scores out of the result.
 */
export function aggregateCallData(d: CallAggregationInput): CallProposalResult[] {
  const byId = new Map(d.proposals.map((p) => [p.id, p]));
  const conflicted = new Set(d.conflicts.map((c) => c.evaluatorId));
  const all = Array.isArray(d.sheets) ? sheetColumns(d.criteria, d.sheets) : d.sheets;
  const sheets = selectSheets(all, d.criteria.length, (i) => {
    const p = byId.get(all.proposalId[i]);
    if (!p) return false;
    const evaluatorId = all.evaluatorId[i];
    if (!conflicted.has(evaluatorId)) return true;
    return !isConflicted(evaluatorId, { proposalId: p.id, corporateNumber: p.corporateNumber, prefectureCode: p.prefectureCode }, d.conflicts);
  });
  const results = aggregateColumns(
    d.criteria,
    d.proposals.map((p) => ({ proposalId: p.id, regionId: p.regionId, submittedAt: p.submittedAt, bonusPoints: p.bonusPoints })),
    sheets,
    d.options,
  );
  // The results are this call's own objects: completed in place (a spread copy of 20,000 results cost a tenth of a second).
  return results.map((r) => {
    const p = byId.get(r.proposalId)!;
    return Object.assign(r, { vendorId: p.vendorId, submittedAt: p.submittedAt, budgetYen: p.budgetYen });
  });
}

/**
 * A call's aggregation data as read for the matching: the two large sets as JSON text straight from PostgreSQL
 * (one value each, parsed by `unpackCallAggregation` where the work runs), the rest as small rows. `Text`: the texts
 * themselves, or (`DeferredRead`) the reads that give them, for the worker thread to run on its own connections.
 */
export interface PackedCallAggregation<Text = string> {
  options: AggregationOptions;
  criteria: CriterionDef[];
  /** JSON: `[[id, regionId, vendorId, corporateNumber, submittedAt (ms since the epoch), budgetYen], …]`, in any order. */
  proposalsJson: Text;
  /** Prefecture and repeat bonus of the call's regions: `[regionId, prefectureCode, bonusPoints]`. */
  regions: Array<[string, string, number]>;
  /**
   * JSON texts, each `[[proposalId, evaluatorId, {criterionId: points}], …]`: together the call's sheets, in any order.
   */
  sheetsJson: Text[];
  conflicts: ConflictRecord[];
}

/**
 * The packed data as `aggregateCallData` takes it, ordered as `aggregateCall`'s reads are (proposals by id, sheets by
 * evaluator then proposal: the order of a uuid's text is the order of its bytes, PostgreSQL's), so that both paths sum
 * the same numbers in the same order.
 */
export function unpackCallAggregation(p: PackedCallAggregation): CallAggregationInput {
  const regions = new Map(p.regions.map(([id, prefectureCode, bonusPoints]) => [id, { prefectureCode, bonusPoints }]));
  const proposals = (JSON.parse(p.proposalsJson) as Array<[string, string, string, string, number, number]>).map(
    ([id, regionId, vendorId, corporateNumber, submittedAt, budgetYen]): AggregationProposal => ({
      id,
      regionId,
      vendorId,
      corporateNumber,
      submittedAt: new Date(submittedAt),
      budgetYen: Number(budgetYen),
      prefectureCode: regions.get(regionId)?.prefectureCode ?? '',
      bonusPoints: Number(regions.get(regionId)?.bonusPoints ?? 0),
    }),
  );
  // The sheets in the order of `submittedSheetsWithPoints`: by evaluator, then proposal (a stable sort of each
  // evaluator's sheets: the same order as one sort of them all, with far fewer comparisons).
  const parsed = p.sheetsJson.flatMap((json) => JSON.parse(json) as Array<[string, string, Record<string, number> | null]>);
  const byEvaluator = new Map<string, number[]>();
  parsed.forEach(([, evaluatorId], i) => {
    const own = byEvaluator.get(evaluatorId);
    if (own) own.push(i);
    else byEvaluator.set(evaluatorId, [i]);
  });
  const sheets = emptySheetColumns(p.criteria, parsed.length);
  let at = 0;
  for (const evaluatorId of [...byEvaluator.keys()].sort(compareText)) {
    const own = byEvaluator.get(evaluatorId)!.sort((i, j) => compareText(parsed[i][0], parsed[j][0]));
    for (const i of own) setSheet(sheets, p.criteria, at++, parsed[i][0], evaluatorId, parsed[i][2]);
  }
  proposals.sort((a, b) => compareText(a.id, b.id));
  return { options: p.options, criteria: p.criteria, proposals, sheets, conflicts: p.conflicts };
}

/** The sheets `keep` keeps, in their order (the columns themselves when it keeps all). */
function selectSheets(all: SheetColumns, criteria: number, keep: (i: number) => boolean): SheetColumns {
  const kept: number[] = [];
  for (let i = 0; i < all.proposalId.length; i++) if (keep(i)) kept.push(i);
  if (kept.length === all.proposalId.length) return all;
  const points = new Float64Array(kept.length * criteria);
  const invalid = new Map<number, Error>();
  kept.forEach((i, j) => {
    points.set(all.points.subarray(i * criteria, (i + 1) * criteria), j * criteria);
    const error = all.invalid.get(i);
    if (error) invalid.set(j, error);
  });
  return { proposalId: kept.map((i) => all.proposalId[i]), evaluatorId: kept.map((i) => all.evaluatorId[i]), points, invalid };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
