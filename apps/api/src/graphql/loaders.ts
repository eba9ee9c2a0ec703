import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { MaybeActor } from '@app/core';
import { AccessService } from '@app/access';
import { BriefingService } from '@app/briefing';
import { MatchingService } from '@app/matching';
import { EngagementService } from '@app/engagement';
import { InquiryService, VendorApplicationService, VendorCallService, VendorService } from '@app/bidding';
import { CandidateRegionService, DesiredSupport, PartnerMunicipality, ProgramService, RegionalIssue, SubmissionReceiptService } from '@app/calls';
import { DocumentService } from '@app/documents';
import { EvaluationCriterion, PanelService, Score, ScoreSheet as ScoreSheetEntity, ScoringService } from '@app/evaluation';
import { MasterDataService, Municipality, Prefecture } from '@app/master-data';
import type { Notice } from '@app/notifications';

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
  | 'cached'
  | 'cachedNow'
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
  | 'access'
>;

/** The permissions of the access layer that object fields ask through `Loaders.allowed`. */
export type AccessPermission = 'canReadContacts' | 'canReadMemorandum' | 'canReadEngagement' | 'canReadRegionApplication' | 'canOpenBid' | 'canScoreProposal';
type AccessRef = string | { id: string };
const refId = (r: AccessRef) => (typeof r === 'string' ? r : r.id);

/** The per-request loaders. Access has been checked on the parent object before any of these run. */
export class Loaders {
  constructor(private readonly s: Services) {}

  // Master data changes only when it is reloaded at start-up: served from the process-wide cache, no statement per request.
  readonly prefecture = byKey(
    (k: readonly string[]) =>
      this.s.cached(
        'prefecture',
        k,
        (codes) => this.s.masterData.prefecturesByCodes(codes),
        (p) => p.code,
      ),
    (p) => p.code,
  );
  readonly municipality = byKey(
    (k: readonly string[]) =>
      this.s.cached(
        'municipality',
        k,
        (codes) => this.s.masterData.municipalitiesByCodes(codes),
        (m) => m.lgCode,
      ),
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
  /** Partners come with their issues and desired support in the same statement: those two loaders are primed, not queried. */
  readonly partnersByApplication = groupBy(
    async (k: readonly string[]) => {
      const rows = await this.s.regions.partnersWithDetailsByApplicationIds(k);
      for (const key of k) if (!this.partnersOfApplication.has(key)) this.partnersOfApplication.set(key, []);
      for (const r of rows) {
        this.partnersOfApplication.get(r.partner.applicationId)?.push(r.partner);
        this.issuesByPartner.prime(r.partner.id, r.issues);
        this.desiredByPartner.prime(r.partner.id, r.desired);
        if (!this.partnerDetails.has(r.partner.id)) this.partnerDetails.set(r.partner.id, r);
      }
      return rows.map((r) => r.partner);
    },
    (p) => p.applicationId,
  );
  /**
   * The same details, read without a promise: a field that returns a value (not a promise) lets graphql-js complete its
   * object synchronously, which on a 50-region page saves hundreds of promises and microtasks per request.
   */
  private readonly partnersOfApplication = new Map<string, PartnerMunicipality[]>();
  partnersNow(applicationId: string): PartnerMunicipality[] | undefined {
    return this.partnersOfApplication.get(applicationId);
  }
  private readonly partnerDetails = new Map<string, { issues: RegionalIssue[]; desired: DesiredSupport[] }>();
  issuesNow(partnerId: string): RegionalIssue[] | undefined {
    return this.partnerDetails.get(partnerId)?.issues;
  }
  desiredNow(partnerId: string): DesiredSupport[] | undefined {
    return this.partnerDetails.get(partnerId)?.desired;
  }
  /** A prefecture or municipality already in the process-wide master-data cache, without a promise (undefined: load it). */
  prefectureNow(code: string): Prefecture | undefined {
    return this.s.cachedNow<Prefecture>('prefecture', code);
  }
  municipalityNow(lgCode: string): Municipality | undefined {
    return this.s.cachedNow<Municipality>('municipality', lgCode);
  }
  readonly issuesByPartner = groupBy(
    (k: readonly string[]) => this.s.regions.issuesByPartnerIds(k),
    (i) => i.partnerId,
  );
  readonly desiredByPartner = groupBy(
    (k: readonly string[]) => this.s.regions.desiredByPartnerIds(k),
    (d) => d.partnerId,
  );
  readonly prefectureIssuesByApplication = groupBy(
    (k: readonly string[]) => this.s.regions.prefectureIssuesByApplicationIds(k),
    (i) => i.applicationId,
  );
  readonly structureModeByApplication = byKey(
    (k: readonly string[]) => this.s.regions.structureModesByApplicationIds(k),
    (r) => r.id,
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
    async (k: readonly string[]) => {
      const rows = await this.s.panel.criteriaByCallIds(k);
      for (const key of k) this.criteriaOfCall.set(key, []);
      for (const c of rows) this.criteriaOfCall.get(c.callId)?.push(c);
      return rows;
    },
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
  /** The notices of each run (its publication and the changes after it), one query for all the runs of a request. */
  readonly noticesByRun = new DataLoader<string, Notice[]>(async (keys) => {
    const byRun = await this.s.matching.noticesOfRuns(keys);
    return keys.map((k) => byRun.get(k) ?? []);
  });
  readonly reportsByEngagement = groupBy(
    (k: readonly string[]) => this.s.engagements.reportsOf(k),
    (r) => r.engagementId,
  );
  readonly meetingsByEngagement = groupBy(
    (k: readonly string[]) => this.s.engagements.meetingsOf(k),
    (x) => x.engagementId,
  );
  readonly budgetChangesByEngagement = groupBy(
    (k: readonly string[]) => this.s.engagements.budgetChangesOf(k),
    (x) => x.engagementId,
  );
  readonly evaluator = byKey(
    (k: readonly string[]) => this.s.panel.evaluatorsByIds(k),
    (e) => e.id,
  );
  /** The vendor call of each vendor application (bidding's, through the application loader; primed by an evaluator's list: `primeCallOfApplication`). */
  readonly callOfApplication = new DataLoader<string, string | null>(async (keys) =>
    (await this.vendorApplication.loadMany(keys)).map((a) => (a instanceof Error ? a : (a?.callId ?? null))),
  );
  primeCallOfApplication(applicationId: string, callId: string): void {
    this.callOfApplication.prime(applicationId, callId);
    this.callOfApplicationKnown.set(applicationId, callId);
  }

  /*
   * An evaluator's list (W4: hundreds of proposals, each with the call's criteria and its own sheet and scores) reads
   * what its fields need in one batch before it returns (`myAssignedProposals`); these give the values already read
   * without a promise (undefined: not read yet, load it), so that graphql-js completes each proposal synchronously.
   */
  private readonly callOfApplicationKnown = new Map<string, string>();
  private readonly criteriaOfCall = new Map<string, EvaluationCriterion[]>();
  private readonly ownSheets = new Map<string, Map<string, ScoreSheetEntity | null>>();
  private readonly scoresOfSheet = new Map<string, Score[]>();
  callOfApplicationNow(applicationId: string): string | undefined {
    return this.callOfApplicationKnown.get(applicationId);
  }
  criteriaNow(callId: string): EvaluationCriterion[] | undefined {
    return this.criteriaOfCall.get(callId);
  }
  ownSheetNow(evaluatorId: string, proposalId: string): ScoreSheetEntity | null | undefined {
    return this.ownSheets.get(evaluatorId)?.get(proposalId);
  }
  scoresNow(sheetId: string): Score[] | undefined {
    return this.scoresOfSheet.get(sheetId);
  }
  readonly sheetsByProposal = groupBy(
    (k: readonly string[]) => this.s.scoring.sheetsOfProposals(k),
    (s) => s.proposalId,
  );
  readonly scoresBySheet = groupBy(
    (k: readonly string[]) => this.s.scoring.scoresOfSheets(k),
    (s) => s.sheetId,
  );

  readonly briefingCounts = new DataLoader<string, number>(async (keys) => {
    const counts = await this.s.briefing.registeredCounts(keys);
    return keys.map((k) => counts.get(k) ?? 0);
  });

  /** Access decisions already made for this request's actor (`primeAllowed`), by permission and object id. */
  private readonly allowedKnown = new Map<AccessPermission, Map<string, boolean>>();

  /** Records a decision the caller just made through the access layer: `allowed` and `allowedNow` answer it without asking again. */
  primeAllowed<K extends AccessPermission>(permission: K, actor: MaybeActor, id: string, ok: boolean): void {
    // clear first: DataLoader's prime keeps an answer it already holds, and both must say the same.
    this.allowed(permission, actor)
      .clear(id as never)
      .prime(id as never, ok);
    let known = this.allowedKnown.get(permission);
    if (!known) this.allowedKnown.set(permission, (known = new Map()));
    known.set(id, ok);
  }

  /** A decision recorded by `primeAllowed`, without a promise (undefined: not known, ask `allowed`). */
  allowedNow(permission: AccessPermission, id: string): boolean | undefined {
    return this.allowedKnown.get(permission)?.get(id);
  }

  private readonly evaluatorLoaders = new Map<string, ReturnType<Loaders['makeEvaluatorLoaders']>>();
  private readonly accessLoaders = new Map<AccessPermission, DataLoader<AccessRef, boolean, string>>();

  /**
   * One permission of the access layer for this request's actor, batched: every object field that asks it in one
   * request level costs one set-based call (`AccessService.can…(actor, ids)`), whatever the list length.
   */
  allowed<K extends AccessPermission>(permission: K, actor: MaybeActor): DataLoader<Parameters<AccessService[K]>[1][number], boolean, string> {
    let l = this.accessLoaders.get(permission);
    if (!l) {
      l = new DataLoader<AccessRef, boolean, string>(
        async (refs) => {
          const ok = await (this.s.access[permission] as (a: MaybeActor, r: readonly AccessRef[]) => Promise<Set<string>>).call(this.s.access, actor, refs);
          return refs.map((r) => ok.has(refId(r)));
        },
        { cacheKeyFn: refId },
      );
      this.accessLoaders.set(permission, l);
    }
    return l as DataLoader<Parameters<AccessService[K]>[1][number], boolean, string>;
  }

  forEvaluator(evaluatorId: string) {
    let l = this.evaluatorLoaders.get(evaluatorId);
    if (!l) {
      l = this.makeEvaluatorLoaders(evaluatorId);
      this.evaluatorLoaders.set(evaluatorId, l);
    }
    return l;
  }

  /** Per signed-in evaluator: its own sheets of proposals it reads (`canScoreProposal`, checked before), scores included. */
  private makeEvaluatorLoaders(evaluatorId: string) {
    const known = new Map<string, ScoreSheetEntity | null>();
    this.ownSheets.set(evaluatorId, known);
    return {
      sheet: new DataLoader<string, ScoreSheetEntity | null>(async (keys) => {
        const rows = await this.s.scoring.sheetsWithScores(evaluatorId, keys);
        for (const r of rows) {
          this.scoresBySheet.prime(r.sheet.id, r.scores);
          this.scoresOfSheet.set(r.sheet.id, r.scores);
        }
        const map = new Map(rows.map((r) => [r.sheet.proposalId, r.sheet]));
        for (const k of keys) known.set(k, map.get(k) ?? null);
        return keys.map((k) => map.get(k) ?? null);
      }),
    };
  }

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
  private readonly masterCache = new Map<string, Map<string, unknown>>();

  /** Immutable reference rows kept for the life of the process; only codes never seen before reach the database. */
  async cached<V>(kind: string, keys: readonly string[], fetch: (keys: readonly string[]) => Promise<V[]>, keyOf: (v: V) => string): Promise<V[]> {
    let cache = this.masterCache.get(kind) as Map<string, V> | undefined;
    if (!cache) this.masterCache.set(kind, (cache = new Map()));
    const missing = keys.filter((k) => !cache.has(k));
    if (missing.length) for (const v of await fetch(missing)) cache.set(keyOf(v), v);
    return keys.map((k) => cache.get(k)).filter((v): v is V => v !== undefined);
  }

  cachedNow<V>(kind: string, key: string): V | undefined {
    return this.masterCache.get(kind)?.get(key) as V | undefined;
  }

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
    readonly access: AccessService,
  ) {}

  create(): Loaders {
    return new Loaders(this);
  }
}
