import { DomainError, readTabularFile } from '@app/core';
import { matchHeader, PAST_SELECTION_COLUMN_LABELS, PastSelectionColumn, PastSelectionRow } from './domain/past-selections';

/** More rows than any year's selections could have (47 prefectures × their municipalities): a wrong file, refused whole. */
const MAX_ROWS = 2000;

/** The data rows of a past-selections file, each with its spreadsheet row number; a header without a needed column is refused. */
export async function readPastSelectionFile(fileName: string, buffer: Buffer): Promise<PastSelectionRow[]> {
  const table = await readTabularFile(fileName, buffer, MAX_ROWS);
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
