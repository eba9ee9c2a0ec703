import { ArgsType, Field } from '@nestjs/graphql';
import { ArrayMaxSize, IsBoolean, IsEnum, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { MunicipalityKindGql } from './master-data.models';
import { TypedInput } from '../common/typed-input.decorator';

@ArgsType()
export class MunicipalitiesArgs {
  @Field({ description: 'The prefecture (two-digit code)' })
  @Matches(/^\d{2}$/)
  @TypedInput('code')
  prefectureCode: string;

  @Field(() => [MunicipalityKindGql], { nullable: true, description: 'Only these kinds' })
  @IsOptional()
  @ArrayMaxSize(5)
  @IsEnum(MunicipalityKindGql, { each: true })
  kinds?: MunicipalityKindGql[];

  @Field({ nullable: true, description: 'Start of the name or of the kana reading' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  prefix?: string;

  @Field(() => Boolean, { defaultValue: false, description: 'Only local governments that can be partner municipalities' })
  @IsOptional()
  @IsBoolean()
  partnerCandidatesOnly = false;
}
