import { Args, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ArrayMaxSize, IsBoolean, IsEnum, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ArgsType, Field } from '@nestjs/graphql';
import { MasterDataService, MunicipalityKind } from '@app/master-data';
import type { GqlContext } from '../graphql/context';
import { Municipality, MunicipalityKindGql, Prefecture } from './master-data.models';

@ArgsType()
class MunicipalitiesArgs {
  @Field()
  @Matches(/^\d{2}$/)
  prefectureCode: string;

  @Field(() => [MunicipalityKindGql], { nullable: true })
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

@Resolver(() => Prefecture)
export class MasterDataResolver {
  constructor(private readonly masterData: MasterDataService) {}

  @Query(() => [Prefecture], { description: 'All 47 prefectures' })
  prefectures() {
    return this.masterData.listPrefectures();
  }

  @Query(() => [Municipality], { description: 'Municipalities of a prefecture' })
  municipalities(@Args() a: MunicipalitiesArgs) {
    return this.masterData.listMunicipalities({
      prefectureCode: a.prefectureCode,
      kinds: a.kinds as MunicipalityKind[] | undefined,
      prefix: a.prefix,
      onlyPartnerCandidates: a.partnerCandidatesOnly,
    });
  }
}

@Resolver(() => Municipality)
export class MunicipalityResolver {
  /** No parameter decorators: bound as a plain GraphQL resolver (see apps/api/src/calls/partner.resolver.ts). */
  @ResolveField(() => Prefecture)
  prefecture(m: Municipality, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.prefectureNow(m.prefectureCode) ?? ctx.loaders.prefecture.load(m.prefectureCode);
  }
}
