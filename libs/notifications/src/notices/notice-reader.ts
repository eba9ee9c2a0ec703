import { Injectable } from '@nestjs/common';
import { Notice } from './notice.entity';
import { NoticeRepository } from './notice.repository';

/** Reads one stored notice (for its PDF); who may read it is the caller's question (the access layer and `audiencesOf`). */
@Injectable()
export class NoticeReader {
  constructor(private readonly repo: NoticeRepository) {}

  byId(id: string): Promise<Notice | null> {
    return this.repo.byId(id);
  }
}
