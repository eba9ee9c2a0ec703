import { Args, Context, Float, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor } from '@app/core';
import {
  Match as MatchEntity,
  MatchingRun as RunEntity,
  MatchingService,
  MatchStatus,
  notEvaluatedProposals,
  ResultsService,
  snapshotInput,
  UNSUPPORTED_REASON_JA,
} from '@app/matching';
import { CurrentActor } from '../auth/current-user.decorator';
import { inputDate } from '../common/dates';
import { IdPipe } from '../common/id.pipe';
import type { GqlContext } from '../graphql/context';
import { Call, CandidateRegion } from '../calls/calls.models';
import { Vendor } from '../bidding/bidding.models';
import { Prefecture } from '../master-data/master-data.models';
import {
  Alternative,
  CallResults,
  FeedbackSheet,
  Match,
  MatchEvent,
  MatchingRun,
  PolicyComparison,
  UnsupportedRegion,
  RunComparison,
  Dashboard,
  DashboardPrefecture,
  DashboardRegion,
} from './matching.models';
import { FollowUpCallInput, RunMatchingInput } from './matching.inputs';
import { Notice } from '../notices/notices.models';
import { toNotice } from '../notices/notices.resolver';

const withJa = (u: { reason: string }) => ({ ...u, reasonJa: UNSUPPORTED_REASON_JA[u.reason] ?? '' });

@Resolver(() => MatchingRun)
export class MatchingResolver {
  constructor(
    private readonly matching: MatchingService,
    private readonly results: ResultsService,
  ) {}

  @Mutation(() => MatchingRun, {
    description: 'Runs the matching of a closed vendor call (stored with its inputs, explanations and the other policy for comparison)',
  })
  runMatching(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The parameters of this operation (each described on its input type)' }) i: RunMatchingInput,
  ) {
    return this.matching.runMatching(actor, i.callId, { policy: i.policy, budgetYen: i.budgetYen ?? null, acknowledgeNotEvaluated: i.acknowledgeNotEvaluated });
  }

  @Query(() => [MatchingRun], { description: 'Runs of a call, newest first (staff)' })
  matchingRuns(
    @CurrentActor() actor: Actor,
    @Args('callId', { type: () => ID, description: 'The call (its id): a region call or a vendor call, as the field says' }, IdPipe) callId: string,
  ) {
    return this.matching.runs(actor, callId);
  }

  @Query(() => MatchingRun, { description: 'One matching run with its matches, unsupported regions and comparison (secretariat, ministry)' })
  matchingRun(@CurrentActor() actor: Actor, @Args('id', { type: () => ID, description: 'The matching run (its id)' }, IdPipe) id: string) {
    return this.matching.run(actor, id);
  }

  @Query(() => RunComparison, { description: 'How two runs differ (staff)' })
  compareMatchingRuns(
    @CurrentActor() actor: Actor,
    @Args('first', { type: () => ID, description: 'A matching run (its id)' }, IdPipe) first: string,
    @Args('second', { type: () => ID, description: 'Another matching run of the same call (its id)' }, IdPipe) second: string,
  ) {
    return this.matching.compareRuns(actor, first, second);
  }

  @Mutation(() => MatchingRun, { description: 'Selects another proposal for a region before approval, with the reason (constraints re-checked)' })
  overrideMatch(
    @CurrentActor() actor: Actor,
    @Args('runId', { type: () => ID, description: 'The matching run (its id)' }, IdPipe) runId: string,
    @Args('candidateRegionId', { type: () => ID, description: 'The candidate region (its id)' }, IdPipe) regionId: string,
    @Args('proposalId', { type: () => ID, description: 'The region proposal (one region of a vendor’s bid; its id)' }, IdPipe) proposalId: string,
    @Args('reason', { description: 'Why (recorded with the run; up to 2,000 characters kept)' }) reason: string,
  ) {
    return this.matching.override(actor, runId, regionId, proposalId, reason.slice(0, 2000));
  }

  @Mutation(() => MatchingRun, {
    description: 'Approves a proposed run (secretariat): the constraints are re-checked, the other runs are superseded and the call is DECIDED',
  })
  approveMatching(@CurrentActor() actor: Actor, @Args('runId', { type: () => ID, description: 'The matching run (its id)' }, IdPipe) runId: string) {
    return this.matching.approve(actor, runId);
  }

  @Mutation(() => MatchingRun, { description: 'Publishes the approved run and tells every applicant its result' })
  publishMatching(@CurrentActor() actor: Actor, @Args('runId', { type: () => ID, description: 'The matching run (its id)' }, IdPipe) runId: string) {
    return this.matching.publish(actor, runId);
  }

  @Mutation(() => Match, {
    nullable: true,
    description: 'A selected vendor declines or is disqualified: the next eligible proposal of the region is offered (null: none)',
  })
  withdrawSelection(
    @CurrentActor() actor: Actor,
    @Args('matchId', { type: () => ID, description: 'The match (a vendor selected for a region; its id)' }, IdPipe) matchId: string,
    @Args('disqualified', { defaultValue: false, description: 'True: the vendor is disqualified; false: it declined' }) disqualified: boolean,
    @Args('reason', { description: 'Why (recorded with the run; up to 2,000 characters kept)' }) reason: string,
  ) {
    return this.matching.withdrawSelection(actor, matchId, disqualified ? MatchStatus.DISQUALIFIED : MatchStatus.DECLINED, reason.slice(0, 2000));
  }

  @Mutation(() => Call, { description: 'A follow-up vendor call for the regions left unsupported, reusing panel and criteria' })
  openFollowUpCall(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The parameters of this operation (each described on its input type)' }) i: FollowUpCallInput,
  ) {
    return this.results.openFollowUpCall(actor, i.runId, {
      title: i.title,
      opensAt: inputDate('opensAt', i.opensAt),
      closesAt: inputDate('closesAt', i.closesAt),
    });
  }

  @Query(() => CallResults, { description: 'Selected vendor or unsupported reason per region: everyone signed in after publication; staff before' })
  async callResults(
    @CurrentActor() actor: Actor,
    @Args('callId', { type: () => ID, description: 'The call (its id): a region call or a vendor call, as the field says' }, IdPipe) callId: string,
  ) {
    const r = await this.results.callResults(actor, callId);
    // Everyone signed in sees who was selected where, and why a region has no support; the run, scores and alternatives
    // stay with the staff (CallResults.run, Match.score … in the access table).
    return { ...r, unsupported: r.unsupported.map(withJa) };
  }

  @Query(() => FeedbackSheet, { description: "A vendor's feedback on its own proposal, after publication" })
  feedbackSheet(
    @CurrentActor() actor: Actor,
    @Args('proposalId', { type: () => ID, description: 'The region proposal (one region of a vendor’s bid; its id)' }, IdPipe) proposalId: string,
  ) {
    return this.results.feedback(actor, proposalId);
  }

  @Query(() => Dashboard, { description: 'Secretariat and ministry: a programme at a glance' })
  dashboard(
    @CurrentActor() actor: Actor,
    @Args('programId', { type: () => ID, description: 'The programme (事業) of a fiscal year (its id)' }, IdPipe) programId: string,
  ) {
    return this.results.dashboard(actor, programId);
  }

  @ResolveField(() => [Match], { description: 'The selected vendors, one per supported region' })
  async matches(@Parent() run: RunEntity, @Context() ctx: GqlContext) {
    return (await ctx.loaders.matchesByRun.load(run.id)).filter((m) => m.status === MatchStatus.SELECTED);
  }

  @ResolveField(() => [UnsupportedRegion], { description: 'The regions left without support, each with its reason' })
  async unsupported(@Parent() run: RunEntity, @Context() ctx: GqlContext) {
    return (await ctx.loaders.unsupportedByRun.load(run.id)).map(withJa);
  }

  @ResolveField(() => [MatchEvent], { description: 'Overrides, declines and awards after the solver, in order' })
  events(@Parent() run: RunEntity, @Context() ctx: GqlContext) {
    return ctx.loaders.eventsByRun.load(run.id);
  }

  @ResolveField(() => [Notice], {
    description:
      'The notices its publication and the changes after it (a decline, the next in the awarding order) issued, oldest first; the secretariat only (others read an empty list)',
  })
  async notices(@Parent() run: RunEntity, @Context() ctx: GqlContext) {
    return (await ctx.loaders.noticesByRun.load(run.id)).map(toNotice);
  }

  @ResolveField(() => [ID], {
    description: 'Proposals in the running that nobody evaluated when the run was made (acknowledged by the secretariat); their regions read NOT_EVALUATED',
  })
  notEvaluated(@Parent() run: RunEntity): string[] {
    return run.notEvaluatedIds ?? notEvaluatedProposals(snapshotInput(run)).map((p) => p.id);
  }

  @ResolveField(() => PolicyComparison, { description: 'Its result beside the other policy’s' })
  comparison(@Parent() run: RunEntity): PolicyComparison {
    const c = run.comparison as {
      otherPolicy: string;
      other: { regionsSupported: number; totalScore: number };
      sameMatches: number;
      onlyInA: string[];
      onlyInB: string[];
    };
    return {
      otherPolicy: c.otherPolicy,
      otherRegionsSupported: c.other.regionsSupported,
      otherTotalScore: c.other.totalScore,
      sameMatches: c.sameMatches,
      onlyHere: c.onlyInA,
      onlyInOther: c.onlyInB,
    };
  }
}

@Resolver(() => Match)
export class MatchResolver {
  @ResolveField(() => [Alternative], { description: 'Other proposals of the region and why they were not chosen (staff; empty for others)' })
  alternatives(@Parent() m: MatchEntity) {
    return ((m.explanation as { alternatives?: Alternative[] }).alternatives ?? []).map((a) => ({ ...a, vendorSelectedFor: a.vendorSelectedFor ?? [] }));
  }

  @ResolveField(() => Float, { nullable: true, description: 'Staff only (vendors read their own feedback sheet)' })
  score(@Parent() m: MatchEntity) {
    return m.score;
  }

  @ResolveField(() => Int, { nullable: true, description: 'Staff only' })
  rankInRegion(@Parent() m: MatchEntity) {
    return m.rankInRegion;
  }

  @ResolveField(() => String, { nullable: true, description: 'Staff only' })
  reason(@Parent() m: MatchEntity) {
    return m.reason;
  }

  @ResolveField(() => Vendor, { description: 'The selected vendor' })
  vendor(@Parent() m: MatchEntity, @Context() ctx: GqlContext) {
    return ctx.loaders.vendor.load(m.vendorId);
  }

  @ResolveField(() => CandidateRegion, { description: 'The candidate region' })
  candidateRegion(@Parent() m: MatchEntity, @Context() ctx: GqlContext) {
    return ctx.loaders.candidateRegion.load(m.candidateRegionId);
  }
}

/** The dashboard's map: computed only when a query asks for it. */
@Resolver(() => Dashboard)
export class DashboardResolver {
  constructor(private readonly results: ResultsService) {}

  @ResolveField(() => [DashboardPrefecture], { description: 'All 47 prefectures, in code order, with their support status' })
  prefectures(@Parent() d: Parameters<ResultsService['dashboardPrefectures']>[0]) {
    return this.results.dashboardPrefectures(d);
  }
}

/** A dashboard row names its region's prefecture (a reader of the table or its export should not look ids up). */
@Resolver(() => DashboardRegion)
export class DashboardRegionResolver {
  @ResolveField(() => Prefecture, { description: 'The prefecture of the candidate region' })
  async prefecture(@Parent() r: DashboardRegion, @Context() ctx: GqlContext) {
    const region = await ctx.loaders.candidateRegion.load(r.candidateRegionId);
    return region ? ctx.loaders.prefecture.load(region.prefectureCode) : null;
  }
}

export const MATCHING_RESOLVERS = [MatchingResolver, MatchResolver, DashboardResolver, DashboardRegionResolver];
