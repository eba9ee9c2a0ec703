import { Injectable } from '@nestjs/common';
import { Clock } from '@app/core';
import { CallKind, CandidateRegionService, ProgramService } from '@app/calls';
import { buildTimeline } from './domain/timeline';
import { MatchingRepository } from './matching.repository';

/** The schedule of a programme, from its calls and decisions. Public: it holds only dates. */
@Injectable()
export class TimelineService {
  constructor(
    private readonly programs: ProgramService,
    private readonly regions: CandidateRegionService,
    private readonly repo: MatchingRepository,
    private readonly clock: Clock,
  ) {}

  async timeline(programId: string) {
    const program = await this.programs.program(programId);
    const calls = await this.programs.callsByProgramIds([programId]);
    const regionCall = calls.find((c) => c.kind === CallKind.REGION) ?? null;
    const vendorCall = calls.find((c) => c.kind === CallKind.VENDOR && !calls.some((o) => o.kind === CallKind.VENDOR && o.opensAt < c.opensAt)) ?? null;
    const candidates = regionCall ? (await this.regions.list({ callId: regionCall.id }, { limit: 1, offset: 0 })).items : [];
    const decided = vendorCall ? await this.repo.publishedRunOfCall(vendorCall.id) : null;
    return buildTimeline(
      {
        fiscalYear: program.fiscalYear,
        supportEndsOn: program.supportEndsOn,
        regionCall,
        candidatesPublishedAt: candidates[0]?.publishedAt ?? null,
        vendorCall,
        decisionPublishedAt: decided?.publishedAt ?? null,
      },
      this.clock.now(),
    );
  }
}
