import { Args, Context, Field, ID, InputType, Int, Mutation, ObjectType, Parent, Query, ResolveField, Resolver, registerEnumType } from '@nestjs/graphql';
import { IsBoolean, IsEmail, IsEnum, IsInt, IsString, IsUrl, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Actor, Clock, isStaff, MaybeActor } from '@app/core';
import { BriefingService, BriefingSession as SessionEntity, RegistrantKind, RegistrationStatus } from '@app/briefing';
import { TimelineService } from '@app/matching';
import { CurrentActor, ReceivedAt } from '../auth/current-user.decorator';
import { DATE_TIME } from '../calls/calls.inputs';
import { inputDate } from '../common/dates';
import { IdPipe, OptionalIdPipe } from '../common/id.pipe';
import { display, TimeDisplay } from '../common/scalars';
import type { GqlContext } from '../graphql/context';

registerEnumType(RegistrationStatus, {
  name: 'BriefingRegistrationStatus',
  description: 'PENDING until the address confirms by the mailed link (holds no seat), CONFIRMED (a seat), EXPIRED (never confirmed)',
});

registerEnumType(RegistrantKind, {
  name: 'RegistrantKind',
  description: 'Who may attend: local-government staff, prospective vendors, related agencies (OTHER is refused)',
});

@ObjectType({ description: '説明会' })
export class BriefingSession {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  programId: string;

  @Field()
  title: string;

  @Field()
  startsAt: Date;

  @Field()
  endsAt: Date;

  @Field(() => Int)
  capacity: number;

  @Field()
  registrationClosesAt: Date;

  @Field(() => Date, { nullable: true })
  closedEarlyAt: Date | null;
}

@ObjectType({ description: '参加申込 (staff view)' })
export class BriefingRegistration {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field()
  organisation: string;

  @Field(() => RegistrantKind)
  kind: RegistrantKind;

  @Field()
  email: string;

  @Field()
  consentToRecording: boolean;

  @Field()
  registeredAt: Date;

  @Field(() => RegistrationStatus)
  status: RegistrationStatus;

  @Field(() => Date, { nullable: true })
  confirmedAt: Date | null;
}

@ObjectType({ description: 'What a registrant gets back: a confirmation link follows by e-mail, the connection details once confirmed' })
export class BriefingRegistrationReceipt {
  @Field(() => ID)
  id: string;

  @Field()
  registeredAt: Date;

  @Field(() => RegistrationStatus, { description: 'PENDING after registering (no seat yet), CONFIRMED after confirming' })
  status: RegistrationStatus;
}

@InputType()
class BriefingRegistrationInput {
  @Field({ description: 'The only text that reaches the mail: at most 60 characters, no line breaks, links or addresses' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  organisation: string;

  @Field(() => RegistrantKind)
  @IsEnum(RegistrantKind)
  kind: RegistrantKind;

  @Field({ description: 'Business e-mail, plain local@domain (free-mail and ISP addresses are refused); a confirmation link is sent to it' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @Field({ description: 'Consent to the recording of the session; must be true' })
  @IsBoolean()
  consentToRecording: boolean;
}

@InputType()
class ConfirmBriefingRegistrationInput {
  @Field({ description: 'The token of the link mailed to the address' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'token must be the 43-character token of the link' })
  token: string;
}

@InputType()
class CreateBriefingSessionInput {
  @Field(() => ID)
  @IsString()
  programId: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @Field()
  @Matches(DATE_TIME)
  startsAt: string;

  @Field()
  @Matches(DATE_TIME)
  endsAt: string;

  @Field()
  @IsUrl({ protocols: ['https'], require_protocol: true })
  onlineUrl: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(100000)
  capacity: number;

  @Field()
  @Matches(DATE_TIME)
  registrationClosesAt: string;
}

@ObjectType()
class TimelineEntry {
  @Field()
  key: string;

  @Field()
  labelJa: string;

  @Field(() => TimeDisplay, { nullable: true, description: 'When it happened or is due: ISO, JST and the Japanese era' })
  at: TimeDisplay | null;

  @Field(() => String, { nullable: true, description: 'As the call announces it while the date is not set (e.g. 3月頃)' })
  plannedJa: string | null;

  @Field({ description: 'DONE, NEXT or LATER' })
  state: string;
}

@ObjectType()
class ProgramTimeline {
  @Field(() => [TimelineEntry])
  entries: TimelineEntry[];

  @Field(() => String, { nullable: true, description: 'The last step reached' })
  current: string | null;

  @Field(() => TimeDisplay)
  today: TimeDisplay;
}

@Resolver(() => BriefingSession)
export class BriefingResolver {
  constructor(
    private readonly briefing: BriefingService,
    private readonly timelines: TimelineService,
    private readonly clock: Clock,
  ) {}

  @Query(() => [BriefingSession], { description: 'Briefing sessions (public)' })
  briefingSessions(@Args('programId', { type: () => ID, nullable: true }, OptionalIdPipe) programId?: string) {
    return this.briefing.sessions(programId);
  }

  @Mutation(() => BriefingRegistrationReceipt, {
    description: 'Registers for a briefing session, without an account: held (PENDING, no seat) until confirmed by the mailed link',
  })
  async registerForBriefing(
    @Args('sessionId', { type: () => ID }, IdPipe) sessionId: string,
    @Args('input') input: BriefingRegistrationInput,
    @ReceivedAt() at: Date,
  ) {
    return (await this.briefing.register(input, sessionId, at)).registration;
  }

  @Mutation(() => BriefingRegistrationReceipt, { description: 'Confirms a registration with the token mailed to its address; takes the seat' })
  confirmBriefingRegistration(@Args('input') input: ConfirmBriefingRegistrationInput, @ReceivedAt() at: Date) {
    return this.briefing.confirm(input.token, at);
  }

  @Mutation(() => BriefingSession)
  createBriefingSession(@CurrentActor() actor: Actor, @Args('input') i: CreateBriefingSessionInput) {
    return this.briefing.create(actor, {
      programId: new IdPipe().transform(i.programId)!,
      title: i.title,
      startsAt: inputDate('startsAt', i.startsAt),
      endsAt: inputDate('endsAt', i.endsAt),
      onlineUrl: i.onlineUrl,
      capacity: i.capacity,
      registrationClosesAt: inputDate('registrationClosesAt', i.registrationClosesAt),
    });
  }

  @Mutation(() => BriefingSession, { description: 'Closes registration before the deadline' })
  closeBriefingRegistration(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, IdPipe) id: string) {
    return this.briefing.closeEarly(actor, id);
  }

  @Query(() => [BriefingRegistration], { description: 'Registrations of a session, pending and expired ones included (secretariat)' })
  async briefingRegistrations(@CurrentActor() actor: Actor, @Args('sessionId', { type: () => ID }, IdPipe) sessionId: string) {
    const rows = await this.briefing.registrations(actor, sessionId);
    return rows.map((r) => ({ ...r, status: this.briefing.statusOf(r) }));
  }

  @Query(() => ProgramTimeline, { description: "A programme's schedule in ISO, JST and the Japanese era, and where it stands today" })
  async programTimeline(@Args('programId', { type: () => ID }, IdPipe) programId: string) {
    const t = await this.timelines.timeline(programId);
    return { current: t.current, entries: t.entries.map((e) => ({ ...e, at: display(e.at) })), today: display(this.clock.now())! };
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

  @ResolveField(() => TimeDisplay)
  startsAtDisplay(@Parent() s: SessionEntity) {
    return display(s.startsAt);
  }

  @ResolveField(() => TimeDisplay)
  registrationClosesAtDisplay(@Parent() s: SessionEntity) {
    return display(s.registrationClosesAt);
  }

  @ResolveField(() => String, { nullable: true, description: 'The online link: staff only (registrants get it by e-mail)' })
  onlineUrl(@Parent() s: SessionEntity, @CurrentActor() actor: MaybeActor) {
    return isStaff(actor) ? s.onlineUrl : null;
  }
}
