import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, MaybeActor } from '@app/core';
import {
  InquiryService,
  Inquiry as InquiryEntity,
  RegionProposal as RegionProposalEntity,
  VendorApplication as VendorApplicationEntity,
  VendorApplicationService,
  VendorCallService,
  VendorService,
  VendorStatus,
  VENDOR_APPLICATION,
} from '@app/bidding';
import { Call as CallEntity } from '@app/calls';
import { ScoringService } from '@app/evaluation';
import { CurrentActor, ReceivedAt } from '../auth/current-user.decorator';
import { IdPipe } from '../common/id.pipe';
import { inputDate, optionalInputDate } from '../common/dates';
import type { GqlContext } from '../graphql/context';
import { Prefecture } from '../master-data/master-data.models';
import { Call, CandidateRegion, SubmissionReceipt } from '../calls/calls.models';
import { SubmitArgs } from '../calls/calls.inputs';
import { Inquiry, RegionBidProgress, RegionProposal, Vendor, VendorApplication, VendorCallUpdate } from './bidding.models';
import {
  AnswerInquiryArgs,
  AskInquiryArgs,
  CreateVendorCallInput,
  InquiriesArgs,
  ProposalIdArgs,
  RegisterVendorInput,
  ResolveCorporateNumberDisputeArgs,
  RejectVendorArgs,
  SaveProposalArgs,
  SetCapacityArgs,
  StartVendorApplicationArgs,
  UpdateVendorCallInput,
  VendorApplicationIdArgs,
  VendorApplicationsArgs,
  VendorInput,
  VendorsArgs,
} from './bidding.inputs';

@Resolver(() => Vendor)
export class VendorResolver {
  constructor(private readonly service: VendorService) {}

  @Mutation(() => Vendor, { description: 'A vendor registers itself and its first user; it bids once the secretariat approves it' })
  registerVendor(@Args('input', { description: 'The parameters of this operation (each described on its input type)' }) input: RegisterVendorInput) {
    return this.service.register(input);
  }

  @Mutation(() => Vendor, { description: 'The secretariat creates an (approved) vendor' })
  createVendor(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The parameters of this operation (each described on its input type)' }) input: VendorInput,
  ) {
    return this.service.create(actor, input);
  }

  @Mutation(() => Vendor, { description: 'Approves a vendor registration: it may then bid (secretariat)' })
  approveVendor(@CurrentActor() actor: Actor, @Args('id', { type: () => ID, description: 'The vendor awaiting approval (its id)' }, IdPipe) id: string) {
    return this.service.setStatus(actor, id, VendorStatus.APPROVED);
  }

  @Mutation(() => Vendor, { description: 'The secretariat decides who holds a disputed 法人番号 (with its reason)' })
  resolveCorporateNumberDispute(@CurrentActor() actor: Actor, @Args() a: ResolveCorporateNumberDisputeArgs) {
    return this.service.resolveDispute(actor, a.vendorId, a.decision, a.reason);
  }

  @Mutation(() => Vendor, { description: 'The secretariat refuses a pending registration, with its reason: its accounts are deactivated' })
  rejectVendor(@CurrentActor() actor: Actor, @Args() a: RejectVendorArgs) {
    return this.service.reject(actor, a.id, a.reason);
  }

  @Mutation(() => Vendor, { description: 'Its accounts may then only read their own history: no changes, no uploads' })
  suspendVendor(@CurrentActor() actor: Actor, @Args('id', { type: () => ID, description: 'The vendor (its id)' }, IdPipe) id: string) {
    return this.service.setStatus(actor, id, VendorStatus.SUSPENDED);
  }

  @Query(() => [Vendor], { description: 'Registered vendors, optionally of one status (secretariat, ministry)' })
  vendors(@CurrentActor() actor: Actor, @Args() a: VendorsArgs) {
    return this.service.list(actor, a.status);
  }

  @Query(() => Vendor, { description: 'A vendor: itself, or the staff' })
  vendor(@CurrentActor() actor: Actor, @Args('id', { type: () => ID, description: 'The vendor (its id)' }, IdPipe) id: string) {
    return this.service.get(actor, id);
  }

  @ResolveField(() => Prefecture, { description: 'The prefecture of its head office' })
  headOffice(@Parent() v: Vendor, @Context() ctx: GqlContext) {
    return ctx.loaders.prefecture.load(v.headOfficePrefectureCode);
  }
}

@Resolver(() => Call)
export class VendorCallResolver {
  constructor(private readonly vendorCalls: VendorCallService) {}

  @Mutation(() => Call, { description: 'Opens (as a draft) the vendor call listing the published candidate regions' })
  createVendorCall(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The parameters of this operation (each described on its input type)' }) i: CreateVendorCallInput,
  ) {
    return this.vendorCalls.create(actor, {
      ...i,
      opensAt: inputDate('opensAt', i.opensAt),
      closesAt: inputDate('closesAt', i.closesAt),
      questionsCloseAt: optionalInputDate('questionsCloseAt', i.questionsCloseAt),
    });
  }

  @Mutation(() => VendorCallUpdate, { description: 'Regions or deadline: refused within 7 days of the deadline; submitted bids return to draft' })
  async updateVendorCall(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The parameters of this operation (each described on its input type)' }) i: UpdateVendorCallInput,
  ) {
    const { call, returned } = await this.vendorCalls.update(actor, i.callId, {
      title: i.title,
      closesAt: optionalInputDate('closesAt', i.closesAt),
      questionsCloseAt: optionalInputDate('questionsCloseAt', i.questionsCloseAt),
      candidateRegionIds: i.candidateRegionIds,
    });
    return { call, returnedApplications: returned };
  }

  @Query(() => [RegionBidProgress], { description: 'Proposals received per region so far (secretariat, ministry)' })
  async vendorCallProgress(
    @CurrentActor() actor: Actor,
    @Args('callId', { type: () => ID, description: 'The call (its id): a region call or a vendor call, as the field says' }, IdPipe) callId: string,
    @Context() ctx: GqlContext,
  ) {
    const rows = await this.vendorCalls.progress(actor, callId);
    const regions = await Promise.all(rows.map((r) => ctx.loaders.candidateRegion.load(r.candidateRegionId)));
    return rows.map((r, i) => ({ candidateRegion: regions[i], submittedProposals: r.submitted, draftProposals: r.draft }));
  }

  @ResolveField(() => [CandidateRegion], { description: 'The regions a vendor call lists (empty for a region call)' })
  async candidateRegions(@Parent() c: CallEntity, @Context() ctx: GqlContext) {
    const ids = await ctx.loaders.regionIdsByCall.load(c.id);
    return (await ctx.loaders.candidateRegion.loadMany(ids)).filter((r) => r && !(r instanceof Error));
  }

  @ResolveField(() => Date, { nullable: true, description: 'A vendor call: questions accepted until (ISO 8601 UTC); null: until the deadline (closesAt)' })
  questionsCloseAt(@Parent() c: CallEntity) {
    return c.questionsCloseAt;
  }
}

@Resolver(() => Inquiry)
export class InquiryResolver {
  constructor(private readonly service: InquiryService) {}

  @Mutation(() => Inquiry, {
    description:
      'Asks a question about a vendor call or one of its regions (an approved vendor, while questions are accepted; QUESTIONS_CLOSED otherwise); the region’s prefecture is told',
  })
  askInquiry(@CurrentActor() actor: Actor, @Args() a: AskInquiryArgs) {
    return this.service.ask(actor, a.callId, a.candidateRegionId ?? null, a.question);
  }

  @Mutation(() => Inquiry, { description: "The region's prefecture or the secretariat answers; publish shares it with every vendor" })
  answerInquiry(@CurrentActor() actor: Actor, @Args() a: AnswerInquiryArgs) {
    return this.service.answer(actor, a.inquiryId, a.answer, a.publish);
  }

  @Query(() => [Inquiry], { description: 'Your own questions, those about your regions (prefecture), all (staff), and every published one' })
  inquiries(@CurrentActor() actor: Actor, @Args() a: InquiriesArgs) {
    return this.service.list(actor, a.callId, a.candidateRegionId);
  }

  @ResolveField(() => Vendor, { nullable: true, description: 'The asker: shown to itself and the staff only' })
  asker(@Parent() i: InquiryEntity, @CurrentActor() actor: MaybeActor, @Context() ctx: GqlContext) {
    return this.service.canSeeAsker(actor, i) ? ctx.loaders.vendor.load(i.vendorId) : null;
  }
}

@Resolver(() => CandidateRegion)
export class CandidateRegionInquiriesResolver {
  @ResolveField(() => [Inquiry], { description: 'Published questions and answers about this region' })
  publishedInquiries(@Parent() r: { id: string }, @Context() ctx: GqlContext) {
    return ctx.loaders.publishedInquiriesByRegion.load(r.id);
  }
}

@Resolver(() => VendorApplication)
export class VendorApplicationResolver {
  constructor(
    private readonly applications: VendorApplicationService,
    private readonly scoring: ScoringService,
  ) {}

  @Query(() => [VendorApplication], { description: "The caller's vendor's own applications, every call (vendor)" })
  myVendorApplications(@CurrentActor() actor: Actor) {
    return this.applications.mine(actor);
  }

  @Query(() => VendorApplication, { description: 'Its vendor and the staff only' })
  vendorApplication(@CurrentActor() actor: Actor, @Args('id', { type: () => ID, description: 'The vendor application (the bid; its id)' }, IdPipe) id: string) {
    return this.applications.get(actor, id);
  }

  @Query(() => [VendorApplication], { description: 'The applications to a vendor call (secretariat, ministry); proposals stay sealed until the deadline' })
  vendorApplications(@CurrentActor() actor: Actor, @Args() a: VendorApplicationsArgs) {
    return this.applications.listForStaff(actor, a.callId, a.statuses ?? []);
  }

  @Query(() => RegionProposal, { description: 'Its vendor, the staff, an assigned unconflicted evaluator, the region after results' })
  regionProposal(@CurrentActor() actor: Actor, @Args('id', { type: () => ID, description: 'The region proposal (its id)' }, IdPipe) id: string) {
    return this.scoring.readProposal(actor, id);
  }

  @Mutation(() => VendorApplication, {
    description: 'Opens the draft of the one application of this vendor to an open vendor call (an approved vendor); ALREADY_APPLIED when it has one',
  })
  startVendorApplication(@CurrentActor() actor: Actor, @Args() a: StartVendorApplicationArgs) {
    return this.applications.start(actor, a.callId, a.capacity);
  }

  @Mutation(() => VendorApplication, { description: 'Sets how many regions the vendor can support at the same time (its own draft, before the deadline)' })
  setVendorCapacity(@CurrentActor() actor: Actor, @Args() a: SetCapacityArgs) {
    return this.applications.setCapacity(actor, a.applicationId, a.capacity, a.expectedVersion);
  }

  @Mutation(() => VendorApplication, { description: 'Adds or replaces the proposal for one region' })
  saveRegionProposal(@CurrentActor() actor: Actor, @Args() a: SaveProposalArgs) {
    return this.applications.saveProposal(actor, a.applicationId, a.candidateRegionId, a.proposal, a.expectedVersion);
  }

  @Mutation(() => VendorApplication, { description: 'Removes the proposal for one region (its own draft, before the deadline)' })
  removeRegionProposal(@CurrentActor() actor: Actor, @Args() a: ProposalIdArgs) {
    return this.applications.removeProposal(actor, a.proposalId, a.expectedVersion);
  }

  @Mutation(() => SubmissionReceipt, {
    description:
      'Submits the bid before the deadline (server arrival time, Asia/Tokyo) and returns a receipt (its vendor); APPLICATION_INCOMPLETE lists what is missing',
  })
  submitVendorApplication(@CurrentActor() actor: Actor, @ReceivedAt() receivedAt: Date, @Args() a: SubmitArgs) {
    return this.applications.submit(actor, a.applicationId, receivedAt, a.idempotencyKey);
  }

  @Mutation(() => VendorApplication, { description: 'Back to draft to amend (before the deadline)' })
  reopenVendorApplication(@CurrentActor() actor: Actor, @Args() a: VendorApplicationIdArgs) {
    return this.applications.reopen(actor, a.applicationId);
  }

  @Mutation(() => VendorApplication, { description: 'Withdraws a draft or submitted bid (its vendor, before the deadline)' })
  withdrawVendorApplication(@CurrentActor() actor: Actor, @Args() a: VendorApplicationIdArgs) {
    return this.applications.withdraw(actor, a.applicationId);
  }

  @ResolveField(() => [RegionProposal], { description: 'The proposals the reader may open (sealed until the deadline: vendorCallProgress counts them)' })
  async proposals(@Parent() a: VendorApplicationEntity, @CurrentActor() actor: Actor, @Context() ctx: GqlContext) {
    const all = await ctx.loaders.proposalsByApplication.load(a.id);
    // The sealed-bid rule for every proposal of every application of the page in one question (AccessService.canOpenBid);
    // the application's vendor rides along, so a vendor's own bids need no statement.
    const open = await ctx.loaders.allowed('canOpenBid', actor).loadMany(all.map((p) => ({ id: p.id, vendorId: a.vendorId })));
    return all.filter((_, i) => open[i] === true);
  }

  @ResolveField(() => Vendor, { description: 'The bidding vendor' })
  vendor(@Parent() a: VendorApplicationEntity, @Context() ctx: GqlContext) {
    return ctx.loaders.vendor.load(a.vendorId);
  }

  @ResolveField(() => [SubmissionReceipt], { description: 'Every submission (version) with its receipt' })
  receipts(@Parent() a: VendorApplicationEntity, @Context() ctx: GqlContext) {
    return ctx.loaders.receipts(VENDOR_APPLICATION).load(a.id);
  }
}

// No parameter decorators: bound as plain GraphQL resolvers (an evaluator's list asks these for hundreds of proposals;
// see ProposalScoringFieldsResolver).
@Resolver(() => RegionProposal)
export class RegionProposalResolver {
  @ResolveField(() => CandidateRegion, { description: 'The candidate region it proposes for' })
  candidateRegion(p: RegionProposalEntity, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.candidateRegion.load(p.candidateRegionId);
  }

  @ResolveField(() => Vendor, { description: 'The proposing vendor (whoever may read the proposal may see who made it)' })
  async vendor(p: RegionProposalEntity, _args: unknown, ctx: GqlContext) {
    const a = await ctx.loaders.vendorApplication.load(p.applicationId);
    return ctx.loaders.vendor.load(a!.vendorId);
  }
}

export const BIDDING_RESOLVERS = [
  VendorResolver,
  VendorCallResolver,
  InquiryResolver,
  CandidateRegionInquiriesResolver,
  VendorApplicationResolver,
  RegionProposalResolver,
];
