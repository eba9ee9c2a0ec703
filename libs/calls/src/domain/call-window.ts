import { DomainError } from '@app/core/errors/domain-error';
import { toJstText, toWareki } from '@app/core/time/jst';

export enum CallKind {
  REGION = 'REGION',
  VENDOR = 'VENDOR',
}

export enum CallStatus {
  DRAFT = 'DRAFT',
  /** Read-only: opened before its window, so announced but not yet accepting; stored as OPEN (see callStatusAt). */
  SCHEDULED = 'SCHEDULED',
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
  DECIDED = 'DECIDED',
  PUBLISHED = 'PUBLISHED',
}

export interface CallWindow {
  status: CallStatus;
  opensAt: Date;
  closesAt: Date;
}

/**
 * A submission or edit is accepted when the call is open and the server's arrival time is
 * strictly before the deadline: 16:59:59.999 JST on the last day is in time, 17:00:00 is late.
 * Instants are compared, so the result does not depend on the server's time zone; messages show JST.
 */
export function assertAcceptingSubmissions(call: CallWindow, receivedAt: Date): void {
  if (receivedAt.getTime() >= call.closesAt.getTime()) {
    throw new DomainError(
      'DEADLINE_PASSED',
      { closesAt: call.closesAt.toISOString() },
      {
        ja: `締切（${toWareki(call.closesAt)}）を過ぎているため受け付けできません。`,
        en: `The deadline (${toJstText(call.closesAt)}) has passed.`,
      },
    );
  }
  if (call.status !== CallStatus.OPEN || receivedAt.getTime() < call.opensAt.getTime()) {
    throw new DomainError(
      'CALL_NOT_OPEN',
      { opensAt: call.opensAt.toISOString() },
      {
        ja: `公募期間外です（受付開始：${toWareki(call.opensAt)}）。`,
        en: `The call is not open (opens ${toJstText(call.opensAt)}).`,
      },
    );
  }
}

export function isPastDeadline(call: CallWindow, now: Date): boolean {
  return now.getTime() >= call.closesAt.getTime();
}

/**
 * The status a reader sees: a call opened ahead of its window is SCHEDULED until opensAt, so nobody reads "OPEN" for
 * a call that refuses entries (CALL_NOT_OPEN). Derived from the clock at read time: no job has to flip it.
 */
export function callStatusAt(call: CallWindow, now: Date): CallStatus {
  return call.status === CallStatus.OPEN && now.getTime() < call.opensAt.getTime() ? CallStatus.SCHEDULED : call.status;
}

/** Call statuses move forward only, one step at a time. */
const NEXT: Record<CallStatus, CallStatus | null> = {
  DRAFT: CallStatus.OPEN,
  SCHEDULED: null, // never stored

  OPEN: CallStatus.CLOSED,
  CLOSED: CallStatus.DECIDED,
  DECIDED: CallStatus.PUBLISHED,
  PUBLISHED: null,
};

export function assertCallTransition(from: CallStatus, to: CallStatus): void {
  if (NEXT[from] !== to) {
    throw new DomainError(
      'INVALID_STATE',
      { from, to },
      {
        ja: `公募の状態を ${from} から ${to} に変更することはできません。`,
        en: `A call cannot go from ${from} to ${to}.`,
      },
    );
  }
}
