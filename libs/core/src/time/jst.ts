/** Times are stored as UTC instants and shown in Japan Standard Time, with the Japanese era where expected. */
export const TOKYO = 'Asia/Tokyo';

const JST_OFFSET_MS = 9 * 60 * 60 * 1000; // Japan has had no daylight saving time since 1951.

/** ISO 8601 in JST with its offset, e.g. 2025-02-28T17:00:00+09:00. */
export function toJstIso(d: Date): string {
  const shifted = new Date(d.getTime() + JST_OFFSET_MS).toISOString(); // ends in Z, but reads JST
  const ms = shifted.slice(19, 23) === '.000' ? '' : shifted.slice(19, 23);
  return `${shifted.slice(0, 19)}${ms}+09:00`;
}

const eraDate = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  timeZone: TOKYO,
  era: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  weekday: 'short',
});

const hourMinute = new Intl.DateTimeFormat('en-GB', { timeZone: TOKYO, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/**
 * 令和7年2月28日（金）17:00: a deadline or any instant, with its time in JST on the 24-hour clock. Without the
 * time (`withTime` false) it is the Japan date alone, 令和7年2月28日（金）: what a due date (a day, not an
 * instant) must be shown as, never as 「午前0時」 of that day.
 */
export function toWareki(d: Date, withTime = true): string {
  const p = eraParts(d);
  const date = `${p.era}${p.year}年${p.month}月${p.day}日（${p.weekday}）`;
  return withTime ? `${date}${hourMinute.format(d)}` : date;
}

/** The Japan date's parts in the era, its first year written 元 (令和元年). */
function eraParts(d: Date) {
  const parts = eraDate.formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return { era: get('era'), year: get('year') === '1' ? '元' : get('year'), month: get('month'), day: get('day'), weekday: get('weekday') };
}

/** A Japan date written YYYY-MM-DD (a due date) in the Japanese era: 令和7年9月30日（火）. */
export function warekiDate(isoDate: string): string {
  return toWareki(new Date(`${isoDate}T12:00:00+09:00`), false);
}

/**
 * A month as the call writes it in a schedule, 「令和7年3月」: the era of that month's first day (令和 began on
 * 1 May 2019, so 2019's April is 平成31年4月 and its May 令和元年5月).
 */
export function warekiMonth(year: number, month: number): string {
  const p = eraParts(new Date(Date.UTC(year, month - 1, 1, 3)));
  return `${p.era}${p.year}年${month}月`;
}

const englishDate = new Intl.DateTimeFormat('en-GB', { timeZone: TOKYO, weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' });

/** For English messages, in JST too (never UTC): "Fri 28 February 2025, 17:00 JST". */
export function toJstText(d: Date): string {
  return `${englishDate.format(d).replace(',', '')}, ${hourMinute.format(d)} JST`;
}

/** A Japan date (YYYY-MM-DD) for English messages: "Tue 30 September 2025". */
export function englishDateOf(isoDate: string): string {
  return englishDate.format(new Date(`${isoDate}T12:00:00+09:00`)).replace(',', '');
}

/**
 * A date written YYYY-MM-DD that is on the calendar: month 1–12, a day the month has (2025-02-29,
 * 2040-02-30, 2025-04-31 are not), year 1 or later (PostgreSQL has no year 0).
 */
export function isCalendarDate(input: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return y >= 1 && days !== undefined && d >= 1 && d <= days;
}

/**
 * Reads a date-time typed by a person. An explicit offset or Z is honoured; without one the
 * time is taken as Japan time, since every deadline in this programme is stated in JST. Dates
 * and times that are not on the calendar or the clock (2025-02-30, 24:00, 17:60) are refused,
 * not rolled over as JavaScript would.
 */
export function parseJstDateTime(input: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(input.trim());
  if (!m) return null;
  const [, y, mo, da, h = '00', mi = '00', s = '00', frac = '', zone] = m;
  if (!isCalendarDate(`${y}-${mo}-${da}`) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  const tz = zone ? (zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone) : '+09:00';
  if (tz !== 'Z' && (Number(tz.slice(1, 3)) > 14 || Number(tz.slice(4, 6)) > 59)) return null;
  const d = new Date(`${y}-${mo}-${da}T${h}:${mi}:${s}${frac}${tz}`);
  // The instant itself must have a four-digit year in UTC too (0001-01-01T00:00 JST is year 0 there): what
  // ISO 8601 strings and the timestamptz columns hold.
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1 || d.getUTCFullYear() > 9999) return null;
  return d;
}

/** The calendar date in Japan of an instant, as YYYY-MM-DD. */
export function jstDate(d: Date): string {
  return toJstIso(d).slice(0, 10);
}
