import type { CombinedError } from 'urql';
import { formatDateTime, type Lang } from '../format/jst';

/**
 * THE one map from the API's error codes (`extensions.code`, libs/core/src/errors/domain-error.ts) to what the user
 * reads and what to do next. Pages never word errors themselves: they show <ErrorNotice error={…} />.
 * The server's own message (messageJa/messageEn) says what happened, often with specifics (the deadline, the missing
 * items); this map adds the next step.
 */
export type NextStep = 'signin' | 'reload' | 'retry' | 'fix' | 'wait' | 'contact' | 'back' | 'none';

interface Entry {
  next: NextStep;
  ja: string;
  en: string;
}

const MAP: Record<string, Entry> = {
  UNAUTHENTICATED: {
    next: 'signin',
    ja: 'ログインの有効期限が切れたか、ログインしていません。入力中の内容はこの端末に保存されています。もう一度ログインしてください。',
    en: 'Your sign-in has expired or you are not signed in. What you typed is kept on this device. Sign in again.',
  },
  INVALID_CREDENTIALS: {
    next: 'fix',
    ja: 'メールアドレスとパスワードを確かめて、もう一度入力してください。',
    en: 'Check your e-mail address and password and try again.',
  },
  FORBIDDEN: { next: 'back', ja: 'このページは別の権限のアカウントで利用します。', en: 'This needs an account with another role.' },
  NOT_FOUND: { next: 'back', ja: 'URLを確かめるか、一覧から選び直してください。', en: 'Check the address, or choose again from the list.' },
  VALIDATION_FAILED: { next: 'fix', ja: '表示された項目を直してから、もう一度送信してください。', en: 'Correct the fields shown and send again.' },
  CONFLICT: {
    next: 'reload',
    ja: '他の担当者が先に更新しました。最新の内容を読み込み、変更点を確かめてからやり直してください。入力した内容は残っています。',
    en: 'Someone else saved a change first. Reload to see what changed, then make your change again. What you typed is kept.',
  },
  DEADLINE_PASSED: {
    next: 'contact',
    ja: '締切後の提出・変更は受け付けられません。事情がある場合は事務局にお問い合わせください。',
    en: 'Nothing can be submitted or changed after the deadline. Contact the secretariat if you have a reason.',
  },
  CALL_NOT_OPEN: { next: 'wait', ja: '受付開始後にもう一度お試しください。', en: 'Try again once the call opens.' },
  INVALID_STATE: { next: 'reload', ja: '最新の状態を読み込んで確かめてください。', en: 'Reload to see the current state.' },
  APPLICATION_INCOMPLETE: { next: 'fix', ja: '不足している項目を入力してから提出してください。', en: 'Complete the missing items, then submit.' },
  BUDGET_OVER_CAP: { next: 'fix', ja: '上限以内の金額に直してください。', en: 'Enter an amount within the cap.' },
  RATE_LIMITED: { next: 'wait', ja: 'しばらく待ってから、もう一度お試しください。', en: 'Wait a moment and try again.' },
  REQUEST_TIMEOUT: {
    next: 'retry',
    ja: '通信状態を確かめて、もう一度送信してください。入力内容は残っています。',
    en: 'Check your connection and send again. What you typed is kept.',
  },
  NETWORK: {
    next: 'retry',
    ja: 'サーバーに接続できませんでした。通信状態を確かめて、もう一度お試しください。入力内容はこの端末に保存されています。',
    en: 'The server could not be reached. Check your connection and try again. What you typed is kept on this device.',
  },
  INTERNAL_SERVER_ERROR: {
    next: 'retry',
    ja: 'しばらくしてからもう一度お試しください。続く場合は、下の問い合わせ番号を添えて事務局にご連絡ください。',
    en: 'Try again in a moment. If it persists, contact the secretariat with the reference below.',
  },
  VENDOR_NOT_APPROVED: {
    next: 'wait',
    ja: '事務局の承認をお待ちください。承認されるとメールでお知らせします。',
    en: 'Wait for the secretariat to approve your registration.',
  },
  VENDOR_SUSPENDED: { next: 'contact', ja: '詳しくは事務局にお問い合わせください。', en: 'Contact the secretariat for details.' },
  FILE_TOO_LARGE: { next: 'fix', ja: 'ファイルを小さくしてからアップロードしてください。', en: 'Make the file smaller and upload again.' },
  FILE_TYPE_NOT_ALLOWED: { next: 'fix', ja: 'PDF、PNG、JPEG、DOCX のいずれかでアップロードしてください。', en: 'Upload a PDF, PNG, JPEG or DOCX file.' },
  SESSION_FULL: { next: 'back', ja: '他の回の説明会をお選びください。', en: 'Choose another session.' },
  REGISTRATION_CLOSED: { next: 'back', ja: '他の回の説明会をお選びください。', en: 'Choose another session.' },
  FREE_MAIL_ADDRESS: { next: 'fix', ja: '所属先のメールアドレスを入力してください。', en: 'Enter your work e-mail address.' },
  RESET_LINK_INVALID: {
    next: 'fix',
    ja: '最後に届いたメールのリンクを開くか、下の「再設定用のメールを送る」からもう一度お手続きください。',
    en: 'Open the link of the latest mail, or request a new mail below.',
  },
  RESET_LINK_EXPIRED: { next: 'fix', ja: '下の「再設定用のメールを送る」からもう一度お手続きください。', en: 'Request a new mail below.' },
  REQUIRED_TEMPLATE_PLACEHOLDER_MISSING: {
    next: 'fix',
    ja: '本文に差し込み項目を戻してから、もう一度保存してください。',
    en: 'Put the placeholder back into the body and save again.',
  },
};

const FALLBACK: Entry = { next: 'retry', ja: '内容を確かめて、もう一度お試しください。', en: 'Check and try again.' };

export interface DescribedError {
  code: string;
  /** What happened (the server's words where it gave them). */
  message: string;
  /** What to do next. */
  nextText: string;
  next: NextStep;
  /** DEADLINE_PASSED: the deadline, in JST with the era. */
  deadline?: string;
  /** INTERNAL_SERVER_ERROR: the correlation id to quote. */
  correlationId?: string;
  /** VALIDATION_FAILED: the input fields named by the server. */
  fields?: string[];
  details?: Record<string, unknown>;
}

interface ErrorExtensions {
  code?: string;
  messageJa?: string;
  messageEn?: string;
  details?: Record<string, unknown>;
  correlationId?: string;
}

/** The first error's extensions, or a NETWORK pseudo-code when the request never got an answer. */
export function errorCode(error: CombinedError | undefined | null): string | undefined {
  if (!error) return undefined;
  const ext = error.graphQLErrors[0]?.extensions as ErrorExtensions | undefined;
  if (ext?.code) return ext.code;
  return error.networkError ? 'NETWORK' : 'INTERNAL_SERVER_ERROR';
}

export function describeError(error: CombinedError, lang: Lang): DescribedError {
  const ext = (error.graphQLErrors[0]?.extensions ?? {}) as ErrorExtensions;
  const code = errorCode(error) ?? 'INTERNAL_SERVER_ERROR';
  const entry = MAP[code] ?? FALLBACK;
  const network = MAP.NETWORK;
  const message =
    (lang === 'ja' ? ext.messageJa : ext.messageEn) ??
    (code === 'NETWORK' ? (lang === 'ja' ? network.ja : network.en) : (error.graphQLErrors[0]?.message ?? ''));
  const details = ext.details ?? {};
  const closesAt = typeof details.closesAt === 'string' ? details.closesAt : undefined;
  const fields = Array.isArray(details.fields) ? (details.fields as { field?: string }[]).map((f) => String(f.field ?? '')).filter(Boolean) : undefined;
  return {
    code,
    message: code === 'NETWORK' ? '' : message,
    nextText: lang === 'ja' ? entry.ja : entry.en,
    next: entry.next,
    deadline: closesAt ? formatDateTime(closesAt, lang) : undefined,
    correlationId: ext.correlationId,
    fields,
    details,
  };
}
