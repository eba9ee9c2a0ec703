import { Field, Float, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches as MatchesPattern, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MatchingPolicy } from '@app/matching';
import { DATE_TIME } from '../calls/calls.inputs';

@InputType()
export class RunMatchingInput {
  @Field(() => ID)
  @IsUUID()
  callId: string;

  @Field(() => MatchingPolicy, { defaultValue: MatchingPolicy.OPTIMAL })
  @IsEnum(MatchingPolicy)
  policy: MatchingPolicy = MatchingPolicy.OPTIMAL;

  @Field(() => Float, { nullable: true, description: 'Programme budget in yen that the selected budgets may not exceed' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1e13)
  budgetYen?: number;
}

@InputType()
export class FollowUpCallInput {
  @Field(() => ID)
  @IsUUID()
  runId: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @Field()
  @MatchesPattern(DATE_TIME)
  opensAt: string;

  @Field()
  @MatchesPattern(DATE_TIME)
  closesAt: string;
}
