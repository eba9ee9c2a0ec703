/**
 * Every failure a user can cause, with a stable code and a message in Japanese and English.
 * This is the single allowlist: the API edge exposes these and hides everything else.
 */
export const ERROR_CATALOGUE = {
  UNAUTHENTICATED: { ja: 'ログインが必要です。', en: 'You must sign in.' },
  INVALID_CREDENTIALS: { ja: 'メールアドレスまたはパスワードが正しくありません。', en: 'Wrong e-mail address or password.' },
  FORBIDDEN: { ja: 'この操作を行う権限がありません。', en: 'You are not allowed to do this.' },
  NOT_FOUND: { ja: '対象が見つかりません。', en: 'Not found.' },
  VALIDATION_FAILED: { ja: '入力内容に誤りがあります。', en: 'The input is not valid.' },
  CONFLICT: { ja: '他の更新と競合しました。最新の内容を読み込んでからやり直してください。', en: 'Someone else changed this first. Reload and try again.' },
  DEADLINE_PASSED: { ja: '締切を過ぎているため受け付けできません。', en: 'The deadline has passed.' },
  CALL_NOT_OPEN: { ja: '公募期間外のため受け付けできません。', en: 'The call is not open.' },
  INVALID_STATE: { ja: '現在の状態ではこの操作はできません。', en: 'This cannot be done in the current state.' },
  ALREADY_APPLIED: {
    ja: 'この公募には既に申請があります（1都道府県につき1申請）。',
    en: 'This prefecture has already applied to this call (one application per prefecture).',
  },
  NOT_IN_PREFECTURE: { ja: '申請する都道府県の管内の市区町村ではありません。', en: 'The municipality is not inside the applying prefecture.' },
  NOT_A_PARTNER_CANDIDATE: { ja: 'この団体は連携市区町村にできません。', en: 'This local government cannot be a partner municipality.' },
  DUPLICATE: { ja: '既に登録されています。', en: 'Already registered.' },
  REQUIRED_SUPPORT_ITEM: { ja: '必須の支援メニューは外せません。', en: 'The required support-menu item cannot be removed.' },
  APPLICATION_INCOMPLETE: { ja: '申請内容に不足があります。', en: 'The application is incomplete.' },
  CONSENT_REQUIRED: { ja: '個人情報の取扱いへの同意が必要です。', en: 'Consent to the personal-data terms is required.' },
  REQUIREMENTS_NOT_MET: { ja: '応募要件をすべて満たしていないため採択できません。', en: 'Not every eligibility requirement holds, so it cannot be adopted.' },
  REPEAT_APPLICANT_NEEDS_MORE_PARTNERS: {
    ja: '過去に支援地域として選定された都道府県は、前回の申請より1以上多くの市町村と連携する必要があります。',
    en: 'A prefecture selected before must partner with at least one more municipality than in its previous application.',
  },
  MATERIAL_CHANGE_TOO_LATE: { ja: '締切直前のため公募の重要な変更はできません。', en: 'Too close to the deadline for a material change.' },
  BUDGET_OVER_CAP: { ja: '提案額が上限を超えています。', en: 'The budget exceeds the cap.' },
  VENDOR_NOT_APPROVED: { ja: '事務局の承認前のため応募できません。', en: 'The vendor is not approved by the secretariat yet.' },
  VENDOR_SUSPENDED: {
    ja: '事業者の登録が停止されているため、この操作はできません（これまでの履歴の閲覧のみ可能です）。',
    en: 'The vendor is suspended: it may only read its own history.',
  },
  QUESTIONS_CLOSED: { ja: '質問の受付期間外です。', en: 'Questions are not accepted now.' },
  CONFLICT_OF_INTEREST: { ja: '利益相反があるため、この提案には関与できません。', en: 'A conflict of interest bars you from this proposal.' },
  SCORE_LOCKED: { ja: '提出済みの評点は変更できません。', en: 'Submitted scores are locked.' },
  NOT_EVALUATED_UNACKNOWLEDGED: {
    ja: '評価されていない提案があります。評価されないまま選定を行うことを確認してから実行してください。',
    en: 'Some proposals have not been evaluated: acknowledge this to run the matching without them.',
  },
  SOLVER_FAILED: {
    ja: '選定の計算を完了できませんでした。もう一度実行してください。',
    en: 'The matching computation could not be completed. Run it again.',
  },
  FREE_MAIL_ADDRESS: {
    ja: 'プロバイダメールアドレス又はフリーアドレスではお申し込みいただけません。所属先のビジネス用メールアドレスをご登録ください。',
    en: 'Free-mail and ISP addresses are not accepted; register with your business e-mail address.',
  },
  REGISTRATION_CLOSED: { ja: '申込の受付を終了しました。', en: 'Registration is closed.' },
  SESSION_FULL: { ja: '定員に達したため、お申し込みいただけません。', en: 'The session is full.' },
  CONFIRMATION_INVALID: {
    ja: '確認用リンクが無効です（使用済み、または誤っています）。',
    en: 'The confirmation link is not valid (already used, or wrong).',
  },
  CONFIRMATION_EXPIRED: {
    ja: '確認用リンクの有効期限が切れています。もう一度お申し込みください。',
    en: 'The confirmation link has expired. Please register again.',
  },
  NOT_ELIGIBLE: {
    ja: '説明会の対象者ではありません（地方公共団体職員、応募予定の法人の社員、関係行政機関が対象です）。',
    en: 'Only local-government staff, prospective vendors and related agencies may attend.',
  },
  FILE_TOO_LARGE: { ja: 'ファイルが大きすぎます。', en: 'The file is too large.' },
  REQUEST_TOO_LARGE: { ja: 'リクエストが大きすぎます（上限 1MB）。', en: 'The request is too large (limit 1 MB).' },
  REQUEST_TIMEOUT: {
    ja: 'リクエストの受信に時間がかかりすぎたため、受け付けませんでした。もう一度送信してください。',
    en: 'The request took too long to arrive and was not accepted. Send it again.',
  },
  MALFORMED_REQUEST: { ja: 'リクエストの形式に誤りがあります。', en: 'The request is malformed.' },
  FILE_TYPE_NOT_ALLOWED: { ja: 'このファイル形式はアップロードできません。', en: 'This file type is not allowed.' },
  STORAGE_QUOTA_EXCEEDED: { ja: 'このアカウントのアップロード容量の上限に達しました。', en: 'This account has used up its upload storage quota.' },
  TOO_MANY_SUBSCRIPTIONS: {
    ja: '1つの接続で購読できる数の上限に達しました。',
    en: 'Too many subscriptions on this connection.',
  },
  RATE_LIMITED: { ja: 'リクエストが多すぎます。しばらくしてからやり直してください。', en: 'Too many requests. Try again later.' },
  QUERY_TOO_COMPLEX: { ja: 'クエリが大きすぎるか複雑すぎます。', en: 'The query is too large or too complex.' },
  ONE_MUTATION_PER_REQUEST: { ja: '1回のリクエストで実行できる更新操作は1つだけです。', en: 'Send one mutation field per request.' },
  WEBSOCKET_SUBSCRIPTIONS_ONLY: { ja: 'WebSocketではサブスクリプションのみ実行できます。', en: 'Only subscriptions may be sent over the WebSocket.' },
  RETENTION_NOT_ENDED: {
    ja: '保存期間が終了していないため、個人情報を消去できません。',
    en: 'The retention period has not ended; the personal data cannot be erased yet.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    ja: 'この冪等キーは別の内容の提出に使われています（再開・変更後の再送）。新しいキーで提出し直してください。',
    en: 'This idempotency key belongs to a submission that is no longer current (the content or state changed). Submit again with a new key.',
  },
  PROGRAM_EXISTS_FOR_FISCAL_YEAR: {
    ja: 'この年度の事業は既に登録されています（1年度につき1事業）。',
    en: 'A programme already exists for this fiscal year (one per year).',
  },
  BUDGET_CHANGE_PENDING: {
    ja: 'この伴走支援には承認待ちの予算変更申請があります。事務局の判断をお待ちください。',
    en: "A budget change of this engagement is awaiting the secretariat's decision.",
  },
  UNKNOWN_TEMPLATE_PLACEHOLDER: {
    ja: '通知のひな形に使用できない差し込み項目が含まれています。',
    en: 'The notice template uses a placeholder that this notice does not have.',
  },
  REQUIRED_TEMPLATE_PLACEHOLDER_MISSING: {
    ja: '通知のひな形の本文から、必要な差し込み項目（受け取った方が開くリンク）が削除されています。',
    en: "The notice template's body lacks a placeholder it must keep (the link its reader must open).",
  },
  RESET_LINK_INVALID: {
    ja: 'パスワード再設定用のリンクが無効です（使用済み、より新しいリンクの送付済み、または誤っています）。もう一度お手続きください。',
    en: 'The password reset link is not valid (used, replaced by a newer one, or wrong). Request a new one.',
  },
  RESET_LINK_EXPIRED: {
    ja: 'パスワード再設定用のリンクの有効期限が切れています。もう一度お手続きください。',
    en: 'The password reset link has expired. Request a new one.',
  },
  TOTP_REQUIRED: {
    ja: '2段階認証を設定しているアカウントです。認証アプリに表示されている6桁の確認コードを入力してください。',
    en: 'This account uses a second factor: enter the 6-digit code your authenticator app shows.',
  },
  TOTP_INVALID: {
    ja: '確認コードが正しくないか、既に使用されています。認証アプリの新しいコードを入力してください。',
    en: 'The code is wrong or was used already. Enter the next code your authenticator app shows.',
  },
  INTERNAL_SERVER_ERROR: { ja: 'システムエラーが発生しました。', en: 'Internal error.' },
} as const satisfies Record<string, { ja: string; en: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** Extra facts for the client (field names, counts); never personal data. */
    readonly details: Record<string, unknown> = {},
    /** A more specific message pair than the catalogue's default. */
    readonly messages: { ja: string; en: string } = ERROR_CATALOGUE[code],
  ) {
    super(messages.en);
    this.name = 'DomainError';
  }
}

export const notFound = () => new DomainError('NOT_FOUND');
export const forbidden = () => new DomainError('FORBIDDEN');
