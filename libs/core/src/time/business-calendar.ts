import holidayJp from '@holiday-jp/holiday_jp';
import { isCalendarDate } from './jst';

/**
 * The secretariat's business calendar, on Japan dates written YYYY-MM-DD (never instants, so no time
 * zone can shift a day). Closed: Saturdays, Sundays, national holidays (国民の祝日, 振替休日 and 国民の休日,
 * from the maintained dataset of `@holiday-jp/holiday_jp`, which covers 1970–2050) and the year-end
 * closure from 29 December to 3 January (年末年始, as government offices close).
 *
 * The rule for due dates (documented in docs/ARCHITECTURE.md): a due date that falls on a closed day
 * moves to the previous business day (`dueOnBusinessDay`), so nobody is asked to submit on a day the
 * secretariat is closed and nobody gains days by it. The secretariat may override a report's due date
 * with a reason (`EngagementService.overrideReportDueDate`); an override is kept as given.
 */

const holidays = holidayJp.holidays as Readonly<Record<string, { name: string } | undefined>>;

const utcDay = (isoDate: string) => {
  if (!isCalendarDate(isoDate)) throw new RangeError(`not a calendar date: ${isoDate}`);
  return new Date(`${isoDate}T00:00:00Z`);
};

/** The date `days` after (or before, when negative) a Japan date. */
export function addDays(isoDate: string, days: number): string {
  const d = utcDay(isoDate);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** 29 December – 3 January. */
export function isYearEndClosure(isoDate: string): boolean {
  const md = utcDay(isoDate).toISOString().slice(5, 10);
  return md >= '12-29' || md <= '01-03';
}

/** The national holiday's name (e.g. 成人の日, こどもの日 振替休日), or null. */
export function holidayName(isoDate: string): string | null {
  utcDay(isoDate);
  return holidays[isoDate]?.name ?? null;
}

/** Why the secretariat is closed on a day (土曜日, 日曜日, the holiday's name, 年末年始), or null on a business day. */
export function closedReason(isoDate: string): string | null {
  const weekday = utcDay(isoDate).getUTCDay();
  if (holidayJp.isHoliday(isoDate)) return holidayName(isoDate);
  if (isYearEndClosure(isoDate)) return '年末年始';
  if (weekday === 0) return '日曜日';
  if (weekday === 6) return '土曜日';
  return null;
}

/** Saturday, Sunday, a national holiday, or the year-end closure. */
export function isClosedDay(isoDate: string): boolean {
  return closedReason(isoDate) !== null;
}

/** The last business day strictly before a date. */
export function previousBusinessDay(isoDate: string): string {
  let d = addDays(isoDate, -1);
  while (isClosedDay(d)) d = addDays(d, -1);
  return d;
}

/** The date itself when the secretariat is open, else the previous business day: THE rule for due dates. */
export function dueOnBusinessDay(isoDate: string): string {
  return isClosedDay(isoDate) ? previousBusinessDay(isoDate) : isoDate;
}
