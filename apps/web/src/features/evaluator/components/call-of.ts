/** The vendor call a proposal belongs to: the one that lists its candidate region (calls are public). */
export function callOf<C extends { candidateRegions: Array<{ id: string }> }>(calls: C[], candidateRegionId: string): C | undefined {
  return calls.find((c) => c.candidateRegions.some((r) => r.id === candidateRegionId));
}

/** Scores can change while the call is closed and undecided (ScoringService.assertScoringOpen). */
export const scoringOpen = (status: string | undefined) => status === 'CLOSED';

/** The scoring deadline has passed (the server refuses scores from then on with DEADLINE_PASSED). */
export const scoringDeadlinePassed = (call: { evaluationSettings: { scoringDeadline?: string | null } } | undefined, now = new Date()) =>
  !!call?.evaluationSettings.scoringDeadline && now.getTime() >= new Date(call.evaluationSettings.scoringDeadline).getTime();
