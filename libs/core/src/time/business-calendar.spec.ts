import { addDays, closedReason, dueOnBusinessDay, isClosedDay, isYearEndClosure, previousBusinessDay } from './business-calendar';

describe('the business calendar (holidays from @holiday-jp/holiday_jp, 年末年始 29 Dec – 3 Jan)', () => {
  it('closes on 成人の日 (second Monday of January)', () => {
    expect(closedReason('2027-01-11')).toBe('成人の日');
    expect(isClosedDay('2027-01-12')).toBe(false);
    expect(dueOnBusinessDay('2027-01-11')).toBe('2027-01-08'); // Friday, over the weekend
  });

  it('closes through ゴールデンウィーク 2026, 振替休日 included', () => {
    expect(['2026-05-03', '2026-05-04', '2026-05-05', '2026-05-06'].map(closedReason)).toEqual([
      '憲法記念日',
      'みどりの日',
      'こどもの日',
      'こどもの日 振替休日', // as the dataset names it (5/3 fell on a Sunday)
    ]);
    expect(dueOnBusinessDay('2026-05-06')).toBe('2026-05-01'); // 5/2 is a Saturday
    expect(isClosedDay('2026-05-07')).toBe(false);
  });

  it('closes from 29 December to 3 January', () => {
    for (let d = '2026-12-29'; d <= '2027-01-03'; d = addDays(d, 1)) expect(isClosedDay(d)).toBe(true);
    expect(closedReason('2026-12-29')).toBe('年末年始');
    expect(closedReason('2027-01-01')).toBe('元日');
    expect(isYearEndClosure('2026-12-28')).toBe(false);
    expect(dueOnBusinessDay('2027-01-03')).toBe('2026-12-28');
    expect(previousBusinessDay('2027-01-04')).toBe('2026-12-28');
  });

  it('moves the final report of fiscal year 2026 from Saturday 13 March 2027 to Friday 12 March 2027', () => {
    expect(closedReason('2027-03-13')).toBe('土曜日');
    expect(dueOnBusinessDay('2027-03-13')).toBe('2027-03-12');
    expect(dueOnBusinessDay('2026-03-13')).toBe('2026-03-13'); // FY2025: a Friday, kept
    expect(dueOnBusinessDay('2026-09-30')).toBe('2026-09-30');
  });

  it('holds for every day of 2025–2030: the due date is open, not later, and no business day is skipped', () => {
    for (let d = '2025-01-01'; d <= '2030-12-31'; d = addDays(d, 1)) {
      const due = dueOnBusinessDay(d);
      expect(isClosedDay(due)).toBe(false);
      expect(due <= d).toBe(true);
      if (!isClosedDay(d)) expect(due).toBe(d);
      for (let between = addDays(due, 1); between <= d; between = addDays(between, 1)) expect(isClosedDay(between)).toBe(true);
      expect(previousBusinessDay(d) < d).toBe(true);
      expect(dueOnBusinessDay(due)).toBe(due); // idempotent
    }
  });

  it('refuses dates that are not on the calendar', () => {
    expect(() => isClosedDay('2026-02-30')).toThrow(RangeError);
  });
});
