import { ArgsType, Field, ID, InputType, Int, IntersectionType } from '@nestjs/graphql';
import { NewAccountFields } from '../identity/identity.inputs';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
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
import { CorporateNumberDecision, VendorApplicationStatus, VendorKind, VendorStatus } from '@app/bidding';
import { DATE_TIME, EditArgs } from '../calls/calls.inputs';
import { TypedInput } from '../common/typed-input.decorator';

@InputType({ description: 'A vendor’s company: name, 法人番号, kind, head office' })
export class VendorInput {
  @Field({ description: 'Company name (法人名), 1–200 characters' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @Field({ description: '法人番号, 13 digits' })
  @Matches(/^\d{13}$/)
  @TypedInput('code')
  corporateNumber: string;

  @Field(() => VendorKind, { description: 'What kind of company it is' })
  @IsEnum(VendorKind)
  kind: VendorKind;

  @Field({ description: 'Two-digit code of the prefecture of its head office' })
  @Matches(/^\d{2}$/)
  @TypedInput('code')
  headOfficePrefectureCode: string;
}

@InputType({ description: 'A vendor’s self-registration: the company (法人番号) and its first account; held for approval' })
export class RegisterVendorInput extends IntersectionType(VendorInput, NewAccountFields) {}

@ArgsType()
export class ResolveCorporateNumberDisputeArgs {
  @Field(() => ID, { description: 'The DISPUTED registration' })
  @IsUUID()
  vendorId: string;

  @Field(() => CorporateNumberDecision, { description: 'Who keeps the 法人番号: the earlier holder, or the claimant' })
  @IsEnum(CorporateNumberDecision)
  decision: CorporateNumberDecision;

  @Field({ description: 'Why (kept on the vendor and in the audit trail)' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;
}

@ArgsType()
export class RejectVendorArgs {
  @Field(() => ID, { description: 'A PENDING registration' })
  @IsUUID()
  id: string;

  @Field({ description: 'Why (the vendor reads it; kept on the vendor and in the audit trail)' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;
}

@ArgsType()
export class VendorsArgs {
  @Field(() => VendorStatus, { nullable: true, description: 'Only vendors in this registration status' })
  @IsOptional()
  @IsEnum(VendorStatus)
  status?: VendorStatus;
}

@InputType({ description: 'A vendor call for published candidate regions: its regions and window (JST)' })
export class CreateVendorCallInput {
  @Field(() => ID, { description: 'The programme (事業) of a fiscal year (its id)' })
  @IsUUID()
  programId: string;

  @Field(() => ID, { description: 'The region call whose published candidate regions this call lists' })
  @IsUUID()
  regionCallId: string;

  @Field({ description: 'Its title as announced, e.g. 令和7年度 伴走支援事業者の公募' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @Field({ description: 'Start of the window (ISO 8601; without an offset, Japan time)' })
  @Matches(DATE_TIME)
  opensAt: string;

  @Field({ description: 'Deadline of the bids (ISO 8601; without an offset, Japan time), after opensAt' })
  @Matches(DATE_TIME)
  closesAt: string;

  @Field({ nullable: true, description: 'Questions accepted until (default: the deadline)' })
  @IsOptional()
  @Matches(DATE_TIME)
  questionsCloseAt?: string;

  @Field(() => [ID], { nullable: true, description: 'Default: every published candidate region' })
  @IsOptional()
  @ArrayMaxSize(2000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  candidateRegionIds?: string[];
}

@InputType({ description: 'A change of a vendor call; a material change returns the affected bids to draft' })
export class UpdateVendorCallInput {
  @Field(() => ID, { description: 'The call (its id): a region call or a vendor call, as the field says' })
  @IsUUID()
  callId: string;

  @Field({ nullable: true, description: 'New title; omitted: unchanged' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title?: string;

  @Field({ nullable: true, description: 'A material change' })
  @IsOptional()
  @Matches(DATE_TIME)
  closesAt?: string;

  @Field({ nullable: true, description: 'Questions accepted until (ISO 8601; without an offset, Japan time); omitted: unchanged' })
  @IsOptional()
  @Matches(DATE_TIME)
  questionsCloseAt?: string;

  @Field(() => [ID], { nullable: true, description: 'A material change' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  candidateRegionIds?: string[];
}

@ArgsType()
export class AskInquiryArgs {
  @Field(() => ID, { description: 'The call (its id): a region call or a vendor call, as the field says' })
  @IsUUID()
  callId: string;

  @Field(() => ID, { nullable: true, description: 'Null: a question about the call as a whole' })
  @IsOptional()
  @IsUUID()
  candidateRegionId?: string;

  @Field({ description: 'The question, up to 4,000 characters' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  question: string;
}

@ArgsType()
export class AnswerInquiryArgs {
  @Field(() => ID, { description: 'The question (its id)' })
  @IsUUID()
  inquiryId: string;

  @Field({ description: 'The answer, up to 8,000 characters (replaces an earlier answer)' })
  @IsString()
  @MinLength(1)
  @MaxLength(8000)
  answer: string;

  @Field(() => Boolean, { defaultValue: false, description: 'Publish to all vendors (the asker stays hidden)' })
  @IsBoolean()
  publish = false;
}

@ArgsType()
export class InquiriesArgs {
  @Field(() => ID, { description: 'The call (its id): a region call or a vendor call, as the field says' })
  @IsUUID()
  callId: string;

  @Field(() => ID, { nullable: true, description: 'The candidate region (its id)' })
  @IsOptional()
  @IsUUID()
  candidateRegionId?: string;
}

@InputType({ description: 'A member of a proposal’s team' })
export class TeamMemberInput {
  @Field({ description: 'Name, 1–100 characters' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @Field({ description: 'Role in the team, 1–100 characters' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  role: string;

  @Field({ defaultValue: '', description: 'Qualifications and experience, up to 1,000 characters' })
  @IsString()
  @MaxLength(1000)
  qualifications: string;
}

@InputType({ description: 'A vendor’s proposal for one region: approach, menu items, team, schedule, budget in yen' })
export class RegionProposalInput {
  @Field({ description: 'How the vendor would support the region, up to 20,000 characters (required to submit)' })
  @IsString()
  @MaxLength(20000)
  approach: string;

  @Field(() => [String], { description: 'Must include the required item DX_STRUCTURE' })
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  @TypedInput('code')
  menuItemCodes: string[];

  @Field(() => [TeamMemberInput], { description: 'The team (at least one member to submit)' })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => TeamMemberInput)
  team: TeamMemberInput[];

  @Field({ defaultValue: '', description: 'The planned schedule, up to 8,000 characters' })
  @IsString()
  @MaxLength(8000)
  schedule: string;

  @Field(() => Int, { description: "Proposed budget in yen; BUDGET_OVER_CAP above the region's or the programme's cap" })
  @IsInt()
  @Min(0)
  @Max(2_000_000_000)
  budgetYen: number;

  @Field(() => [ID], { nullable: true, description: 'Documents uploaded with purpose PROPOSAL' })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  documentIds?: string[];
}

@ArgsType()
export class StartVendorApplicationArgs {
  @Field(() => ID, { description: 'The call (its id): a region call or a vendor call, as the field says' })
  @IsUUID()
  callId: string;

  @Field(() => Int, { nullable: true, description: 'Regions the vendor can support at the same time (1–1000); may be set later, needed to submit' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  capacity?: number;
}

@ArgsType()
export class VendorApplicationIdArgs extends EditArgs {
  @Field(() => ID, { description: 'The vendor application (the bid; its id)' })
  @IsUUID()
  applicationId: string;
}

@ArgsType()
export class SetCapacityArgs extends VendorApplicationIdArgs {
  @Field(() => Int, { description: 'Regions the vendor can support at the same time, 1–1000' })
  @IsInt()
  @Min(1)
  @Max(1000)
  capacity: number;
}

@ArgsType()
export class SaveProposalArgs extends VendorApplicationIdArgs {
  @Field(() => ID, { description: 'The candidate region (its id)' })
  @IsUUID()
  candidateRegionId: string;

  @Field(() => RegionProposalInput, { description: 'The proposal for that region (replaces an earlier one)' })
  @ValidateNested()
  @Type(() => RegionProposalInput)
  proposal: RegionProposalInput;
}

@ArgsType()
export class ProposalIdArgs extends EditArgs {
  @Field(() => ID, { description: 'The region proposal (one region of a vendor’s bid; its id)' })
  @IsUUID()
  proposalId: string;
}

@ArgsType()
export class VendorApplicationsArgs {
  @Field(() => ID, { description: 'The call (its id): a region call or a vendor call, as the field says' })
  @IsUUID()
  callId: string;

  @Field(() => [VendorApplicationStatus], { nullable: true, description: 'Only applications in these statuses; empty or omitted: all' })
  @IsOptional()
  @ArrayMaxSize(3)
  @IsEnum(VendorApplicationStatus, { each: true })
  statuses?: VendorApplicationStatus[];
}
