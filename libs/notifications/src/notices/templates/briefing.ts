import { NoticeTemplateDef } from './types';

/** The briefing session (説明会, 公募要領5): confirmation of the address, acceptance, and the connection details. */
export const BRIEFING_TEMPLATES = {
  BRIEFING_CONFIRMATION_REQUEST: {
    name: '説明会 参加申込の確認のお願い',
    subject: '【{{sessionTitle}}】参加申込の確認のお願い',
    body:
      '{{sessionTitle}}（{{startsAt}}〜）への参加申込を受け付けました。\n' +
      '次のリンクを開き、申込を確定してください（{{expiresAt}}まで有効）。確定した方から先着順に席をご用意します。\n' +
      '{{confirmUrl}}\n\n' +
      'お心当たりのない場合は、このメールを破棄してください。申込は確定されず、期限後に削除されます。\n',
    placeholders: ['sessionTitle', 'startsAt', 'expiresAt', 'confirmUrl'],
    required: ['confirmUrl'],
  },
  BRIEFING_REGISTRATION_CONFIRMED: {
    name: '説明会 参加申込受付のお知らせ',
    subject: '【{{sessionTitle}}】参加申込受付のお知らせ',
    body:
      '{{sessionTitle}}への参加申込が確定しましたので、お知らせします。\n\n' +
      '日時：{{startsAt}}〜{{endsAt}}\n\n' +
      'Web会議への接続方法等は、{{connectionDetailsAt}}を目途に、ご登録のメールアドレス宛に別途ご連絡します。\n' +
      '※説明会は録画・記録されます。\n',
    placeholders: ['sessionTitle', 'startsAt', 'endsAt', 'connectionDetailsAt'],
  },
  BRIEFING_CONNECTION_DETAILS: {
    name: '説明会 Web会議への接続方法のご案内',
    subject: '【{{sessionTitle}}】Web会議への接続方法のご案内',
    body:
      '{{sessionTitle}}にお申し込みいただき、ありがとうございます。Web会議への接続方法を次のとおりご案内します。\n\n' +
      '日時：{{startsAt}}〜{{endsAt}}\n' +
      '接続先：{{onlineUrl}}\n\n' +
      '1つの申込につき1名の接続に限ります。接続先は他の方に共有しないでください。\n' +
      '接続に関する技術的なお問い合わせには対応いたしかねます。\n' +
      '説明会の録画・録音・撮影、スクリーンショットやダウンロード、資料の無断転用は固くお断りいたします。\n',
    placeholders: ['sessionTitle', 'startsAt', 'endsAt', 'onlineUrl'],
    required: ['onlineUrl'],
  },
} satisfies Record<string, NoticeTemplateDef>;
