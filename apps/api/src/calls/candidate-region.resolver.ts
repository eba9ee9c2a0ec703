import { Args, Context, ID, Info, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { CandidateRegionService, CandidateRegion as CandidateRegionEntity } from '@app/calls';
import { IdPipe } from '../common/id.pipe';
import { selects } from '../common/selection';
import type { GqlContext } from '../graphql/context';
import { Prefecture } from '../master-data/master-data.models';
import { CandidateRegion, CandidateRegionPage, PartnerMunicipality, RegionalIssue } from './calls.models';
import { StructureMode } from '@app/calls';
import { CandidateRegionsArgs } from './calls.inputs';

// prefecture and partners are hot fields of the region pages: no parameter decorators (see partner.resolver.ts).

/** NFKC folds full-width letters and digits and half-width kana, as users type them either way. */
function searchTerms(text?: string): string[] {
  return (text ?? '').normalize('NFKC').split(/\s+/).filter(Boolean).slice(0, 5);
}

@Resolver(() => CandidateRegion)
export class CandidateRegionResolver {
  constructor(private readonly regions: CandidateRegionService) {}

  @Query(() => CandidateRegionPage, { description: 'Published candidate regions (public; no contact data)' })
  async candidateRegions(@Args() a: CandidateRegionsArgs, @Context() ctx: GqlContext, @Info() info: GraphQLResolveInfo) {
    const { limit, offset, text, ...filter } = a;
    const page = await this.regions.list({ ...filter, textTerms: searchTerms(text) }, { limit, offset });
    // The page's partners in their one batch before the page is returned (the same statement the field would send), so
    // that each region's `partners` is a value and graphql-js completes the whole page without a promise per region.
    if (page.items.length && selects(info, ['items', 'partners'])) await ctx.loaders.partnersByApplication.loadMany(page.items.map((r) => r.applicationId));
    return page;
  }

  @Query(() => CandidateRegion)
  candidateRegion(@Args('id', { type: () => ID }, IdPipe) id: string) {
    return this.regions.get(id);
  }

  @ResolveField(() => Prefecture)
  prefecture(r: CandidateRegionEntity, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.prefectureNow(r.prefectureCode) ?? ctx.loaders.prefecture.load(r.prefectureCode);
  }

  @ResolveField(() => [PartnerMunicipality], { description: 'Partner municipalities with their issues and desired support' })
  partners(r: CandidateRegionEntity, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.partnersNow(r.applicationId) ?? ctx.loaders.partnersByApplication.load(r.applicationId);
  }

  @ResolveField(() => StructureMode, { nullable: true, description: '構築 or 拡充 of the regional DX structure, as the region applied' })
  async structureMode(r: CandidateRegionEntity, _args: unknown, ctx: GqlContext) {
    return (await ctx.loaders.structureModeByApplication.load(r.applicationId))?.structureMode ?? null;
  }

  @ResolveField(() => [RegionalIssue], { description: 'Issues of the prefecture itself, besides its partners’' })
  prefectureIssues(r: CandidateRegionEntity, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.prefectureIssuesByApplication.load(r.applicationId);
  }
}
