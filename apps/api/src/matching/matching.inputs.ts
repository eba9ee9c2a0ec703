import { Field, Float, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches as MatchesPattern, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MatchingPolicy } from '@app/matching';
import { DATE_TIME } from '../calls/calls.inputs';

@InputType({ description: 'What to run: the policy, an optional programme budget in yen, the acknowledgement of not-evaluated proposals' })
export class RunMatchingInput {
  @Field(() => ID, { description: 'The call (its id): a region call or a vendor call, as the field says' })
  @IsUUID()
  callId: string;

  @Field(() => MatchingPolicy, {
    defaultValue: MatchingPolicy.OPTIMAL,
    description: 'OPTIMAL (default) or GREEDY; the other policy is run too, for the comparison',
  })
  @IsEnum(MatchingPolicy)
  policy: MatchingPolicy = MatchingPolicy.OPTIMAL;

  @Field(() => Float, { nullable: true, description: 'Programme budget in yen that the selected budgets may not exceed' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1e13)
  budgetYen?: number;

  @Field({
    defaultValue: false,
    description:
      'The secretariat has seen that some proposals were not evaluated (no unconflicted evaluator scored them; see evaluationProgress.notEvaluated) and runs the matching anyway; without it such a run is refused with NOT_EVALUATED_UNACKNOWLEDGED',
  })
  @IsBoolean()
  acknowledgeNotEvaluated: boolean = false;
}

@InputType({ description: 'The follow-up vendor call for the regions left without support: title and window (JST)' })
export class FollowUpCallInput {
  @Field(() => ID, { description: 'The matching run (its id)' })
  @IsUUID()
  runId: string;

  @Field({ description: 'Its title as announced, 1–200 characters' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @Field({ description: 'Start of the window (ISO 8601; without an offset, Japan time)' })
  @MatchesPattern(DATE_TIME)
  opensAt: string;

  @Field({ description: 'Deadline of the bids (ISO 8601; without an offset, Japan time), after opensAt' })
  @MatchesPattern(DATE_TIME)
  closesAt: string;
}
