import { englishDateOf, jstDate, parseJstDateTime, toJstIso, toJstText, toWareki, warekiDate, warekiMonth } from './jst';

describe('JST and the Japanese era', () => {
  it('shows the deadline of the call as the call states it', () => {
    const deadline = new Date('2025-02-28T08:00:00Z');
    expect(toWareki(deadline)).toBe('令和7年2月28日（金）17:00');
    expect(toJstIso(deadline)).toBe('2025-02-28T17:00:00+09:00');
    expect(toWareki(new Date('2025-02-17T04:30:00Z'))).toBe('令和7年2月17日（月）13:30');
    expect(toWareki(new Date('2019-05-01T00:00:00+09:00'), false)).toBe('令和元年5月1日（水）');
    expect(toWareki(new Date('2019-04-30T12:00:00+09:00'), false)).toBe('平成31年4月30日（火）');
  });

  it('writes a month of a schedule in the era of its first day, as the call does (令和7年3月頃)', () => {
    expect(warekiMonth(2025, 3)).toBe('令和7年3月');
    expect(warekiMonth(2026, 3)).toBe('令和8年3月');
    expect(warekiMonth(2019, 4)).toBe('平成31年4月');
    expect(warekiMonth(2019, 5)).toBe('令和元年5月');
    expect(warekiMonth(2018, 9)).toBe('平成30年9月');
  });

  it('shows a due date as a date, never as midnight, and English in JST', () => {
    expect(warekiDate('2025-09-30')).toBe('令和7年9月30日（火）');
    expect(warekiDate('2027-03-12')).toBe('令和9年3月12日（金）');
    expect(toJstText(new Date('2025-02-28T08:00:00Z'))).toBe('Fri 28 February 2025, 17:00 JST');
    expect(toJstText(new Date('2025-02-28T15:30:00Z'))).toBe('Sat 1 March 2025, 00:30 JST'); // the Japan day, not the UTC one
    expect(englishDateOf('2025-09-30')).toBe('Tue 30 September 2025');
  });

  it('reads a date-time without an offset as Japan time', () => {
    expect(parseJstDateTime('2025-02-28T17:00')!.toISOString()).toBe('2025-02-28T08:00:00.000Z');
    expect(parseJstDateTime('2025-02-28')!.toISOString()).toBe('2025-02-27T15:00:00.000Z');
    expect(parseJstDateTime('2025-02-28T08:00:00Z')!.toISOString()).toBe('2025-02-28T08:00:00.000Z');
    expect(parseJstDateTime('2025-02-28T17:00:00+0900')!.toISOString()).toBe('2025-02-28T08:00:00.000Z');
  });

  it('refuses dates that do not exist instead of rolling them over', () => {
    expect(parseJstDateTime('2025-02-30T00:00')).toBeNull();
    expect(parseJstDateTime('2025-13-01')).toBeNull();
    expect(parseJstDateTime('tomorrow')).toBeNull();
  });

  it('gives the calendar day in Japan', () => {
    expect(jstDate(new Date('2025-02-28T15:00:00Z'))).toBe('2025-03-01');
  });
});
