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

/**
 * The text of a reminder, polite throughout: 「督促」 only in a reminder after the due date that follows an earlier
 * one (`first` false), never in the first a report gets. The due date is a date (令和7年9月30日（火）), due within
 * that day in Japan.
 */
export function reminderMessage(step: ReminderStep, kind: 'INTERIM' | 'FINAL' | string, dueOn: string, first: boolean): { subject: string; body: string } {
  const what = kind === 'INTERIM' ? '中間報告' : '最終報告';
  const whatEn = kind === 'INTERIM' ? 'interim report' : 'final report';
  const due = warekiDate(dueOn);
  const dueEn = `${englishDateOf(dueOn)} (JST)`;
  const greeting = '伴走支援事業者 ご担当者様\n\nいつもお世話になっております。地域DX伴走支援事業 事務局です。\n\n';
  const closing =
    '\n\n本メールは提出状況に基づき自動でお送りしています。既にご提出の手続き中でしたら、行き違いをご容赦ください。\n\n' +
    `(English) A reminder about the ${whatEn} of your engagement, due on ${dueEn}.\n\n地域DX伴走支援事業 事務局\n`;
  const overdue = step === ReminderStep.AFTER_1 || step === ReminderStep.AFTER_7;
  if (!overdue) {
    const days = step === ReminderStep.BEFORE_14 ? '2週間' : '3日';
    return {
      subject: `【ご案内】伴走支援の${what}の提出期限（${due}）が近づいています`,
      body: `${greeting}伴走支援の${what}の提出期限は ${due} です（約${days}前のご案内です）。\n期限までにシステムからご提出くださいますよう、お願い申し上げます。${closing}`,
    };
  }
  if (step === ReminderStep.AFTER_7 && !first) {
    return {
      subject: `【督促】伴走支援の${what}が未提出です（提出期限：${due}）`,
      body: `${greeting}伴走支援の${what}は、提出期限（${due}）から1週間が経過しましたが、まだご提出を確認できておりません。\n至急ご提出ください。ご事情がある場合は事務局までご連絡ください。${closing}`,
    };
  }
  return {
    subject: `【ご提出のお願い】伴走支援の${what}の提出期限（${due}）を過ぎております`,
    body: `${greeting}伴走支援の${what}の提出期限（${due}）を過ぎておりますが、まだご提出を確認できておりません。\nお手数ですが、速やかにご提出くださいますようお願い申し上げます。${closing}`,
  };
}
