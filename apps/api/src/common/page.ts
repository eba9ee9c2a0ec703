import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 50, description: 'At most 100 per page' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 50;

  @Field(() => Int, { defaultValue: 0, description: 'How many to skip (0–100,000), for the next pages' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100000)
  offset = 0;
}
