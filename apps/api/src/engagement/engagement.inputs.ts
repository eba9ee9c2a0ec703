import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { DATE_TIME } from '../calls/calls.inputs';
import { TypedInput } from '../common/typed-input.decorator';

@InputType({ description: 'Progress against a planned item' })
export class ReportProgressInput {
  @Field()
  @IsString()
  @MaxLength(64)
  @TypedInput('code')
  menuItemCode: string;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(4000)
  note: string;

  @Field()
  @IsIn(['PLANNED', 'IN_PROGRESS', 'DONE'])
  status: string;
}

@InputType({ description: 'An interim or final report’s content' })
export class ReportInput {
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

@InputType({ description: 'An item of an engagement’s plan' })
export class PlannedItemInput {
  @Field()
  @IsString()
  @MaxLength(64)
  @TypedInput('code')
  menuItemCode: string;

  @Field({ description: 'PLANNED, IN_PROGRESS or DONE' })
  @IsIn(['PLANNED', 'IN_PROGRESS', 'DONE'])
  status: string;
}

@InputType({ description: 'An expert of a proposal’s team' })
export class ExpertInput {
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

@InputType({ description: 'The vendor’s plan of an engagement: items, experts, schedule' })
export class EngagementPlanInput {
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
export class DecideBudgetChangeArgs {
  @Field(() => ID, { description: 'The budget change request (its id)' })
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

@InputType({ description: 'A meeting of an engagement: when (JST), where, and whether non-partner municipalities may observe' })
export class MeetingInput {
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
