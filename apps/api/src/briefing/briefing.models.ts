import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { RegistrantKind, RegistrationStatus } from '@app/briefing';
import { DateDisplay, TimeDisplay } from '../common/scalars';

registerEnumType(RegistrationStatus, {
  valuesMap: {
    PENDING: { description: 'Held until the address confirms it with the mailed link; takes no seat' },
    CONFIRMED: { description: 'Confirmed: has a seat, gets the connection details' },
    EXPIRED: { description: 'Not confirmed in time' },
  },
  name: 'BriefingRegistrationStatus',
  description: 'PENDING until the address confirms by the mailed link (holds no seat), CONFIRMED (a seat), EXPIRED (never confirmed)',
});

registerEnumType(RegistrantKind, {
  valuesMap: {
    LOCAL_GOVERNMENT: { description: '地方公共団体職員' },
    PROSPECTIVE_VENDOR: { description: '応募予定の法人' },
    RELATED_AGENCY: { description: '関係行政機関' },
    OTHER: { description: 'その他 (not eligible to attend)' },
  },
  name: 'RegistrantKind',
  description: 'Who may attend: local-government staff, prospective vendors, related agencies (OTHER is refused)',
});

@ObjectType({ description: '説明会' })
export class BriefingSession {
  @Field(() => ID, { description: 'The briefing session (its id)' })
  id: string;

  @Field(() => ID, { description: 'The programme it explains (its id)' })
  programId: string;

  @Field({ description: 'Its title as announced' })
  title: string;

  @Field({ description: 'When it starts (ISO 8601 UTC)' })
  startsAt: Date;

  @Field({ description: 'When it ends (ISO 8601 UTC)' })
  endsAt: Date;

  @Field(() => Int, { description: 'Seats' })
  capacity: number;

  @Field({ description: 'Registrations accepted strictly before it (ISO 8601 UTC)' })
  registrationClosesAt: Date;

  @Field({ description: 'When the connection details are mailed to the confirmed registrants (a registrant confirmed later gets them at once)' })
  connectionDetailsAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the secretariat closed registration before the deadline (ISO 8601 UTC); null when it did not' })
  closedEarlyAt: Date | null;
}

@ObjectType({ description: '参加申込 (staff view)' })
export class BriefingRegistration {
  @Field(() => ID, { description: 'The registration (its id)' })
  id: string;

  @Field({ description: "The registrant's name (personal data; each read is audited)" })
  name: string;

  @Field({ description: 'Organisation (所属)' })
  organisation: string;

  @Field(() => RegistrantKind, { description: 'Who the registrant is' })
  kind: RegistrantKind;

  @Field({ description: "The registrant's business e-mail address (personal data; each read is audited)" })
  email: string;

  @Field({ description: 'Consented to the recording of the session' })
  consentToRecording: boolean;

  @Field({ description: 'When it arrived (ISO 8601 UTC)' })
  registeredAt: Date;

  @Field(() => RegistrationStatus, { description: 'Pending, confirmed or expired' })
  status: RegistrationStatus;

  @Field(() => Date, { nullable: true, description: 'When the address confirmed it (ISO 8601 UTC); null while not confirmed' })
  confirmedAt: Date | null;
}

@ObjectType({ description: 'What a registrant gets back: a confirmation link follows by e-mail, the connection details once confirmed' })
export class BriefingRegistrationReceipt {
  @Field(() => ID, { description: 'The registration (its id)' })
  id: string;

  @Field({ description: 'When it arrived (ISO 8601 UTC)' })
  registeredAt: Date;

  @Field(() => RegistrationStatus, { description: 'PENDING after registering (no seat yet), CONFIRMED after confirming' })
  status: RegistrationStatus;
}

@ObjectType({ description: 'One step of the programme’s schedule: planned, or when it happened (JST, era)' })
export class TimelineEntry {
  @Field({
    description:
      'REGION_CALL_OPENS, REGION_CALL_CLOSES, CANDIDATES_ANNOUNCED, VENDOR_CALL_OPENS, VENDOR_CALL_CLOSES, DECISION, SUPPORT_STARTS, INTERIM_REPORT_DUE or FINAL_REPORT_DUE',
  })
  key: string;

  @Field({ description: 'The step in Japanese, as the call names it' })
  labelJa: string;

  @Field(() => TimeDisplay, { nullable: true, description: 'When it happened (an instant): ISO, JST and the Japanese era' })
  at: TimeDisplay | null;

  @Field(() => DateDisplay, { nullable: true, description: 'The due date of a report (a day on the business calendar), shown as a date' })
  on: DateDisplay | null;

  @Field(() => String, { nullable: true, description: 'As the call announces it while the date is not set (e.g. 3月頃)' })
  plannedJa: string | null;

  @Field({ description: 'DONE, NEXT or LATER' })
  state: string;
}

@ObjectType({ description: 'The programme’s schedule in ISO, JST and the Japanese era, and where it stands today' })
export class ProgramTimeline {
  @Field(() => [TimelineEntry], { description: 'The steps in order' })
  entries: TimelineEntry[];

  @Field(() => String, { nullable: true, description: 'The last step reached' })
  current: string | null;

  @Field(() => TimeDisplay, { description: 'Now, in UTC, JST and the Japanese era' })
  today: TimeDisplay;
}
