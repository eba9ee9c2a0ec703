/**
 * Dates and times as officials read them: in Japan Standard Time whatever the PC's zone, and in Japanese with the era
 * (「令和7年2月28日（金）17:00」). The API sends instants in ISO UTC; nothing here parses local time.
 */
export type Lang = 'ja' | 'en';

const TZ = 'Asia/Tokyo';

const eraDateTime = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  era: 'long',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: TZ,
});

function parts(date: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of eraDateTime.formatToParts(date)) if (p.type !== 'literal') out[p.type] = p.value;
  return out;
}

const toDate = (value: string | Date) => (value instanceof Date ? value : new Date(value));

/** 「令和7年2月28日（金）」: the date in JST with the era. */
export function formatWarekiDate(value: string | Date): string {
  const p = parts(toDate(value));
  return `${p.era}${p.year}年${Number(p.month)}月${Number(p.day)}日（${p.weekday}）`;
}

/** 「令和7年2月28日（金）17:00」: date and time in JST with the era. */
export function formatWarekiDateTime(value: string | Date): string {
  const p = parts(toDate(value));
  return `${formatWarekiDate(value)}${p.hour}:${p.minute}`;
}

const enDateTime = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: TZ,
});
const enDate = new Intl.DateTimeFormat('en-GB', { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', timeZone: TZ });

/** Date and time in JST for the language shown: the era in Japanese, "Fri, 28 Feb 2025, 17:00 JST" in English. */
export function formatDateTime(value: string | Date, lang: Lang): string {
  return lang === 'ja' ? formatWarekiDateTime(value) : `${enDateTime.format(toDate(value))} JST`;
}

export function formatDate(value: string | Date, lang: Lang): string {
  return lang === 'ja' ? formatWarekiDate(value) : enDate.format(toDate(value));
}

/** What is left until a deadline, in whole days, hours, minutes and seconds (all 0 once it has passed). */
export function remaining(deadline: string | Date, now: Date): { passed: boolean; days: number; hours: number; minutes: number; seconds: number } {
  const ms = toDate(deadline).getTime() - now.getTime();
  const s = Math.max(0, Math.floor(ms / 1000));
  return { passed: ms <= 0, days: Math.floor(s / 86400), hours: Math.floor((s % 86400) / 3600), minutes: Math.floor((s % 3600) / 60), seconds: s % 60 };
}
