import type { Lang } from './jst';

const ja = new Intl.NumberFormat('ja-JP');
const en = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'JPY' });

/** 「50,000,000円」 in Japanese, "¥50,000,000" in English. */
export function formatYen(amount: number, lang: Lang = 'ja'): string {
  return lang === 'ja' ? `${ja.format(amount)}円` : en.format(amount);
}
