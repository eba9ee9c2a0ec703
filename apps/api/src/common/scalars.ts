import { Field, ObjectType } from '@nestjs/graphql';
import { englishDateOf, toJstIso, toWareki, warekiDate } from '@app/core';

/** A moment shown the three ways users need it: UTC, Japan time, and the Japanese era. */
@ObjectType({ description: 'An instant in UTC, in JST, and in the Japanese era (令和7年2月28日（金）17:00).' })
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

/** A day (a due date), not an instant: shown as a date, never as midnight of it. */
@ObjectType({ description: 'A Japan date (a due date): ISO, the Japanese era (令和7年9月30日（火）) and English' })
export class DateDisplay {
  @Field({ description: 'YYYY-MM-DD, the date in Japan' })
  date: string;

  @Field({ description: 'Japanese-era date with the weekday, e.g. 令和7年9月30日（火）' })
  wareki: string;

  @Field({ description: 'In English, e.g. Tue 30 September 2025' })
  en: string;
}

export function dateDisplay(isoDate: string | null | undefined): DateDisplay | null {
  if (!isoDate) return null;
  return { date: isoDate, wareki: warekiDate(isoDate), en: englishDateOf(isoDate) };
}
