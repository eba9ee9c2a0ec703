import { Module } from '@nestjs/common';
import { BiddingModule } from '@app/bidding';
import { CallsModule } from '@app/calls';
import { EngagementModule } from '@app/engagement';
import { EvaluationModule } from '@app/evaluation';
import { IdentityModule } from '@app/identity';
import { MasterDataModule } from '@app/master-data';
import { NotificationsModule } from '@app/notifications';
import { ExportsService } from './exports/exports.service';
import { MatchingRepository } from './matching.repository';
import { MatchingService } from './matching.service';
import { ResultNotices } from './result-notices';
import { ResultsService } from './results.service';
import { TimelineService } from './timeline.service';

/** Matching: runs, explanations, the decision and its notices, results, feedback, exports, the second round. */
@Module({
  imports: [BiddingModule, CallsModule, EvaluationModule, IdentityModule, MasterDataModule, NotificationsModule, EngagementModule],
  providers: [MatchingRepository, MatchingService, ResultNotices, ResultsService, ExportsService, TimelineService],
  exports: [MatchingService, ResultsService, ExportsService, TimelineService],
})
export class MatchingModule {}
