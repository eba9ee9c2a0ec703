/**
 * 利益相反: an evaluator is conflicted with a proposal when it declared (or the secretariat
 * recorded) a conflict with the proposing vendor's organisation, identified by its 法人番号, or
 * with the prefecture of the region. Checked on every assignment and on every read. The rule of
 * access (libs/access/src/domain/conflicts.ts re-exports it), kept here so that the call-level
 * aggregation (call-aggregation.ts), which the matching runs in its worker thread, applies the same one.
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
