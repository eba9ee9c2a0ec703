/**
 * A submission retried with its idempotency key (finding 12 of issue 11). The key stands for one
 * submission: the retry gets that receipt back only while it still describes the application, i.e.
 * the application is still submitted, this receipt is its latest, and the content is the one the
 * receipt digested. After a reopen (with or without a change), a resubmission under another key or
 * any change of content, handing the old receipt back would let the client believe that what it
 * now holds was submitted: the retry is refused instead (IDEMPOTENCY_KEY_REUSED).
 */
export interface ReplayedReceipt {
  id: string;
  contentDigest: string;
}

export interface SubjectNow {
  /** The application is in a state that follows a submission (not a draft, not withdrawn). */
  submitted: boolean;
  /** The latest receipt of the application. */
  latestReceiptId: string | null;
  /** The SHA-256 of the application's canonical content as it is now. */
  contentDigest: string;
}

export function replayReturnsReceipt(receipt: ReplayedReceipt, now: SubjectNow): boolean {
  return now.submitted && now.latestReceiptId === receipt.id && now.contentDigest === receipt.contentDigest;
}
