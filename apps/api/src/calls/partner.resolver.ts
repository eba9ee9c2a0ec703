import { ResolveField, Resolver } from '@nestjs/graphql';
import { PartnerMunicipality as PartnerEntity } from '@app/calls';
import type { GqlContext } from '../graphql/context';
import { Municipality } from '../master-data/master-data.models';
import { DesiredSupport, Memorandum, PartnerMunicipality, RegionalIssue } from './calls.models';

/*
 * The hot object fields of the region pages (W2, W3) take no parameter decorators: @nestjs/graphql then binds such a
 * method as a plain GraphQL resolver (source, args, context), without the execution context it otherwise builds per
 * call (global pipes on every parameter, a dozen promises). A 50-region page calls these about 500 times. Where the value
 * is already at hand (details that came with the partners, cached master data) it is returned as is, not as a promise.
 * They are published data (no rule in ACCESS_POLICY). The memorandum's rule is the access table's
 * (`PartnerMunicipality.memorandum`, enforced before the resolver runs: object-field-access.ts).
 */

@Resolver(() => PartnerMunicipality)
export class PartnerMunicipalityResolver {
  @ResolveField(() => Municipality, { description: 'The municipality (master data)' })
  municipality(p: PartnerEntity, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.municipalityNow(p.municipalityCode) ?? ctx.loaders.municipality.load(p.municipalityCode);
  }

  @ResolveField(() => Memorandum, { nullable: true, description: '覚書 (null until uploaded)' })
  async memorandum(p: PartnerEntity, _args: unknown, ctx: GqlContext): Promise<Memorandum | null> {
    if (!p.memorandumDocumentId) return null;
    const d = await ctx.loaders.document.load(p.memorandumDocumentId);
    return d && { documentId: d.id, fileName: d.fileName, mimeType: d.mimeType, sizeBytes: d.sizeBytes, sha256: d.sha256, uploadedAt: d.uploadedAt };
  }

  @ResolveField(() => [RegionalIssue], { description: 'Its regional issues (地域課題)' })
  issues(p: PartnerEntity, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.issuesNow(p.id) ?? ctx.loaders.issuesByPartner.load(p.id);
  }

  @ResolveField(() => [DesiredSupport], { description: 'The support it wants (希望する支援内容); the required item is always there' })
  desiredSupport(p: PartnerEntity, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.desiredNow(p.id) ?? ctx.loaders.desiredByPartner.load(p.id);
  }
}
