import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, Clock } from '@app/core';
import { BriefingService, BriefingSession as SessionEntity } from '@app/briefing';
import { TimelineService } from '@app/matching';
import { CurrentActor, ReceivedAt } from '../auth/current-user.decorator';
import { inputDate } from '../common/dates';
import { IdPipe, OptionalIdPipe } from '../common/id.pipe';
import { dateDisplay, display, TimeDisplay } from '../common/scalars';
import type { GqlContext } from '../graphql/context';
import { BriefingSession, BriefingRegistration, BriefingRegistrationReceipt, ProgramTimeline } from './briefing.models';
import { BriefingRegistrationInput, ConfirmBriefingRegistrationInput, CreateBriefingSessionInput } from './briefing.inputs';

@Resolver(() => BriefingSession)
export class BriefingResolver {
  constructor(
    private readonly briefing: BriefingService,
    private readonly timelines: TimelineService,
    private readonly clock: Clock,
  ) {}

  @Query(() => [BriefingSession], { description: 'Briefing sessions (public)' })
  briefingSessions(
    @Args('programId', { type: () => ID, nullable: true, description: 'The programme (事業) of a fiscal year (its id)' }, OptionalIdPipe) programId?: string,
  ) {
    return this.briefing.sessions(programId);
  }

  @Mutation(() => BriefingRegistrationReceipt, {
    description: 'Registers for a briefing session, without an account: held (PENDING, no seat) until confirmed by the mailed link',
  })
  async registerForBriefing(
    @Args('sessionId', { type: () => ID, description: 'The briefing session (its id)' }, IdPipe) sessionId: string,
    @Args('input', { description: 'The parameters of this operation (each described on its input type)' }) input: BriefingRegistrationInput,
    @ReceivedAt() at: Date,
  ) {
    return (await this.briefing.register(input, sessionId, at)).registration;
  }

  @Mutation(() => BriefingRegistrationReceipt, { description: 'Confirms a registration with the token mailed to its address; takes the seat' })
  confirmBriefingRegistration(
    @Args('input', { description: 'The parameters of this operation (each described on its input type)' }) input: ConfirmBriefingRegistrationInput,
    @ReceivedAt() at: Date,
  ) {
    return this.briefing.confirm(input.token, at);
  }

  @Mutation(() => BriefingSession, {
    description: 'Creates a briefing session (説明会) of a programme (secretariat); times must be ordered: registration deadline ≤ start < end',
  })
  createBriefingSession(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The parameters of this operation (each described on its input type)' }) i: CreateBriefingSessionInput,
  ) {
    return this.briefing.create(actor, {
      programId: new IdPipe().transform(i.programId)!,
      title: i.title,
      startsAt: inputDate('startsAt', i.startsAt),
      endsAt: inputDate('endsAt', i.endsAt),
      onlineUrl: i.onlineUrl,
      capacity: i.capacity,
      registrationClosesAt: inputDate('registrationClosesAt', i.registrationClosesAt),
      connectionDetailsAt: i.connectionDetailsAt ? inputDate('connectionDetailsAt', i.connectionDetailsAt) : undefined,
    });
  }

  @Mutation(() => Int, {
    description:
      'Mails the connection details of every session whose send time has come to its confirmed registrants not yet sent them, once each (also on a schedule); returns how many notices',
  })
  sendBriefingConnectionDetails() {
    return this.briefing.sendConnectionDetails();
  }

  @Mutation(() => BriefingSession, { description: 'Closes registration before the deadline' })
  closeBriefingRegistration(@CurrentActor() actor: Actor, @Args('id', { type: () => ID, description: 'The briefing session (its id)' }, IdPipe) id: string) {
    return this.briefing.closeEarly(actor, id);
  }

  @Query(() => [BriefingRegistration], { description: 'Registrations of a session, pending and expired ones included (secretariat)' })
  async briefingRegistrations(
    @CurrentActor() actor: Actor,
    @Args('sessionId', { type: () => ID, description: 'The briefing session (its id)' }, IdPipe) sessionId: string,
  ) {
    const rows = await this.briefing.registrations(actor, sessionId);
    return rows.map((r) => ({ ...r, status: this.briefing.statusOf(r) }));
  }

  @Query(() => ProgramTimeline, { description: "A programme's schedule in ISO, JST and the Japanese era, and where it stands today" })
  async programTimeline(@Args('programId', { type: () => ID, description: 'The programme (事業) of a fiscal year (its id)' }, IdPipe) programId: string) {
    const t = await this.timelines.timeline(programId);
    return { current: t.current, entries: t.entries.map((e) => ({ ...e, at: display(e.at), on: dateDisplay(e.on) })), today: display(this.clock.now())! };
  }

  @ResolveField(() => Int, { description: 'Seats left: confirmed registrations take them, pending ones do not' })
  async remainingSeats(@Parent() s: SessionEntity, @Context() ctx: GqlContext) {
    return Math.max(0, s.capacity - ((await ctx.loaders.briefingCounts.load(s.id)) ?? 0));
  }

  @ResolveField(() => Boolean, { description: 'Registration open now (before the deadline, not closed early, not full)' })
  async isOpen(@Parent() s: SessionEntity, @Context() ctx: GqlContext) {
    const count = (await ctx.loaders.briefingCounts.load(s.id)) ?? 0;
    return !s.closedEarlyAt && this.clock.now().getTime() < s.registrationClosesAt.getTime() && count < s.capacity;
  }

  @ResolveField(() => TimeDisplay, { description: 'startsAt in UTC, JST and the Japanese era' })
  startsAtDisplay(@Parent() s: SessionEntity) {
    return display(s.startsAt);
  }

  @ResolveField(() => TimeDisplay, { description: 'connectionDetailsAt in UTC, JST and the Japanese era' })
  connectionDetailsAtDisplay(@Parent() s: SessionEntity) {
    return display(s.connectionDetailsAt);
  }

  @ResolveField(() => TimeDisplay, { description: 'The registration deadline in UTC, JST and the Japanese era' })
  registrationClosesAtDisplay(@Parent() s: SessionEntity) {
    return display(s.registrationClosesAt);
  }

  @ResolveField(() => String, { nullable: true, description: 'The online link: staff only (registrants get it by e-mail)' })
  onlineUrl(@Parent() s: SessionEntity) {
    return s.onlineUrl;
  }
}
