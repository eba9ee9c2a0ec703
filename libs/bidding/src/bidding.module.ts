import { Module } from '@nestjs/common';
import { CallsModule } from '@app/calls';
import { DocumentsModule } from '@app/documents';
import { IdentityModule } from '@app/identity';
import { MasterDataModule } from '@app/master-data';
import { NotificationsModule } from '@app/notifications';
import { BiddingNotices } from './bidding-notices';
import { BiddingPortsModule } from './bidding-ports.module';
import { BiddingRepository } from './bidding.repository';
import { InquiryService } from './inquiry.service';
import { VendorApplicationService } from './vendor-application.service';
import { VendorCallService } from './vendor-call.service';
import { VendorService } from './vendor.service';

/** Bidding: vendors, the vendor call and its questions, vendor applications with a proposal per region. */
@Module({
  imports: [BiddingPortsModule, CallsModule, DocumentsModule, IdentityModule, MasterDataModule, NotificationsModule],
  providers: [BiddingRepository, BiddingNotices, VendorService, VendorCallService, InquiryService, VendorApplicationService],
  exports: [VendorService, VendorCallService, InquiryService, VendorApplicationService],
})
export class BiddingModule {}
