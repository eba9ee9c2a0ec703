import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { completeDraft, createProgramAndCall, createTestApp, errorCode, gql, ok, signIn, STANDARD_ACCOUNTS, submit, TestApp } from './support';

const IMPORT = `mutation($i: ImportPastSelectionsInput!) {
  importPastSelections(input: $i) {
    imported dryRun rowCount acceptedRowCount rejectedRowCount
    selections { id fiscalYear prefectureCode partnerCodes partnerCount }
    rejections { row column value code reasonJa reasonEn }
  }
}`;
const LIST = '{ pastSelections { id fiscalYear prefectureCode partnerCodes partnerCount prefecture { name } } }';

const csv = (text: string) => Buffer.from(text, 'utf8').toString('base64');

async function xlsx(rows: Array<Array<string | number>>): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('選定実績');
  rows.forEach((r) => ws.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

describe('past selections (過去の選定実績): imported, validated, audited, and read by the repeat-applicant rule', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let db: DataSource;
  let r7: string;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    t.clock.set('2025-01-20T09:00:00+09:00'); // fiscal year 2024 (令和6年度): only FY2023 and before are past
    tok = await signIn(t.app, STANDARD_ACCOUNTS);
  });
  afterAll(() => t?.close());

  it('refuses the whole file when any row is bad, and reports each bad row with its row number, column and reason', async () => {
    const file = [
      '年度,都道府県コード,連携市区町村コード,備考',
      '令和5年度,２８,２８２０９０,全角数字は受け付ける', // row 2: accepted (NFKC)
      '2023,28,282120,', // row 3: accepted
      '2023,28,282090,', // row 4: duplicate of row 2
      '2023,28,999999,', // row 5: unknown municipality
      '2023,28,202011,', // row 6: 長野市 is not in 兵庫県
      '2024,20,202011,', // row 7: FY2024 is the current fiscal year, not past
      'R5,99,202011,', // row 8: unknown prefecture
      ',20,202029,', // row 9: fiscal year missing
      '2023年,20,281018,', // row 10: 神戸市東灘区 is a designated-city ward
      ',,,', // blank row: skipped
      'abc,20,202037,', // row 12: fiscal year unreadable
    ].join('\r\n');
    const r = ok(await gql(t.app, IMPORT, { i: { fileName: '過去選定実績.csv', contentBase64: csv(file) } }, tok.secretariat)).importPastSelections;
    expect(r).toMatchObject({ imported: false, dryRun: false, rowCount: 10, acceptedRowCount: 2, rejectedRowCount: 8 });
    expect(r.rejections.map((x: any) => [x.row, x.column, x.code])).toEqual([
      [4, 'municipalityCode', 'DUPLICATE_ROW'],
      [5, 'municipalityCode', 'UNKNOWN_MUNICIPALITY'],
      [6, 'municipalityCode', 'NOT_IN_PREFECTURE'],
      [7, 'fiscalYear', 'FISCAL_YEAR_NOT_PAST'],
      [8, 'prefectureCode', 'UNKNOWN_PREFECTURE'],
      [9, 'fiscalYear', 'REQUIRED'],
      [10, 'municipalityCode', 'NOT_A_PARTNER_CANDIDATE'],
      [12, 'fiscalYear', 'FISCAL_YEAR_INVALID'],
    ]);
    expect(r.rejections[0]).toMatchObject({ value: '282090', reasonJa: '2行目と重複しています。', reasonEn: 'Duplicates row 2.' });
    expect(r.rejections[2].reasonJa).toContain('兵庫県の管内の市区町村ではありません');
    expect(r.rejections[3].reasonEn).toContain('FY2019 to FY2023');
    // All-or-nothing: nothing was saved, not even the good selection.
    expect(ok(await gql(t.app, LIST, {}, tok.secretariat)).pastSelections).toEqual([]);
    expect(r.selections).toEqual([{ id: null, fiscalYear: 2023, prefectureCode: '28', partnerCodes: ['282090', '282120'], partnerCount: 2 }]);
  });

  it('refuses a file without the needed columns, or one that is not a table, with a typed error', async () => {
    const noColumn = await gql(t.app, IMPORT, { i: { fileName: 'x.csv', contentBase64: csv('年度,都道府県コード\n2023,28\n') } }, tok.secretariat);
    expect(errorCode(noColumn)).toBe('VALIDATION_FAILED');
    expect(noColumn.errors![0].extensions.messageJa).toContain('連携市区町村コード');
    expect(noColumn.errors![0].extensions.details).toMatchObject({ missingColumns: ['municipalityCode'] });
    const notXlsx = await gql(t.app, IMPORT, { i: { fileName: 'x.xlsx', contentBase64: csv('PK garbage') } }, tok.secretariat);
    expect(errorCode(notXlsx)).toBe('VALIDATION_FAILED');
    expect(notXlsx.errors![0].extensions.messageEn).toContain('cannot be read');
  });

  it('only the secretariat imports; the ministry reads; others are refused', async () => {
    const i = { fileName: 'a.csv', contentBase64: csv('年度,都道府県コード,連携市区町村コード\n2023,28,282090\n') };
    for (const who of ['ministry', 'hyogo', 'toyooka', 'evaluator']) expect(errorCode(await gql(t.app, IMPORT, { i }, tok[who]))).toBe('FORBIDDEN');
    expect(errorCode(await gql(t.app, IMPORT, { i }))).toBe('UNAUTHENTICATED');
    expect(ok(await gql(t.app, LIST, {}, tok.ministry)).pastSelections).toEqual([]);
    expect(errorCode(await gql(t.app, LIST, {}, tok.hyogo))).toBe('FORBIDDEN');
  });

  it('a dry run reports without saving; an XLSX with 全角 digits, 令和 years and dropped leading zeros is imported and audited', async () => {
    const rows = [
      ['年度', '都道府県コード', '連携市区町村コード', '市区町村名'],
      ['令和5年度', '２８', '２８２０９０', '豊岡市'],
      [2023, 28, 282120, '赤穂市'],
      ['R4', '280003', '282090', '豊岡市'], // the prefecture by its six-digit 団体コード
      ['2022', 1, 12025, '函館市'], // 北海道 01 and 函館市 012025 as a spreadsheet stores numbers
    ];
    const contentBase64 = await xlsx(rows);
    const dry = ok(await gql(t.app, IMPORT, { i: { fileName: '過去選定実績.xlsx', contentBase64, dryRun: true } }, tok.secretariat)).importPastSelections;
    expect(dry).toMatchObject({ imported: false, dryRun: true, rowCount: 4, acceptedRowCount: 4, rejectedRowCount: 0, rejections: [] });
    expect(ok(await gql(t.app, LIST, {}, tok.secretariat)).pastSelections).toEqual([]);

    const r = ok(await gql(t.app, IMPORT, { i: { fileName: '過去選定実績.xlsx', contentBase64 } }, tok.secretariat)).importPastSelections;
    expect(r).toMatchObject({ imported: true, rowCount: 4, acceptedRowCount: 4, rejectedRowCount: 0 });
    expect(r.selections.map((s: any) => [s.fiscalYear, s.prefectureCode, s.partnerCodes])).toEqual([
      [2022, '01', ['012025']],
      [2022, '28', ['282090']],
      [2023, '28', ['282090', '282120']],
    ]);
    expect(r.selections.every((s: any) => typeof s.id === 'string')).toBe(true);
    const list = ok(await gql(t.app, LIST, {}, tok.ministry)).pastSelections;
    expect(list.map((s: any) => [s.fiscalYear, s.prefecture.name, s.partnerCount])).toEqual([
      [2023, '兵庫県', 2],
      [2022, '北海道', 1],
      [2022, '兵庫県', 1],
    ]);
    const secretariatId = ok(await gql(t.app, '{ me { id } }', {}, tok.secretariat)).me.id;
    const audited = await db.query(
      `SELECT actor FROM (SELECT actor, entity, operation FROM audit_log UNION ALL SELECT actor, entity, operation FROM audit_pending) r
        WHERE entity = 'past_selections' AND operation = 'INSERT'`,
    );
    expect(audited.map((a: { actor: string }) => a.actor)).toEqual([secretariatId, secretariatId, secretariatId].map((id) => expect.stringContaining(id)));
  });

  it('refuses to import a selection already on record (all rows of it), saving nothing', async () => {
    const file = '年度,都道府県コード,連携市区町村コード\n2023,28,282201\n2021,20,202011\n';
    const r = ok(await gql(t.app, IMPORT, { i: { fileName: 'again.csv', contentBase64: csv(file) } }, tok.secretariat)).importPastSelections;
    expect(r).toMatchObject({ imported: false, rejectedRowCount: 1, acceptedRowCount: 1 });
    expect(r.rejections).toEqual([expect.objectContaining({ row: 2, code: 'ALREADY_RECORDED', reasonJa: expect.stringContaining('2023年度の兵庫県') })]);
    expect(ok(await gql(t.app, LIST, {}, tok.secretariat)).pastSelections).toHaveLength(3);
  });

  it('the repeat-applicant rule uses the imported selection: one more partner than in FY2023, the bonus and the 50,000,000 yen cap', async () => {
    t.clock.set('2025-02-01T09:00:00+09:00');
    r7 = (await createProgramAndCall(t.app, tok.secretariat, { fiscalYear: 2025 })).callId;
    t.clock.set('2025-02-20T10:00:00+09:00');
    const draft = await completeDraft(t.app, tok.hyogo, r7, ['282090', '282120']);
    expect(draft.repeatApplicant).toMatchObject({
      isRepeatApplicant: true,
      previousPartnerCount: 2,
      requiredPartnerCount: 3,
      partnerCount: 2,
      ruleHolds: false,
      budgetCapYen: 50_000_000,
    });
    const refused = await submit(t.app, tok.hyogo, draft.id);
    expect(errorCode(refused)).toBe('REPEAT_APPLICANT_NEEDS_MORE_PARTNERS');
    expect(refused.errors![0].extensions.details).toMatchObject({ required: 3, current: 2, previousFiscalYear: 2023 });
    // 長野県 has no past selection: a first-time applicant.
    const nagano = await completeDraft(t.app, tok.nagano, r7, ['202011']);
    expect(nagano.repeatApplicant).toMatchObject({ isRepeatApplicant: false, requiredPartnerCount: 1, budgetCapYen: 80_000_000 });
    ok(await submit(t.app, tok.nagano, nagano.id));
  });
});
