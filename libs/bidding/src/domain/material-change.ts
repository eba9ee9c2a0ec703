import { DomainError } from '@app/core/errors/domain-error';
import { toJstText, toWareki } from '@app/core/time/jst';

/** A published vendor call may not change its regions, criteria or deadline within this many days of the deadline. */
export const MATERIAL_CHANGE_FREEZE_DAYS = 7;

/**
 * A material change to a published vendor call is refused within 7 days of its deadline;
 * earlier, it is allowed but every submitted application goes back to draft (so that no bid
 * stands on terms its vendor never saw). Returns whether submitted applications must be returned.
 */
export function assertMaterialChangeAllowed(call: { status: string; closesAt: Date }, now: Date): { returnSubmitted: boolean } {
  if (call.status === 'DRAFT') return { returnSubmitted: false };
  if (call.status !== 'OPEN') {
    throw new DomainError('INVALID_STATE', { status: call.status }, { ja: '締め切った公募は変更できません。', en: 'A closed call cannot be changed.' });
  }
  const freezeFrom = new Date(call.closesAt.getTime() - MATERIAL_CHANGE_FREEZE_DAYS * 24 * 3600 * 1000);
  if (now.getTime() >= freezeFrom.getTime()) {
    throw new DomainError(
      'MATERIAL_CHANGE_TOO_LATE',
      { freezeFrom: freezeFrom.toISOString() },
      {
        ja: `締切の${MATERIAL_CHANGE_FREEZE_DAYS}日前（${toWareki(freezeFrom)}）以降は公募の重要な変更はできません。`,
        en: `Material changes are not allowed from ${MATERIAL_CHANGE_FREEZE_DAYS} days before the deadline (${toJstText(freezeFrom)}).`,
      },
    );
  }
  return { returnSubmitted: true };
}

/** What a material change of a published vendor call changed (the deadline is checked above but changes no bid). */
export interface VendorCallChange {
  /** The evaluation criteria or the pass threshold: the terms every bid is judged on. */
  criteria?: 'CRITERIA' | 'PASS_THRESHOLD';
  /** Regions the call no longer lists. */
  removedRegionIds?: readonly string[];
}

/** What changed for one bid, in the words of its notice; empty when the change does not touch the bid. */
export interface BidChange {
  criteria?: 'CRITERIA' | 'PASS_THRESHOLD';
  removedRegionIds: string[];
}

/**
 * Whether a material change touches a submitted bid, and how: a change of the criteria (or the pass threshold) touches
 * every bid; removing a region touches only the bids with a proposal for it. A later (or earlier) deadline, a new
 * region, or the removal of a region the bid did not propose for leave the bid as its vendor submitted it: it stays
 * submitted. Returns null when the bid is untouched.
 */
export function bidChangeOf(change: VendorCallChange, bidRegionIds: readonly string[]): BidChange | null {
  const bid = new Set(bidRegionIds);
  const removedRegionIds = (change.removedRegionIds ?? []).filter((id) => bid.has(id));
  if (!change.criteria && !removedRegionIds.length) return null;
  return { ...(change.criteria ? { criteria: change.criteria } : {}), removedRegionIds };
}
