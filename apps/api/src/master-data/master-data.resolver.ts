import { Args, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { MasterDataService, MunicipalityKind } from '@app/master-data';
import type { GqlContext } from '../graphql/context';
import { Municipality, Prefecture } from './master-data.models';
import { MunicipalitiesArgs } from './master-data.inputs';

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
  @ResolveField(() => Prefecture, { description: 'Its prefecture' })
  prefecture(m: Municipality, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.prefectureNow(m.prefectureCode) ?? ctx.loaders.prefecture.load(m.prefectureCode);
  }
}
