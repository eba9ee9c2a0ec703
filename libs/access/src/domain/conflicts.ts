/**
 * 利益相反: an evaluator is conflicted with a proposal when it declared (or the secretariat
 * recorded) a conflict with the proposing vendor's organisation, identified by its 法人番号, or
 * with the prefecture of the region. Checked on every assignment and on every read. The rule itself
 * is core's (the aggregation applies it too, in the matching's worker thread).
 */
import { ConflictRecord, isConflicted, ProposalParties } from '@app/core/util/conflict-of-interest';

export { isConflicted };
export type { ConflictRecord, ProposalParties };

export function conflictedPairs(
  proposals: readonly ProposalParties[],
  evaluatorIds: readonly string[],
  conflicts: readonly ConflictRecord[],
): Array<{ proposalId: string; evaluatorId: string }> {
  const out: Array<{ proposalId: string; evaluatorId: string }> = [];
  for (const p of proposals) for (const e of evaluatorIds) if (isConflicted(e, p, conflicts)) out.push({ proposalId: p.proposalId, evaluatorId: e });
  return out;
}
