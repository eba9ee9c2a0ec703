import { compareProposalRank } from '@app/core/util/proposal-rank';

/** Why a vendor's proposal for a region was, or was not, selected (the reasons the run's explanations use). */
export type RegionOutcome = 'SELECTED' | 'EXCLUDED' | 'BELOW_THRESHOLD' | 'OVERRIDDEN' | 'VENDOR_SELECTED_ELSEWHERE' | 'BUDGET_OR_CAPACITY' | 'LOWER_SCORE';

export const REGION_OUTCOME_JA: Record<RegionOutcome, string> = {
  SELECTED: '選定',
  EXCLUDED: '非選定（除外されたため）',
  BELOW_THRESHOLD: '非選定（評価が基準に達しなかったため）',
  OVERRIDDEN: '非選定（選定委員会の判断により、他の提案を選定したため）',
  VENDOR_SELECTED_ELSEWHERE: '非選定（貴社が他の地域で選定され、同時支援可能数に達したため）',
  BUDGET_OR_CAPACITY: '非選定（同時支援可能数又は事業全体の予算の範囲内で選定できなかったため）',
  LOWER_SCORE: '非選定（他の提案が上位となったため）',
};

interface Proposal {
  id: string;
  regionId: string;
  vendorId: string;
  score: number;
  passed: boolean;
  excluded: boolean;
  submittedAt: Date;
}

interface SelectedMatch {
  proposalId: string;
  vendorId: string;
  candidateRegionId: string;
  explanation: Record<string, unknown>;
}

/**
 * Every region a vendor bid on, with its outcome: selected, or why not. The reason is the one the run's explanation of
 * the region's selected pair gives for this proposal (`alternatives[].why`); where the run has none (a region left
 * unsupported, a selection overridden by the panel or replaced in the awarding order), the same rule as the
 * explanation decides: excluded, below the threshold, ranked above the chosen one but its vendor selected elsewhere or
 * out of capacity or budget, else ranked lower.
 */
export function vendorRegionOutcomes(
  proposals: readonly Proposal[],
  selected: readonly SelectedMatch[],
  overriddenProposalIds: ReadonlySet<string>,
  vendorId: string,
): Array<{ proposalId: string; regionId: string; outcome: RegionOutcome }> {
  const selectedByRegion = new Map(selected.map((m) => [m.candidateRegionId, m]));
  const selectedProposals = new Set(selected.map((m) => m.proposalId));
  const vendorSelected = selected.some((m) => m.vendorId === vendorId);
  const byId = new Map(proposals.map((p) => [p.id, p]));
  return proposals
    .filter((p) => p.vendorId === vendorId)
    .map((p) => {
      const outcome = ((): RegionOutcome => {
        if (selectedProposals.has(p.id)) return 'SELECTED';
        if (p.excluded) return 'EXCLUDED';
        if (!p.passed) return 'BELOW_THRESHOLD';
        if (overriddenProposalIds.has(p.id)) return 'OVERRIDDEN';
        const chosen = selectedByRegion.get(p.regionId);
        const alternatives = (chosen?.explanation?.alternatives ?? []) as Array<{ proposalId: string; why: string }>;
        const why = alternatives.find((a) => a.proposalId === p.id)?.why;
        if (why && why in REGION_OUTCOME_JA) return why as RegionOutcome;
        const chosenProposal = chosen ? byId.get(chosen.proposalId) : undefined;
        const above = !chosenProposal || compareProposalRank(p, chosenProposal) < 0;
        if (!above) return 'LOWER_SCORE';
        return vendorSelected ? 'VENDOR_SELECTED_ELSEWHERE' : 'BUDGET_OR_CAPACITY';
      })();
      return { proposalId: p.id, regionId: p.regionId, outcome };
    });
}
