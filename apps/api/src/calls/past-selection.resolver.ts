import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, DomainError } from '@app/core';
import { PastSelection as PastSelectionEntity, PastSelectionService } from '@app/calls';
import { CurrentActor } from '../auth/current-user.decorator';
import type { GqlContext } from '../graphql/context';
import { Prefecture } from '../master-data/master-data.models';
import { ImportPastSelectionsArgs, PastSelectionsArgs } from './past-selection.inputs';
import { PastSelection, PastSelectionImportReport } from './past-selection.models';

@Resolver(() => PastSelection)
export class PastSelectionResolver {
  constructor(private readonly selections: PastSelectionService) {}

  @Mutation(() => PastSelectionImportReport, {
    description: "Imports earlier years' selected regions with their partners (secretariat only; all-or-nothing, audited)",
  })
  async importPastSelections(@CurrentActor() actor: Actor, @Args() a: ImportPastSelectionsArgs): Promise<PastSelectionImportReport> {
    const content = Buffer.from(a.input.contentBase64, 'base64');
    if (!content.length) throw new DomainError('VALIDATION_FAILED', { field: 'contentBase64' });
    const r = await this.selections.import(actor, a.input.fileName, content, a.input.dryRun ?? false);
    return {
      ...r,
      selections: r.selections.map((s) => ({ ...s, partnerCount: s.partnerCodes.length })),
      rejections: r.rejections.map((x) => ({ row: x.row, column: x.column, value: x.value, code: x.code, reasonJa: x.ja, reasonEn: x.en })),
    };
  }

  @Query(() => [PastSelection], { description: 'Imported past selections, latest year first (secretariat and ministry)' })
  async pastSelections(@CurrentActor() actor: Actor, @Args() a: PastSelectionsArgs): Promise<PastSelection[]> {
    return (await this.selections.list(actor, a.fiscalYear)).map((s: PastSelectionEntity) => ({ ...s, partnerCount: s.partnerCodes.length }));
  }

  @ResolveField(() => Prefecture, { description: 'The selected prefecture' })
  prefecture(@Parent() s: PastSelection, @Context() ctx: GqlContext) {
    return ctx.loaders.prefecture.load(s.prefectureCode);
  }
}
