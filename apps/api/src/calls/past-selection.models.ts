import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

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

  @Field({ description: 'Whether it was a dry run (nothing saved)' })
  dryRun: boolean;

  @Field(() => Int, { description: 'Data rows read (blank rows skipped)' })
  rowCount: number;

  @Field(() => Int, { description: 'Rows accepted' })
  acceptedRowCount: number;

  @Field(() => Int, { description: 'Rows rejected (see rejections)' })
  rejectedRowCount: number;

  @Field(() => [PastSelection], { description: 'The selections formed by the accepted rows' })
  selections: PastSelection[];

  @Field(() => [PastSelectionRejection], { description: 'Rejected rows, by row number' })
  rejections: PastSelectionRejection[];
}
