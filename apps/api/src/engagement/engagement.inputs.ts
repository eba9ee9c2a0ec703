import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { DATE_TIME } from '../calls/calls.inputs';
import { TypedInput } from '../common/typed-input.decorator';

@InputType({ description: 'Progress against a planned item' })
export class ReportProgressInput {
  @Field({ description: 'The planned support-menu item (SupportMenuItem.code)' })
  @IsString()
  @MaxLength(64)
  @TypedInput('code')
  menuItemCode: string;

  @Field({ defaultValue: '', description: 'What was done, up to 4,000 characters' })
  @IsString()
  @MaxLength(4000)
  note: string;

  @Field({ description: 'PLANNED, IN_PROGRESS or DONE' })
  @IsIn(['PLANNED', 'IN_PROGRESS', 'DONE'])
  status: string;
}

@InputType({ description: 'An interim or final report’s content' })
export class ReportInput {
  @Field({ description: 'The report, 1–20,000 characters' })
  @IsString()
  @MinLength(1)
  @MaxLength(20000)
  body: string;

  @Field({ defaultValue: '', description: 'Outcomes so far, up to 8,000 characters' })
  @IsString()
  @MaxLength(8000)
  outcomes: string;

  @Field(() => [ReportProgressInput], { description: 'Progress per planned item (at most 30)' })
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
  @Field({ description: 'An item of the plan (SupportMenuItem.code); an item not in the plan is refused' })
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
  @Field({ description: 'Name, 1–100 characters' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @Field({ description: 'Role on the engagement, up to 100 characters' })
  @IsString()
  @MaxLength(100)
  role: string;
}

@InputType({ description: 'The vendor’s plan of an engagement: items, experts, schedule' })
export class EngagementPlanInput {
  @Field(() => [PlannedItemInput], { nullable: true, description: 'New status of items of the plan; omitted: unchanged' })
  @IsOptional()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => PlannedItemInput)
  plannedItems?: PlannedItemInput[];

  @Field(() => [ExpertInput], { nullable: true, description: 'The experts deployed (replaces the list); omitted: unchanged' })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ExpertInput)
  expertsDeployed?: ExpertInput[];

  @Field(() => Int, {
    nullable: true,
    description:
      "New budget in yen, within the region's cap: up to the awarded bid it applies at once, above it a request goes to the secretariat (BUDGET_CHANGE_PENDING while one waits)",
  })
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

  @Field({ description: 'The agenda, 1–4,000 characters' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  agenda: string;

  @Field({ description: 'ONLINE or ON_SITE' })
  @IsIn(['ONLINE', 'ON_SITE'])
  mode: 'ONLINE' | 'ON_SITE';
}
