import { Args, ArgsType, Field, ID, InputType, Mutation, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsBase64, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { Actor, DomainError } from '@app/core';
import { RegionApplication as RegionApplicationEntity, RegionApplicationService } from '@app/calls';
import { CurrentActor } from '../auth/current-user.decorator';
import { inputDate } from '../common/dates';
import { ContactInput, DesiredSupportInput, RegionalIssueInput, RequirementDeclarationInput, DATE_TIME } from './calls.inputs';
import { RegionApplication, SubmissionReceipt } from './calls.models';

@ObjectType({ description: '代理入力: the secretariat entered this application from the prefecture’s e-mailed form' })
export class ProxyEntry {
  @Field(() => Date, { description: 'When the secretariat entered it' })
  enteredAt: Date;

  @Field({ description: 'How the form came in, as the secretariat recorded it' })
  note: string;
}

@ObjectType({ description: '締切後の受理: the secretariat accepted this application after the deadline' })
export class LateAcceptance {
  @Field(() => Date)
  acceptedAt: Date;

  @Field({ description: 'The reason the secretariat recorded' })
  reason: string;
}

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

  @Field(() => [RegionalIssueInput])
  @ArrayMinSize(1)
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
  @Field(() => ID)
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

  @Field(() => [ProxyPartnerInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => ProxyPartnerInput)
  partners: ProxyPartnerInput[];

  @Field(() => [RequirementDeclarationInput])
  @ArrayMaxSize(9)
  @ValidateNested({ each: true })
  @Type(() => RequirementDeclarationInput)
  declarations: RequirementDeclarationInput[];

  @Field(() => [ContactInput])
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => ContactInput)
  contacts: ContactInput[];
}

@ArgsType()
export class ProxyEntryArgs {
  @Field(() => ProxyEntryInput)
  @ValidateNested()
  @Type(() => ProxyEntryInput)
  input: ProxyEntryInput;
}

@ArgsType()
export class AcceptLateArgs {
  @Field(() => ID)
  @IsUUID()
  applicationId: string;

  @Field({ description: 'Why it is accepted after the deadline (recorded and shown with the application)' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  reason: string;
}

/** The secretariat's entry of e-mailed forms and its acceptance of late ones. */
@Resolver(() => RegionApplication)
export class ProxyEntryResolver {
  constructor(private readonly applications: RegionApplicationService) {}

  @Mutation(() => SubmissionReceipt, {
    description: "Enters and submits a prefecture's application from its e-mailed form (secretariat only; marked and audited as proxy entry)",
  })
  enterRegionApplicationByProxy(@CurrentActor() actor: Actor, @Args() a: ProxyEntryArgs) {
    const i = a.input;
    const formReceivedAt = i.formReceivedAt ? inputDate('formReceivedAt', i.formReceivedAt) : undefined;
    return this.applications.enterByProxy(actor, {
      ...i,
      formReceivedAt,
      partners: i.partners.map((p) => {
        const buffer = Buffer.from(p.memorandum.contentBase64, 'base64');
        if (!buffer.length) throw new DomainError('VALIDATION_FAILED', { field: 'memorandum' });
        return { ...p, lgCode: p.lgCode.normalize('NFKC').trim(), memorandum: { originalName: p.memorandum.fileName, buffer } };
      }),
    });
  }

  @Mutation(() => SubmissionReceipt, {
    description: 'Accepts after the deadline a draft that missed it (secretariat only, with a reason; before the decision)',
  })
  acceptLateRegionApplication(@CurrentActor() actor: Actor, @Args() a: AcceptLateArgs) {
    return this.applications.acceptLate(actor, a.applicationId, a.reason);
  }

  @ResolveField(() => ProxyEntry, { nullable: true, description: 'Set when the secretariat entered this application from an e-mailed form' })
  proxyEntry(@Parent() app: RegionApplicationEntity): ProxyEntry | null {
    return app.proxyEnteredAt ? { enteredAt: app.proxyEnteredAt, note: app.proxyNote ?? '' } : null;
  }

  @ResolveField(() => LateAcceptance, { nullable: true, description: 'Set when the secretariat accepted this application after the deadline' })
  lateAcceptance(@Parent() app: RegionApplicationEntity): LateAcceptance | null {
    return app.lateAcceptedAt ? { acceptedAt: app.lateAcceptedAt, reason: app.lateReason ?? '' } : null;
  }
}
