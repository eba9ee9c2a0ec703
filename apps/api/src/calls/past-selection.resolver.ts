import { Args, ArgsType, Context, Field, ID, InputType, Int, Mutation, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBase64, IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { Actor, DomainError } from '@app/core';
import { PastSelection as PastSelectionEntity, PastSelectionService } from '@app/calls';
import { CurrentActor } from '../auth/current-user.decorator';
import type { GqlContext } from '../graphql/context';
import { Prefecture } from '../master-data/master-data.models';

@ObjectType({ description: '過去の選定実績: a region selected in a fiscal year before this platform, imported by the secretariat' })
export class PastSelection {
  @Field(() => ID, { nullable: true, description: 'Null in a report whose file was not imported' })
  id: string | null;

  @Field(() => Int, { description: 'Fiscal year of the selection by its starting calendar year (2024 = 令和6年度)' })
  fiscalYear: number;

  @Field({ description: 'Two-digit code of the selected prefecture' })
  prefectureCode: string;

  @Field(() => [String], { description: '団体コード (6 digits) of its partner municipalities, sorted' })
  partnerCodes: string[];

  @Field(() => Int, { description: 'Number of partner municipalities: a new application must exceed it by one (応募要件 2)' })
  partnerCount: number;
}

@ObjectType({ description: 'A row of the file that was not accepted, and why' })
export class PastSelectionRejection {
  @Field(() => Int, { description: 'Row number as the spreadsheet shows it (the header is row 1)' })
  row: number;

  @Field(() => String, { nullable: true, description: 'The column at fault: fiscalYear, prefectureCode or municipalityCode' })
  column: string | null;

  @Field(() => String, { nullable: true, description: 'The value as written in the file' })
  value: string | null;

  @Field({
    description:
      'REQUIRED, FISCAL_YEAR_INVALID, FISCAL_YEAR_NOT_PAST, UNKNOWN_PREFECTURE, UNKNOWN_MUNICIPALITY, NOT_A_PARTNER_CANDIDATE, NOT_IN_PREFECTURE, ALREADY_RECORDED or DUPLICATE_ROW',
  })
  code: string;

  @Field({ description: 'The reason in Japanese' })
  reasonJa: string;

  @Field({ description: 'The reason in English' })
  reasonEn: string;
}

@ObjectType({ description: 'What an import of past selections did: all-or-nothing, so nothing is saved while any row is rejected' })
export class PastSelectionImportReport {
  @Field({ description: 'True when the selections were saved (every row accepted, not a dry run)' })
  imported: boolean;

  @Field()
  dryRun: boolean;

  @Field(() => Int, { description: 'Data rows read (blank rows skipped)' })
  rowCount: number;

  @Field(() => Int)
  acceptedRowCount: number;

  @Field(() => Int)
  rejectedRowCount: number;

  @Field(() => [PastSelection], { description: 'The selections formed by the accepted rows' })
  selections: PastSelection[];

  @Field(() => [PastSelectionRejection], { description: 'Rejected rows, by row number' })
  rejections: PastSelectionRejection[];
}

@InputType({ description: 'A CSV (UTF-8 or Shift_JIS) or XLSX file: one row per partner municipality, columns 年度, 都道府県コード, 連携市区町村コード' })
export class ImportPastSelectionsInput {
  @Field({ description: 'The file name, e.g. 過去選定実績.xlsx' })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  fileName: string;

  @Field({ description: "The file's bytes in base64 (the request is limited to 1 MB)" })
  @IsString()
  @IsBase64()
  @MaxLength(1_000_000)
  contentBase64: string;

  @Field({ defaultValue: false, description: 'Validate and report without saving' })
  @IsOptional()
  @IsBoolean()
  dryRun: boolean;
}

@ArgsType()
export class ImportPastSelectionsArgs {
  @Field(() => ImportPastSelectionsInput)
  @ValidateNested()
  @Type(() => ImportPastSelectionsInput)
  input: ImportPastSelectionsInput;
}

@ArgsType()
export class PastSelectionsArgs {
  @Field(() => Int, { nullable: true, description: 'Only this fiscal year' })
  @IsOptional()
  @IsInt()
  @Min(2019)
  @Max(2100)
  fiscalYear?: number;
}

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
