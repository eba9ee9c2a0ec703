import { addDays, dueOnBusinessDay } from '@app/core/time/business-calendar';
import { englishDateOf, warekiDate } from '@app/core/time/jst';

/** The steps of a report's reminders: 14 and 3 days before its due date, the day after, a week after. */
export enum ReminderStep {
  BEFORE_14 = 'BEFORE_14',
  BEFORE_3 = 'BEFORE_3',
  AFTER_1 = 'AFTER_1',
  AFTER_7 = 'AFTER_7',
}

/**
 * When a report is reminded (Japan dates): 14 and 3 days before its due date (on the previous business day when
 * that day is closed, so the notice reaches an open office), the day after it, and a week after it. Only the step
 * whose time has come is sent: a report created after a step's day (or a job that did not run) does not catch up
 * on the earlier ones, and nothing is sent once the report is submitted.
 */
export function reminderStepOn(today: string, dueOn: string): ReminderStep | null {
  const starts: Array<[ReminderStep, string]> = [
    [ReminderStep.AFTER_7, addDays(dueOn, 7)],
    [ReminderStep.AFTER_1, addDays(dueOn, 1)],
    [ReminderStep.BEFORE_3, dueOnBusinessDay(addDays(dueOn, -3))],
    [ReminderStep.BEFORE_14, dueOnBusinessDay(addDays(dueOn, -14))],
  ];
  return starts.find(([, from]) => from <= today)?.[0] ?? null;
}

/** The reports due up to this day may have a step today (the widest window: 14 days and a closure before the due date). */
export const reminderHorizon = (today: string) => addDays(today, 30);

/** The notice kinds of the reminders (templates in libs/notifications/src/notices/templates/engagement.ts). */
export type ReminderNoticeKind = 'REPORT_REMINDER_BEFORE' | 'REPORT_REMINDER_AFTER' | 'REPORT_REMINDER_OVERDUE';

/**
 * Which notice a reminder is and the values it is filled with, polite throughout: 「督促」 (REPORT_REMINDER_OVERDUE)
 * only in a reminder a week after the due date that follows an earlier one (`first` false), never in the first a
 * report gets. The due date is a date (令和7年9月30日（火）), due within that day in Japan.
 */
export function reminderNotice(
  step: ReminderStep,
  kind: 'INTERIM' | 'FINAL' | string,
  dueOn: string,
  first: boolean,
): { kind: ReminderNoticeKind; vars: { reportKind: string; reportKindEn: string; dueOn: string; dueOnEn: string; daysBefore?: string } } {
  const vars = {
    reportKind: kind === 'INTERIM' ? '中間報告' : '最終報告',
    reportKindEn: kind === 'INTERIM' ? 'interim report' : 'final report',
    dueOn: warekiDate(dueOn),
    dueOnEn: `${englishDateOf(dueOn)} (JST)`,
  };
  if (step === ReminderStep.BEFORE_14 || step === ReminderStep.BEFORE_3)
    return { kind: 'REPORT_REMINDER_BEFORE', vars: { ...vars, daysBefore: step === ReminderStep.BEFORE_14 ? '2週間' : '3日' } };
  if (step === ReminderStep.AFTER_7 && !first) return { kind: 'REPORT_REMINDER_OVERDUE', vars };
  return { kind: 'REPORT_REMINDER_AFTER', vars };
}
