import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

const KIND = /^[A-Z][A-Z0-9_]{0,63}$/;

@ArgsType()
export class MyNoticesArgs {
  // 50 at most: graphql-armor's cost multiplies a selection by its `first` (QUERY_LIMITS.cost).
  @Field(() => Int, { defaultValue: 20, description: 'At most this many, newest first (1–50)' })
  @IsInt()
  @Min(1)
  @Max(50)
  first: number;

  @Field(() => ID, { nullable: true, description: 'The next page: the notices after this one (the last of the page before)' })
  @IsOptional()
  @IsUUID()
  before?: string;
}

@ArgsType()
export class NoticeIdArgs {
  @Field(() => ID, { description: 'The notice (its id)' })
  @IsUUID()
  id: string;
}

@ArgsType()
export class NoticesArgs extends MyNoticesArgs {
  @Field({ nullable: true, description: 'Only this kind' })
  @IsOptional()
  @IsString()
  @Matches(KIND)
  kind?: string;
}

@ArgsType()
export class NoticeKindArgs {
  @Field({ description: 'The notice kind (NoticeTemplate.kind), e.g. STAGE2_RESULT_VENDOR' })
  @IsString()
  @Matches(KIND)
  kind: string;
}

@ArgsType()
export class NoticeTemplateArgs extends NoticeKindArgs {
  @Field({ description: 'The title; {{placeholders}} of the kind only' })
  @IsString()
  @MaxLength(300)
  subject: string;

  @Field({ description: 'The body; {{placeholders}} of the kind only' })
  @IsString()
  @MaxLength(20000)
  body: string;
}
