import { Args, Context, ID, Info, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { CandidateRegionService, mayReadMemorandum, PartnerMunicipality as PartnerEntity, CandidateRegion as CandidateRegionEntity } from '@app/calls';
import { MaybeActor } from '@app/core';
import { CurrentActor } from '../auth/current-user.decorator';
import { IdPipe } from '../common/id.pipe';
import { selects } from '../common/selection';
import type { GqlContext } from '../graphql/context';
import { Municipality, Prefecture } from '../master-data/master-data.models';
import { CandidateRegion, CandidateRegionPage, DesiredSupport, Memorandum, PartnerMunicipality, RegionalIssue } from './calls.models';
import { CandidateRegionsArgs } from './calls.inputs';

/*
 * The hot object fields of the region pages (W2, W3) take no parameter decorators: @nestjs/graphql then binds such a
 * method as a plain GraphQL resolver (source, args, context), without the execution context it otherwise builds per
 * call (global pipes on every parameter, a dozen promises). A 50-region page calls these about 500 times. Where the value
 * is already at hand (details that came with the partners, cached master data) it is returned as is, not as a promise.
 * They are published data (no rule in ACCESS_POLICY); the memorandum, which has a rule, keeps its decorators.
 */

@Resolver(() => PartnerMunicipality)
export class PartnerMunicipalityResolver {
  @ResolveField(() => Municipality)
  municipality(p: PartnerEntity, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.municipalityNow(p.municipalityCode) ?? ctx.loaders.municipality.load(p.municipalityCode);
  }

  @ResolveField(() => Memorandum, { nullable: true, description: '覚書 (null until uploaded)' })
  async memorandum(@Parent() p: PartnerEntity, @CurrentActor() actor: MaybeActor, @Context() ctx: GqlContext): Promise<Memorandum | null> {
    if (!p.memorandumDocumentId || !mayReadMemorandum(actor, p)) return null;
    const d = await ctx.loaders.document.load(p.memorandumDocumentId);
    return d && { documentId: d.id, fileName: d.fileName, mimeType: d.mimeType, sizeBytes: d.sizeBytes, sha256: d.sha256, uploadedAt: d.uploadedAt };
  }

  @ResolveField(() => [RegionalIssue])
  issues(p: PartnerEntity, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.issuesNow(p.id) ?? ctx.loaders.issuesByPartner.load(p.id);
  }

  @ResolveField(() => [DesiredSupport])
  desiredSupport(p: PartnerEntity, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.desiredNow(p.id) ?? ctx.loaders.desiredByPartner.load(p.id);
  }
}

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
}
