import { NoticeTemplateDef } from './types';

/** Accounts: what a person is told about its own address (no account data, nothing an attacker could learn from). */
export const IDENTITY_TEMPLATES = {
  REGISTRATION_ATTEMPT: {
    name: '登録済みアドレスでの事業者登録の試みのお知らせ',
    subject: '【地域DX伴走支援】ご登録済みのメールアドレスで事業者登録が試みられました',
    body:
      '{{fiscalYear}}{{programmeName}}のシステムにおいて、{{attemptedOn}}、貴殿のメールアドレスを用いた伴走支援事業者の新規登録が試みられました。\n\n' +
      'このメールアドレスは既に登録されています。新しい事業者登録は行われていません。\n' +
      'お心当たりがない場合は、本通知を破棄してください。パスワードをお忘れの場合は、ログイン画面の「パスワードをお忘れの方」から再設定できます。\n',
    placeholders: ['attemptedOn'],
  },
  PASSWORD_RESET_LINK: {
    name: 'パスワード再設定のご案内',
    subject: '【地域DX伴走支援】パスワード再設定のご案内',
    body:
      'パスワードの再設定のお申出を受け付けました。次のリンクを開き、新しいパスワードを設定してください（{{expiresAt}}まで有効、1回限り）。\n' +
      '{{resetUrl}}\n\n' +
      '再設定すると、ログイン中のすべての端末からログアウトされます。\n' +
      'お心当たりのない場合は、このメールを破棄してください。パスワードは変更されません。\n',
    placeholders: ['resetUrl', 'expiresAt'],
    required: ['resetUrl'],
  },
  ACCOUNT_CREATED_SET_PASSWORD: {
    name: 'アカウント開設とパスワード設定のご案内',
    subject: '【地域DX伴走支援】アカウント開設とパスワード設定のご案内',
    body:
      '{{programmeName}}のシステムに、貴殿のアカウント（{{email}}）を事務局が開設しました。\n' +
      '次のリンクを開き、パスワードを設定してからログインしてください（{{expiresAt}}まで有効、1回限り）。\n' +
      '{{setPasswordUrl}}\n\n' +
      '期限が過ぎた場合は、ログイン画面の「パスワードをお忘れの方」から改めて設定できます。\n' +
      'お心当たりのない場合は、事務局までご連絡ください。\n',
    placeholders: ['email', 'setPasswordUrl', 'expiresAt'],
    required: ['setPasswordUrl'],
  },
} satisfies Record<string, NoticeTemplateDef>;
