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

/**
 * Late acceptance by the secretariat: only once the deadline has passed (before it, the prefecture submits itself) and
 * while the call is still undecided (OPEN past its deadline, or CLOSED).
 */
export function assertLateAcceptable(call: CallWindow, now: Date): void {
  if (now.getTime() < call.closesAt.getTime()) {
    throw new DomainError(
      'INVALID_STATE',
      { closesAt: call.closesAt.toISOString() },
      {
        ja: '締切前の申請は都道府県が提出します（締切後の受理は締切を過ぎてからのみ）。',
        en: 'Before the deadline the prefecture submits itself; late acceptance is only after the deadline.',
      },
    );
  }
  if (call.status !== CallStatus.OPEN && call.status !== CallStatus.CLOSED) {
    throw new DomainError(
      'INVALID_STATE',
      { status: call.status },
      { ja: '選定結果の決定後は受理できません。', en: 'Nothing can be accepted once the call is decided.' },
    );
  }
}

/** A form the secretariat enters for a prefecture: it arrived within the window, and the call is not decided yet. */
export function assertUndecided(call: CallWindow, formReceivedAt: Date): void {
  if (formReceivedAt.getTime() < call.opensAt.getTime() || (call.status !== CallStatus.OPEN && call.status !== CallStatus.CLOSED)) {
    throw new DomainError(
      'CALL_NOT_OPEN',
      { opensAt: call.opensAt.toISOString(), status: call.status },
      {
        ja: '受付期間外に届いた申請、または選定結果の決定後の申請は入力できません。',
        en: 'The form arrived outside the window, or the call is already decided.',
      },
    );
  }
}
