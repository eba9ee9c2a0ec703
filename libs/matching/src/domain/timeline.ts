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
  at: Date | null;
  /** What the call announces when the date is not known yet, e.g. 「3月頃」. */
  plannedJa: string | null;
  state: 'DONE' | 'NEXT' | 'LATER';
}

const jstMidnight = (isoDate: string) => new Date(`${isoDate}T00:00:00+09:00`);

export function buildTimeline(f: TimelineFacts, now: Date): { entries: TimelineEntry[]; current: TimelineKey | null } {
  const y = f.fiscalYear;
  const raw: Array<Omit<TimelineEntry, 'state'>> = [
    { key: 'REGION_CALL_OPENS', labelJa: '支援地域の公募開始', at: f.regionCall?.opensAt ?? null, plannedJa: `${y}年2月` },
    { key: 'REGION_CALL_CLOSES', labelJa: '支援地域の公募締切', at: f.regionCall?.closesAt ?? null, plannedJa: `${y}年2月` },
    { key: 'CANDIDATES_ANNOUNCED', labelJa: '支援地域候補の選定結果通知・公表', at: f.candidatesPublishedAt ?? null, plannedJa: `${y}年3月初旬頃` },
    { key: 'VENDOR_CALL_OPENS', labelJa: '伴走支援事業者の公募開始', at: f.vendorCall?.opensAt ?? null, plannedJa: `${y}年3月頃` },
    { key: 'VENDOR_CALL_CLOSES', labelJa: '伴走支援事業者の公募締切', at: f.vendorCall?.closesAt ?? null, plannedJa: `${y}年3月頃` },
    { key: 'DECISION', labelJa: '伴走支援事業者の選定', at: f.decisionPublishedAt ?? null, plannedJa: `${y}年4月頃` },
    { key: 'SUPPORT_STARTS', labelJa: '伴走支援の開始', at: f.decisionPublishedAt ?? null, plannedJa: `${y}年4月頃` },
    { key: 'INTERIM_REPORT_DUE', labelJa: '中間報告', at: jstMidnight(`${y}-09-30`), plannedJa: `${y}年9月頃` },
    { key: 'FINAL_REPORT_DUE', labelJa: '最終報告', at: jstMidnight(f.supportEndsOn), plannedJa: `${y + 1}年3月頃` },
  ];
  let next: TimelineKey | null = null;
  const entries = raw.map((e) => {
    const done = e.at !== null && e.at.getTime() <= now.getTime();
    const state: TimelineEntry['state'] = done ? 'DONE' : next === null ? 'NEXT' : 'LATER';
    if (!done && next === null) next = e.key;
    return { ...e, plannedJa: e.at ? null : e.plannedJa, state };
  });
  const current = [...entries].reverse().find((e) => e.state === 'DONE')?.key ?? null;
  return { entries, current };
}
