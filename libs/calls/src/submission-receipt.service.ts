import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SubmissionReceipt } from './entities';
import { RegionApplicationRepository } from './region-application.repository';

export interface NewReceipt {
  subjectType: string;
  subjectId: string;
  /** The number reads `${prefix}-${serial}`, e.g. RA2025-28-000002. */
  prefix: string;
  receivedAt: Date;
  content: unknown;
  digest: string;
  idempotencyKey: string | null;
  submittedBy: string;
}

/** Receipts of submissions (region and vendor applications alike): numbered, timed, digested; each keeps the content as submitted. */
@Injectable()
export class SubmissionReceiptService {
  constructor(private readonly repo: RegionApplicationRepository) {}

  byIdempotencyKey(m: EntityManager, subjectType: string, subjectId: string, key: string): Promise<SubmissionReceipt | null> {
    return this.repo.receiptByIdempotencyKey(m, subjectType, subjectId, key);
  }

  bySubjectIds(subjectType: string, ids: readonly string[]): Promise<SubmissionReceipt[]> {
    return this.repo.receiptsBySubjectIds(subjectType, ids);
  }

  async issue(m: EntityManager, r: NewReceipt): Promise<SubmissionReceipt> {
    const serial = await this.repo.nextReceiptSerial(m);
    return this.repo.insertReceipt(m, {
      subjectType: r.subjectType,
      subjectId: r.subjectId,
      number: `${r.prefix}-${String(serial).padStart(6, '0')}`,
      receivedAt: r.receivedAt,
      contentDigest: r.digest,
      content: r.content,
      idempotencyKey: r.idempotencyKey,
      submittedBy: r.submittedBy,
    });
  }
}
