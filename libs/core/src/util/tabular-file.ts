import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { DomainError } from '../errors/domain-error';

/** Refused whole: the file is neither a CSV (UTF-8 or Shift_JIS) nor an XLSX. */
export const unreadableTabularFile = () =>
  new DomainError(
    'VALIDATION_FAILED',
    { field: 'content' },
    {
      ja: 'ファイルを読み取れません（CSV（UTF-8またはShift_JIS）またはXLSXを指定してください）。',
      en: 'The file cannot be read (give a CSV in UTF-8 or Shift_JIS, or an XLSX).',
    },
  );

/** CSV from Excel in Japan is often Shift_JIS: UTF-8 when the bytes are valid UTF-8, else Shift_JIS. */
export function decodeCsvText(buffer: Buffer): string {
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

/**
 * The cells of an uploaded CSV or XLSX (first sheet), row by row as the spreadsheet numbers them (blank rows kept, so a
 * report's row numbers match what the person sees). At most `maxRows + 1` rows of an XLSX are read.
 */
export async function readTabularFile(fileName: string, buffer: Buffer, maxRows: number): Promise<string[][]> {
  // An XLSX is a zip: its bytes start with PK.
  if (buffer.subarray(0, 2).toString('latin1') === 'PK') {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    } catch {
      throw unreadableTabularFile();
    }
    const ws = wb.worksheets[0];
    if (!ws) throw unreadableTabularFile();
    const out: string[][] = [];
    for (let r = 1; r <= Math.min(ws.rowCount, maxRows + 1); r++) {
      const row = ws.getRow(r);
      const cells: string[] = [];
      for (let c = 1; c <= Math.max(row.cellCount, 1); c++) cells.push(cellText(row.getCell(c).value));
      out.push(cells);
    }
    return out;
  }
  if (/\.xlsx?$/i.test(fileName)) throw unreadableTabularFile();
  try {
    return parse(decodeCsvText(buffer), { relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
  } catch {
    throw unreadableTabularFile();
  }
}
