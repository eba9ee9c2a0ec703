import { NoticeTemplateDef } from './types';

/** Accounts: what a person is told about its own address (no account data, nothing an attacker could learn from). */
export const IDENTITY_TEMPLATES = {
  REGISTRATION_ATTEMPT: {
    name: '登録済みアドレスでの事業者登録の試みのお知らせ',
    subject: '【地域DX伴走支援】ご登録済みのメールアドレスで事業者登録が試みられました',
    body:
      '{{fiscalYear}}{{programmeName}}のシステムにおいて、{{attemptedOn}}、貴殿のメールアドレスを用いた伴走支援事業者の新規登録が試みられました。\n\n' +
      'このメールアドレスは既に登録されています。新しい事業者登録は行われていません。\n' +
      'お心当たりがない場合は、本通知を破棄してください。パスワードをお忘れの場合は事務局にお問い合わせください。\n',
    placeholders: ['attemptedOn'],
  },
} satisfies Record<string, NoticeTemplateDef>;
