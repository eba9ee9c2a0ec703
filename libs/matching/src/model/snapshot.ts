import type { MatchingRun } from '../entities/matching.entities';
import type { MatchingInput } from './matching-model';

/** The inputs a run stored, as the model reads them. */
export function snapshotInput(run: MatchingRun): MatchingInput {
  const s = run.inputSnapshot as unknown as MatchingInput & { proposals: Array<MatchingInput['proposals'][number] & { submittedAt: string }> };
  return { ...s, proposals: s.proposals.map((p) => ({ ...p, submittedAt: new Date(p.submittedAt) })) };
}
