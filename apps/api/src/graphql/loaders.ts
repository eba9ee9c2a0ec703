import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { BriefingService } from '@app/briefing';
import { MatchingService } from '@app/matching';
import { EngagementService } from '@app/engagement';
import { InquiryService, VendorApplicationService, VendorCallService, VendorService } from '@app/bidding';
import { CandidateRegionService, ProgramService, SubmissionReceiptService } from '@app/calls';
import { DocumentService } from '@app/documents';
import { PanelService, ScoringService } from '@app/evaluation';
import { MasterDataService } from '@app/master-data';

/** One `WHERE key = ANY($1)` per relation and request level, whatever the list length. */
function byKey<V, K = string>(fetch: (keys: readonly K[]) => Promise<V[]>, keyOf: (v: V) => K) {
  return new DataLoader<K, V | null>(async (keys) => {
    const rows = await fetch(keys);
    const map = new Map(rows.map((r) => [keyOf(r), r]));
    return keys.map((k) => map.get(k) ?? null);
  });
}

function groupBy<V, K = string>(fetch: (keys: readonly K[]) => Promise<V[]>, keyOf: (v: V) => K) {
  return new DataLoader<K, V[]>(async (keys) => {
    const rows = await fetch(keys);
    const map = new Map<K, V[]>();
    for (const r of rows) {
      const k = keyOf(r);
      if (!map.has(k)) map.set(k, []);
      map.get(k)!.push(r);
    }
    return keys.map((k) => map.get(k) ?? []);
  });
}

type Services = Pick<
  LoaderFactory,
  | 'masterData'
  | 'programs'
  | 'regions'
  | 'documents'
  | 'receiptService'
  | 'vendors'
  | 'vendorCalls'
  | 'vendorApplications'
  | 'inquiryService'
  | 'panel'
  | 'scoring'
  | 'briefing'
  | 'matching'
  | 'engagements'
>;

/** The per-request loaders. Access has been checked on the parent object before any of these run. */
export class Loaders {
  constructor(private readonly s: Services) {}

  readonly prefecture = byKey(
    (k: readonly string[]) => this.s.masterData.prefecturesByCodes(k),
    (p) => p.code,
  );
  readonly municipality = byKey(
    (k: readonly string[]) => this.s.masterData.municipalitiesByCodes(k),
    (m) => m.lgCode,
  );
  readonly program = byKey(
    (k: readonly string[]) => this.s.programs.programsByIds(k),
    (p) => p.id,
  );
  readonly call = byKey(
    (k: readonly string[]) => this.s.programs.callsByIds(k),
    (c) => c.id,
  );
  readonly callsByProgram = groupBy(
    (k: readonly string[]) => this.s.programs.callsByProgramIds(k),
    (c) => c.programId,
  );
  readonly document = byKey(
    (k: readonly string[]) => this.s.documents.byIds(k),
    (d) => d.id,
  );
  readonly partnersByApplication = groupBy(
    (k: readonly string[]) => this.s.regions.partnersByApplicationIds(k),
    (p) => p.applicationId,
  );
  readonly issuesByPartner = groupBy(
    (k: readonly string[]) => this.s.regions.issuesByPartnerIds(k),
    (i) => i.partnerId,
  );
  readonly desiredByPartner = groupBy(
    (k: readonly string[]) => this.s.regions.desiredByPartnerIds(k),
    (d) => d.partnerId,
  );
  readonly declarationsByApplication = groupBy(
    (k: readonly string[]) => this.s.regions.declarationsByApplicationIds(k),
    (d) => d.applicationId,
  );
  readonly checksByApplication = groupBy(
    (k: readonly string[]) => this.s.regions.checksByApplicationIds(k),
    (c) => c.applicationId,
  );
  readonly contactsByApplication = groupBy(
    (k: readonly string[]) => this.s.regions.contactsByApplicationIds(k),
    (c) => c.applicationId,
  );
  readonly candidateByApplication = byKey(
    (k: readonly string[]) => this.s.regions.byApplicationIds(k),
    (r) => r.applicationId,
  );
  readonly candidateRegion = byKey(
    (k: readonly string[]) => this.s.regions.byIds(k),
    (r) => r.id,
  );
  readonly regionIdsByCall = new DataLoader<string, string[]>(async (keys) => {
    const rows = await this.s.vendorCalls.regionIdsByCallIds(keys);
    return keys.map((k) => rows.filter((r) => r.callId === k).map((r) => r.candidateRegionId));
  });
  readonly vendor = byKey(
    (k: readonly string[]) => this.s.vendors.vendorsByIds(k),
    (v) => v.id,
  );
  readonly vendorApplication = byKey(
    (k: readonly string[]) => this.s.vendorApplications.applicationsByIds(k),
    (a) => a.id,
  );
  readonly proposalsByApplication = groupBy(
    (k: readonly string[]) => this.s.vendorApplications.proposalsByApplicationIds(k),
    (p) => p.applicationId,
  );
  readonly publishedInquiriesByRegion = groupBy(
    (k: readonly string[]) => this.s.inquiryService.publishedByRegionIds(k),
    (i) => i.candidateRegionId!,
  );
  readonly criteriaByCall = groupBy(
    (k: readonly string[]) => this.s.panel.criteriaByCallIds(k),
    (c) => c.callId,
  );
  readonly settingsByCall = byKey(
    (k: readonly string[]) => this.s.panel.settingsByCallIds(k),
    (x) => x.callId,
  );
  readonly matchesByRun = groupBy(
    (k: readonly string[]) => this.s.matching.matchesOfRuns(k),
    (x) => x.runId,
  );
  readonly unsupportedByRun = groupBy(
    (k: readonly string[]) => this.s.matching.unsupportedOfRuns(k),
    (x) => x.runId,
  );
  readonly eventsByRun = groupBy(
    (k: readonly string[]) => this.s.matching.eventsOfRuns(k),
    (x) => x.runId,
  );
  readonly reportsByEngagement = groupBy(
    (k: readonly string[]) => this.s.engagements.reportsOf(k),
    (r) => r.engagementId,
  );
  readonly meetingsByEngagement = groupBy(
    (k: readonly string[]) => this.s.engagements.meetingsOf(k),
    (x) => x.engagementId,
  );
  readonly evaluator = byKey(
    (k: readonly string[]) => this.s.panel.evaluatorsByIds(k),
    (e) => e.id,
  );
  readonly scoresBySheet = groupBy(
    (k: readonly string[]) => this.s.scoring.scoresOfSheets(k),
    (s) => s.sheetId,
  );

  readonly briefingCounts = new DataLoader<string, number>(async (keys) => {
    const counts = await this.s.briefing.registeredCounts(keys);
    return keys.map((k) => counts.get(k) ?? 0);
  });

  private readonly receiptLoaders = new Map<string, DataLoader<string, Awaited<ReturnType<SubmissionReceiptService['bySubjectIds']>>>>();

  /** Receipts of one kind of subject (region or vendor applications), grouped by subject. */
  receipts(subjectType: string) {
    let l = this.receiptLoaders.get(subjectType);
    if (!l) {
      l = groupBy(
        (k: readonly string[]) => this.s.receiptService.bySubjectIds(subjectType, k),
        (r) => r.subjectId,
      );
      this.receiptLoaders.set(subjectType, l);
    }
    return l;
  }
}

@Injectable()
export class LoaderFactory {
  constructor(
    readonly masterData: MasterDataService,
    readonly programs: ProgramService,
    readonly regions: CandidateRegionService,
    readonly documents: DocumentService,
    readonly receiptService: SubmissionReceiptService,
    readonly vendors: VendorService,
    readonly vendorCalls: VendorCallService,
    readonly vendorApplications: VendorApplicationService,
    readonly inquiryService: InquiryService,
    readonly panel: PanelService,
    readonly scoring: ScoringService,
    readonly briefing: BriefingService,
    readonly matching: MatchingService,
    readonly engagements: EngagementService,
  ) {}

  create(): Loaders {
    return new Loaders(this);
  }
}
