import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Role } from '@app/core';
import './identity.models';

@ObjectType({ description: 'An account a row of the file describes (created when the report says imported)' })
export class ImportedAccount {
  @Field(() => Int, { description: 'Row number as the spreadsheet shows it (the header is row 1)' })
  row: number;

  @Field(() => ID, { nullable: true, description: 'The new account; null in a dry run or a refused file' })
  userId: string | null;

  @Field(() => ID, { nullable: true, description: "The new evaluator's profile (evaluator files only)" })
  evaluatorId: string | null;

  @Field({ description: 'The e-mail address, NFKC-folded and lower-case; the set-password link is mailed to it' })
  email: string;

  @Field({ description: 'The name shown in the platform' })
  displayName: string;

  @Field(() => Role, { description: 'The role of the account' })
  role: Role;

  @Field(() => String, { nullable: true, description: 'Two-digit prefecture code (prefecture and municipality accounts)' })
  prefectureCode: string | null;

  @Field(() => String, { nullable: true, description: '団体コード (6 digits) of a municipality account' })
  municipalityCode: string | null;

  @Field(() => String, { nullable: true, description: "An evaluator's full name" })
  name: string | null;

  @Field(() => String, { nullable: true, description: "An evaluator's affiliation" })
  affiliation: string | null;

  @Field(() => [String], { description: "An evaluator's fields of expertise (empty for officials)" })
  fields: string[];
}

@ObjectType({ description: 'A cell of the file that was not accepted, and why' })
export class AccountRowRejection {
  @Field(() => Int, { description: 'Row number as the spreadsheet shows it (the header is row 1)' })
  row: number;

  @Field(() => String, { nullable: true, description: 'The column at fault: role, code, displayName, email, name, affiliation or fields' })
  column: string | null;

  @Field(() => String, { nullable: true, description: 'The value as written in the file' })
  value: string | null;

  @Field({
    description:
      'REQUIRED, TOO_LONG, ROLE_INVALID, CODE_INVALID, UNKNOWN_PREFECTURE, UNKNOWN_MUNICIPALITY, EMAIL_INVALID, DUPLICATE_IN_FILE or ALREADY_REGISTERED',
  })
  code: string;

  @Field({ description: 'The reason in Japanese' })
  reasonJa: string;

  @Field({ description: 'The reason in English' })
  reasonEn: string;
}

@ObjectType({ description: 'What an accounts import did: all-or-nothing, so nothing is created while any row is rejected' })
export class AccountImportReport {
  @Field({ description: 'True when the accounts were created and their links mailed (every row accepted, not a dry run)' })
  imported: boolean;

  @Field({ description: 'Whether this was a dry run' })
  dryRun: boolean;

  @Field(() => Int, { description: 'Data rows read (blank rows skipped)' })
  rowCount: number;

  @Field(() => Int, { description: 'Rows without a rejection' })
  acceptedRowCount: number;

  @Field(() => Int, { description: 'Rows with at least one rejection' })
  rejectedRowCount: number;

  @Field(() => [ImportedAccount], { description: 'The accounts formed by the accepted rows' })
  accounts: ImportedAccount[];

  @Field(() => [AccountRowRejection], { description: 'Rejected cells, by row number' })
  rejections: AccountRowRejection[];
}
