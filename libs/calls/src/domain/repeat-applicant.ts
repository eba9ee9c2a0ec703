/**
 * The repeat-applicant rule (応募要件 2): a prefecture selected as a support region in an earlier
 * fiscal year must partner with at least one more municipality than in its previous application,
 * gets bonus points in proportion to the share of its municipalities taking part, and its
 * support budget is capped at 50,000,000 yen.
 */
export const REPEAT_APPLICANT_BUDGET_CAP_YEN = 50_000_000;

export interface RepeatHistory {
  /** Partner count of the application that was selected in the latest earlier year. */
  previousPartnerCount: number;
  previousFiscalYear: number;
}

export function requiredPartnerCount(history: RepeatHistory | null): number {
  return history ? history.previousPartnerCount + 1 : 1;
}

export function repeatApplicantRuleHolds(history: RepeatHistory | null, partnerCount: number): boolean {
  return partnerCount >= requiredPartnerCount(history);
}

/** Partners divided by the basic local governments of the prefecture, 0..1. */
export function participationRatio(partnerCount: number, municipalitiesInPrefecture: number): number {
  if (municipalitiesInPrefecture <= 0) return 0;
  return Math.min(1, partnerCount / municipalitiesInPrefecture);
}

/** Bonus points in proportion to participation, rounded to two decimals; only repeat applicants get them. */
export function repeatBonusPoints(isRepeat: boolean, ratio: number, maxBonusPoints: number): number {
  if (!isRepeat) return 0;
  return Math.round(ratio * maxBonusPoints * 100) / 100;
}

export function budgetCapYen(isRepeat: boolean, programmeCapYen: number | null): number | null {
  if (!isRepeat) return programmeCapYen;
  return programmeCapYen === null ? REPEAT_APPLICANT_BUDGET_CAP_YEN : Math.min(programmeCapYen, REPEAT_APPLICANT_BUDGET_CAP_YEN);
}
