import { compareProposalRank } from '@app/core/util/proposal-rank';

/** Why a vendor's proposal for a region was, or was not, selected (the reasons the run's explanations use). */
export type RegionOutcome =
  | 'SELECTED'
  | 'EXCLUDED'
  | 'NOT_EVALUATED'
  | 'BELOW_THRESHOLD'
  | 'OVERRIDDEN'
  | 'VENDOR_SELECTED_ELSEWHERE'
  | 'OVER_BUDGET'
  | 'BUDGET_OR_CAPACITY'
  | 'LOWER_SCORE';

export const REGION_OUTCOME_JA: Record<RegionOutcome, string> = {
  SELECTED: '選定',
  EXCLUDED: '非選定（除外されたため）',
  NOT_EVALUATED: '非選定（利益相反のない評価委員による評価が行えず、評価されなかったため）',
  BELOW_THRESHOLD: '非選定（評価が基準に達しなかったため）',
  OVERRIDDEN: '非選定（選定委員会の判断により、他の提案を選定したため）',
  VENDOR_SELECTED_ELSEWHERE: '非選定（貴社が他の地域で選定され、同時支援可能数に達したため）',
  OVER_BUDGET: '非選定（事業全体の予算の範囲内で選定できなかったため）',
  BUDGET_OR_CAPACITY: '非選定（同時支援可能数又は事業全体の予算の範囲内で選定できなかったため）',
  LOWER_SCORE: '非選定（他の提案が上位となったため）',
};

export interface OutcomeProposal {
  id: string;
  regionId: string;
  vendorId: string;
  score: number;
  passed: boolean;
  excluded: boolean;
  notEvaluated?: boolean;
  submittedAt: Date;
}

interface SelectedMatch {
  proposalId: string;
  vendorId: string;
  candidateRegionId: string;
  explanation: Record<string, unknown>;
}

/** What decides a reason besides the proposal: its vendor's capacity and whether the run had a programme budget. */
export interface OutcomeContext {
  /** Regions each vendor could still take in this call (the run's input). */
  capacity?: ReadonlyMap<string, number>;
  budgetYen?: number | null;
}

/**
 * Why a proposal was not chosen for its region, given the proposal chosen there (none: the region is unsupported) and
 * how many regions its vendor holds: excluded, not evaluated, below the threshold, ranked lower than the chosen one;
 * ranked above it, its vendor at capacity (selected elsewhere), else the programme budget.
 */
export function whyNotChosen(
  p: OutcomeProposal,
  chosen: OutcomeProposal | undefined,
  vendorSelectedCount: number,
  ctx: OutcomeContext = {},
): Exclude<RegionOutcome, 'SELECTED' | 'OVERRIDDEN'> {
  if (p.excluded) return 'EXCLUDED';
  if (p.notEvaluated) return 'NOT_EVALUATED';
  if (!p.passed) return 'BELOW_THRESHOLD';
  if (chosen && compareProposalRank(p, chosen) >= 0) return 'LOWER_SCORE';
  const capacity = ctx.capacity?.get(p.vendorId);
  const atCapacity = capacity === undefined ? vendorSelectedCount > 0 : vendorSelectedCount >= capacity;
  if (atCapacity) return vendorSelectedCount > 0 ? 'VENDOR_SELECTED_ELSEWHERE' : 'BUDGET_OR_CAPACITY';
  return ctx.budgetYen !== null && ctx.budgetYen !== undefined ? 'OVER_BUDGET' : 'BUDGET_OR_CAPACITY';
}

/**
 * Every region a vendor bid on, with its outcome: selected, or why not (whyNotChosen; a selection the panel overrode
 * says so). The run's stored explanations are not read: they predate NOT_EVALUATED and OVER_BUDGET, and the same
 * rule gives the same answer for the cases they cover.
 */
export function vendorRegionOutcomes(
  proposals: readonly OutcomeProposal[],
  selected: readonly SelectedMatch[],
  overriddenProposalIds: ReadonlySet<string>,
  vendorId: string,
  ctx: OutcomeContext = {},
): Array<{ proposalId: string; regionId: string; outcome: RegionOutcome }> {
  const selectedByRegion = new Map(selected.map((m) => [m.candidateRegionId, m]));
  const selectedProposals = new Set(selected.map((m) => m.proposalId));
  const vendorSelectedCount = selected.filter((m) => m.vendorId === vendorId).length;
  const byId = new Map(proposals.map((p) => [p.id, p]));
  return proposals
    .filter((p) => p.vendorId === vendorId)
    .map((p) => {
      const outcome = ((): RegionOutcome => {
        if (selectedProposals.has(p.id)) return 'SELECTED';
        if (p.passed && !p.excluded && overriddenProposalIds.has(p.id)) return 'OVERRIDDEN';
        const chosen = selectedByRegion.get(p.regionId);
        return whyNotChosen(p, chosen ? byId.get(chosen.proposalId) : undefined, vendorSelectedCount, ctx);
      })();
      return { proposalId: p.id, regionId: p.regionId, outcome };
    });
}

/**
 * A vendor's own explanation of one outcome, in Japanese and English: regions and vendors by name, never ids, and
 * nobody else's score. `elsewhere` are the prefectures its vendor was selected for; `winner` the vendor chosen in
 * the region (public once the results are).
 */
export function outcomeExplanation(
  outcome: RegionOutcome,
  names: { prefecture: string; elsewhere: readonly string[]; winner: string | null; capacity: number | null },
): { ja: string; en: string } {
  const { prefecture: pref } = names;
  const elsewhereJa = names.elsewhere.join('、');
  const elsewhereEn = names.elsewhere.join(', ');
  const capJa = names.capacity !== null ? `（${names.capacity}地域）` : '';
  const capEn = names.capacity !== null ? ` (${names.capacity} region${names.capacity === 1 ? '' : 's'})` : '';
  switch (outcome) {
    case 'SELECTED':
      return { ja: `${pref}の伴走支援事業者として選定されました。`, en: `Selected as the support vendor for ${pref}.` };
    case 'EXCLUDED':
      return {
        ja: `貴社は登録停止又は辞退により除外されたため、${pref}への提案は選定の対象となりませんでした。`,
        en: `Your company was excluded (suspended or withdrawn), so the proposal for ${pref} could not be selected.`,
      };
    case 'NOT_EVALUATED':
      return {
        ja: `${pref}への提案は、利益相反のない評価委員による評価が行えなかったため評価されず、選定の対象となりませんでした。`,
        en: `The proposal for ${pref} could not be evaluated (no evaluator without a conflict of interest could score it), so it could not be selected.`,
      };
    case 'BELOW_THRESHOLD':
      return {
        ja: `${pref}への提案は、評価が基準点（又は評価項目ごとの最低点）に達しなかったため、選定されませんでした。`,
        en: `The proposal for ${pref} did not reach the pass mark (or a criterion's minimum), so it was not selected.`,
      };
    case 'OVERRIDDEN':
      return {
        ja: `選定委員会の判断により、${pref}では${names.winner ?? '他の事業者'}の提案が選定されました。`,
        en: `By the panel's decision, ${names.winner ?? 'another vendor'}'s proposal was selected for ${pref}.`,
      };
    case 'VENDOR_SELECTED_ELSEWHERE':
      return {
        ja: `貴社は${elsewhereJa}で選定され、同時支援可能数${capJa}に達したため、${pref}では選定されませんでした。`,
        en: `Your company was selected for ${elsewhereEn} and reached its capacity${capEn}, so it was not selected for ${pref}.`,
      };
    case 'OVER_BUDGET':
      return {
        ja: `${pref}への提案は評価の基準を満たしましたが、事業全体の予算の範囲内で選定できませんでした。`,
        en: `The proposal for ${pref} passed, but it could not be selected within the programme budget.`,
      };
    case 'BUDGET_OR_CAPACITY':
      return {
        ja: `${pref}への提案は評価の基準を満たしましたが、同時支援可能数又は事業全体の予算の範囲内で選定できませんでした。`,
        en: `The proposal for ${pref} passed, but it could not be selected within the capacity or the programme budget.`,
      };
    case 'LOWER_SCORE':
      return {
        ja: `${pref}では${names.winner ?? '他の事業者'}の提案が上位となったため、選定されませんでした。`,
        en: `For ${pref}, ${names.winner ?? 'another vendor'}'s proposal ranked higher, so yours was not selected.`,
      };
  }
}
