/**
 * The budget of an engagement after the award (finding 6 of issue 11). The vendor won on its bid;
 * a budget above what the procurement settled on is a new commitment of public money, so it is the
 * secretariat's decision, never the vendor's own. Lowering the budget, or staying within the
 * awarded bid (or a figure the secretariat has already approved), needs nobody's approval.
 */
export interface BudgetCeiling {
  /** The budget of the winning bid (the proposal the match was made on). */
  awardedYen: number;
  /** The highest budget the secretariat has approved for this engagement, if any. */
  approvedYen?: number | null;
}

/** What the vendor may set on its own: the awarded bid, or a higher figure already approved. */
export function budgetCeiling(c: BudgetCeiling): number {
  return Math.max(c.awardedYen, c.approvedYen ?? 0);
}

/** True when the requested budget goes beyond the awarded bid (and beyond any approved figure). */
export function budgetChangeNeedsApproval(requestedYen: number, c: BudgetCeiling): boolean {
  return requestedYen > budgetCeiling(c);
}
