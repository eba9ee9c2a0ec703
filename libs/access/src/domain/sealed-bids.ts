/**
 * Sealed bids: who may open a bid's content (proposal text, team, schedule, budget, documents).
 * As in a public procurement, bids stay sealed until the vendor call's deadline: before it only
 * the bidding vendor reads its own; the secretariat sees only that a bid exists (vendor, status,
 * count per region). After the deadline the secretariat and the assigned, unconflicted evaluators
 * open them; the ministry once the decision is published; a prefecture then reads only the bid
 * that won its region (losing bids: their count only); municipalities and everyone else never.
 */
export interface BidReader {
  /** The Role of the reader (SECRETARIAT, MINISTRY, PREFECTURE, MUNICIPALITY, VENDOR, EVALUATOR). */
  role: string;
  vendorId: string | null;
  prefectureCode: string | null;
  /** An evaluator with a confirmed assignment to this bid and no conflict with its vendor. */
  assignedUnconflicted?: boolean;
}

export interface SealedBid {
  vendorId: string;
  /** Submitted (a draft or a withdrawn application is no bid: only its vendor reads it). */
  submitted: boolean;
  /** The prefecture of the candidate region the bid is for. */
  regionPrefectureCode: string;
  /** The vendor call's deadline. */
  closesAt: Date;
  /** The decision (the call's results) is published. */
  published: boolean;
  /** Selected for its region in the published decision. */
  awarded: boolean;
}

/** A vendor's own bid: it opens it in any state, and no other vendor ever does (the first rule of `mayOpenBid`). */
export function isOwnBid(reader: Pick<BidReader, 'role' | 'vendorId'>, bidVendorId: string): boolean {
  return reader.role === 'VENDOR' && !!reader.vendorId && reader.vendorId === bidVendorId;
}

export function mayOpenBid(reader: BidReader | null, bid: SealedBid, now: Date): boolean {
  if (!reader) return false;
  if (reader.role === 'VENDOR') return isOwnBid(reader, bid.vendorId);
  if (!bid.submitted || now.getTime() < bid.closesAt.getTime()) return false; // sealed until the deadline
  switch (reader.role) {
    case 'SECRETARIAT':
      return true;
    case 'EVALUATOR':
      return reader.assignedUnconflicted === true;
    case 'MINISTRY':
      return bid.published;
    case 'PREFECTURE':
      return bid.published && bid.awarded && reader.prefectureCode === bid.regionPrefectureCode;
    default:
      return false; // municipalities see the engagement of their region, never the bids
  }
}
