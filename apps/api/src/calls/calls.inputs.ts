import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CallKind, HearingFormat, IssueCategory, RegionApplicationStatus, StructureMode } from '@app/calls';
import { IsCalendarDate } from '../common/dates';
import { PageArgs } from '../common/page';
import { TypedInput } from '../common/typed-input.decorator';

/** Date-times are ISO 8601; without an offset they are read as Japan time (see parseJstDateTime). */
export const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

@InputType({ description: 'A programme (事業) of a fiscal year, with its per-region budget cap in yen' })
export class CreateProgramInput {
  @Field(() => Int, { description: 'Fiscal year by its starting calendar year (2025 = 令和7年度); one programme per year' })
  @IsInt()
  @Min(2019)
  @Max(2100)
  fiscalYear: number;

  @Field({ description: 'Its name, e.g. 令和7年度 地域社会DX推進パッケージ事業 推進体制構築支援' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @Field({ nullable: true, description: 'YYYY-MM-DD; default mid-March of the next year' })
  @IsOptional()
  @IsCalendarDate()
  supportEndsOn?: string;

  @Field(() => Int, { nullable: true, description: 'Budget cap per first-time region, in yen; omitted: no cap (repeat applicants are capped at 50,000,000)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_000_000_000)
  regionBudgetCapYen?: number;
}

@InputType({ description: 'A region call of a programme with its window (times in JST)' })
export class CreateCallInput {
  @Field(() => ID, { description: 'The programme (事業) of a fiscal year (its id)' })
  @IsUUID()
  programId: string;

  @Field(() => CallKind, { description: 'REGION; a vendor call is created with createVendorCall' })
  @IsEnum(CallKind)
  kind: CallKind;

  @Field({ description: 'Its title as announced' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @Field({ description: 'ISO 8601; without an offset, Japan time' })
  @Matches(DATE_TIME)
  opensAt: string;

  @Field({ description: 'ISO 8601; without an offset, Japan time. E.g. 2025-02-28T17:00' })
  @Matches(DATE_TIME)
  closesAt: string;

  @Field(() => Float, { nullable: true, description: 'Evaluation points a repeat applicant gets at 100% participation, 0–100' })
  @IsOptional()
  @Min(0)
  @Max(100)
  repeatBonusMaxPoints?: number;
}

@InputType({ description: 'A change of a region call before it closes (expectedVersion guards against overwriting)' })
export class UpdateCallInput {
  @Field(() => ID, { description: 'The region call (its id)' })
  @IsUUID()
  id: string;

  @Field(() => Int, { nullable: true, description: 'The version you last read; a mismatch is refused with CONFLICT' })
  @IsOptional()
  @IsInt()
  expectedVersion?: number;

  @Field({ nullable: true, description: 'New title; omitted: unchanged' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title?: string;

  @Field({ nullable: true, description: 'New start (ISO 8601; without an offset, Japan time); omitted: unchanged' })
  @IsOptional()
  @Matches(DATE_TIME)
  opensAt?: string;

  @Field({ nullable: true, description: 'New deadline (ISO 8601; without an offset, Japan time), after opensAt; omitted: unchanged' })
  @IsOptional()
  @Matches(DATE_TIME)
  closesAt?: string;

  @Field(() => Float, { nullable: true, description: 'New bonus of a repeat applicant at 100% participation, 0–100; omitted: unchanged' })
  @IsOptional()
  @Min(0)
  @Max(100)
  repeatBonusMaxPoints?: number;
}

@InputType({ description: 'A regional issue (地域課題): title, category, description' })
export class RegionalIssueInput {
  @Field(() => IssueCategory, { description: 'Its field (分野)' })
  @IsEnum(IssueCategory)
  category: IssueCategory;

  @Field({ description: 'Short title, 1–200 characters' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @Field({ description: 'The issue in the applicant’s words, up to 4,000 characters' })
  @IsString()
  @MaxLength(4000)
  description: string;
}

@InputType({ description: 'A support-menu item the region wants, with its ◇ detail items and a note' })
export class DesiredSupportInput {
  @Field({ description: 'The support-menu item wanted (SupportMenuItem.code)' })
  @IsString()
  @MaxLength(64)
  @TypedInput('code')
  menuItemCode: string;

  @Field({ nullable: true, description: 'What the region wants from this item, up to 2,000 characters' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @Field(() => [String], { nullable: true, description: 'Codes of the ◇ detailed items chosen under this menu item (supportMenu.details)' })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  detailCodes?: string[];
}

@InputType({ description: 'The prefecture’s declaration on one of the nine eligibility requirements, with its evidence' })
export class RequirementDeclarationInput {
  @Field(() => Int, { description: 'The requirement number, 1–9' })
  @IsInt()
  @Min(1)
  @Max(9)
  number: number;

  @Field({ description: 'Whether the prefecture declares that the requirement holds' })
  @IsBoolean()
  declared: boolean;

  @Field({ description: 'Evidence note: how the requirement is met' })
  @IsString()
  @MaxLength(4000)
  evidence: string;
}

@InputType({ description: 'A contact person of an application (personal data: the applying prefecture and the secretariat only)' })
export class ContactInput {
  @Field({ description: 'Full name, 1–100 characters' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @Field({ description: 'Department (所属), 1–200 characters' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  department: string;

  @Field({ nullable: true, description: 'Job title (役職), up to 100 characters' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  title?: string;

  @Field({ description: 'E-mail address' })
  @IsEmail()
  @MaxLength(254)
  @TypedInput('email')
  email: string;

  @Field({ nullable: true, description: 'Phone number: digits, spaces, +, - and parentheses, 6–20 characters' })
  @IsOptional()
  @Matches(/^[0-9+\-() ]{6,20}$/)
  @TypedInput('phone')
  phone?: string;

  @Field({ description: 'Consent to the personal-data terms of the call (公募要領 2(3) ①②); must be true' })
  @IsBoolean()
  consentToPersonalDataTerms: boolean;
}

@ArgsType()
export class EditArgs {
  @Field(() => Int, { nullable: true, description: 'The version you last read; a mismatch is refused with CONFLICT' })
  @IsOptional()
  @IsInt()
  expectedVersion?: number;
}

@ArgsType()
export class ApplicationIdArgs extends EditArgs {
  @Field(() => ID, { description: 'The region application (its id)' })
  @IsUUID()
  applicationId: string;
}

@ArgsType()
export class AddPartnerArgs extends ApplicationIdArgs {
  @Field({ description: '6-digit local-government code of a municipality in the prefecture' })
  @Matches(/^\d{6}$/)
  @TypedInput('code')
  lgCode: string;
}

@ArgsType()
export class PartnerIdArgs extends EditArgs {
  @Field(() => ID, { description: 'The partner municipality of the application (its id)' })
  @IsUUID()
  partnerId: string;
}

@ArgsType()
export class AttachMemorandumArgs extends PartnerIdArgs {
  @Field(() => ID, { description: 'Id returned by POST /documents (purpose MEMORANDUM)' })
  @IsUUID()
  documentId: string;
}

@ArgsType()
export class AddIssueArgs extends PartnerIdArgs {
  @Field(() => RegionalIssueInput, { description: 'The issue to add' })
  @ValidateNested()
  @Type(() => RegionalIssueInput)
  issue: RegionalIssueInput;
}

@ArgsType()
export class IssueIdArgs extends EditArgs {
  @Field(() => ID, { description: 'The regional issue (its id)' })
  @IsUUID()
  issueId: string;
}

@ArgsType()
export class UpdateIssueArgs extends IssueIdArgs {
  @Field(() => RegionalIssueInput, { description: 'The issue as it should read (replaces category, title and description)' })
  @ValidateNested()
  @Type(() => RegionalIssueInput)
  issue: RegionalIssueInput;
}

@ArgsType()
export class SetDesiredSupportArgs extends PartnerIdArgs {
  @Field(() => [DesiredSupportInput], { description: 'The required item is always kept' })
  @ArrayMaxSize(20)
  @ArrayUnique((i: DesiredSupportInput) => i.menuItemCode)
  @ValidateNested({ each: true })
  @Type(() => DesiredSupportInput)
  items: DesiredSupportInput[];
}

@ArgsType()
export class DeclareRequirementsArgs extends ApplicationIdArgs {
  @Field(() => [RequirementDeclarationInput], { description: 'Declarations of any of the nine requirements, each at most once; the others stay as they were' })
  @ArrayMinSize(1)
  @ArrayMaxSize(9)
  @ArrayUnique((d: RequirementDeclarationInput) => d.number)
  @ValidateNested({ each: true })
  @Type(() => RequirementDeclarationInput)
  declarations: RequirementDeclarationInput[];
}

@InputType({ description: "The secretariat's check of one requirement" })
export class RequirementCheckInput {
  @Field(() => Int, { description: 'The requirement number, 1–9 (another number, or one given twice, is refused with VALIDATION_FAILED naming it)' })
  @IsInt()
  requirement: number;

  @Field({ description: 'Whether the requirement holds' })
  @IsBoolean()
  met: boolean;

  @Field({ defaultValue: '', description: "The secretariat's note on the check" })
  @IsString()
  @MaxLength(4000)
  note: string;
}

@ArgsType()
export class RecordChecksArgs extends ApplicationIdArgs {
  @Field(() => [RequirementCheckInput], { description: 'Any of the nine requirements, each at most once; recorded all together or not at all' })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => RequirementCheckInput)
  checks: RequirementCheckInput[];
}

@ArgsType()
export class AddContactArgs extends ApplicationIdArgs {
  @Field(() => ContactInput, {
    description: 'The contact person, with consent to the personal-data terms (CONSENT_REQUIRED without it); at most 5 per application',
  })
  @ValidateNested()
  @Type(() => ContactInput)
  contact: ContactInput;
}

@ArgsType()
export class ContactIdArgs extends EditArgs {
  @Field(() => ID, { description: 'The contact person (its id)' })
  @IsUUID()
  contactId: string;
}

@ArgsType()
export class VerifyReceiptArgs {
  @Field({ description: "The receipt's signedPayload, exactly as returned" })
  @IsString()
  @MaxLength(2000)
  signedPayload: string;

  @Field({ description: "The receipt's signature (base64)" })
  @IsString()
  @MaxLength(200)
  signature: string;
}

@ArgsType()
export class SubmitArgs {
  @Field(() => ID, { description: 'The region application (its id)' })
  @IsUUID()
  applicationId: string;

  @Field({
    nullable: true,
    description: [
      'Optional, 8–100 characters, chosen by the client once per submission (a random UUID is right), so a retry after a',
      'lost response cannot submit twice. Scoped to this application. A retry with the same key returns the same receipt',
      '(same number, receivedAt and digest) while that receipt still describes the application: it is still submitted, the',
      'receipt is its latest and the content is unchanged. After a reopen, a change or a resubmission under another key the',
      'retry is refused with IDEMPOTENCY_KEY_REUSED: submit again with a new key. Keys do not expire. A replay is answered',
      'after the deadline too (the first request arrived in time); a submission that is not a replay is judged by the deadline.',
    ].join(' '),
  })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(100)
  idempotencyKey?: string;
}

@ArgsType()
export class ApplicationsFilterArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'The call (its id): a region call or a vendor call, as the field says' })
  @IsOptional()
  @IsUUID()
  callId?: string;

  @Field(() => [RegionApplicationStatus], { nullable: true, description: 'Only applications in these statuses' })
  @IsOptional()
  @ArrayMaxSize(5)
  @IsEnum(RegionApplicationStatus, { each: true })
  statuses?: RegionApplicationStatus[];

  @Field({ nullable: true, description: 'Only the application of this prefecture (two-digit code)' })
  @IsOptional()
  @Matches(/^\d{2}$/)
  @TypedInput('code')
  prefectureCode?: string;

  @Field(() => Int, { nullable: true, description: 'Only applications where this requirement is not confirmed as met' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(9)
  unmetRequirement?: number;

  @Field({ nullable: true, description: 'Only applications with a requirement declared false or checked as not met' })
  @IsOptional()
  @IsBoolean()
  anyRequirementFailed?: boolean;
}

@ArgsType()
export class RecordCheckArgs {
  @Field(() => ID, { description: 'The region application (its id)' })
  @IsUUID()
  applicationId: string;

  @Field(() => Int, { description: 'The requirement number, 1–9' })
  @IsInt()
  @Min(1)
  @Max(9)
  number: number;

  @Field({ description: 'Whether the requirement holds' })
  @IsBoolean()
  met: boolean;

  @Field({ defaultValue: '', description: "The secretariat's note on the check" })
  @IsString()
  @MaxLength(4000)
  note: string;
}

@ArgsType()
export class ScheduleHearingArgs {
  @Field(() => ID, { description: 'The region application (its id)' })
  @IsUUID()
  applicationId: string;

  @Field({ description: 'ISO 8601; without an offset, Japan time' })
  @Matches(DATE_TIME)
  at: string;

  @Field({ defaultValue: '', description: 'A note for the applicant, sent with the notice' })
  @IsString()
  @MaxLength(2000)
  note: string;

  @Field(() => HearingFormat, { nullable: true, description: 'Online or in person (the notice says 追ってご連絡します without it)' })
  @IsOptional()
  @IsEnum(HearingFormat)
  format?: HearingFormat | null;

  @Field({ defaultValue: '', description: 'The meeting URL (online) or the venue (in person)' })
  @IsString()
  @MaxLength(500)
  place: string;
}

@ArgsType()
export class RejectArgs {
  @Field(() => ID, { description: 'The region application (its id)' })
  @IsUUID()
  applicationId: string;

  @Field({ description: 'Why it is rejected; the applicant reads it once the call is decided' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  reason: string;
}

@ArgsType()
export class CandidateRegionsArgs extends PageArgs {
  @Field(() => ID, {
    nullable: true,
    description: 'A region call (the regions it published) or a vendor call (the regions it lists); not with currentRound',
  })
  @IsOptional()
  @IsUUID()
  callId?: string;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description:
      "The current round only, chosen by the server: the regions of the newest programme year with a vendor call open for bids now, else of the newest year with published candidate regions (the candidate-region page's default)",
  })
  @IsOptional()
  @IsBoolean()
  currentRound?: boolean | null = false;

  @Field(() => [String], { nullable: true, description: 'Only regions of these prefectures (two-digit codes)' })
  @IsOptional()
  @ArrayMaxSize(47)
  @Matches(/^\d{2}$/, { each: true })
  @TypedInput('code')
  prefectureCodes?: string[];

  @Field(() => [String], { nullable: true, description: 'Only regions whose partners want one of these support-menu items' })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  @TypedInput('code')
  menuItemCodes?: string[];

  @Field(() => [IssueCategory], { nullable: true, description: 'Only regions with an issue in one of these fields' })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsEnum(IssueCategory, { each: true })
  issueCategories?: IssueCategory[];

  @Field({ nullable: true, description: 'Free text over issues, desired support and names; terms separated by spaces (全角・半角)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  text?: string;
}

@ArgsType()
export class SetStructureModeArgs extends ApplicationIdArgs {
  @Field(() => StructureMode, { nullable: true, description: 'BUILD (構築) or EXTEND (拡充); null clears the choice' })
  @IsOptional()
  @IsEnum(StructureMode)
  mode: StructureMode | null;
}

@ArgsType()
export class AddPrefectureIssueArgs extends ApplicationIdArgs {
  @Field(() => RegionalIssueInput, { description: 'The issue to add' })
  @ValidateNested()
  @Type(() => RegionalIssueInput)
  issue: RegionalIssueInput;
}
