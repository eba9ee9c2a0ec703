import { NoticeTemplateDef } from './types';

/**
 * Companion support: the report reminders to the vendor (14 and 3 days before the due date, the day after, a week
 * after). Polite throughout; 「督促」 only in REPORT_REMINDER_OVERDUE, sent a week after the due date when an earlier
 * reminder went unanswered (never as a report's first reminder). And the secretariat's decision on a budget change the
 * vendor asked for, with its reason.
 */
export const ENGAGEMENT_TEMPLATES = {
  REPORT_REMINDER_BEFORE: {
    name: '報告書提出期限のご案内（期限前）',
    subject: '【ご案内】伴走支援の{{reportKind}}の提出期限（{{dueOn}}）が近づいています',
    body:
      '平素より{{programmeName}}にご協力いただき、誠にありがとうございます。\n\n' +
      '{{prefectureName}}における伴走支援の{{reportKind}}の提出期限は {{dueOn}} です（約{{daysBefore}}前のご案内です）。\n' +
      '期限までにシステムからご提出くださいますよう、お願い申し上げます。\n\n' +
      '本通知は提出状況に基づき自動でお送りしています。既にご提出の手続き中でしたら、行き違いをご容赦ください。\n\n' +
      '(English) A reminder about the {{reportKindEn}} of your engagement, due on {{dueOnEn}}.\n',
    placeholders: ['prefectureName', 'reportKind', 'reportKindEn', 'dueOn', 'dueOnEn', 'daysBefore'],
  },
  REPORT_REMINDER_AFTER: {
    name: '報告書ご提出のお願い（期限後）',
    subject: '【ご提出のお願い】伴走支援の{{reportKind}}の提出期限（{{dueOn}}）を過ぎております',
    body:
      '平素より{{programmeName}}にご協力いただき、誠にありがとうございます。\n\n' +
      '{{prefectureName}}における伴走支援の{{reportKind}}の提出期限（{{dueOn}}）を過ぎておりますが、まだご提出を確認できておりません。\n' +
      'お手数ですが、速やかにご提出くださいますようお願い申し上げます。\n\n' +
      '本通知は提出状況に基づき自動でお送りしています。既にご提出の手続き中でしたら、行き違いをご容赦ください。\n\n' +
      '(English) A reminder about the {{reportKindEn}} of your engagement, due on {{dueOnEn}}.\n',
    placeholders: ['prefectureName', 'reportKind', 'reportKindEn', 'dueOn', 'dueOnEn'],
  },
  REPORT_REMINDER_OVERDUE: {
    name: '報告書の提出について（督促）',
    subject: '【督促】伴走支援の{{reportKind}}が未提出です（提出期限：{{dueOn}}）',
    body:
      '{{prefectureName}}における伴走支援の{{reportKind}}は、提出期限（{{dueOn}}）から1週間が経過しましたが、まだご提出を確認できておりません。\n' +
      '至急ご提出ください。ご事情がある場合は事務局までご連絡ください。\n\n' +
      '本通知は提出状況に基づき自動でお送りしています。既にご提出の手続き中でしたら、行き違いをご容赦ください。\n\n' +
      '(English) A reminder about the {{reportKindEn}} of your engagement, due on {{dueOnEn}}.\n',
    placeholders: ['prefectureName', 'reportKind', 'reportKindEn', 'dueOn', 'dueOnEn'],
  },
  BUDGET_CHANGE_DECIDED: {
    name: '予算変更申請の判断結果のお知らせ',
    subject: '【地域DX伴走支援】{{prefectureName}}の伴走支援の予算変更申請について（{{decision}}）',
    body:
      '{{prefectureName}}における伴走支援について、貴社から申請のあった予算の変更（{{previousBudget}}から{{requestedBudget}}へ）を、' +
      '事務局において次のとおり判断しましたので、お知らせします。\n\n' +
      '判断：{{decision}}\n' +
      '理由：{{reason}}\n' +
      '現在の予算額：{{budgetNow}}\n\n' +
      'ご不明な点は事務局までお問い合わせください。\n\n' +
      '(English) The secretariat has {{decisionEn}} your budget change request for {{prefectureName}} ({{requestedBudget}}).\n',
    placeholders: ['prefectureName', 'decision', 'decisionEn', 'previousBudget', 'requestedBudget', 'budgetNow', 'reason'],
  },
} satisfies Record<string, NoticeTemplateDef>;
