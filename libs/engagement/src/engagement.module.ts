import { Module } from '@nestjs/common';
import { BiddingModule } from '@app/bidding';
import { CallsModule } from '@app/calls';
import { DocumentsModule } from '@app/documents';
import { IdentityModule } from '@app/identity';
import { MasterDataModule } from '@app/master-data';
import { NotificationsModule } from '@app/notifications';
import { EngagementRepository } from './engagement.repository';
import { EngagementService } from './engagement.service';

/**
 * Companion support after the decision: engagements, reports and reminders, meetings and observers. Partners, regions,
 * documents, accounts and bids are read through the modules of the areas that own them.
 */
@Module({
  imports: [BiddingModule, CallsModule, DocumentsModule, IdentityModule, MasterDataModule, NotificationsModule],
  providers: [EngagementRepository, EngagementService],
  exports: [EngagementService],
})
export class EngagementModule {}
