/**
 * The vendor call a proposal belongs to: its own (`RegionProposal.callId`), else the one that lists its candidate region.
 * A follow-up call lists regions of the first call again, so the region alone may name the wrong one.
 */
export function callOf<C extends { id: string; candidateRegions: Array<{ id: string }> }>(
  calls: C[],
  proposal: { callId?: string | null; candidateRegion: { id: string } },
): C | undefined {
  return calls.find((c) => c.id === proposal.callId) ?? calls.find((c) => c.candidateRegions.some((r) => r.id === proposal.candidateRegion.id));
}

/** Scores can change while the call is closed and undecided (ScoringService.assertScoringOpen). */
export const scoringOpen = (status: string | undefined) => status === 'CLOSED';

/** The scoring deadline has passed (the server refuses scores from then on with DEADLINE_PASSED). */
export const scoringDeadlinePassed = (call: { evaluationSettings: { scoringDeadline?: string | null } } | undefined, now = new Date()) =>
  !!call?.evaluationSettings.scoringDeadline && now.getTime() >= new Date(call.evaluationSettings.scoringDeadline).getTime();
