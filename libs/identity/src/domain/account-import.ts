import { normalizeTypedInput } from '@app/core/util/typed-input';

/** The roles a file may create (the values of Role). */
export type ImportedRole = 'PREFECTURE' | 'MUNICIPALITY' | 'MINISTRY' | 'EVALUATOR';

/** An address as mail systems accept it: one @, a dotted domain, no spaces (the API's IsEmail is stricter only at the edges). */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** What a file creates: officials' accounts (prefecture, municipality, ministry) or evaluators with their profiles. */
export type AccountFileKind = 'OFFICIALS' | 'EVALUATORS';

const COLUMNS = {
  OFFICIALS: {
    role: ['種別', 'ロール', '役割', 'role'],
    code: ['団体コード', 'コード', '都道府県・団体コード', 'code'],
    displayName: ['表示名', '氏名', 'displayName', 'display name'],
    email: ['メールアドレス', 'メール', 'email', 'e-mail'],
  },
  EVALUATORS: {
    name: ['氏名', '名前', 'name'],
    displayName: ['表示名', 'displayName', 'display name'],
    affiliation: ['所属', 'affiliation'],
    fields: ['専門分野', '分野', 'fields'],
    email: ['メールアドレス', 'メール', 'email', 'e-mail'],
  },
} as const;
const REQUIRED: Record<AccountFileKind, readonly string[]> = {
  OFFICIALS: ['role', 'code', 'displayName', 'email'],
  EVALUATORS: ['name', 'email'],
};

export type AccountRejectionCode =
  | 'REQUIRED'
  | 'TOO_LONG'
  | 'ROLE_INVALID'
  | 'CODE_INVALID'
  | 'UNKNOWN_PREFECTURE'
  | 'UNKNOWN_MUNICIPALITY'
  | 'EMAIL_INVALID'
  | 'DUPLICATE_IN_FILE'
  | 'ALREADY_REGISTERED';

const REASONS: Record<AccountRejectionCode, { ja: string; en: string }> = {
  REQUIRED: { ja: '値がありません。', en: 'The value is missing.' },
  TOO_LONG: { ja: '長すぎます。', en: 'The value is too long.' },
  ROLE_INVALID: {
    ja: '種別は「都道府県」「市区町村」「省庁」のいずれかにしてください。',
    en: 'The role must be PREFECTURE, MUNICIPALITY or MINISTRY.',
  },
  CODE_INVALID: {
    ja: 'コードの形式が正しくありません（都道府県は2桁、市区町村は6桁の団体コード）。',
    en: 'The code is malformed (2 digits for a prefecture, the 6-digit 団体コード for a municipality).',
  },
  UNKNOWN_PREFECTURE: { ja: 'この都道府県コードはありません。', en: 'No prefecture has this code.' },
  UNKNOWN_MUNICIPALITY: { ja: 'この団体コードの市区町村はありません。', en: 'No municipality has this code.' },
  EMAIL_INVALID: { ja: 'メールアドレスの形式が正しくありません。', en: 'The e-mail address is malformed.' },
  DUPLICATE_IN_FILE: { ja: 'このメールアドレスはファイル内で重複しています。', en: 'This e-mail address appears twice in the file.' },
  ALREADY_REGISTERED: { ja: 'このメールアドレスは既に登録されています。', en: 'This e-mail address is already registered.' },
};

export interface AccountRejection {
  row: number;
  column: string | null;
  value: string | null;
  code: AccountRejectionCode;
  ja: string;
  en: string;
}

/** A row that passed, ready to create. */
export interface AccountRow {
  row: number;
  email: string;
  displayName: string;
  role: ImportedRole;
  prefectureCode: string | null;
  municipalityCode: string | null;
  /** Evaluators only. */
  name: string | null;
  affiliation: string | null;
  fields: string[];
}

const ROLE_NAMES: Record<string, ImportedRole> = {
  PREFECTURE: 'PREFECTURE',
  都道府県: 'PREFECTURE',
  MUNICIPALITY: 'MUNICIPALITY',
  市区町村: 'MUNICIPALITY',
  MINISTRY: 'MINISTRY',
  省庁: 'MINISTRY',
  府省: 'MINISTRY',
};

const fold = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/^\uFEFF/, '')
    .replace(/\s+/g, '')
    .toLowerCase();

export function matchAccountHeader(kind: AccountFileKind, header: readonly string[]): { index: Record<string, number>; missing: string[] } {
  const index: Record<string, number> = {};
  header.forEach((h, i) => {
    for (const [key, names] of Object.entries(COLUMNS[kind]) as Array<[string, readonly string[]]>) {
      if (index[key] === undefined && names.some((n) => fold(n) === fold(h))) index[key] = i;
    }
  });
  return { index, missing: REQUIRED[kind].filter((k) => index[k] === undefined) };
}

/** The Japanese label of a column, for the header error. */
export const accountColumnLabel = (kind: AccountFileKind, key: string): string => (COLUMNS[kind] as Record<string, readonly string[]>)[key]?.[0] ?? key;

/** 全角 digits and hyphens as officials type them, and the leading zero a spreadsheet drops. */
function digits(value: string, width: number): string | null {
  const s = normalizeTypedInput('code', value).replace(/[-‐−ー]/g, '');
  if (!/^\d+$/.test(s) || s.length > width || s.length < width - 1) return null;
  return s.padStart(width, '0');
}

/** The codes a file names, folded, so the caller reads only those from master data. */
export function codesOf(rows: ReadonlyArray<{ cells: Record<string, string> }>): { prefectures: string[]; municipalities: string[] } {
  const p = new Set<string>();
  const mu = new Set<string>();
  for (const r of rows) {
    const v = r.cells.code ?? '';
    const six = digits(v, 6);
    const two = digits(v, 2);
    if (six) mu.add(six);
    if (two) p.add(two);
  }
  return { prefectures: [...p], municipalities: [...mu] };
}

export interface AccountLookups {
  prefectures: ReadonlySet<string>;
  /** Basic municipalities (市区町村) by 団体コード, with their prefecture. */
  municipalities: ReadonlyMap<string, { prefectureCode: string }>;
  /** E-mail addresses (lower-case) that already have an account. */
  registered: ReadonlySet<string>;
}

/** Every rejected cell of the file, and the rows that passed; the caller creates nothing while any row is rejected. */
export function validateAccountRows(
  kind: AccountFileKind,
  rows: ReadonlyArray<{ row: number; cells: Record<string, string> }>,
  look: AccountLookups,
): { accepted: AccountRow[]; rejections: AccountRejection[] } {
  const rejections: AccountRejection[] = [];
  const accepted: AccountRow[] = [];
  const seen = new Map<string, number>();
  for (const { row, cells } of rows) {
    const before = rejections.length;
    const reject = (column: string, value: string | null, code: AccountRejectionCode) =>
      rejections.push({ row, column, value: value === null ? null : value, code, ...REASONS[code] });
    const text = (column: string, max: number, required: boolean): string => {
      const v = (cells[column] ?? '').trim();
      if (!v && required) reject(column, cells[column] ?? null, 'REQUIRED');
      else if (v.length > max) reject(column, cells[column], 'TOO_LONG');
      return v;
    };

    const rawEmail = cells.email ?? '';
    const email = normalizeTypedInput('email', rawEmail).toLowerCase();
    if (!email) reject('email', rawEmail || null, 'REQUIRED');
    else if (email.length > 254 || !EMAIL.test(email)) reject('email', rawEmail, 'EMAIL_INVALID');
    else if (seen.has(email)) reject('email', rawEmail, 'DUPLICATE_IN_FILE');
    else if (look.registered.has(email)) reject('email', rawEmail, 'ALREADY_REGISTERED');
    if (email && !seen.has(email)) seen.set(email, row);

    let role: ImportedRole = 'EVALUATOR';
    let prefectureCode: string | null = null;
    let municipalityCode: string | null = null;
    let name: string | null = null;
    let affiliation: string | null = null;
    let fields: string[] = [];
    let displayName: string;
    if (kind === 'OFFICIALS') {
      const rawRole = cells.role ?? '';
      const r = ROLE_NAMES[normalizeTypedInput('code', rawRole).toUpperCase()];
      if (!rawRole.trim()) reject('role', rawRole || null, 'REQUIRED');
      else if (!r) reject('role', rawRole, 'ROLE_INVALID');
      else role = r;
      const rawCode = cells.code ?? '';
      if (r === 'PREFECTURE') {
        const c = digits(rawCode, 2);
        if (!rawCode.trim()) reject('code', rawCode || null, 'REQUIRED');
        else if (!c) reject('code', rawCode, 'CODE_INVALID');
        else if (!look.prefectures.has(c)) reject('code', rawCode, 'UNKNOWN_PREFECTURE');
        else prefectureCode = c;
      } else if (r === 'MUNICIPALITY') {
        const c = digits(rawCode, 6);
        const m = c ? look.municipalities.get(c) : undefined;
        if (!rawCode.trim()) reject('code', rawCode || null, 'REQUIRED');
        else if (!c) reject('code', rawCode, 'CODE_INVALID');
        else if (!m) reject('code', rawCode, 'UNKNOWN_MUNICIPALITY');
        else {
          municipalityCode = c;
          prefectureCode = m.prefectureCode;
        }
      }
      displayName = text('displayName', 100, true);
    } else {
      name = text('name', 100, true);
      displayName = (cells.displayName ?? '').trim() ? text('displayName', 100, false) : name;
      affiliation = text('affiliation', 200, false);
      fields = (cells.fields ?? '')
        .split(/[;；、,，/／\n]/)
        .map((f) => f.trim())
        .filter(Boolean);
      if (fields.length > 20 || fields.some((f) => f.length > 100)) reject('fields', cells.fields ?? null, 'TOO_LONG');
    }
    if (rejections.length === before) accepted.push({ row, email, displayName, role, prefectureCode, municipalityCode, name, affiliation, fields });
  }
  return { accepted, rejections };
}
