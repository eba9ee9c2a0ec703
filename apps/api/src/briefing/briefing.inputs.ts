import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsBoolean, IsEmail, IsEnum, IsInt, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { RegistrantKind } from '@app/briefing';
import { DATE_TIME } from '../calls/calls.inputs';
import { TypedInput } from '../common/typed-input.decorator';

@InputType({ description: 'A registration for a briefing session, without an account (business e-mail address only)' })
export class BriefingRegistrationInput {
  @Field({ description: 'The only text that reaches the mail: at most 60 characters, no line breaks, links or addresses' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @Field({ description: 'Organisation (所属), 1–200 characters' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  organisation: string;

  @Field(() => RegistrantKind, { description: 'Who the registrant is; OTHER is refused with NOT_ELIGIBLE' })
  @IsEnum(RegistrantKind)
  kind: RegistrantKind;

  @Field({ description: 'Business e-mail, plain local@domain (free-mail and ISP addresses are refused); a confirmation link is sent to it' })
  @IsEmail()
  @MaxLength(254)
  @TypedInput('email')
  email: string;

  @Field({ description: 'Consent to the recording of the session; must be true' })
  @IsBoolean()
  consentToRecording: boolean;
}

@InputType({ description: 'The token of the mailed confirmation link' })
export class ConfirmBriefingRegistrationInput {
  @Field({ description: 'The token of the link mailed to the address' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'token must be the 43-character token of the link' })
  token: string;
}

@InputType({ description: 'A briefing session: title, times (JST), capacity, registration deadline, when connection details go out' })
export class CreateBriefingSessionInput {
  @Field(() => ID, { description: 'The programme (事業) of a fiscal year (its id)' })
  @IsString()
  programId: string;

  @Field({ description: 'Its title as announced, 1–200 characters' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @Field({ description: 'When it starts (ISO 8601; without an offset, Japan time)' })
  @Matches(DATE_TIME)
  startsAt: string;

  @Field({ description: 'When it ends (ISO 8601; without an offset, Japan time), after startsAt' })
  @Matches(DATE_TIME)
  endsAt: string;

  @Field({ description: 'The https link of the online session: mailed to confirmed registrants, shown to the staff only' })
  @IsUrl({ protocols: ['https'], require_protocol: true })
  onlineUrl: string;

  @Field(() => Int, { description: 'Seats, 1–100,000' })
  @IsInt()
  @Min(1)
  @Max(100000)
  capacity: number;

  @Field({ description: 'Registrations accepted strictly before it (ISO 8601; without an offset, Japan time), no later than startsAt' })
  @Matches(DATE_TIME)
  registrationClosesAt: string;

  @Field({
    nullable: true,
    description:
      'When the connection details are mailed to the confirmed registrants (公募要領5: around 15 February); default: when registration closes; at the latest the start',
  })
  @IsOptional()
  @Matches(DATE_TIME)
  connectionDetailsAt?: string;
}
