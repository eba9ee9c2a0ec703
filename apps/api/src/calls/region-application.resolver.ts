import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, isStaff, MaybeActor, ReceiptSigner, SignedReceipt } from '@app/core';
import {
  budgetCapYen,
  CallStatus,
  participationRatio,
  RegionApplicationService,
  RegionApplication as RegionApplicationEntity,
  RegionApplicationStatus,
  RegionReviewService,
  REGION_APPLICATION,
  repeatApplicantRuleHolds,
  repeatBonusPoints,
  REQUIREMENT_NUMBERS,
  requiredPartnerCount,
  statusSeenByApplicant,
} from '@app/calls';
import { CurrentActor, ReceivedAt } from '../auth/current-user.decorator';
import { IdPipe } from '../common/id.pipe';
import { inputDate } from '../common/dates';
import { display, TimeDisplay } from '../common/scalars';
import type { GqlContext } from '../graphql/context';
import { Prefecture } from '../master-data/master-data.models';
import {
  Call,
  CandidateRegion,
  PartnerMunicipality,
  RegionalIssue,
  RegionApplication,
  RegionApplicationPage,
  RepeatApplicantStatus,
  RequirementStatus,
  ReceiptSigningKey,
  SubmissionReceipt,
} from './calls.models';
import {
  AddContactArgs,
  AddIssueArgs,
  AddPartnerArgs,
  ApplicationIdArgs,
  ApplicationsFilterArgs,
  AttachMemorandumArgs,
  ContactIdArgs,
  DeclareRequirementsArgs,
  IssueIdArgs,
  PartnerIdArgs,
  RecordCheckArgs,
  RecordChecksArgs,
  RejectArgs,
  ScheduleHearingArgs,
  AddPrefectureIssueArgs,
  SetDesiredSupportArgs,
  SetStructureModeArgs,
  SubmitArgs,
  UpdateIssueArgs,
  VerifyReceiptArgs,
} from './calls.inputs';

@Resolver(() => RegionApplication)
export class RegionApplicationResolver {
  constructor(
    private readonly applications: RegionApplicationService,
    private readonly review: RegionReviewService,
  ) {}

  // Reading ------------------------------------------------------------------------------

  @Query(() => RegionApplication, { description: 'One application: its prefecture, its partner municipalities, and the staff' })
  regionApplication(@CurrentActor() actor: Actor, @Args('id', { type: () => ID, description: 'The region application (its id)' }, IdPipe) id: string) {
    return this.applications.get(actor, id);
  }

  @Query(() => [RegionApplication], { description: "The prefecture's own applications, or those the municipality partners in" })
  myRegionApplications(@CurrentActor() actor: Actor) {
    return this.applications.mine(actor);
  }

  @Query(() => RegionApplicationPage, { description: 'Submitted applications with filters (secretariat, ministry)' })
  regionApplications(@CurrentActor() actor: Actor, @Args() f: ApplicationsFilterArgs) {
    return this.review.list(actor, f);
  }

  // The applicant's edits --------------------------------------------------------------------

  @Mutation(() => RegionApplication, { description: 'Opens the draft of the one application of this prefecture to a region call' })
  startRegionApplication(
    @CurrentActor() actor: Actor,
    @Args('callId', { type: () => ID, description: 'The call (its id): a region call or a vendor call, as the field says' }, IdPipe) callId: string,
  ) {
    return this.applications.start(actor, callId);
  }

  @Mutation(() => RegionApplication, {
    description:
      'Adds a partner municipality of the prefecture to a draft (the applying prefecture, before the deadline); NOT_IN_PREFECTURE, NOT_A_PARTNER_CANDIDATE or DUPLICATE when it cannot be one',
  })
  addPartnerMunicipality(@CurrentActor() actor: Actor, @Args() a: AddPartnerArgs) {
    return this.applications.addPartner(actor, a.applicationId, a.lgCode, a.expectedVersion);
  }

  @Mutation(() => RegionApplication, {
    description: 'Removes a partner municipality, with its issues and desired support, from a draft (the applying prefecture, before the deadline)',
  })
  removePartnerMunicipality(@CurrentActor() actor: Actor, @Args() a: PartnerIdArgs) {
    return this.applications.removePartner(actor, a.partnerId, a.expectedVersion);
  }

  @Mutation(() => RegionApplication, { description: 'Attaches an uploaded memorandum (覚書) to a partner' })
  attachMemorandum(@CurrentActor() actor: Actor, @Args() a: AttachMemorandumArgs) {
    return this.applications.attachMemorandum(actor, a.partnerId, a.documentId, a.expectedVersion);
  }

  @Mutation(() => RegionApplication, { description: 'Adds a regional issue (地域課題) of a partner to a draft (the applying prefecture, before the deadline)' })
  addRegionalIssue(@CurrentActor() actor: Actor, @Args() a: AddIssueArgs) {
    return this.applications.addIssue(actor, a.partnerId, a.issue, a.expectedVersion);
  }

  @Mutation(() => RegionApplication, { description: "Changes a partner's regional issue in a draft (the applying prefecture, before the deadline)" })
  updateRegionalIssue(@CurrentActor() actor: Actor, @Args() a: UpdateIssueArgs) {
    return this.applications.updateIssue(actor, a.issueId, a.issue, a.expectedVersion);
  }

  @Mutation(() => RegionApplication, { description: "Removes a partner's regional issue from a draft (the applying prefecture, before the deadline)" })
  removeRegionalIssue(@CurrentActor() actor: Actor, @Args() a: IssueIdArgs) {
    return this.applications.removeIssue(actor, a.issueId, a.expectedVersion);
  }

  @Mutation(() => RegionApplication, { description: 'Replaces the desired support of a partner; the required item stays' })
  setDesiredSupport(@CurrentActor() actor: Actor, @Args() a: SetDesiredSupportArgs) {
    return this.applications.setDesiredSupport(actor, a.partnerId, a.items, a.expectedVersion);
  }

  @Mutation(() => RegionApplication, { description: '構築 or 拡充 of the regional DX structure (a draft; the applying prefecture)' })
  setStructureMode(@CurrentActor() actor: Actor, @Args() a: SetStructureModeArgs) {
    return this.applications.setStructureMode(actor, a.applicationId, a.mode ?? null, a.expectedVersion);
  }

  @Mutation(() => RegionApplication, { description: 'Adds an issue of the prefecture itself, besides its partners’ (a draft)' })
  addPrefectureIssue(@CurrentActor() actor: Actor, @Args() a: AddPrefectureIssueArgs) {
    return this.applications.addPrefectureIssue(actor, a.applicationId, a.issue, a.expectedVersion);
  }

  @Mutation(() => RegionApplication, { description: 'Changes an issue of the prefecture itself (a draft)' })
  updatePrefectureIssue(@CurrentActor() actor: Actor, @Args() a: UpdateIssueArgs) {
    return this.applications.updatePrefectureIssue(actor, a.issueId, a.issue, a.expectedVersion);
  }

  @Mutation(() => RegionApplication, { description: 'Removes an issue of the prefecture itself (a draft)' })
  removePrefectureIssue(@CurrentActor() actor: Actor, @Args() a: IssueIdArgs) {
    return this.applications.removePrefectureIssue(actor, a.issueId, a.expectedVersion);
  }

  @Mutation(() => RegionApplication, { description: 'Declares requirements 1–9 with evidence' })
  declareRequirements(@CurrentActor() actor: Actor, @Args() a: DeclareRequirementsArgs) {
    return this.applications.declareRequirements(actor, a.applicationId, a.declarations, a.expectedVersion);
  }

  @Mutation(() => RegionApplication, {
    description: 'Adds a contact person to a draft (the applying prefecture, before the deadline); needs consent to the personal-data terms',
  })
  addContact(@CurrentActor() actor: Actor, @Args() a: AddContactArgs) {
    return this.applications.addContact(actor, a.applicationId, a.contact, a.expectedVersion);
  }

  @Mutation(() => RegionApplication, { description: 'Removes a contact person from a draft (the applying prefecture, before the deadline)' })
  removeContact(@CurrentActor() actor: Actor, @Args() a: ContactIdArgs) {
    return this.applications.removeContact(actor, a.contactId, a.expectedVersion);
  }

  @Mutation(() => SubmissionReceipt, { description: 'Submits before the deadline (server arrival time, Asia/Tokyo) and returns a receipt' })
  submitRegionApplication(@CurrentActor() actor: Actor, @ReceivedAt() receivedAt: Date, @Args() a: SubmitArgs) {
    return this.applications.submit(actor, a.applicationId, receivedAt, a.idempotencyKey);
  }

  @Mutation(() => RegionApplication, { description: 'Withdraws the application (before the deadline)' })
  withdrawRegionApplication(@CurrentActor() actor: Actor, @Args() a: ApplicationIdArgs) {
    return this.applications.withdraw(actor, a.applicationId);
  }

  @Mutation(() => RegionApplication, { description: 'Takes a submitted or withdrawn application back to draft (before the deadline)' })
  reopenRegionApplication(@CurrentActor() actor: Actor, @Args() a: ApplicationIdArgs) {
    return this.applications.reopen(actor, a.applicationId);
  }

  // The secretariat's review --------------------------------------------------------------

  @Mutation(() => RegionApplication, { description: "Records the secretariat's check of one requirement" })
  recordRequirementCheck(@CurrentActor() actor: Actor, @Args() a: RecordCheckArgs) {
    return this.review.recordCheck(actor, a.applicationId, a.number, a.met, a.note);
  }

  @Mutation(() => RegionApplication, {
    description: "Records the secretariat's checks of several requirements (all nine at once) in one transaction: all or none",
  })
  recordRequirementChecks(@CurrentActor() actor: Actor, @Args() a: RecordChecksArgs) {
    return this.review.recordChecks(actor, a.applicationId, a.checks, a.expectedVersion);
  }

  @Mutation(() => RegionApplication, { description: 'Schedules a hearing (ヒアリング)' })
  scheduleHearing(@CurrentActor() actor: Actor, @Args() a: ScheduleHearingArgs) {
    return this.review.scheduleHearing(actor, a.applicationId, inputDate('at', a.at), a.note, { format: a.format, place: a.place });
  }

  @Mutation(() => RegionApplication, { description: 'Adopts the application; refused unless all nine requirements hold' })
  adoptRegionApplication(
    @CurrentActor() actor: Actor,
    @Args('applicationId', { type: () => ID, description: 'The region application (its id)' }, IdPipe) id: string,
  ) {
    return this.review.adopt(actor, id);
  }

  @Mutation(() => RegionApplication, {
    description: 'Rejects a submitted or adopted application with a reason (secretariat, once the call is closed and before it is decided)',
  })
  rejectRegionApplication(@CurrentActor() actor: Actor, @Args() a: RejectArgs) {
    return this.review.reject(actor, a.applicationId, a.reason);
  }

  // Fields ------------------------------------------------------------------------------------

  @ResolveField(() => RegionApplicationStatus, { description: 'Applicants see ADOPTED or REJECTED once the call is decided' })
  async status(@Parent() app: RegionApplicationEntity, @CurrentActor() actor: MaybeActor, @Context() ctx: GqlContext) {
    if (isStaff(actor)) return app.status;
    const call = await ctx.loaders.call.load(app.callId);
    return statusSeenByApplicant(app.status, call!.status);
  }

  @ResolveField(() => String, { nullable: true, description: 'Reason of a rejection, once visible' })
  async decisionReason(@Parent() app: RegionApplicationEntity, @CurrentActor() actor: MaybeActor, @Context() ctx: GqlContext) {
    const seen = await this.status(app, actor, ctx);
    return seen === RegionApplicationStatus.REJECTED ? app.decisionReason : null;
  }

  @ResolveField(() => Prefecture, { description: 'The applying prefecture' })
  prefecture(@Parent() app: RegionApplicationEntity, @Context() ctx: GqlContext) {
    return ctx.loaders.prefecture.load(app.prefectureCode);
  }

  @ResolveField(() => Call, { description: 'The region call applied to' })
  call(@Parent() app: RegionApplicationEntity, @Context() ctx: GqlContext) {
    return ctx.loaders.call.load(app.callId);
  }

  @ResolveField(() => TimeDisplay, { nullable: true, description: 'submittedAt in UTC, JST and the Japanese era; null while a draft' })
  submittedAtDisplay(@Parent() app: RegionApplicationEntity) {
    return display(app.submittedAt);
  }

  @ResolveField(() => [PartnerMunicipality], { description: 'Its partner municipalities (連携市区町村) with their issues, desired support and memoranda' })
  partners(@Parent() app: RegionApplicationEntity, @Context() ctx: GqlContext) {
    return ctx.loaders.partnersByApplication.load(app.id);
  }

  @ResolveField(() => [RegionalIssue], { description: 'Issues of the prefecture itself, besides its partners’' })
  prefectureIssues(@Parent() app: RegionApplicationEntity, @Context() ctx: GqlContext) {
    return ctx.loaders.prefectureIssuesByApplication.load(app.id);
  }

  @ResolveField(() => [RequirementStatus], { description: 'The nine requirements: declaration, evidence and check' })
  async requirements(@Parent() app: RegionApplicationEntity, @CurrentActor() actor: MaybeActor, @Context() ctx: GqlContext): Promise<RequirementStatus[]> {
    // The secretariat's checks would give the decision away: applicants see them once the call is decided.
    const call = await ctx.loaders.call.load(app.callId);
    const showChecks = isStaff(actor) || call!.status === CallStatus.DECIDED || call!.status === CallStatus.PUBLISHED;
    const [declarations, checks] = await Promise.all([ctx.loaders.declarationsByApplication.load(app.id), ctx.loaders.checksByApplication.load(app.id)]);
    return REQUIREMENT_NUMBERS.map((n) => {
      const d = declarations.find((x) => x.requirementNumber === n);
      const c = checks.find((x) => x.requirementNumber === n);
      return {
        number: n,
        declared: d?.declared ?? null,
        evidence: d?.evidence ?? '',
        met: showChecks ? (c?.met ?? null) : null,
        checkNote: showChecks ? (c?.note ?? null) : null,
      };
    });
  }

  // RegionApplication.contacts (personal data, reads audited): apps/api/src/audit/personal-data.resolver.ts

  @ResolveField(() => [SubmissionReceipt], { description: 'Every receipt of this application, oldest first' })
  receipts(@Parent() app: RegionApplicationEntity, @Context() ctx: GqlContext) {
    return ctx.loaders.receipts(REGION_APPLICATION).load(app.id);
  }

  @ResolveField(() => SubmissionReceipt, {
    nullable: true,
    description:
      'The submission that counts at the deadline: the last one, which stands while the application is reopened as a draft until a new submission replaces it (restored when the call closes); null when never submitted or withdrawn',
  })
  async standingSubmission(@Parent() app: RegionApplicationEntity, @Context() ctx: GqlContext) {
    if (!app.standingReceiptId) return null;
    return (await ctx.loaders.receipts(REGION_APPLICATION).load(app.id)).find((r) => r.id === app.standingReceiptId) ?? null;
  }

  @ResolveField(() => CandidateRegion, { nullable: true, description: 'The candidate region it became, once adopted and published; else null' })
  candidateRegion(@Parent() app: RegionApplicationEntity, @Context() ctx: GqlContext) {
    return ctx.loaders.candidateByApplication.load(app.id);
  }

  @ResolveField(() => RepeatApplicantStatus, {
    description: 'The repeat-applicant rule (応募要件 2) as it applies now: required partners, bonus points, budget cap',
  })
  async repeatApplicant(@Parent() app: RegionApplicationEntity, @Context() ctx: GqlContext): Promise<RepeatApplicantStatus> {
    const [partners, prefecture, call] = await Promise.all([
      ctx.loaders.partnersByApplication.load(app.id),
      ctx.loaders.prefecture.load(app.prefectureCode),
      ctx.loaders.call.load(app.callId),
    ]);
    const program = await ctx.loaders.program.load(call!.programId);
    const isRepeat = app.previousPartnerCount !== null;
    const history = isRepeat ? { previousPartnerCount: app.previousPartnerCount!, previousFiscalYear: app.previousFiscalYear ?? 0 } : null;
    const ratio = participationRatio(partners.length, prefecture?.municipalityCount ?? 0);
    return {
      isRepeatApplicant: isRepeat,
      previousFiscalYear: app.previousFiscalYear,
      previousPartnerCount: app.previousPartnerCount,
      requiredPartnerCount: requiredPartnerCount(history),
      partnerCount: partners.length,
      ruleHolds: repeatApplicantRuleHolds(history, partners.length),
      participationRatio: ratio,
      bonusPoints: repeatBonusPoints(isRepeat, ratio, call!.repeatBonusMaxPoints),
      budgetCapYen: budgetCapYen(isRepeat, program?.regionBudgetCapYen ?? null),
    };
  }
}

type ReceiptRow = { number: string; subjectType: string; subjectId: string; receivedAt: Date; contentDigest: string; submittedBy: string };

@Resolver(() => SubmissionReceipt)
export class SubmissionReceiptResolver {
  /** Each receipt object is signed once per response, however many of its signed fields are asked for. */
  private readonly signed = new WeakMap<object, SignedReceipt>();

  constructor(private readonly signer: ReceiptSigner) {}

  private sign(r: ReceiptRow): SignedReceipt {
    let s = this.signed.get(r);
    if (!s) this.signed.set(r, (s = this.signer.sign(r)));
    return s;
  }

  @ResolveField(() => TimeDisplay, { description: 'The arrival time in UTC, JST and the Japanese era' })
  receivedAtDisplay(@Parent() r: { receivedAt: Date }) {
    return display(r.receivedAt);
  }

  @ResolveField(() => String)
  signedPayload(@Parent() r: ReceiptRow) {
    return this.sign(r).payload;
  }

  @ResolveField(() => String)
  signature(@Parent() r: ReceiptRow) {
    return this.sign(r).signature;
  }

  @ResolveField(() => String)
  signingKeyId() {
    return this.signer.keyId;
  }

  @Query(() => ReceiptSigningKey, { description: 'The public key that checks receipt signatures' })
  receiptSigningKey(): ReceiptSigningKey {
    return { keyId: this.signer.keyId, algorithm: 'Ed25519', publicKeyPem: this.signer.publicKeyPem };
  }

  @Query(() => Boolean, { description: 'Whether a receipt (its signedPayload and signature) was signed by this server' })
  verifyReceipt(@Args() a: VerifyReceiptArgs): boolean {
    return this.signer.verify(a.signedPayload, a.signature);
  }
}
