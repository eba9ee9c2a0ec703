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
  @Field({ description: 'Title in Japanese, 1–200 characters' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  titleJa: string;

  @Field({ description: 'Title in English, 1–200 characters' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  titleEn: string;

  @Field(() => Float, { description: 'Relative weight, 0.01–1000 (weights are normalised so that a sheet total lies in 0–100)' })
  @IsNumber()
  @Min(0.01)
  @Max(1000)
  weight: number;

  @Field(() => Int, { description: 'Highest points an evaluator may give, 1–100' })
  @IsInt()
  @Min(1)
  @Max(100)
  maxPoints: number;

  @Field(() => Int, { nullable: true, description: 'Minimum panel mean points, 0–maxPoints: a proposal below it fails; omitted: none' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  minPoints?: number;
}

@InputType({ description: 'The evaluation settings of a vendor call (a material change returns bids to draft)' })
export class EvaluationSettingsInput {
  @Field(() => Float, {
    nullable: true,
    description: 'Minimum mean weighted total (0–100, without the bonus) to pass; changing it on a published call is a material change',
  })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(100)
  passThreshold?: number;

  @Field(() => Int, { nullable: true, description: 'k: evaluators the assignment gives each proposal, 1–20' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  evaluatorsPerProposal?: number;

  @Field({ nullable: true, description: 'Normalise each evaluator’s totals against harsh and lenient graders' })
  @IsOptional()
  normalise?: boolean;

  @Field({ nullable: true, description: 'Show an evaluator the others’ sheets only once its own is submitted' })
  @IsOptional()
  revealAfterSubmit?: boolean;

  @Field({ nullable: true, description: 'Add the repeat-applicant bonus points of the region to the final score' })
  @IsOptional()
  applyRepeatBonus?: boolean;

  @Field({ nullable: true, description: 'A field of expertise each proposal needs at least one evaluator of (matched against Evaluator.fields)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  requiredField?: string;
}

@InputType({ description: 'An expert evaluator and the account it signs in with' })
export class CreateEvaluatorInput extends NewAccountFields {
  @Field({ description: 'Full name, 1–100 characters' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @Field({ nullable: true, description: 'Affiliation (所属), up to 200 characters' })
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

  @Field({ nullable: true, description: 'The prefecture, by its two-digit code (give either this or corporateNumber)' })
  @IsOptional()
  @Matches(/^\d{2}$/)
  @TypedInput('code')
  prefectureCode?: string;

  @Field(() => ConflictKind, { description: 'The kind of conflict' })
  @IsEnum(ConflictKind)
  kind: ConflictKind;

  @Field({ nullable: true, description: 'Details, up to 2,000 characters' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

@InputType({ description: 'Points on one criterion, with a comment' })
export class ScoreInput {
  @Field(() => ID, { description: 'The criterion (its id)' })
  @IsString()
  criterionId: string;

  @Field(() => Int, { description: "Integer points, 0 to the criterion's maxPoints" })
  @IsInt()
  @Min(0)
  @Max(100)
  points: number;

  @Field({ nullable: true, description: 'The evaluator’s comment, up to 4,000 characters' })
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

  @Field(() => [CriterionInput], { description: 'The criteria as they should be (at least one, replacing all); refused once scoring has begun' })
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

  @Field(() => [ScoreInput], { description: 'Points per criterion, each criterion at most once; criteria left out keep their points' })
  @ArrayMaxSize(30)
  @ArrayUnique((s: ScoreInput) => s.criterionId)
  @ValidateNested({ each: true })
  @Type(() => ScoreInput)
  scores: ScoreInput[];
}
