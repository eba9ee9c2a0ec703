import {
  Args,
  ArgsType,
  Context,
  Field,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Parent,
  Query,
  ResolveField,
  Resolver,
  registerEnumType,
} from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { Actor, Clock, MaybeActor } from '@app/core';
import {
  BudgetChangeStatus,
  Engagement as EngagementEntity,
  EngagementService,
  EngagementStatus,
  Meeting as MeetingEntity,
  ReportKind,
  ReportStatus,
} from '@app/engagement';
import { CurrentActor } from '../auth/current-user.decorator';
import { DATE_TIME } from '../calls/calls.inputs';
import { inputDate } from '../common/dates';
import { IdPipe } from '../common/id.pipe';
import { display, TimeDisplay } from '../common/scalars';
import type { GqlContext } from '../graphql/context';
import { Vendor } from '../bidding/bidding.models';
import { CandidateRegion } from '../calls/calls.models';
import { Municipality } from '../master-data/master-data.models';

registerEnumType(EngagementStatus, { name: 'EngagementStatus' });
registerEnumType(ReportKind, { name: 'ReportKind', description: 'INTERIM 中間報告 (around September), FINAL 最終報告 (around March)' });
registerEnumType(ReportStatus, { name: 'ReportStatus' });
registerEnumType(BudgetChangeStatus, { name: 'BudgetChangeStatus' });

@ObjectType()
class PlannedItem {
  @Field()
  menuItemCode: string;

  @Field({ description: 'PLANNED, IN_PROGRESS or DONE' })
  status: string;
}

@ObjectType()
class DeployedExpert {
  @Field()
  name: string;

  @Field()
  role: string;
}

@ObjectType()
class ReportProgress {
  @Field()
  menuItemCode: string;

  @Field()
  note: string;

  @Field()
  status: string;
}

@ObjectType({ description: '中間報告 / 最終報告' })
export class EngagementReport {
  @Field(() => ID)
  id: string;

  @Field(() => ReportKind)
  kind: ReportKind;

  @Field({ description: 'Due date (JST)' })
  dueOn: string;

  @Field(() => ReportStatus)
  status: ReportStatus;

  @Field()
  body: string;

  @Field()
  outcomes: string;

  @Field(() => [ReportProgress])
  progress: ReportProgress[];

  @Field(() => [ID])
  documentIds: string[];

  @Field(() => String, { nullable: true })
  prefectureComment: string | null;

  @Field(() => Date, { nullable: true })
  submittedAt: Date | null;

  @Field(() => Int)
  version: number;

  versions: unknown[];
}

@ObjectType('InterimReport', { description: '中間報告 (due around September)' })
export class InterimReport extends EngagementReport {}

@ObjectType('FinalReport', { description: '最終報告 (due around March; accepting it closes the engagement)' })
export class FinalReport extends EngagementReport {}

@ObjectType({ description: 'オブザーバー' })
export class Observer {
  @Field(() => ID)
  id: string;

  @Field()
  municipalityCode: string;

  @Field()
  confirmed: boolean;

  @Field(() => Boolean, { nullable: true })
  attended: boolean | null;
}

@ObjectType({ description: '会合' })
export class Meeting {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  engagementId: string;

  @Field()
  scheduledAt: Date;

  @Field()
  agenda: string;

  @Field({ description: 'ONLINE or ON_SITE' })
  mode: string;
}

@ObjectType({ description: 'A budget change beyond the awarded bid, waiting for (or decided by) the secretariat' })
export class EngagementBudgetChange {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  engagementId: string;

  @Field(() => Int, { description: "The winning bid's budget" })
  awardedBudgetYen: number;

  @Field(() => Int)
  previousBudgetYen: number;

  @Field(() => Int)
  requestedBudgetYen: number;

  @Field()
  requestedAt: Date;

  @Field(() => BudgetChangeStatus)
  status: BudgetChangeStatus;

  @Field(() => Date, { nullable: true })
  decidedAt: Date | null;

  @Field(() => String, { nullable: true, description: "The secretariat's reason" })
  decisionReason: string | null;
}

@ObjectType({ description: '伴走支援' })
export class Engagement {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  candidateRegionId: string;

  @Field()
  prefectureCode: string;

  @Field(() => ID)
  vendorId: string;

  @Field({ description: 'The selection date (JST)' })
  startsOn: string;

  @Field({ description: 'No later than the programme end (mid-March of the next year)' })
  endsOn: string;

  @Field(() => Int, { description: "The budget in force: the awarded bid, lowered by the vendor or raised with the secretariat's approval" })
  budgetYen: number;

  @Field(() => EngagementStatus)
  status: EngagementStatus;

  @Field(() => [PlannedItem])
  plannedItems: PlannedItem[];

  @Field(() => [DeployedExpert])
  expertsDeployed: DeployedExpert[];
}

@InputType()
class ReportProgressInput {
  @Field()
  @IsString()
  @MaxLength(64)
  menuItemCode: string;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(4000)
  note: string;

  @Field()
  @IsIn(['PLANNED', 'IN_PROGRESS', 'DONE'])
  status: string;
}

@InputType()
class ReportInput {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(20000)
  body: string;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(8000)
  outcomes: string;

  @Field(() => [ReportProgressInput])
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => ReportProgressInput)
  progress: ReportProgressInput[];

  @Field(() => [ID], { nullable: true, description: 'Documents uploaded with purpose REPORT' })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  documentIds?: string[];
}

@InputType()
class PlannedItemInput {
  @Field()
  @IsString()
  @MaxLength(64)
  menuItemCode: string;

  @Field({ description: 'PLANNED, IN_PROGRESS or DONE' })
  @IsIn(['PLANNED', 'IN_PROGRESS', 'DONE'])
  status: string;
}

@InputType()
class ExpertInput {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @Field()
  @IsString()
  @MaxLength(100)
  role: string;
}

@InputType()
class EngagementPlanInput {
  @Field(() => [PlannedItemInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => PlannedItemInput)
  plannedItems?: PlannedItemInput[];

  @Field(() => [ExpertInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ExpertInput)
  expertsDeployed?: ExpertInput[];

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_000_000_000)
  budgetYen?: number;
}

@ArgsType()
class DecideBudgetChangeArgs {
  @Field(() => ID)
  @IsUUID()
  changeId: string;

  @Field({ description: 'true approves (the budget applies), false rejects' })
  @IsBoolean()
  approve: boolean;

  @Field({ description: 'Why; required either way, and kept on record' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  reason: string;
}

@InputType()
class MeetingInput {
  @Field({ description: 'JST without an offset' })
  @Matches(DATE_TIME)
  scheduledAt: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  agenda: string;

  @Field()
  @IsIn(['ONLINE', 'ON_SITE'])
  mode: 'ONLINE' | 'ON_SITE';
}

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

  @Query(() => Engagement)
  engagement(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, IdPipe) id: string) {
    return this.engagements.get(actor, id);
  }

  @Query(() => [EngagementReport], { description: 'Reports past their due date and not submitted (staff)' })
  overdueReports() {
    return this.engagements.overdue(this.clock.now());
  }

  @Mutation(() => Int, { description: 'Queues reminders for overdue reports now (also runs on a schedule); returns how many' })
  sendReportReminders() {
    return this.engagements.sendReminders();
  }

  @Mutation(() => EngagementReport, { description: 'The vendor submits (or resubmits) a report' })
  submitReport(
    @CurrentActor() actor: Actor,
    @Args('engagementId', { type: () => ID }, IdPipe) id: string,
    @Args('kind', { type: () => ReportKind }) kind: ReportKind,
    @Args('input') input: ReportInput,
  ) {
    return this.engagements.submitReport(actor, id, kind, input);
  }

  @Mutation(() => EngagementReport, { description: 'The prefecture acknowledges, or returns with comments' })
  reviewReport(
    @CurrentActor() actor: Actor,
    @Args('reportId', { type: () => ID }, IdPipe) reportId: string,
    @Args('acknowledge') acknowledge: boolean,
    @Args('comment', { defaultValue: '' }) comment: string,
  ) {
    return this.engagements.reviewReport(actor, reportId, acknowledge ? 'ACKNOWLEDGE' : 'RETURN', comment.slice(0, 4000));
  }

  @Mutation(() => EngagementReport, { description: 'The secretariat accepts; the final report closes the engagement' })
  acceptReport(@CurrentActor() actor: Actor, @Args('reportId', { type: () => ID }, IdPipe) reportId: string) {
    return this.engagements.acceptReport(actor, reportId);
  }

  @Mutation(() => Engagement, { description: "The vendor updates the planned items' status, the experts deployed and the budget (within the region's cap)" })
  updateEngagementPlan(@CurrentActor() actor: Actor, @Args('engagementId', { type: () => ID }, IdPipe) id: string, @Args('input') input: EngagementPlanInput) {
    return this.engagements.updatePlan(actor, id, input);
  }

  @Mutation(() => EngagementBudgetChange, { description: 'The secretariat approves or rejects a budget change beyond the awarded bid, with a reason' })
  decideEngagementBudgetChange(@CurrentActor() actor: Actor, @Args() a: DecideBudgetChangeArgs) {
    return this.engagements.decideBudgetChange(actor, a.changeId, a.approve, a.reason);
  }

  @Query(() => [EngagementBudgetChange], { description: 'Budget changes beyond the awarded bids, newest first (staff)' })
  engagementBudgetChanges(@Args('status', { type: () => BudgetChangeStatus, nullable: true }) status?: BudgetChangeStatus) {
    return this.engagements.budgetChanges(status);
  }

  @Mutation(() => Meeting)
  scheduleMeeting(@CurrentActor() actor: Actor, @Args('engagementId', { type: () => ID }, IdPipe) id: string, @Args('input') i: MeetingInput) {
    return this.engagements.scheduleMeeting(actor, id, { scheduledAt: inputDate('scheduledAt', i.scheduledAt), agenda: i.agenda, mode: i.mode });
  }

  @Mutation(() => Meeting, { description: 'Minutes and the attendance of observers' })
  recordMinutes(
    @CurrentActor() actor: Actor,
    @Args('meetingId', { type: () => ID }, IdPipe) meetingId: string,
    @Args('minutes') minutes: string,
    @Args('attendedMunicipalityCodes', { type: () => [String], defaultValue: [] }) attended: string[],
  ) {
    return this.engagements.recordMinutes(actor, meetingId, minutes.slice(0, 20000), attended.slice(0, 200));
  }

  @Query(() => [Meeting], { description: 'Upcoming meetings in your prefecture that you may observe (municipalities)' })
  observableMeetings(@CurrentActor() actor: Actor) {
    return this.engagements.observableMeetings(actor);
  }

  @Mutation(() => Observer, { description: 'A non-partner municipality registers to observe a meeting' })
  registerAsObserver(@CurrentActor() actor: Actor, @Args('meetingId', { type: () => ID }, IdPipe) meetingId: string) {
    return this.engagements.registerObserver(actor, meetingId);
  }

  @Mutation(() => Observer)
  confirmObserver(@CurrentActor() actor: Actor, @Args('observerId', { type: () => ID }, IdPipe) id: string) {
    return this.engagements.confirmObserver(actor, id);
  }

  @ResolveField(() => [EngagementReport])
  reports(@Parent() e: EngagementEntity, @Context() ctx: GqlContext) {
    return ctx.loaders.reportsByEngagement.load(e.id);
  }

  @ResolveField(() => InterimReport)
  async interimReport(@Parent() e: EngagementEntity, @Context() ctx: GqlContext) {
    return (await ctx.loaders.reportsByEngagement.load(e.id)).find((r) => r.kind === ReportKind.INTERIM);
  }

  @ResolveField(() => FinalReport)
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

  @ResolveField(() => [Meeting])
  meetings(@Parent() e: EngagementEntity, @Context() ctx: GqlContext) {
    return ctx.loaders.meetingsByEngagement.load(e.id);
  }

  @ResolveField(() => Vendor)
  vendor(@Parent() e: EngagementEntity, @Context() ctx: GqlContext) {
    return ctx.loaders.vendor.load(e.vendorId);
  }

  @ResolveField(() => CandidateRegion)
  candidateRegion(@Parent() e: EngagementEntity, @Context() ctx: GqlContext) {
    return ctx.loaders.candidateRegion.load(e.candidateRegionId);
  }
}

@Resolver(() => Meeting)
export class MeetingResolver {
  constructor(private readonly engagements: EngagementService) {}

  @ResolveField(() => TimeDisplay)
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
  @ResolveField(() => Municipality)
  municipality(@Parent() o: { municipalityCode: string }, @Context() ctx: GqlContext) {
    return ctx.loaders.municipality.load(o.municipalityCode);
  }
}

export const ENGAGEMENT_RESOLVERS = [EngagementResolver, MeetingResolver, ObserverResolver];
