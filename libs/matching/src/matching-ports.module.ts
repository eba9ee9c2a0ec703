import { Global, Injectable, Module } from '@nestjs/common';
import { AwardedProposals } from '@app/evaluation';
import { MatchingRepository } from './matching.repository';

/** Matching's answer to evaluation's question: the proposals selected in a published run. */
@Injectable()
export class AwardedProposalsOfMatching extends AwardedProposals {
  constructor(private readonly repo: MatchingRepository) {
    super();
  }

  awardedProposalIds(proposalIds: readonly string[]): Promise<Set<string>> {
    return this.repo.awardedProposalIds(proposalIds);
  }
}

/**
 * The ports that areas below matching declare and matching implements. Global, because those areas may not import
 * matching's module (the dependency rule); imported once by MatchingModule.
 */
@Global()
@Module({
  providers: [MatchingRepository, { provide: AwardedProposals, useClass: AwardedProposalsOfMatching }],
  exports: [AwardedProposals],
})
export class MatchingPortsModule {}
