import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsInt,
  IsNumber,
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
import { ConflictKind } from '@app/evaluation';
import { NewAccountFields } from '../identity/identity.inputs';
import { TypedInput } from '../common/typed-input.decorator';

@InputType({ description: 'An evaluation criterion: its weight and points range' })
export class CriterionInput {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  titleJa: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  titleEn: string;

  @Field(() => Float)
  @IsNumber()
  @Min(0.01)
  @Max(1000)
  weight: number;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(100)
  maxPoints: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  minPoints?: number;
}

@InputType({ description: 'The evaluation settings of a vendor call (a material change returns bids to draft)' })
export class EvaluationSettingsInput {
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(100)
  passThreshold?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  evaluatorsPerProposal?: number;

  @Field({ nullable: true })
  @IsOptional()
  normalise?: boolean;

  @Field({ nullable: true })
  @IsOptional()
  revealAfterSubmit?: boolean;

  @Field({ nullable: true })
  @IsOptional()
  applyRepeatBonus?: boolean;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  requiredField?: string;
}

@InputType({ description: 'An expert evaluator and the account it signs in with' })
export class CreateEvaluatorInput extends NewAccountFields {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  affiliation?: string;

  @Field(() => [String], { description: 'Fields of expertise' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  fields: string[];
}

@InputType({ description: 'A conflict of interest an evaluator declares: a vendor (by 法人番号) or a prefecture' })
export class DeclareConflictInput {
  @Field(() => ID, { nullable: true, description: 'Secretariat only: the evaluator concerned (an evaluator declares for itself)' })
  @IsOptional()
  @IsString()
  evaluatorId?: string;

  @Field({ nullable: true, description: 'The vendor, by its 法人番号' })
  @IsOptional()
  @Matches(/^\d{13}$/)
  @TypedInput('code')
  corporateNumber?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^\d{2}$/)
  @TypedInput('code')
  prefectureCode?: string;

  @Field(() => ConflictKind)
  @IsEnum(ConflictKind)
  kind: ConflictKind;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

@InputType({ description: 'Points on one criterion, with a comment' })
export class ScoreInput {
  @Field(() => ID)
  @IsString()
  criterionId: string;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(100)
  points: number;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  comment?: string;
}

@ArgsType()
export class SetCriteriaArgs {
  @Field(() => ID, { description: 'The call (its id): a region call or a vendor call, as the field says' })
  @IsUUID()
  callId: string;

  @Field(() => [CriterionInput])
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => CriterionInput)
  criteria: CriterionInput[];
}

@ArgsType()
export class SaveScoresArgs {
  @Field(() => ID, { description: 'The region proposal (one region of a vendor’s bid; its id)' })
  @IsUUID()
  proposalId: string;

  @Field(() => [ScoreInput])
  @ArrayMaxSize(30)
  @ArrayUnique((s: ScoreInput) => s.criterionId)
  @ValidateNested({ each: true })
  @Type(() => ScoreInput)
  scores: ScoreInput[];
}
