import { dueOnBusinessDay } from '@app/core/time/business-calendar';
import { jstDate, warekiMonth } from '@app/core/time/jst';

/**
 * A programme's schedule (公募要領 4): region call, candidate announcement, vendor call, decision,
 * support start, interim report (around September) and final report (around March), each with
 * the date it happened or is due, and where the programme stands today.
 */
export type TimelineKey =
  | 'REGION_CALL_OPENS'
  | 'REGION_CALL_CLOSES'
  | 'CANDIDATES_ANNOUNCED'
  | 'VENDOR_CALL_OPENS'
  | 'VENDOR_CALL_CLOSES'
  | 'DECISION'
  | 'SUPPORT_STARTS'
  | 'INTERIM_REPORT_DUE'
  | 'FINAL_REPORT_DUE';

export interface TimelineFacts {
  fiscalYear: number;
  supportEndsOn: string;
  regionCall?: { opensAt: Date; closesAt: Date } | null;
  candidatesPublishedAt?: Date | null;
  vendorCall?: { opensAt: Date; closesAt: Date } | null;
  decisionPublishedAt?: Date | null;
}

export interface TimelineEntry {
  key: TimelineKey;
  labelJa: string;
  /** The instant it happened (a call's opening or closing, the decision). */
  at: Date | null;
  /** A due date (YYYY-MM-DD, a Japan date on the business calendar): a day, not an instant. */
  on: string | null;
  /** What the call announces when the date is not known yet, e.g. 「3月頃」. */
  plannedJa: string | null;
  state: 'DONE' | 'NEXT' | 'LATER';
}

/**
 * Where the programme stands follows its steps in order: the last step that happened (by its call, its decision or,
 * for a report, its due date once support has started) is `current`, every step before it is DONE and the one
 * after it is NEXT. A report's due date therefore never shows as reached while the decision is still to come, and
 * the due dates follow the business calendar (`dueOnBusinessDay`: a closed day moves to the previous business day).
 */
export function buildTimeline(f: TimelineFacts, now: Date): { entries: TimelineEntry[]; current: TimelineKey | null } {
  // The call writes its planned months in the Japanese era (「令和7年3月初旬頃」), as the dates shown beside them.
  const y = f.fiscalYear;
  const at = (key: TimelineKey, labelJa: string, instant: Date | null | undefined, plannedJa: string) => ({
    key,
    labelJa,
    at: instant ?? null,
    on: null,
    plannedJa,
  });
  const raw: Array<Omit<TimelineEntry, 'state'>> = [
    at('REGION_CALL_OPENS', '支援地域の公募開始', f.regionCall?.opensAt, warekiMonth(y, 2)),
    at('REGION_CALL_CLOSES', '支援地域の公募締切', f.regionCall?.closesAt, warekiMonth(y, 2)),
    at('CANDIDATES_ANNOUNCED', '支援地域候補の選定結果通知・公表', f.candidatesPublishedAt, `${warekiMonth(y, 3)}初旬頃`),
    at('VENDOR_CALL_OPENS', '伴走支援事業者の公募開始', f.vendorCall?.opensAt, `${warekiMonth(y, 3)}頃`),
    at('VENDOR_CALL_CLOSES', '伴走支援事業者の公募締切', f.vendorCall?.closesAt, `${warekiMonth(y, 3)}頃`),
    at('DECISION', '伴走支援事業者の選定', f.decisionPublishedAt, `${warekiMonth(y, 4)}頃`),
    at('SUPPORT_STARTS', '伴走支援の開始', f.decisionPublishedAt, `${warekiMonth(y, 4)}頃`),
    { key: 'INTERIM_REPORT_DUE', labelJa: '中間報告', at: null, on: dueOnBusinessDay(`${y}-09-30`), plannedJa: `${warekiMonth(y, 9)}頃` },
    { key: 'FINAL_REPORT_DUE', labelJa: '最終報告', at: null, on: dueOnBusinessDay(f.supportEndsOn), plannedJa: `${warekiMonth(y + 1, 3)}頃` },
  ];
  const today = jstDate(now);
  const supportStarted = !!f.decisionPublishedAt && f.decisionPublishedAt.getTime() <= now.getTime();
  const reached = raw.map((e) => (e.at ? e.at.getTime() <= now.getTime() : e.on !== null && supportStarted && e.on <= today));
  const last = reached.lastIndexOf(true);
  const entries = raw.map((e, i) => {
    const state: TimelineEntry['state'] = i <= last ? 'DONE' : i === last + 1 ? 'NEXT' : 'LATER';
    return { ...e, plannedJa: e.at || e.on ? null : e.plannedJa, state };
  });
  return { entries, current: last >= 0 ? raw[last].key : null };
}
