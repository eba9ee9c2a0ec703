import type { TFunction } from 'i18next';
import type { SecretariatMatchingRunFieldsFragment } from '../../../gql/graphql';

export type Run = SecretariatMatchingRunFieldsFragment;

/** A label for every reason code, and the code itself (never a blank) for one this client does not know yet. */
export function whyLabel(t: TFunction, code: string): string {
  return t(`why.${code}`, { defaultValue: t('why.other', { code }) });
}

export function unsupportedLabel(t: TFunction, code: string, reasonJa?: string, lang = 'ja'): string {
  const known = t(`unsupportedReason.${code}`, { defaultValue: '' });
  if (known) return known;
  return lang === 'ja' && reasonJa ? reasonJa : t('unsupportedReason.other', { code });
}

/** Scores to two decimals, as the evaluation shows them. */
export const score = (n: number | null | undefined) => (n == null ? '—' : n.toFixed(2));

export const selected = (run: Run) => run.matches.filter((m) => m.status === 'SELECTED');
