/**
 * 利益相反: an evaluator is conflicted with a proposal when it declared (or the secretariat
 * recorded) a conflict with the proposing vendor's organisation, identified by its 法人番号, or
 * with the prefecture of the region. Checked on every assignment and on every read.
 */
export interface ConflictRecord {
  evaluatorId: string;
  corporateNumber: string | null;
  prefectureCode: string | null;
}

export interface ProposalParties {
  proposalId: string;
  corporateNumber: string;
  prefectureCode: string;
}

export function isConflicted(evaluatorId: string, p: ProposalParties, conflicts: readonly ConflictRecord[]): boolean {
  return conflicts.some(
    (c) =>
      c.evaluatorId === evaluatorId &&
      ((c.corporateNumber !== null && c.corporateNumber === p.corporateNumber) || (c.prefectureCode !== null && c.prefectureCode === p.prefectureCode)),
  );
}

export function conflictedPairs(
  proposals: readonly ProposalParties[],
  evaluatorIds: readonly string[],
  conflicts: readonly ConflictRecord[],
): Array<{ proposalId: string; evaluatorId: string }> {
  const out: Array<{ proposalId: string; evaluatorId: string }> = [];
  for (const p of proposals) for (const e of evaluatorIds) if (isConflicted(e, p, conflicts)) out.push({ proposalId: p.proposalId, evaluatorId: e });
  return out;
}
