import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBase64, IsBoolean, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';

@InputType({
  description:
    'A CSV (UTF-8 or Shift_JIS) or XLSX file of accounts, header in row 1. Officials: 種別 (都道府県, 市区町村 or 省庁), 団体コード (2-digit prefecture code or 6-digit 団体コード), 表示名, メールアドレス. Evaluators: 氏名, メールアドレス, and optionally 表示名, 所属, 専門分野 (separated by 、 or ;). No passwords: each account is mailed a link to set its own',
})
export class ImportAccountsInput {
  @Field({ description: 'The file name, e.g. アカウント一覧.csv' })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  fileName: string;

  @Field({ description: "The file's bytes in base64 (the request is limited to 1 MB)" })
  @IsString()
  @IsBase64()
  @MaxLength(1_000_000)
  contentBase64: string;

  @Field({ defaultValue: false, description: 'Validate and report without creating any account or sending any mail' })
  @IsOptional()
  @IsBoolean()
  dryRun: boolean;
}

@ArgsType()
export class ImportAccountsArgs {
  @Field(() => ImportAccountsInput, { description: 'The file and whether it is a dry run' })
  @ValidateNested()
  @Type(() => ImportAccountsInput)
  input: ImportAccountsInput;
}
