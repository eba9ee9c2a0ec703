import { DomainError } from '@app/core/errors/domain-error';

/**
 * A proposal's budget may not exceed its region's cap (50,000,000 yen for repeat regions, see
 * budgetCapYen) nor the programme's cap per region.
 */
export function assertBudgetWithinCaps(budgetYen: number, regionCapYen: number | null, programmeCapYen: number | null): void {
  const caps = [regionCapYen, programmeCapYen].filter((c): c is number => c !== null);
  const cap = caps.length ? Math.min(...caps) : null;
  if (cap !== null && budgetYen > cap) {
    throw new DomainError(
      'BUDGET_OVER_CAP',
      { budgetYen, capYen: cap },
      {
        ja: `提案額（${budgetYen.toLocaleString('ja-JP')}円）が上限（${cap.toLocaleString('ja-JP')}円）を超えています。`,
        en: `The proposed budget (${budgetYen} yen) exceeds the cap (${cap} yen).`,
      },
    );
  }
}

export interface ApplicationForSubmission {
  capacity: number | null;
  proposals: Array<{ candidateRegionId: string; menuItemCodes: string[]; teamSize: number; approach: string }>;
}

/** What a vendor application still lacks before it can be submitted. */
export function missingForVendorSubmission(a: ApplicationForSubmission, requiredItem: string): string[] {
  const missing: string[] = [];
  if (!a.proposals.length) missing.push('PROPOSAL');
  if (!a.capacity || a.capacity < 1) missing.push('CAPACITY');
  for (const p of a.proposals) {
    if (!p.menuItemCodes.includes(requiredItem)) missing.push(`REQUIRED_MENU_ITEM:${p.candidateRegionId}`);
    if (p.teamSize === 0) missing.push(`TEAM:${p.candidateRegionId}`);
    if (!p.approach.trim()) missing.push(`APPROACH:${p.candidateRegionId}`);
  }
  return missing;
}
