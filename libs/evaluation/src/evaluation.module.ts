import { Module } from '@nestjs/common';
import { BiddingModule } from '@app/bidding';
import { CallsModule } from '@app/calls';
import { IdentityModule } from '@app/identity';
import { AssignmentService } from './assignment.service';
import { EvaluationRepository } from './evaluation.repository';
import { PanelService } from './panel.service';
import { ScoringService } from './scoring.service';

/** Evaluation: criteria, the expert panel, conflicts of interest, assignment, scoring, aggregation. */
@Module({
  imports: [BiddingModule, CallsModule, IdentityModule],
  providers: [EvaluationRepository, PanelService, AssignmentService, ScoringService],
  exports: [PanelService, AssignmentService, ScoringService],
})
export class EvaluationModule {}
