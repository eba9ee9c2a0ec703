import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, Clock, MaybeActor } from '@app/core';
import { BudgetChangeStatus, Engagement as EngagementEntity, EngagementService, Meeting as MeetingEntity, ReportKind } from '@app/engagement';
import { CurrentActor } from '../auth/current-user.decorator';
import { inputDate } from '../common/dates';
import { IdPipe } from '../common/id.pipe';
import { display, TimeDisplay } from '../common/scalars';
import type { GqlContext } from '../graphql/context';
import { Vendor } from '../bidding/bidding.models';
import { CandidateRegion } from '../calls/calls.models';
import { Municipality } from '../master-data/master-data.models';
import { EngagementReport, InterimReport, FinalReport, Observer, Meeting, EngagementBudgetChange, Engagement } from './engagement.models';
import { ReportInput, EngagementPlanInput, DecideBudgetChangeArgs, MeetingInput } from './engagement.inputs';

@Resolver(() => Engagement)
export class EngagementResolver {
  constructor(
    private readonly engagements: EngagementService,
    private readonly clock: Clock,
  ) {}

  @Query(() => [Engagement], { description: 'Engagements you take part in (vendor, prefecture, partner municipality) or all (staff)' })
  myEngagements(@CurrentActor() actor: Actor) {
    return this.engagements.mine(actor);
  }

  @Query(() => Engagement, { description: 'One engagement (its vendor and prefecture, its partner municipalities, the staff)' })
  engagement(@CurrentActor() actor: Actor, @Args('id', { type: () => ID, description: 'The engagement (its id)' }, IdPipe) id: string) {
    return this.engagements.get(actor, id);
  }

  @Query(() => [EngagementReport], { description: 'Reports past their due date and not submitted (staff)' })
  overdueReports() {
    return this.engagements.overdue(this.clock.now());
  }

  @Mutation(() => EngagementReport, { description: "The secretariat overrides a report's due date (YYYY-MM-DD), with a reason (audited)" })
  overrideReportDueDate(
    @CurrentActor() actor: Actor,
    @Args('reportId', { type: () => ID, description: 'The interim or final report (its id)' }, IdPipe) reportId: string,
    @Args('dueOn', { description: 'The new due date, YYYY-MM-DD (a Japan date)' }) dueOn: string,
    @Args('reason', { description: 'Why (kept beside the date and audited; up to 2,000 characters kept)' }) reason: string,
  ) {
    return this.engagements.overrideReportDueDate(actor, reportId, dueOn.trim(), reason.slice(0, 2000));
  }

  @Mutation(() => Int, {
    description:
      'Queues the report reminders whose day has come (14 and 3 days before the due date, the day after, a week after; also on a schedule); returns how many messages',
  })
  sendReportReminders() {
    return this.engagements.sendReminders();
  }

  @Mutation(() => EngagementReport, { description: 'The vendor submits (or resubmits) a report' })
  submitReport(
    @CurrentActor() actor: Actor,
    @Args('engagementId', { type: () => ID, description: 'The engagement (伴走支援; its id)' }, IdPipe) id: string,
    @Args('kind', { type: () => ReportKind, description: 'INTERIM or FINAL' }) kind: ReportKind,
    @Args('input', { description: 'The parameters of this operation (each described on its input type)' }) input: ReportInput,
  ) {
    return this.engagements.submitReport(actor, id, kind, input);
  }

  @Mutation(() => EngagementReport, { description: 'The prefecture acknowledges, or returns with comments' })
  reviewReport(
    @CurrentActor() actor: Actor,
    @Args('reportId', { type: () => ID, description: 'The interim or final report (its id)' }, IdPipe) reportId: string,
    @Args('acknowledge', { description: 'True acknowledges (the prefecture); false returns it to the vendor (the prefecture, or the secretariat)' })
    acknowledge: boolean,
    @Args('comment', { defaultValue: '', description: 'Comment to the vendor; required to return (up to 4,000 characters kept)' }) comment: string,
  ) {
    return this.engagements.reviewReport(actor, reportId, acknowledge ? 'ACKNOWLEDGE' : 'RETURN', comment.slice(0, 4000));
  }

  @Mutation(() => EngagementReport, { description: 'The secretariat accepts; the final report closes the engagement' })
  acceptReport(
    @CurrentActor() actor: Actor,
    @Args('reportId', { type: () => ID, description: 'The interim or final report (its id)' }, IdPipe) reportId: string,
  ) {
    return this.engagements.acceptReport(actor, reportId);
  }

  @Mutation(() => Engagement, { description: "The vendor updates the planned items' status, the experts deployed and the budget (within the region's cap)" })
  updateEngagementPlan(
    @CurrentActor() actor: Actor,
    @Args('engagementId', { type: () => ID, description: 'The engagement (伴走支援; its id)' }, IdPipe) id: string,
    @Args('input', { description: 'The parameters of this operation (each described on its input type)' }) input: EngagementPlanInput,
  ) {
    return this.engagements.updatePlan(actor, id, input);
  }

  @Mutation(() => EngagementBudgetChange, { description: 'The secretariat approves or rejects a budget change beyond the awarded bid, with a reason' })
  decideEngagementBudgetChange(@CurrentActor() actor: Actor, @Args() a: DecideBudgetChangeArgs) {
    return this.engagements.decideBudgetChange(actor, a.changeId, a.approve, a.reason);
  }

  @Query(() => [EngagementBudgetChange], { description: 'Budget changes beyond the awarded bids, newest first (staff)' })
  engagementBudgetChanges(
    @Args('status', { type: () => BudgetChangeStatus, nullable: true, description: 'Only requests in this status' }) status?: BudgetChangeStatus,
  ) {
    return this.engagements.budgetChanges(status);
  }

  @Mutation(() => Meeting, { description: 'Schedules a meeting of an active engagement (its vendor or prefecture)' })
  scheduleMeeting(
    @CurrentActor() actor: Actor,
    @Args('engagementId', { type: () => ID, description: 'The engagement (伴走支援; its id)' }, IdPipe) id: string,
    @Args('input', { description: 'The parameters of this operation (each described on its input type)' }) i: MeetingInput,
  ) {
    return this.engagements.scheduleMeeting(actor, id, { scheduledAt: inputDate('scheduledAt', i.scheduledAt), agenda: i.agenda, mode: i.mode });
  }

  @Mutation(() => Meeting, { description: 'Minutes and the attendance of observers' })
  recordMinutes(
    @CurrentActor() actor: Actor,
    @Args('meetingId', { type: () => ID, description: 'The meeting of an engagement (its id)' }, IdPipe) meetingId: string,
    @Args('minutes', { description: 'The minutes (up to 20,000 characters kept)' }) minutes: string,
    @Args('attendedMunicipalityCodes', {
      type: () => [String],
      defaultValue: [],
      description: 'Codes (6 digits) of the observing municipalities that attended; the other observers are recorded as absent',
    })
    attended: string[],
  ) {
    return this.engagements.recordMinutes(actor, meetingId, minutes.slice(0, 20000), attended.slice(0, 200));
  }

  @Query(() => [Meeting], { description: 'Upcoming meetings in your prefecture that you may observe (municipalities)' })
  observableMeetings(@CurrentActor() actor: Actor) {
    return this.engagements.observableMeetings(actor);
  }

  @Mutation(() => Observer, { description: 'A non-partner municipality registers to observe a meeting' })
  registerAsObserver(
    @CurrentActor() actor: Actor,
    @Args('meetingId', { type: () => ID, description: 'The meeting of an engagement (its id)' }, IdPipe) meetingId: string,
  ) {
    return this.engagements.registerObserver(actor, meetingId);
  }

  @Mutation(() => Observer, { description: "Confirms a municipality's registration to observe a meeting (the engagement's prefecture)" })
  confirmObserver(@CurrentActor() actor: Actor, @Args('observerId', { type: () => ID, description: 'The observer registration (its id)' }, IdPipe) id: string) {
    return this.engagements.confirmObserver(actor, id);
  }

  @ResolveField(() => [EngagementReport], { description: 'Its interim and final reports' })
  reports(@Parent() e: EngagementEntity, @Context() ctx: GqlContext) {
    return ctx.loaders.reportsByEngagement.load(e.id);
  }

  @ResolveField(() => InterimReport, { description: 'Its interim report (中間報告)' })
  async interimReport(@Parent() e: EngagementEntity, @Context() ctx: GqlContext) {
    return (await ctx.loaders.reportsByEngagement.load(e.id)).find((r) => r.kind === ReportKind.INTERIM);
  }

  @ResolveField(() => FinalReport, { description: 'Its final report (最終報告)' })
  async finalReport(@Parent() e: EngagementEntity, @Context() ctx: GqlContext) {
    return (await ctx.loaders.reportsByEngagement.load(e.id)).find((r) => r.kind === ReportKind.FINAL);
  }

  @ResolveField(() => [EngagementBudgetChange], { description: 'Budget changes beyond the awarded bid and their decisions, oldest first' })
  budgetChanges(@Parent() e: EngagementEntity, @Context() ctx: GqlContext) {
    return ctx.loaders.budgetChangesByEngagement.load(e.id);
  }

  @ResolveField(() => EngagementBudgetChange, { nullable: true, description: "The budget change waiting for the secretariat's decision, if any" })
  async pendingBudgetChange(@Parent() e: EngagementEntity, @Context() ctx: GqlContext) {
    return (await ctx.loaders.budgetChangesByEngagement.load(e.id)).find((c) => c.status === BudgetChangeStatus.PENDING) ?? null;
  }

  @ResolveField(() => [Meeting], { description: 'Its meetings (会合)' })
  meetings(@Parent() e: EngagementEntity, @Context() ctx: GqlContext) {
    return ctx.loaders.meetingsByEngagement.load(e.id);
  }

  @ResolveField(() => Vendor, { description: 'The selected vendor' })
  vendor(@Parent() e: EngagementEntity, @Context() ctx: GqlContext) {
    return ctx.loaders.vendor.load(e.vendorId);
  }

  @ResolveField(() => CandidateRegion, { description: 'The supported candidate region' })
  candidateRegion(@Parent() e: EngagementEntity, @Context() ctx: GqlContext) {
    return ctx.loaders.candidateRegion.load(e.candidateRegionId);
  }
}

@Resolver(() => Meeting)
export class MeetingResolver {
  constructor(private readonly engagements: EngagementService) {}

  @ResolveField(() => TimeDisplay, { description: 'scheduledAt in UTC, JST and the Japanese era' })
  scheduledAtDisplay(@Parent() m: MeetingEntity) {
    return display(m.scheduledAt);
  }

  @ResolveField(() => String, { nullable: true, description: 'Those who take part in the engagement only' })
  async minutes(@Parent() m: MeetingEntity, @CurrentActor() actor: MaybeActor) {
    return (await this.readable(actor, m)) ? m.minutes : null;
  }

  @ResolveField(() => [Observer], { description: 'Those who take part in the engagement see every observer; an observer sees itself' })
  async observers(@Parent() m: MeetingEntity, @CurrentActor() actor: MaybeActor) {
    const all = await this.engagements.observersOf([m.id]);
    if (await this.readable(actor, m)) return all;
    return all.filter((o) => actor?.municipalityCode && o.municipalityCode === actor.municipalityCode);
  }

  private async readable(actor: MaybeActor, m: MeetingEntity): Promise<boolean> {
    if (!actor) return false;
    try {
      await this.engagements.get(actor, m.engagementId);
      return true;
    } catch {
      return false;
    }
  }
}

@Resolver(() => Observer)
export class ObserverResolver {
  @ResolveField(() => Municipality, { description: 'The observing municipality' })
  municipality(@Parent() o: { municipalityCode: string }, @Context() ctx: GqlContext) {
    return ctx.loaders.municipality.load(o.municipalityCode);
  }
}

export const ENGAGEMENT_RESOLVERS = [EngagementResolver, MeetingResolver, ObserverResolver];
