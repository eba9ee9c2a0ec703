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

/** The line between the body (closed by 「以上」) and the signature block. */
export const SIGNATURE_RULE = '――――――――――――――――――――';

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
    SIGNATURE_RULE,
    p.signature.trimEnd(),
    '',
  ].join('\n');
}

/** 令和8年度 (2026): the fiscal year as officials write it. */
export function fiscalYearWareki(fiscalYear: number): string {
  const reiwa = fiscalYear - 2018;
  return reiwa >= 1 ? `令和${reiwa === 1 ? '元' : reiwa}年度` : `${fiscalYear}年度`;
}

/** A letter's parts as a page lays them out; the date already in words (令和8年3月5日（木）). */
export interface LetterLayout {
  documentNumber: string;
  dateText: string;
  addressee: string;
  honorific: '御中' | '様';
  programmeLine: string;
  title: string;
  body: string;
  signature: string;
}

/**
 * The parts of a letter as stored (the text `businessLetter` wrote), for the PDF: the first lines are the document
 * number, the date, the addressee with its honorific, the programme and the title; the body runs to the 「以上」 just
 * before the rule; the signature follows the rule. Null for a text of another form (then the PDF prints it as it is).
 */
export function parseBusinessLetter(text: string): LetterLayout | null {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const rule = lines.lastIndexOf(SIGNATURE_RULE);
  if (rule < 10 || lines[rule - 1] !== '' || lines[rule - 2] !== '以上') return null;
  const [documentNumber, dateText, blank1, addresseeLine, blank2, programmeLine, blank3, title, blank4] = lines;
  const honorific = addresseeLine.endsWith(' 御中') ? '御中' : addresseeLine.endsWith(' 様') ? '様' : null;
  if (!honorific || blank1 || blank2 || blank3 || blank4) return null;
  return {
    documentNumber,
    dateText,
    addressee: addresseeLine.slice(0, -(honorific.length + 1)),
    honorific,
    programmeLine,
    title,
    body: lines
      .slice(9, rule - 3)
      .join('\n')
      .trimEnd(),
    signature: lines
      .slice(rule + 1)
      .join('\n')
      .trimEnd(),
  };
}
