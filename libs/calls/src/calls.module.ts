import { Module } from '@nestjs/common';
import { DocumentsModule } from '@app/documents';
import { MasterDataModule } from '@app/master-data';
import { NotificationsModule } from '@app/notifications';
import { CallsRepository } from './calls.repository';
import { CandidateRegionService } from './candidate-region.service';
import { PastSelectionRepository } from './past-selection.repository';
import { PastSelectionService } from './past-selection.service';
import { ProgramService } from './program.service';
import { ReceiptDocumentService } from './receipt-document.service';
import { RegionApplicationRepository } from './region-application.repository';
import { RegionApplicationService } from './region-application.service';
import { RegionReviewService } from './region-review.service';
import { SubmissionReceiptService } from './submission-receipt.service';

/** Calls and region applications: programmes, the region call, applications, review, candidate regions. */
@Module({
  imports: [MasterDataModule, DocumentsModule, NotificationsModule],
  providers: [
    CallsRepository,
    RegionApplicationRepository,
    ProgramService,
    RegionApplicationService,
    RegionReviewService,
    CandidateRegionService,
    SubmissionReceiptService,
    ReceiptDocumentService,
    PastSelectionRepository,
    PastSelectionService,
  ],
  exports: [
    ProgramService,
    RegionApplicationService,
    RegionReviewService,
    CandidateRegionService,
    SubmissionReceiptService,
    ReceiptDocumentService,
    PastSelectionService,
  ],
})
export class CallsModule {}
