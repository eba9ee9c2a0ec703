import { Global, Injectable, Module } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { VendorStanding } from '@app/identity';
import { BiddingRepository } from './bidding.repository';

/** Bidding's answer to identity's question about a vendor (one indexed read of the vendor). */
@Injectable()
export class VendorStandingOfBidding extends VendorStanding {
  constructor(private readonly repo: BiddingRepository) {
    super();
  }

  async statusOf(vendorId: string, m?: EntityManager): Promise<string | null> {
    const [v] = await this.repo.vendorsByIds([vendorId], m);
    return v?.status ?? null;
  }
}

/**
 * The ports that areas below bidding declare and bidding implements. Global, because those areas may not import
 * bidding's module (the dependency rule); imported once by BiddingModule.
 */
@Global()
@Module({
  providers: [BiddingRepository, { provide: VendorStanding, useClass: VendorStandingOfBidding }],
  exports: [VendorStanding],
})
export class BiddingPortsModule {}
