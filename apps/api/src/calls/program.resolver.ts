import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, Clock, isStaff, MaybeActor } from '@app/core';
import { CallKind, CallStatus, callStatusAt, detailsOf, ProgramService, RegionReviewService } from '@app/calls';
import { CurrentActor } from '../auth/current-user.decorator';
import { display, TimeDisplay } from '../common/scalars';
import { inputDate, optionalInputDate } from '../common/dates';
import type { GqlContext } from '../graphql/context';
import { Call, EligibilityRequirement, Program, SupportMenuDetail, SupportMenuItem } from './calls.models';
import { CreateCallInput, CreateProgramInput, UpdateCallInput } from './calls.inputs';
import { IdPipe, OptionalIdPipe } from '../common/id.pipe';

@Resolver(() => Program)
export class ProgramResolver {
  constructor(private readonly service: ProgramService) {}

  @Query(() => [Program], { description: 'Every programme (事業), one per fiscal year (public)' })
  programs() {
    return this.service.listPrograms();
  }

  @Query(() => Program, { description: 'One programme (public)' })
  program(@Args('id', { type: () => ID, description: 'The programme (its id)' }, IdPipe) id: string) {
    return this.service.program(id);
  }

  @Query(() => [SupportMenuItem], { description: '支援メニュー' })
  supportMenu() {
    return this.service.supportMenu();
  }

  @Query(() => [EligibilityRequirement], { description: '応募要件 1–9' })
  eligibilityRequirements() {
    return this.service.eligibilityRequirements();
  }

  @Mutation(() => Program, { description: 'Creates the programme of a fiscal year (secretariat); PROGRAM_EXISTS_FOR_FISCAL_YEAR when the year has one' })
  createProgram(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The parameters of this operation (each described on its input type)' }) input: CreateProgramInput,
  ) {
    return this.service.createProgram(actor, input);
  }

  @ResolveField(() => [Call], { description: 'Its region and vendor calls; drafts for the staff only' })
  async calls(@Parent() p: Program, @CurrentActor() actor: MaybeActor, @Context() ctx: GqlContext) {
    const calls = await ctx.loaders.callsByProgram.load(p.id);
    return isStaff(actor) ? calls : calls.filter((c) => c.status !== CallStatus.DRAFT);
  }
}

@Resolver(() => Call)
export class CallResolver {
  constructor(
    private readonly programs: ProgramService,
    private readonly review: RegionReviewService,
    private readonly clock: Clock,
  ) {}

  @Query(() => [Call], { description: 'Calls, optionally of one programme or kind (public; drafts for the staff only)' })
  calls(
    @CurrentActor() actor: MaybeActor,
    @Args('programId', { type: () => ID, nullable: true, description: 'The programme (事業) of a fiscal year (its id)' }, OptionalIdPipe) programId?: string,
    @Args('kind', { type: () => CallKind, nullable: true, description: 'Only calls of this kind' }) kind?: CallKind,
  ) {
    return this.programs.visibleCalls(actor, { programId, kind });
  }

  @Query(() => Call, { description: 'One call (public; a draft for the staff only)' })
  call(@CurrentActor() actor: MaybeActor, @Args('id', { type: () => ID, description: 'The call (its id)' }, IdPipe) id: string) {
    return this.programs.visibleCall(actor, id);
  }

  @Mutation(() => Call, { description: 'Creates a region call as a draft (secretariat); the window must end after it starts' })
  createCall(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The parameters of this operation (each described on its input type)' }) input: CreateCallInput,
  ) {
    return this.programs.createCall(actor, { ...input, opensAt: inputDate('opensAt', input.opensAt), closesAt: inputDate('closesAt', input.closesAt) });
  }

  @Mutation(() => Call, {
    description: 'Changes a region call while it is a draft or open (secretariat); INVALID_STATE once closed, CONFLICT on a stale version',
  })
  updateCall(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The parameters of this operation (each described on its input type)' }) input: UpdateCallInput,
  ) {
    const { id, expectedVersion, ...rest } = input;
    return this.programs.updateCall(
      actor,
      id,
      { ...rest, opensAt: optionalInputDate('opensAt', input.opensAt), closesAt: optionalInputDate('closesAt', input.closesAt) },
      expectedVersion,
    );
  }

  @Mutation(() => Call, {
    description: 'Opens a call. Before its opensAt the call is announced and reads SCHEDULED; it accepts entries from opensAt (JST) on, with no further step',
  })
  openCall(@CurrentActor() actor: Actor, @Args('id', { type: () => ID, description: 'The call (its id)' }, IdPipe) id: string) {
    return this.programs.transition(actor, id, CallStatus.OPEN, this.clock.now());
  }

  @Mutation(() => Call, { description: 'Closes a call after its deadline' })
  closeCall(@CurrentActor() actor: Actor, @Args('id', { type: () => ID, description: 'The call (its id)' }, IdPipe) id: string) {
    return this.programs.transition(actor, id, CallStatus.CLOSED, this.clock.now());
  }

  @Mutation(() => Call, { description: 'Fixes the adoption decisions; each applicant then sees its own result' })
  decideRegionCall(
    @CurrentActor() actor: Actor,
    @Args('callId', { type: () => ID, description: 'The call (its id): a region call or a vendor call, as the field says' }, IdPipe) callId: string,
  ) {
    return this.review.decide(actor, callId);
  }

  @Mutation(() => Call, { description: 'Publishes the adopted applications as candidate regions' })
  publishCandidateRegions(
    @CurrentActor() actor: Actor,
    @Args('callId', { type: () => ID, description: 'The call (its id): a region call or a vendor call, as the field says' }, IdPipe) callId: string,
  ) {
    return this.review.publishCandidates(actor, callId);
  }

  @ResolveField(() => Program, { description: 'The programme (事業) it belongs to' })
  program(@Parent() c: Call, @Context() ctx: GqlContext) {
    return ctx.loaders.program.load(c.programId);
  }

  @ResolveField(() => CallStatus, {
    description: 'DRAFT (staff only), SCHEDULED (opened, before opensAt), OPEN (accepting until closesAt), CLOSED, DECIDED, PUBLISHED',
  })
  status(@Parent() c: Call) {
    return callStatusAt(c, this.clock.now());
  }

  @ResolveField(() => TimeDisplay, { description: 'The start of the window in UTC, JST and the Japanese era' })
  opensAtDisplay(@Parent() c: Call) {
    return display(c.opensAt);
  }

  @ResolveField(() => TimeDisplay, { description: 'The deadline in JST and the Japanese era' })
  closesAtDisplay(@Parent() c: Call) {
    return display(c.closesAt);
  }
}

@Resolver(() => SupportMenuItem)
export class SupportMenuItemResolver {
  @ResolveField(() => [SupportMenuDetail], { description: 'The ◇ detailed items of this menu item, in the call’s order (none for most)' })
  details(@Parent() item: SupportMenuItem): SupportMenuDetail[] {
    return detailsOf(item.code).map(({ code, nameJa, nameEn }) => ({ code, nameJa, nameEn }));
  }
}
