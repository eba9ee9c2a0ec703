/**
 * The one ranking of proposals within a region, used by the evaluation's ranks (aggregate), the matching model's
 * order (its tie-break and objective weights, the simple policy) and the awarding order after a decline.
 *
 *   0. passed proposals before the others (when both sides say; the matching sees only eligible ones);
 *   1. score in hundredths of a point, higher first;
 *   2. submittedAt, earlier first;
 *   3. id, ascending by plain string comparison (UTF-16 code units, not locale).
 *
 * Why hundredths: the call (公募要領) says nothing about equal scores, and the exports publish scores with two decimals
 * (ExportsService), so two proposals that show the same score are tied and the earlier submission wins. Finer
 * differences are artefacts of weights and normalisation that nobody can see or check. It is also the unit the
 * matching model counts in its objective (matching-model.ts), where it leaves the tie-break room below one unit.
 *
 * In core rather than in evaluation's domain/: the matching model runs in a worker thread, and reaching this through
 * @app/evaluation's index would load that whole area (Nest, TypeORM, its services) into the worker, about 1 s at start.
 *
 * A score counts as scoreHundredths(score): noise below 10⁻⁶ points is removed first (so 0.1 + 0.2 counts as 0.3 and a
 * computed 80.00499999999 as 80.005), then rounded half up: 80.004 → 80.00, 80.005 → 80.01. Rounding (rather than
 * "within 0.01 of each other") keeps the order transitive, which a sort needs.
 */
export interface RankedProposal {
  id: string;
  score: number;
  submittedAt: Date;
  passed?: boolean;
}

/** The score as the ranking counts it: an integer number of hundredths of a point (scores are ≥ 0). */
export function scoreHundredths(score: number): number {
  return Math.round(Math.round(score * 1e6) / 1e4);
}

/** Negative when a ranks before b; 0 only for the same id, time and score. */
export function compareProposalRank(a: RankedProposal, b: RankedProposal): number {
  if (a.passed !== undefined && b.passed !== undefined && a.passed !== b.passed) return a.passed ? -1 : 1;
  return scoreHundredths(b.score) - scoreHundredths(a.score) || a.submittedAt.getTime() - b.submittedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
