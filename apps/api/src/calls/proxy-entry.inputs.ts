import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsBase64, IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { StructureMode } from '@app/calls';
import { ContactInput, DATE_TIME, DesiredSupportInput, RegionalIssueInput, RequirementDeclarationInput } from './calls.inputs';

@InputType({ description: 'A file attached to the e-mail' })
export class AttachedFileInput {
  @Field({ description: 'File name, e.g. 覚書_豊岡市.pdf' })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  fileName: string;

  @Field({ description: 'The bytes in base64 (the request is limited to 1 MB)' })
  @IsBase64()
  @MaxLength(1_000_000)
  contentBase64: string;
}

@InputType({ description: 'One partner municipality of the e-mailed form' })
export class ProxyPartnerInput {
  @Field({ description: '全国地方公共団体コード (6 digits; 全角 accepted)' })
  @IsString()
  @MaxLength(20)
  lgCode: string;

  @Field(() => AttachedFileInput, { description: 'The memorandum (覚書), PDF' })
  @ValidateNested()
  @Type(() => AttachedFileInput)
  memorandum: AttachedFileInput;

  @Field(() => [RegionalIssueInput], {
    description: "The municipality's regional issues (地域課題); may be empty when the prefecture's own issues are given (prefectureIssues)",
  })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => RegionalIssueInput)
  issues: RegionalIssueInput[];

  @Field(() => [DesiredSupportInput], { nullable: true, description: 'The required item is always added' })
  @IsOptional()
  @ArrayMaxSize(40)
  @ValidateNested({ each: true })
  @Type(() => DesiredSupportInput)
  desiredSupport?: DesiredSupportInput[];
}

@InputType({ description: "A prefecture's application as its e-mailed form states it (公募要領 2(3)), entered by the secretariat" })
export class ProxyEntryInput {
  @Field(() => ID, { description: 'The call (its id): a region call or a vendor call, as the field says' })
  @IsUUID()
  callId: string;

  @Field({ description: 'Two-digit prefecture code of the applicant' })
  @Matches(/^\d{2}$/)
  prefectureCode: string;

  @Field({ description: 'How the form came in (e-mail date, subject, sender department)' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  note: string;

  @Field(() => String, {
    nullable: true,
    description: 'When the e-mail arrived (ISO 8601; JST without an offset); now when omitted. Judged against the deadline.',
  })
  @IsOptional()
  @Matches(DATE_TIME)
  formReceivedAt?: string;

  @Field(() => String, { nullable: true, description: 'Required when the e-mail arrived after the deadline: why it is accepted' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  lateReason?: string;

  @Field(() => [ProxyPartnerInput], { description: 'The partner municipalities, each with its memorandum and issues (1–60)' })
  @ArrayMinSize(1)
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => ProxyPartnerInput)
  partners: ProxyPartnerInput[];

  @Field(() => [RequirementDeclarationInput], { description: 'The declarations of the nine requirements as the form states them' })
  @ArrayMaxSize(9)
  @ValidateNested({ each: true })
  @Type(() => RequirementDeclarationInput)
  declarations: RequirementDeclarationInput[];

  @Field(() => [ContactInput], { description: 'The contact persons (at most 5), each with consent to the personal-data terms' })
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => ContactInput)
  contacts: ContactInput[];

  @Field(() => StructureMode, {
    nullable: true,
    description: 'BUILD (構築) or EXTEND (拡充) as the form states it; omitted when the form leaves it blank (as setStructureMode)',
  })
  @IsOptional()
  @IsEnum(StructureMode)
  structureMode?: StructureMode | null;

  @Field(() => [RegionalIssueInput], {
    nullable: true,
    description: "The prefecture's own regional issues (地域課題) as the form states them, besides its partners' (as addPrefectureIssue)",
  })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => RegionalIssueInput)
  prefectureIssues?: RegionalIssueInput[] | null;
}

@ArgsType()
export class ProxyEntryArgs {
  @Field(() => ProxyEntryInput, { description: 'The application as the e-mailed form states it' })
  @ValidateNested()
  @Type(() => ProxyEntryInput)
  input: ProxyEntryInput;
}

@ArgsType()
export class AcceptLateArgs {
  @Field(() => ID, { description: 'The region application (its id)' })
  @IsUUID()
  applicationId: string;

  @Field({ description: 'Why it is accepted after the deadline (recorded and shown with the application)' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  reason: string;
}

/** The secretariat's entry of e-mailed forms and its acceptance of late ones. */
