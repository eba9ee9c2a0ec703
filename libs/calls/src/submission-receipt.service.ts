import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError } from '@app/core';
import { replayReturnsReceipt } from './domain/idempotency';
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

  /**
   * A submission retried with an idempotency key, inside the submitting transaction (after the
   * subject's row lock): null for a key never used on this subject (submit normally); the earlier
   * receipt while it still describes the subject (`replayReturnsReceipt`); else IDEMPOTENCY_KEY_REUSED.
   */
  async replay(
    m: EntityManager,
    subjectType: string,
    subjectId: string,
    key: string,
    now: { submitted: boolean; contentDigest: () => Promise<string> },
  ): Promise<SubmissionReceipt | null> {
    const earlier = await this.repo.receiptByIdempotencyKey(m, subjectType, subjectId, key);
    if (!earlier) return null;
    const latest = await this.repo.latestReceipt(m, subjectType, subjectId);
    // The digest is only worth computing (several queries) when the state and the latest receipt match.
    const current = now.submitted && latest?.id === earlier.id;
    if (current && replayReturnsReceipt(earlier, { submitted: true, latestReceiptId: latest.id, contentDigest: await now.contentDigest() })) return earlier;
    throw new DomainError(
      'IDEMPOTENCY_KEY_REUSED',
      { receiptNumber: earlier.number },
      {
        ja: `この冪等キーの提出（受付番号 ${earlier.number}）は、その後の差戻し・変更により現在の内容ではありません。新しいキーで提出してください。`,
        en: `The submission of this idempotency key (receipt ${earlier.number}) is no longer current: the application was reopened or changed since. Submit with a new key.`,
      },
    );
  }

  bySubjectIds(subjectType: string, ids: readonly string[]): Promise<SubmissionReceipt[]> {
    return this.repo.receiptsBySubjectIds(subjectType, ids);
  }

  issue(m: EntityManager, r: NewReceipt): Promise<SubmissionReceipt> {
    return this.repo.insertReceipt(m, r.prefix, {
      subjectType: r.subjectType,
      subjectId: r.subjectId,
      receivedAt: r.receivedAt,
      contentDigest: r.digest,
      content: r.content,
      idempotencyKey: r.idempotencyKey,
      submittedBy: r.submittedBy,
    });
  }
}
