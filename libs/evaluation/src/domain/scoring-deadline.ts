import { DomainError } from '@app/core/errors/domain-error';
import { toJstText, toWareki } from '@app/core/time/jst';

/**
 * The scoring deadline of a vendor call's evaluation: a score is accepted strictly before it. Instants are compared,
 * so the server's time zone cannot move it; the deadline is set and shown in Japan time (Asia/Tokyo).
 */
export function assertBeforeScoringDeadline(deadline: Date | null, now: Date): void {
  if (deadline && now.getTime() >= deadline.getTime()) {
    throw new DomainError(
      'DEADLINE_PASSED',
      { scoringDeadline: deadline.toISOString() },
      {
        ja: `採点の締切（${toWareki(deadline)}）を過ぎているため受け付けできません。`,
        en: `The scoring deadline (${toJstText(deadline)}) has passed.`,
      },
    );
  }
}

/** Scoring starts when applications close, so its deadline must come after the call's deadline. */
export function assertScoringDeadlineAfterCall(deadline: Date, callClosesAt: Date): void {
  if (deadline.getTime() <= callClosesAt.getTime()) {
    throw new DomainError(
      'VALIDATION_FAILED',
      { field: 'scoringDeadline', closesAt: callClosesAt.toISOString() },
      {
        ja: `採点の締切は応募の締切（${toWareki(callClosesAt)}）より後にしてください。`,
        en: `The scoring deadline must come after the call's deadline (${toJstText(callClosesAt)}).`,
      },
    );
  }
}
