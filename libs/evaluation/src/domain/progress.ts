/**
 * Scores missing per evaluator and per proposal. Every submitted proposal of the call has a row, so that one no
 * unconflicted evaluator can score shows (assigned 0, notEvaluated) instead of silently missing from the table.
 * An assignment counts only when confirmed and not forbidden by a conflict (a conflict found after confirmation
 * takes the evaluator's sheet out of the result as well: ScoringService.aggregateCall).
 */
export interface ProgressAssignment {
  proposalId: string;
  evaluatorId: string;
}

export interface ProgressRow {
  id: string;
  assigned: number;
  submitted: number;
  missing: number;
}

export function evaluationProgress(
  proposalIds: readonly string[],
  assignments: readonly ProgressAssignment[],
  submitted: ReadonlySet<string>,
  conflicted: (a: ProgressAssignment) => boolean,
): { byEvaluator: ProgressRow[]; byProposal: ProgressRow[]; notEvaluated: string[] } {
  const counted = assignments.filter((a) => !conflicted(a));
  const tally = (key: (a: ProgressAssignment) => string, seed: readonly string[]) => {
    const out = new Map<string, { assigned: number; submitted: number }>(seed.map((id) => [id, { assigned: 0, submitted: 0 }]));
    for (const a of counted) {
      const t = out.get(key(a)) ?? { assigned: 0, submitted: 0 };
      t.assigned += 1;
      if (submitted.has(`${a.proposalId}:${a.evaluatorId}`)) t.submitted += 1;
      out.set(key(a), t);
    }
    return [...out.entries()].map(([id, t]) => ({ id, ...t, missing: t.assigned - t.submitted })).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  };
  const byProposal = tally((a) => a.proposalId, proposalIds);
  return { byEvaluator: tally((a) => a.evaluatorId, []), byProposal, notEvaluated: byProposal.filter((r) => r.assigned === 0).map((r) => r.id) };
}
