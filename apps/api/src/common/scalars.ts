import { Field, ObjectType } from '@nestjs/graphql';
import { toJstIso, toWareki } from '@app/core';

/** A moment shown the three ways users need it: UTC, Japan time, and the Japanese era. */
@ObjectType({ description: 'An instant in UTC, in JST, and in the Japanese era (令和7年2月28日（金）午後5時).' })
export class TimeDisplay {
  @Field({ description: 'ISO 8601 in UTC' })
  utc: string;

  @Field({ description: 'ISO 8601 in Japan Standard Time (+09:00)' })
  jst: string;

  @Field({ description: 'Japanese-era date and time, as the call states deadlines' })
  wareki: string;
}

export function display(d: Date | null | undefined): TimeDisplay | null {
  if (!d) return null;
  return { utc: d.toISOString(), jst: toJstIso(d), wareki: toWareki(d) };
}
