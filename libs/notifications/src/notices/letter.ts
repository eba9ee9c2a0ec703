import { toWareki } from '@app/core';

/** `{{name}}` placeholders: letters, digits and underscores, nothing else (a template is text, not code). */
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

/** The placeholders a template's text uses, each once. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** The placeholders of `text` that `known` does not name: a template with any of them is refused. */
export function unknownPlaceholders(text: string, known: readonly string[]): string[] {
  return placeholdersIn(text).filter((p) => !known.includes(p));
}

/**
 * Fills the placeholders. A value is inserted as text (no further placeholder expansion inside it), and a placeholder
 * without a value is an error in the caller, not a blank in a letter sent to an official.
 */
export function fillTemplate(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    const v = vars[name];
    if (v === undefined) throw new Error(`notice template placeholder without a value: ${name}`);
    return v;
  });
}

/** What every business letter carries besides its body. */
export interface LetterParts {
  documentNumber: string;
  issuedAt: Date;
  /** 兵庫県 / 株式会社○○ / 山田 太郎 */
  addressee: string;
  honorific: '御中' | '様';
  /** 令和8年度 総務省 地域社会DX推進パッケージ事業 推進体制構築支援 */
  programmeLine: string;
  title: string;
  body: string;
  signature: string;
}

/**
 * A Japanese business letter as plain text (the mail) and the parts a PDF lays out: the document number and date at
 * the top right, the addressee, the sender, the title, the body closed by 「以上」, the signature block.
 */
export function businessLetter(p: LetterParts): string {
  return [
    p.documentNumber,
    toWareki(p.issuedAt, false),
    '',
    `${p.addressee} ${p.honorific}`,
    '',
    p.programmeLine,
    '',
    p.title,
    '',
    p.body.trimEnd(),
    '',
    '以上',
    '',
    '――――――――――――――――――――',
    p.signature.trimEnd(),
    '',
  ].join('\n');
}

/** 令和8年度 (2026): the fiscal year as officials write it. */
export function fiscalYearWareki(fiscalYear: number): string {
  const reiwa = fiscalYear - 2018;
  return reiwa >= 1 ? `令和${reiwa === 1 ? '元' : reiwa}年度` : `${fiscalYear}年度`;
}
