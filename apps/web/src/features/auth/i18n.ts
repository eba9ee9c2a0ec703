import type { FeatureResources } from '../../shared/i18n/types';

export const authI18n: FeatureResources = {
  namespace: 'auth',
  ja: {
    signIn: {
      title: 'ログイン',
      lead: '事務局から通知されたメールアドレスとパスワードでログインしてください。',
      email: 'メールアドレス',
      password: 'パスワード',
      submit: 'ログインする',
      emailMissing: 'メールアドレスを入力してください',
      passwordMissing: 'パスワードを入力してください',
      failed: 'メールアドレスまたはパスワードが正しくありません',
      register: '伴走支援事業者として参加を希望する方は、事業者の登録をしてください。',
      registerLink: '事業者の登録へ',
      again: '前回のログインの有効期限が切れました。もう一度ログインすると、入力途中の内容から再開できます。',
    },
    signOut: { title: 'ログアウトしました', body: '共用のパソコンをお使いの場合は、ブラウザを閉じてください。', again: 'もう一度ログインする' },
  },
  en: {
    signIn: {
      title: 'Sign in',
      lead: 'Sign in with the e-mail address and password the secretariat sent you.',
      email: 'E-mail address',
      password: 'Password',
      submit: 'Sign in',
      emailMissing: 'Enter your e-mail address',
      passwordMissing: 'Enter your password',
      failed: 'The e-mail address or password is wrong',
      register: 'Vendors who wish to take part: register your company first.',
      registerLink: 'Register as a vendor',
      again: 'Your previous sign-in expired. Sign in again to carry on where you left off.',
    },
    signOut: { title: 'You have signed out', body: 'On a shared computer, close the browser.', again: 'Sign in again' },
  },
};
