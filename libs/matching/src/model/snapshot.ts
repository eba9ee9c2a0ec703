import type { MatchingRun } from '../entities/matching.entities';
import type { MatchingInput } from './matching-model';
import { snapshotValue } from './snapshot-codec';

/** The inputs a run stored, as the model reads them (input_snapshot's forms: snapshot-codec.ts). */
export function snapshotInput(run: MatchingRun): MatchingInput {
  const s = snapshotValue(run.inputSnapshot) as MatchingInput & { proposals: Array<MatchingInput['proposals'][number] & { submittedAt: string }> };
  return { ...s, proposals: s.proposals.map((p) => ({ ...p, submittedAt: new Date(p.submittedAt) })) };
}
