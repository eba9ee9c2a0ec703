import request from 'supertest';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { toCsv } from '@app/matching';
import { createTestApp, engagedVendor, pdfBytes, reportFigures, signIn, STANDARD_ACCOUNTS, TestApp, upload } from './support';

/**
 * Issue 11, findings 4 and 5: what leaves the system in a file. Export cells never run as formulas in
 * a spreadsheet; uploads are typed by their whole structure, named within the accepted types, and
 * always served as a download of that type.
 */
const FORMULA_NAME = '=HYPERLINK("http://evil.example/steal","click me")';

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** A real 1×1 PNG, a JPEG's frame (SOI … EOI) and DOCX/ZIP containers built here. */
const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1'),
  Buffer.from([0xff, 0xd9]),
]);
async function zip(files: Record<string, string>): Promise<Buffer> {
  const z = new JSZip();
  for (const [name, content] of Object.entries(files)) z.file(name, content);
  return z.generateAsync({ type: 'nodebuffer' });
}

describe('security round 2: exports and uploads (issue 11, findings 4 and 5)', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let callId: string;
  let refused = 0;
  let accepted = 0;

  beforeAll(async () => {
    t = await createTestApp();
    tok = await signIn(t.app, STANDARD_ACCOUNTS);
    // Anyone may register a vendor under any name; this one carries a formula.
    ({ callId } = await engagedVendor(t, tok, {
      key: 'formula-vendor',
      base12: '700000000002',
      expertEmail: 'f-expert@univ.example.ac.jp',
      name: FORMULA_NAME,
    }));
  });
  afterAll(() => t.close());

  const get = (path: string, token = tok.secretariat) =>
    request(t.app.getHttpServer()).get(path).set('authorization', `Bearer ${token}`).buffer(true).parse(binary);

  describe('finding 4: formula injection in exports', () => {
    it('neutralises a vendor name that is a formula in every CSV it reaches', async () => {
      for (const file of ['proposals.csv', 'results.csv']) {
        const res = await get(`/exports/${callId}/${file}`);
        expect(res.status).toBe(200);
        const text = (res.body as Buffer).toString('utf8');
        // The cell starts with an apostrophe (shown as text by Excel and LibreOffice), inside quotes.
        expect(text).toContain(`"'=HYPERLINK(""http://evil.example/steal"",""click me"")"`);
        expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
      }
    });

    it('keeps the XLSX cell a text cell, formatted as text, never a formula', async () => {
      const res = await get(`/exports/${callId}/results.xlsx`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as Buffer as unknown as ArrayBuffer);
      const cells: ExcelJS.Cell[] = [];
      wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => c.text === FORMULA_NAME && cells.push(c))));
      expect(cells.length).toBeGreaterThanOrEqual(2); // proposals and results sheets
      for (const c of cells) {
        expect(c.type).toBe(ExcelJS.ValueType.String);
        expect(c.formula).toBeUndefined();
        expect(c.numFmt).toBe('@');
      }
    });

    it("applies OWASP's rule to every dangerous first character, and leaves numbers alone", async () => {
      const starts = ['=1+1', '+1+1', '-1+1', '@SUM(A1)', '\tcmd', '\rcmd', '＝1+1', '＠x'];
      const csv = toCsv({ sheet: 's', header: ['a', 'n'], rows: starts.map((s) => [s, -5]) });
      const lines = csv.slice(1).split('\r\n');
      for (const [i, s] of starts.entries()) {
        const cell = lines[i + 1].slice(0, lines[i + 1].lastIndexOf(','));
        expect(cell.replace(/^"|"$/g, '').startsWith(`'`)).toBe(true);
        expect(cell).toContain(s.slice(1).replace(/"/g, '""'));
        expect(lines[i + 1].endsWith(',-5')).toBe(true); // a number is not text
      }
      expect(toCsv({ sheet: 's', header: ['a'], rows: [['兵庫県'], ['株式会社 -']] })).toContain('\r\n兵庫県\r\n株式会社 -\r\n');
    });
  });

  describe('finding 5: served file types and names', () => {
    const expectRefused = async (content: Buffer, name: string) => {
      const res = await upload(t.app, tok.hyogo, content, name);
      expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status: 415, code: 'FILE_TYPE_NOT_ALLOWED' });
      refused++;
    };

    it('refuses `%PDF-` followed by HTML, whatever it is named', async () => {
      const html = Buffer.from('%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n');
      await expectRefused(html, 'report.html');
      await expectRefused(html, 'report.pdf'); // no end-of-file marker: not a PDF
      await expectRefused(Buffer.from('%PDF-<html>%%EOF'), 'x.pdf'); // no version: not a PDF header
    });

    it('refuses names and extensions outside the accepted types, even with valid bytes', async () => {
      for (const name of ['memo.exe', 'memo.hta', 'memo.html', 'memo.svg', 'memo', 'memo.pdf.exe', '覚書.png']) await expectRefused(pdfBytes('ok'), name);
      await expectRefused(PNG_1X1, 'image.pdf');
    });

    it('checks the whole signature: PNG chunks, the JPEG end marker, the DOCX parts', async () => {
      await expectRefused(Buffer.concat([PNG_1X1.subarray(0, 8), Buffer.from('<html>not a png</html>')]), 'a.png');
      await expectRefused(Buffer.from([0xff, 0xd8, 0xff, 0x3c, 0x68, 0x74, 0x6d, 0x6c]), 'a.jpg');
      await expectRefused(await zip({ 'index.html': '<script>1</script>' }), 'a.docx');
      await expectRefused(Buffer.from('PK\x03\x04 broken zip', 'latin1'), 'a.docx');
      for (const [content, name, type] of [
        [PNG_1X1, 'map.png', 'image/png'],
        [JPEG, 'photo.JPEG', 'image/jpeg'],
        [
          await zip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' }),
          '提案書.docx',
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        ],
      ] as Array<[Buffer, string, string]>) {
        const res = await upload(t.app, tok.hyogo, content, name);
        expect({ name, status: res.status, type: res.body.mimeType }).toEqual({ name, status: 201, type });
        accepted++;
      }
    });

    it('strips control and bidi characters from names', async () => {
      // "覚書<RLO>fdp.exe" would read as "覚書exe.pdf"; a zero-width space and a newline hide in the second.
      await expectRefused(pdfBytes('rlo'), '覚書\u202efdp.exe');
      const res = await upload(t.app, tok.hyogo, pdfBytes('bidi'), '覚\u200b書\u202e\u2066_\n2025.pdf');
      expect(res.status).toBe(201);
      expect(res.body.fileName).toBe('覚書_2025.pdf');
      accepted++;
    });

    it('serves every file as an attachment of the recognised type, with nosniff and a safe name', async () => {
      // A PDF that is also an HTML page (a polyglot) is accepted as a PDF, and served as nothing else.
      const polyglot = Buffer.from('%PDF-1.7\n<html><body><script>alert(1)</script></body></html>\n%%EOF\n');
      const up = await upload(t.app, tok.hyogo, polyglot, 'polyglot.pdf');
      expect(up.status).toBe(201);
      accepted++;
      const res = await get(`/documents/${up.body.id}`, tok.hyogo);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="polyglot\.pdf"/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain('sandbox');
      expect((res.body as Buffer).equals(polyglot)).toBe(true);

      const jp = await upload(t.app, tok.hyogo, pdfBytes('jp'), '覚書_豊岡市.pdf');
      const dl = await get(`/documents/${jp.body.id}`, tok.hyogo);
      expect(dl.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('覚書_豊岡市.pdf')}`);
      reportFigures(`file types: ${refused} disguised or misnamed uploads refused, ${accepted} genuine accepted, every download an attachment with nosniff`);
    });

    it("shows a PDF in the browser's viewer (inline, its recognised type, nosniff), any other type as the download, to the same readers", async () => {
      const pdf = await upload(t.app, tok.hyogo, pdfBytes('view'), '提案書_閲覧.pdf');
      const shown = await get(`/documents/${pdf.body.id}/view`, tok.hyogo);
      expect(shown.status).toBe(200);
      expect(shown.headers['content-type']).toBe('application/pdf');
      expect(shown.headers['content-disposition']).toMatch(/^inline; filename="/);
      expect(shown.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('提案書_閲覧.pdf')}`);
      expect(shown.headers['x-content-type-options']).toBe('nosniff');
      // Chromium runs no PDF viewer in a sandboxed document; scripts stay off (no script-src) and it frames nowhere else.
      expect(shown.headers['content-security-policy']).not.toContain('sandbox');
      expect(shown.headers['content-security-policy']).toContain("frame-ancestors 'self'");
      expect(shown.headers['content-security-policy']).not.toContain('script-src');
      expect((shown.body as Buffer).equals(pdfBytes('view'))).toBe(true);

      const png = await upload(t.app, tok.hyogo, PNG_1X1, 'map.png');
      const other = await get(`/documents/${png.body.id}/view`, tok.hyogo);
      expect(other.headers['content-disposition']).toMatch(/^attachment; filename="map\.png"/);
      expect(other.headers['content-security-policy']).toContain('sandbox');

      // Whoever may not download it may not view it either, with the same answer.
      const refusedDownload = await get(`/documents/${pdf.body.id}`, tok.nagano);
      const refusedView = await get(`/documents/${pdf.body.id}/view`, tok.nagano);
      expect(refusedDownload.status).toBeGreaterThanOrEqual(400);
      expect({ status: refusedView.status, body: String(refusedView.body) }).toEqual({ status: refusedDownload.status, body: String(refusedDownload.body) });
    });
  });
});
