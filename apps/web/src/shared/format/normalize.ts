/**
 * 全角/半角: people type 「１２３」「ＡＢＣ」 and full-width spaces as often as ASCII. NFKC folds them (and half-width
 * katakana) into one form before anything is searched or parsed.
 */
export function nfkc(value: string): string {
  return value.normalize('NFKC');
}

/** Search text: NFKC, spaces (the full-width one too) collapsed, trimmed. */
export function normalizeSearch(value: string): string {
  return nfkc(value).replace(/\s+/g, ' ').trim();
}

/**
 * A number as typed: 「１，０００，０００円」「¥1,000,000」「1 000 000」 → 1000000. Returns null for anything that is not a
 * whole number (the form then says so); never guesses.
 */
export function parseIntegerInput(value: string): number | null {
  const s = nfkc(value)
    .replace(/[,\s円¥￥]/g, '')
    .replace(/^\+/, '');
  if (!/^-?\d+$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}
