import PDFDocument from 'pdfkit';
import { LetterLayout } from './letter';

/**
 * The Japanese font embedded in every PDF, from a package (the servers carry no CJK fonts): Noto Sans JP (SIL OFL 1.1),
 * TrueType, so pdfkit embeds the subset of glyphs a document uses (/FontFile2) and maps them back to text (ToUnicode).
 */
const FONT_REGULAR = require.resolve('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf');
const FONT_BOLD = require.resolve('@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf');

/** A4 with margins of 25 mm (points). */
const MARGIN = 71;

export interface PdfMeta {
  title: string;
  /** The document's own date (the letter's issue, the receipt's arrival): the PDF's creation date, so a PDF renders the same every time. */
  createdAt: Date;
}

/**
 * A PDF built by `draw` on an A4 page with the Japanese font registered as 'regular' and 'bold'; resolves to its bytes.
 * Pure: the same input gives the same bytes.
 */
export function renderPdf(meta: PdfMeta, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    info: { Title: meta.title, Producer: 'regional-dx', Creator: 'regional-dx', CreationDate: meta.createdAt },
    lang: 'ja-JP',
    displayTitle: true,
  });
  doc.registerFont('regular', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  doc.font('regular');
  const chunks: Buffer[] = [];
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      draw(doc);
      doc.end();
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}

/**
 * A Japanese business letter as a PDF: the document number and date at the top right, the addressee with its honorific,
 * the programme, the title centred, the body, 「以上」 at the right, and the signature block at the lower right.
 */
export function letterPdf(l: LetterLayout, createdAt: Date): Promise<Buffer> {
  return renderPdf({ title: l.title, createdAt }, (doc) => {
    const width = doc.page.width - MARGIN * 2;
    doc.fontSize(10.5);
    doc.text(l.documentNumber, { align: 'right' });
    doc.text(l.dateText, { align: 'right' });
    doc.moveDown(1.5);
    doc.font('bold').fontSize(12).text(`${l.addressee}\u3000${l.honorific}`); // a full-width space, as letters write it
    doc.font('regular').fontSize(10.5).moveDown(1);
    doc.text(l.programmeLine, { align: 'right' });
    doc.moveDown(2);
    doc.font('bold').fontSize(13).text(l.title, { align: 'center' });
    doc.font('regular').fontSize(10.5).moveDown(1.5);
    doc.text(l.body, { lineGap: 4, width });
    doc.moveDown(1);
    doc.text('以上', { align: 'right' });
    doc.moveDown(2);
    const blockWidth = 340;
    doc
      .moveTo(MARGIN + width - blockWidth, doc.y)
      .lineTo(MARGIN + width, doc.y)
      .lineWidth(0.5)
      .stroke();
    doc.moveDown(0.5);
    doc.fontSize(9).text(l.signature, MARGIN + width - blockWidth, doc.y, { width: blockWidth, lineGap: 2 });
  });
}

/** A stored text that is not in letter form, printed as it is (never refused: the letter was sent). */
export function plainTextPdf(title: string, text: string, createdAt: Date): Promise<Buffer> {
  return renderPdf({ title, createdAt }, (doc) => {
    doc.fontSize(10.5).text(text, { lineGap: 4 });
  });
}
