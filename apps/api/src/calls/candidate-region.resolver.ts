import { Args, Context, ID, Info, Int, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { DomainError } from '@app/core';
import { VendorCallService } from '@app/bidding';
import { CallKind, CallStatus, CandidateRegionService, CandidateRegion as CandidateRegionEntity, Round } from '@app/calls';
import { IdPipe } from '../common/id.pipe';
import { selects } from '../common/selection';
import type { GqlContext } from '../graphql/context';
import { Prefecture } from '../master-data/master-data.models';
import { Call, CandidateRegion, CandidateRegionPage, PartnerMunicipality, RegionalIssue } from './calls.models';
import { StructureMode } from '@app/calls';
import { CandidateRegionsArgs } from './calls.inputs';

// prefecture and partners are hot fields of the region pages: no parameter decorators (see partner.resolver.ts).

/** NFKC folds full-width letters and digits and half-width kana, as users type them either way. */
function searchTerms(text?: string): string[] {
  return (text ?? '').normalize('NFKC').split(/\s+/).filter(Boolean).slice(0, 5);
}

@Resolver(() => CandidateRegion)
export class CandidateRegionResolver {
  constructor(
    private readonly regions: CandidateRegionService,
    private readonly vendorCalls: VendorCallService,
  ) {}

  @Query(() => CandidateRegionPage, { description: 'Published candidate regions (public; no contact data)' })
  async candidateRegions(@Args() a: CandidateRegionsArgs, @Context() ctx: GqlContext, @Info() info: GraphQLResolveInfo) {
    const { limit, offset, text, currentRound, callId, ...filter } = a;
    const round = currentRound ? await this.currentRound(a, ctx) : undefined;
    const scope = currentRound ? round && { callId: round.regionCallId } : await this.callScope(callId, ctx);
    if (!scope) return { items: [], total: 0, round: round ?? null };
    const page = await this.regions.list({ ...filter, ...scope, textTerms: searchTerms(text) }, { limit, offset });
    // The page's partners in their one batch before the page is returned (the same statement the field would send), so
    // that each region's `partners` is a value and graphql-js completes the whole page without a promise per region.
    if (page.items.length && selects(info, ['items', 'partners'])) await ctx.loaders.partnersByApplication.loadMany(page.items.map((r) => r.applicationId));
    return { ...page, round: round ?? null };
  }

  /** The current round's region call; the answer is kept (published-data cache) only until the round could change. */
  private async currentRound(a: CandidateRegionsArgs, ctx: GqlContext): Promise<Round | undefined> {
    if (a.callId)
      throw new DomainError(
        'VALIDATION_FAILED',
        { field: 'currentRound' },
        { ja: 'currentRound と callId は同時に指定できません。', en: 'Give either currentRound or callId, not both.' },
      );
    const { round, validUntil } = await this.vendorCalls.currentRound();
    if (validUntil) ctx.publishedValidUntil = validUntil;
    return round;
  }

  /** A region call filters on its regions; a vendor call (once opened) on the regions it lists; an unknown id finds none. */
  private async callScope(callId: string | undefined, ctx: GqlContext): Promise<{ callId?: string; regionIds?: string[] } | null> {
    if (!callId) return {};
    const call = await ctx.loaders.call.load(callId);
    if (!call) return null;
    if (call.kind === CallKind.REGION) return { callId };
    if (call.status === CallStatus.DRAFT) return null;
    return { regionIds: await ctx.loaders.regionIdsByCall.load(callId) };
  }

  @Query(() => CandidateRegion, { description: 'One published candidate region (public; no contact data)' })
  candidateRegion(@Args('id', { type: () => ID, description: 'The candidate region (its id)' }, IdPipe) id: string) {
    return this.regions.get(id);
  }

  @ResolveField(() => Prefecture, { description: 'Its prefecture' })
  prefecture(r: CandidateRegionEntity, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.prefectureNow(r.prefectureCode) ?? ctx.loaders.prefecture.load(r.prefectureCode);
  }

  @ResolveField(() => Int, { description: 'The fiscal year of its programme (2025 = 令和7年度)' })
  async fiscalYear(r: CandidateRegionEntity, _args: unknown, ctx: GqlContext) {
    const call = await ctx.loaders.call.load(r.callId);
    return (await ctx.loaders.program.load(call!.programId))!.fiscalYear;
  }

  @ResolveField(() => Call, { description: 'The region call that published it' })
  async call(r: CandidateRegionEntity, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.call.load(r.callId);
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
