import { Injectable } from '@nestjs/common';
import { Actor, Role } from '@app/core';
import { Notice } from './notice.entity';
import { NoticeRepository } from './notice.repository';

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

/** Reads one stored notice (for its PDF); who may read it is the caller's question (the access layer and `audiencesOf`). */
@Injectable()
export class NoticeReader {
  constructor(private readonly repo: NoticeRepository) {}

  byId(id: string): Promise<Notice | null> {
    return this.repo.byId(id);
  }
}
