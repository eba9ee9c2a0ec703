import { Actor, Role } from '@app/core';

/**
 * The audiences (notices.audience) an account belongs to: its organisation's (prefecture, municipality, vendor) and its own.
 * A person without an account ('email:…') reads its notice in its mail only. The one rule for both the notice list
 * (NoticeDesk.mine) and the notice PDF.
 */
export function audiencesOf(actor: Actor): string[] {
  const out = [`user:${actor.userId}`];
  if (actor.role === Role.PREFECTURE && actor.prefectureCode) out.push(`prefecture:${actor.prefectureCode}`);
  if (actor.role === Role.MUNICIPALITY && actor.municipalityCode) out.push(`municipality:${actor.municipalityCode}`);
  if (actor.role === Role.VENDOR && actor.vendorId) out.push(`vendor:${actor.vendorId}`);
  return out;
}
