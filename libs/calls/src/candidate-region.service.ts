import { Injectable } from '@nestjs/common';
import { notFound } from '@app/core';
import { CandidateRegion } from './entities';
import { CandidateRegionFilter, RegionApplicationRepository } from './region-application.repository';

/**
 * Published candidate regions (支援地域候補): public, so that vendors can choose where to bid.
 * They show the partners' issues and desired support, never contact data.
 */
@Injectable()
export class CandidateRegionService {
  constructor(private readonly repo: RegionApplicationRepository) {}

  list(filter: CandidateRegionFilter, page: { limit: number; offset: number }) {
    return this.repo.listCandidateRegions(filter, page);
  }

  async get(id: string): Promise<CandidateRegion> {
    const [r] = await this.repo.candidateRegionsByIds([id]);
    if (!r) throw notFound();
    return r;
  }

  byApplicationIds(ids: readonly string[]) {
    return this.repo.candidateRegionsByApplicationIds(ids);
  }

  // Batch reads for the API's loaders. Callers reach these only through an object they were allowed to read.
  partnersByApplicationIds(ids: readonly string[]) {
    return this.repo.partnersByApplicationIds(ids);
  }

  issuesByPartnerIds(ids: readonly string[]) {
    return this.repo.issuesByPartnerIds(ids);
  }

  desiredByPartnerIds(ids: readonly string[]) {
    return this.repo.desiredByPartnerIds(ids);
  }

  declarationsByApplicationIds(ids: readonly string[]) {
    return this.repo.declarationsByApplicationIds(ids);
  }

  checksByApplicationIds(ids: readonly string[]) {
    return this.repo.checksByApplicationIds(ids);
  }

  contactsByApplicationIds(ids: readonly string[]) {
    return this.repo.contactsByApplicationIds(ids);
  }

  receiptsByApplicationIds(ids: readonly string[]) {
    return this.repo.receiptsBySubjectIds('REGION_APPLICATION', ids);
  }
}
