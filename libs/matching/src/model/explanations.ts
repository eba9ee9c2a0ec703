import { compareProposalRank } from '@app/core/util/proposal-rank';
import type { MatchingInput } from './matching-model';
import { whyNotChosen } from '../domain/vendor-outcomes';

/**
 * For a selected pair: its score, and each alternative in the region with why it was not chosen. The proposals are
 * grouped by region and the vendors' regions collected once per solution (per pair, that was a scan of every proposal).
 * Pure (no Nest): a solver run explains its 1,740 pairs in the matching's worker thread, an override its one pair.
 */
export function explainer(input: MatchingInput, solution: { matches: ReadonlyArray<{ vendorId: string; regionId: string }> }) {
  const vendorRegions = new Map<string, string[]>();
  for (const x of solution.matches) {
    const list = vendorRegions.get(x.vendorId);
    if (list) list.push(x.regionId);
    else vendorRegions.set(x.vendorId, [x.regionId]);
  }
  const ctx = { capacity: new Map(input.vendors.map((v) => [v.id, v.capacity])), budgetYen: input.budgetYen ?? null };
  const byRegion = new Map<string, MatchingInput['proposals']>();
  const byId = new Map<string, MatchingInput['proposals'][number]>();
  for (const p of input.proposals) {
    byId.set(p.id, p);
    const list = byRegion.get(p.regionId);
    if (list) list.push(p);
    else byRegion.set(p.regionId, [p]);
  }
  return (proposalId: string, regionId: string) => {
    const chosen = byId.get(proposalId)!;
    const alternatives = (byRegion.get(regionId) ?? [])
      .filter((p) => p.id !== proposalId)
      .sort(compareProposalRank)
      .map((p) => {
        // Ranked above the chosen one by the one ranking (a tie in 0.01 points goes to the earlier submission), the
        // vendor's capacity and the budget decide the rest: the same rule as the vendors' own notices and feedback.
        const why = whyNotChosen(p, chosen, vendorRegions.get(p.vendorId)?.length ?? 0, ctx);
        return { proposalId: p.id, vendorId: p.vendorId, score: p.score, why, vendorSelectedFor: vendorRegions.get(p.vendorId) ?? [] };
      });
    return { score: chosen.score, alternatives };
  };
}
