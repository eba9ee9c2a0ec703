import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { DomainError } from '@app/core';
import { matchHeader, PAST_SELECTION_COLUMN_LABELS, PastSelectionColumn, PastSelectionRow } from './domain/past-selections';

/** More rows than any year's selections could have (47 prefectures × their municipalities): a wrong file, refused whole. */
const MAX_ROWS = 2000;

const unreadable = () =>
  new DomainError(
    'VALIDATION_FAILED',
    { field: 'content' },
    {
      ja: 'ファイルを読み取れません（CSV（UTF-8またはShift_JIS）またはXLSXを指定してください）。',
      en: 'The file cannot be read (give a CSV in UTF-8 or Shift_JIS, or an XLSX).',
    },
  );

/** CSV from Excel in Japan is often Shift_JIS: UTF-8 when the bytes are valid UTF-8, else Shift_JIS. */
function decodeText(buffer: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('shift_jis').decode(buffer);
  }
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if (v instanceof Date) return v.toISOString();
    return '';
  }
  return String(v);
}

async function tableOf(fileName: string, buffer: Buffer): Promise<string[][]> {
  // An XLSX is a zip: its bytes start with PK.
  if (buffer.subarray(0, 2).toString('latin1') === 'PK') {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    } catch {
      throw unreadable();
    }
    const ws = wb.worksheets[0];
    if (!ws) throw unreadable();
    const out: string[][] = [];
    // Row numbers as the spreadsheet shows them, blank rows kept so that the report's numbers match.
    for (let r = 1; r <= Math.min(ws.rowCount, MAX_ROWS + 1); r++) {
      const row = ws.getRow(r);
      const cells: string[] = [];
      for (let c = 1; c <= Math.max(row.cellCount, 1); c++) cells.push(cellText(row.getCell(c).value));
      out.push(cells);
    }
    return out;
  }
  if (/\.xlsx?$/i.test(fileName)) throw unreadable();
  try {
    return parse(decodeText(buffer), { relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
  } catch {
    throw unreadable();
  }
}

/** The data rows of a past-selections file, each with its spreadsheet row number; a header without a needed column is refused. */
export async function readPastSelectionFile(fileName: string, buffer: Buffer): Promise<PastSelectionRow[]> {
  const table = await tableOf(fileName, buffer);
  if (table.length - 1 > MAX_ROWS) {
    throw new DomainError(
      'VALIDATION_FAILED',
      { field: 'content', maxRows: MAX_ROWS },
      { ja: `行数が多すぎます（上限${MAX_ROWS}行）。`, en: `Too many rows (at most ${MAX_ROWS}).` },
    );
  }
  const { index, missing } = matchHeader(table[0] ?? []);
  if (missing.length) {
    const labels = missing.map((k) => PAST_SELECTION_COLUMN_LABELS[k]);
    throw new DomainError(
      'VALIDATION_FAILED',
      { field: 'content', missingColumns: missing },
      {
        ja: `1行目の見出しに必要な列がありません：${labels.join('、')}`,
        en: `The header row (row 1) lacks the columns: ${missing.join(', ')}`,
      },
    );
  }
  const rows: PastSelectionRow[] = [];
  table.slice(1).forEach((cells, i) => {
    if (cells.every((c) => !String(c ?? '').trim())) return;
    const picked: Partial<Record<PastSelectionColumn, string>> = {};
    for (const [key, at] of Object.entries(index) as Array<[PastSelectionColumn, number]>) picked[key] = String(cells[at] ?? '');
    rows.push({ row: i + 2, cells: picked });
  });
  return rows;
}
