import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBase64, IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';

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
  @Field(() => ImportPastSelectionsInput, { description: 'The file and whether it is a dry run' })
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
