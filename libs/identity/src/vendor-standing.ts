import { EntityManager } from 'typeorm';

/**
 * What identity needs to know of a vendor: whether it exists and whether it is suspended. The vendors belong to the
 * bidding area, which comes after identity, so identity states the question here and bidding answers it
 * (`BiddingPortsModule` provides this class globally): identity never imports bidding nor reads its table.
 */
export abstract class VendorStanding {
  /** The vendor's status (`ACTIVE`, `SUSPENDED`, …), or null when there is no such vendor; in `m`'s transaction if given. */
  abstract statusOf(vendorId: string, m?: EntityManager): Promise<string | null>;
}
