/**
 * Past selections (過去の支援地域の選定実績): the regions selected in fiscal years before this platform, imported by the
 * secretariat so that the repeat-applicant rule (応募要件 2) applies from the first live year. One row of the file is one
 * partner municipality of one selected prefecture in one fiscal year; the rows of a (year, prefecture) form one selection.
 *
 * The import is all-or-nothing: a rejected row of a selection would silently lower that prefecture's partner count, and
 * with it the number its next application must exceed, so nothing is saved until every row is accepted.
 */

/** Header names officials may use, Japanese or English (matched after NFKC, case and spaces ignored). */
export const PAST_SELECTION_COLUMNS = {
  fiscalYear: ['年度', '選定年度', 'fiscalyear', 'fiscal_year', 'year'],
  prefectureCode: ['都道府県コード', '都道府県団体コード', 'prefecturecode', 'prefecture_code'],
  municipalityCode: ['連携市区町村コード', '市区町村コード', '連携市町村コード', '団体コード', 'municipalitycode', 'municipality_code', 'lgcode'],
} as const;
export type PastSelectionColumn = keyof typeof PAST_SELECTION_COLUMNS;

/** Column labels for the report, as the secretariat's template names them. */
export const PAST_SELECTION_COLUMN_LABELS: Record<PastSelectionColumn, string> = {
  fiscalYear: '年度',
  prefectureCode: '都道府県コード',
  municipalityCode: '連携市区町村コード',
};

/** The first fiscal year of the programme's predecessors that the import accepts (令和元年度). */
export const FIRST_IMPORTABLE_FISCAL_YEAR = 2019;

export interface PastSelectionRow {
  /** The row's number in the file as a spreadsheet shows it (the header is row 1). */
  row: number;
  cells: Partial<Record<PastSelectionColumn, string>>;
}

export interface PastSelectionRejection {
  row: number;
  column: PastSelectionColumn | null;
  value: string | null;
  code: string;
  ja: string;
  en: string;
}

export interface PastSelectionGroup {
  fiscalYear: number;
  prefectureCode: string;
  partnerCodes: string[];
  rows: number[];
}

export interface PastSelectionLookups {
  /** Two-digit code → the prefecture's six-digit 団体コード. */
  prefectures: ReadonlyMap<string, { lgCode: string; name: string }>;
  municipalities: ReadonlyMap<string, { prefectureCode: string; name: string; isBasic: boolean }>;
  /** `${fiscalYear}:${prefectureCode}` of selections already on record (imported, or adopted on this platform). */
  recorded: ReadonlySet<string>;
  /** The fiscal year now (April–March, Japan time): only earlier years are past. */
  currentFiscalYear: number;
}

/** Maps a header row to column keys; the missing required columns are returned too. */
export function matchHeader(header: readonly string[]): { index: Partial<Record<PastSelectionColumn, number>>; missing: PastSelectionColumn[] } {
  const fold = (s: string) =>
    s
      .normalize('NFKC')
      .replace(/^\uFEFF/, '')
      .replace(/\s+/g, '')
      .toLowerCase();
  const index: Partial<Record<PastSelectionColumn, number>> = {};
  header.forEach((h, i) => {
    const f = fold(h);
    for (const [key, names] of Object.entries(PAST_SELECTION_COLUMNS) as Array<[PastSelectionColumn, readonly string[]]>) {
      if (index[key] === undefined && names.some((n) => fold(n) === f)) index[key] = i;
    }
  });
  const missing = (Object.keys(PAST_SELECTION_COLUMNS) as PastSelectionColumn[]).filter((k) => index[k] === undefined);
  return { index, missing };
}

/** 全角 digits and hyphens as officials type them, and the leading zero a spreadsheet drops from a code. */
function digits(value: string, width: number): string | null {
  const s = value
    .normalize('NFKC')
    .trim()
    .replace(/[-‐−ー]/g, '');
  if (!/^\d+$/.test(s) || s.length > width) return null;
  return s.padStart(width, '0');
}

const ERAS: Array<[RegExp, number]> = [
  [/^(?:令和|R)(元|\d{1,2})(?:年度?)?$/i, 2018],
  [/^(?:平成|H)(元|\d{1,2})(?:年度?)?$/i, 1988],
];

/** 2024, 2024年度, 令和6年度, R6 (全角 or 半角) → 2024. */
export function parseFiscalYear(value: string): number | null {
  const s = value.normalize('NFKC').replace(/\s+/g, '');
  const western = /^(\d{4})(?:年度?)?$/.exec(s);
  if (western) return Number(western[1]);
  for (const [re, base] of ERAS) {
    const m = re.exec(s);
    if (m) return base + (m[1] === '元' ? 1 : Number(m[1]));
  }
  return null;
}

/** Validates every row; the selections are only to be saved when no row is rejected. */
export function validatePastSelections(
  rows: readonly PastSelectionRow[],
  lookups: PastSelectionLookups,
): { groups: PastSelectionGroup[]; rejections: PastSelectionRejection[] } {
  const rejections: PastSelectionRejection[] = [];
  const reject = (row: number, column: PastSelectionColumn | null, value: string | null, code: string, ja: string, en: string) =>
    rejections.push({ row, column, value, code, ja, en });
  const groups = new Map<string, PastSelectionGroup>();
  const seen = new Map<string, number>();

  for (const { row, cells } of rows) {
    const rawYear = (cells.fiscalYear ?? '').trim();
    const rawPref = (cells.prefectureCode ?? '').trim();
    const rawMuni = (cells.municipalityCode ?? '').trim();
    let ok = true;

    const fiscalYear = rawYear ? parseFiscalYear(rawYear) : null;
    if (!rawYear) {
      ok = false;
      reject(row, 'fiscalYear', null, 'REQUIRED', '年度が入力されていません。', 'The fiscal year is missing.');
    } else if (fiscalYear === null) {
      ok = false;
      reject(
        row,
        'fiscalYear',
        rawYear,
        'FISCAL_YEAR_INVALID',
        '年度は「2024」または「令和6年度」の形式で入力してください。',
        'Write the fiscal year as 2024 or 令和6年度.',
      );
    } else if (fiscalYear < FIRST_IMPORTABLE_FISCAL_YEAR || fiscalYear >= lookups.currentFiscalYear) {
      ok = false;
      reject(
        row,
        'fiscalYear',
        rawYear,
        'FISCAL_YEAR_NOT_PAST',
        `取り込めるのは${FIRST_IMPORTABLE_FISCAL_YEAR}年度から${lookups.currentFiscalYear - 1}年度までの選定実績です。`,
        `Only selections of FY${FIRST_IMPORTABLE_FISCAL_YEAR} to FY${lookups.currentFiscalYear - 1} can be imported.`,
      );
    }

    // A prefecture is written as its two-digit code or its six-digit 団体コード (e.g. 28 or 280003).
    let prefectureCode: string | null = null;
    const pref = rawPref ? digits(rawPref, rawPref.normalize('NFKC').trim().length > 2 ? 6 : 2) : null;
    if (!rawPref) {
      ok = false;
      reject(row, 'prefectureCode', null, 'REQUIRED', '都道府県コードが入力されていません。', 'The prefecture code is missing.');
    } else {
      const two = pref?.length === 6 ? pref.slice(0, 2) : pref;
      const known = two ? lookups.prefectures.get(two) : undefined;
      if (!known || (pref!.length === 6 && known.lgCode !== pref)) {
        ok = false;
        reject(
          row,
          'prefectureCode',
          rawPref,
          'UNKNOWN_PREFECTURE',
          '都道府県コードが見つかりません（01〜47、または6桁の団体コード）。',
          'Unknown prefecture code (01–47, or its six-digit code).',
        );
      } else prefectureCode = two;
    }

    let municipalityCode: string | null = null;
    const muni = rawMuni ? digits(rawMuni, 6) : null;
    if (!rawMuni) {
      ok = false;
      reject(row, 'municipalityCode', null, 'REQUIRED', '連携市区町村コードが入力されていません。', 'The partner municipality code is missing.');
    } else {
      const known = muni ? lookups.municipalities.get(muni) : undefined;
      if (!known) {
        ok = false;
        reject(
          row,
          'municipalityCode',
          rawMuni,
          'UNKNOWN_MUNICIPALITY',
          '全国地方公共団体コードに該当する市区町村がありません。',
          'No municipality has this local-government code.',
        );
      } else if (!known.isBasic) {
        ok = false;
        reject(
          row,
          'municipalityCode',
          rawMuni,
          'NOT_A_PARTNER_CANDIDATE',
          `${known.name}は連携市区町村にできません（政令指定都市の区は市のコードで入力してください）。`,
          'Not a basic local government (enter a designated-city ward as its city).',
        );
      } else if (prefectureCode && known.prefectureCode !== prefectureCode) {
        ok = false;
        reject(
          row,
          'municipalityCode',
          rawMuni,
          'NOT_IN_PREFECTURE',
          `${known.name}は${lookups.prefectures.get(prefectureCode)!.name}の管内の市区町村ではありません。`,
          'The municipality is not inside the prefecture of the row.',
        );
      } else municipalityCode = muni;
    }

    if (!ok || fiscalYear === null || !prefectureCode || !municipalityCode) continue;
    const groupKey = `${fiscalYear}:${prefectureCode}`;
    if (lookups.recorded.has(groupKey)) {
      reject(
        row,
        'prefectureCode',
        rawPref,
        'ALREADY_RECORDED',
        `${fiscalYear}年度の${lookups.prefectures.get(prefectureCode)!.name}の選定実績は既に登録されています。`,
        `The FY${fiscalYear} selection of this prefecture is already on record.`,
      );
      continue;
    }
    const rowKey = `${groupKey}:${municipalityCode}`;
    const first = seen.get(rowKey);
    if (first !== undefined) {
      reject(row, 'municipalityCode', rawMuni, 'DUPLICATE_ROW', `${first}行目と重複しています。`, `Duplicates row ${first}.`);
      continue;
    }
    seen.set(rowKey, row);
    const g = groups.get(groupKey) ?? { fiscalYear, prefectureCode, partnerCodes: [], rows: [] };
    g.partnerCodes.push(municipalityCode);
    g.rows.push(row);
    groups.set(groupKey, g);
  }
  rejections.sort((a, b) => a.row - b.row);
  return { groups: [...groups.values()].sort((a, b) => a.fiscalYear - b.fiscalYear || a.prefectureCode.localeCompare(b.prefectureCode)), rejections };
}

/** The fiscal year (April to March) of a Japan-time calendar date `YYYY-MM-DD`. */
export function fiscalYearOfJstDate(jstIsoDate: string): number {
  const [y, m] = jstIsoDate.split('-').map(Number);
  return m >= 4 ? y : y - 1;
}
