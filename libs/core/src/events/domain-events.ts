import { EventEmitter } from 'node:events';

/**
 * Facts the API pushes to subscribers, emitted by services after their transaction commits (never
 * for a change that may still roll back). Each carries what the subscription filter needs to decide
 * who may read it, so delivery needs no query.
 */
export type DomainEvent =
  | {
      type: 'APPLICATION_STATUS_CHANGED';
      applicationId: string;
      callId: string;
      prefectureCode: string;
      partnerCodes: string[];
      status: string;
      staffOnly: boolean;
    }
  | { type: 'RESULTS_PUBLISHED'; callId: string; runId: string }
  | {
      type: 'REPORT_SUBMITTED' | 'REPORT_OVERDUE';
      reportId: string;
      engagementId: string;
      kind: string;
      vendorId: string;
      prefectureCode: string;
      partnerCodes: string[];
    }
  | { type: 'BRIEFING_SESSION_FULL'; sessionId: string }
  /** A vendor call's bids changed (a proposal saved or removed, a bid submitted, reopened, withdrawn or returned): staff only. */
  | { type: 'VENDOR_BIDS_CHANGED'; callId: string };

export class DomainEvents {
  private readonly emitter = new EventEmitter();

  emit(event: DomainEvent): void {
    this.emitter.emit('event', event);
  }

  subscribe(handler: (event: DomainEvent) => void): () => void {
    this.emitter.on('event', handler);
    return () => this.emitter.off('event', handler);
  }
}
