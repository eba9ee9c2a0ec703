import { addDays } from '@app/core/time/business-calendar';
import { fillTemplate, NOTICE_TEMPLATES } from '@app/notifications';
import { ReminderStep, reminderNotice, reminderStepOn } from './report-reminders';

describe('report reminders: which step a day is in, and what it says', () => {
  const steps = (dueOn: string, from: string, to: string) => {
    const seen: Array<[string, ReminderStep | null]> = [];
    for (let d = from; d <= to; d = addDays(d, 1)) {
      const s = reminderStepOn(d, dueOn);
      if (!seen.length || seen[seen.length - 1][1] !== s) seen.push([d, s]);
    }
    return seen;
  };

  it('starts each step on its day, moved to the previous business day when the secretariat is closed (年末年始, a weekend)', () => {
    // Due Tuesday 12 January 2027 (the day after 成人の日): 14 days before is 29 December (closed until 3 January) → Monday
    // 28 December; 3 days before is Saturday 9 January → Friday 8 January.
    expect(steps('2027-01-12', '2026-12-01', '2027-02-28')).toEqual([
      ['2026-12-01', null],
      ['2026-12-28', ReminderStep.BEFORE_14],
      ['2027-01-08', ReminderStep.BEFORE_3],
      ['2027-01-13', ReminderStep.AFTER_1],
      ['2027-01-19', ReminderStep.AFTER_7],
    ]);
  });

  // The reminder as its default template renders it (the letter around it is the notice service's).
  const reminderMessage = (step: ReminderStep, kind: string, dueOn: string, first: boolean) => {
    const n = reminderNotice(step, kind, dueOn, first);
    const t = NOTICE_TEMPLATES[n.kind];
    const vars = { ...n.vars, prefectureName: '兵庫県', programmeName: 'P', daysBefore: n.vars.daysBefore ?? '' };
    return { subject: fillTemplate(t.subject, vars), body: fillTemplate(t.body, vars) };
  };

  it('keeps every message polite: 「督促」 only a week after the due date and only after an earlier reminder', () => {
    for (const step of Object.values(ReminderStep)) {
      const first = reminderMessage(step, 'FINAL', '2027-03-12', true);
      expect(`${first.subject}${first.body}`).not.toContain('督促');
      expect(first.subject).toContain('令和9年3月12日（金）');
      expect(first.body).toContain('Fri 12 March 2027 (JST)');
    }
    expect(reminderNotice(ReminderStep.AFTER_7, 'FINAL', '2027-03-12', true).kind).toBe('REPORT_REMINDER_AFTER');
    expect(reminderMessage(ReminderStep.AFTER_7, 'FINAL', '2027-03-12', false).subject).toBe(
      '【督促】伴走支援の最終報告が未提出です（提出期限：令和9年3月12日（金））',
    );
    expect(reminderMessage(ReminderStep.AFTER_1, 'INTERIM', '2026-09-30', false).subject).toBe(
      '【ご提出のお願い】伴走支援の中間報告の提出期限（令和8年9月30日（水））を過ぎております',
    );
  });
});
