import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { notFound } from '@app/core';
import { MasterDataService } from '@app/master-data';
import { CandidateRegion } from './entities';
import { CandidateRegionFilter, RegionApplicationRepository } from './region-application.repository';

/**
 * Published candidate regions (支援地域候補): public, so that vendors can choose where to bid.
 * They show the partners' issues and desired support, never contact data.
 */
@Injectable()
export class CandidateRegionService {
  constructor(
    private readonly repo: RegionApplicationRepository,
    private readonly masterData: MasterDataService,
  ) {}

  async list({ textTerms, ...filter }: CandidateRegionFilter, page: { limit: number; offset: number }) {
    const patterns = (textTerms ?? []).map((term) => `%${term.replace(/[\\%_]/g, (c) => '\\' + c)}%`);
    const codes = await this.masterData.codesNamedLike(patterns);
    return this.repo.listCandidateRegions({ ...filter, textMatches: patterns.map((pattern, i) => ({ pattern, ...codes[i] })) }, page);
  }

  async get(id: string): Promise<CandidateRegion> {
    const [r] = await this.repo.candidateRegionsByIds([id]);
    if (!r) throw notFound();
    return r;
  }

  byIds(ids: readonly string[], m?: EntityManager) {
    return this.repo.candidateRegionsByIds(ids, m);
  }

  /** `[regionId, prefectureCode, bonusPoints]` of these regions, without entities (the matching's aggregation). */
  prefectureAndBonus(ids: readonly string[]) {
    return this.repo.prefectureAndBonusOfRegions(ids);
  }

  /** The published candidate regions of a region call (what a vendor call lists by default). */
  async idsOfRegionCall(regionCallId: string, m?: EntityManager): Promise<string[]> {
    return (await this.repo.listCandidateRegions({ callId: regionCallId }, { limit: 10_000, offset: 0 }, m)).items.map((r) => r.id);
  }

  /** The regions adopted in these region calls, and those with these ids: one statement whatever the number of calls. */
  ofCallsOrIds(regionCallIds: readonly string[], ids: readonly string[]) {
    return this.repo.candidateRegionsOfCallsOrIds(regionCallIds, ids);
  }

  byApplicationIds(ids: readonly string[]) {
    return this.repo.candidateRegionsByApplicationIds(ids);
  }

  /** The applications in which the municipality is a partner (what other areas key their own rows on). */
  applicationIdsOfPartner(municipalityCode: string): Promise<string[]> {
    return this.repo.applicationIdsOfPartner(municipalityCode);
  }

  // Batch reads for the API's loaders. Callers reach these only through an object they were allowed to read.
  partnersByApplicationIds(ids: readonly string[]) {
    return this.repo.partnersByApplicationIds(ids);
  }

  partnersWithDetailsByApplicationIds(ids: readonly string[]) {
    return this.repo.partnersWithDetailsByApplicationIds(ids);
  }

  issuesByPartnerIds(ids: readonly string[]) {
    return this.repo.issuesByPartnerIds(ids);
  }

  desiredByPartnerIds(ids: readonly string[]) {
    return this.repo.desiredByPartnerIds(ids);
  }

  prefectureIssuesByApplicationIds(ids: readonly string[]) {
    return this.repo.prefectureIssuesByApplicationIds(ids);
  }

  structureModesByApplicationIds(ids: readonly string[]) {
    return this.repo.structureModesByApplicationIds(ids);
  }

  declarationsByApplicationIds(ids: readonly string[]) {
    return this.repo.declarationsByApplicationIds(ids);
  }

  checksByApplicationIds(ids: readonly string[]) {
    return this.repo.checksByApplicationIds(ids);
  }

  contactsByApplicationIds(ids: readonly string[], m?: EntityManager) {
    return this.repo.contactsByApplicationIds(ids, m);
  }
}
