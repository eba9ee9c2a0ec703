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
