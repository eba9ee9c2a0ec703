import JSZip from 'jszip';

/**
 * The file's type from its bytes, not from the name or the client's Content-Type, which anyone can
 * set. Only the formats a memorandum, a proposal or a report comes in are known, each by its whole
 * structure (start and end markers, the ZIP's parts), so that `%PDF-` followed by an HTML page is not
 * a PDF.
 */
export const ALLOWED_DOCUMENT_TYPES = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
} as const;

export type AllowedMimeType = keyof typeof ALLOWED_DOCUMENT_TYPES;

/** The file-name extensions accepted for each type (the name must end with one of its type's). */
const EXTENSIONS: Record<AllowedMimeType, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_IEND = Buffer.from([0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
const ZIP_LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** The last `n` bytes, where end markers live (writers may append a newline or padding). */
const tail = (b: Buffer, n: number) => b.subarray(Math.max(0, b.length - n));

function isPdf(b: Buffer): boolean {
  // Header `%PDF-1.7` (or 2.0) and an end-of-file marker near the end.
  return /^%PDF-[12]\.\d/.test(b.subarray(0, 8).toString('latin1')) && tail(b, 1024).includes('%%EOF', 0, 'latin1');
}

function isPng(b: Buffer): boolean {
  // Signature, then the IHDR chunk first, and the IEND chunk (with its fixed CRC) last.
  return b.subarray(0, 8).equals(PNG_SIGNATURE) && b.subarray(12, 16).toString('latin1') === 'IHDR' && tail(b, 8).equals(PNG_IEND);
}

function isJpeg(b: Buffer): boolean {
  // Start of image followed by a marker segment, and the end-of-image marker at the end.
  return b.length > 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff && tail(b, 64).includes(Buffer.from([0xff, 0xd9]));
}

async function isDocx(b: Buffer): Promise<boolean> {
  if (!b.subarray(0, 4).equals(ZIP_LOCAL_HEADER)) return false;
  try {
    const zip = await JSZip.loadAsync(b, { checkCRC32: false });
    return zip.file('[Content_Types].xml') !== null && zip.file('word/document.xml') !== null;
  } catch {
    return false; // not a readable ZIP
  }
}

export async function sniffMimeType(content: Buffer): Promise<AllowedMimeType | null> {
  if (isPdf(content)) return 'application/pdf';
  if (isPng(content)) return 'image/png';
  if (isJpeg(content)) return 'image/jpeg';
  if (await isDocx(content)) return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  return null;
}

/**
 * A file name safe to store and to send back: Unicode NFC, without control and format characters
 * (right-to-left overrides and zero-width marks make `report\u202Efdp.exe` read as `reportexe.pdf`),
 * path separators and characters Windows refuses; at most 200 characters. Empty when nothing is left.
 */
export function safeFileName(name: string): string {
  const cleaned = name
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[\\/:*?"<>|]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '');
  return [...cleaned].slice(-200).join('');
}

/** The lower-case extension of a name, or '' when it has none. */
export function extensionOf(name: string): string {
  const m = /\.([^.]+)$/.exec(name);
  return m ? m[1].toLowerCase() : '';
}

/** Whether the name's extension is one accepted for the type recognised from the bytes. */
export function extensionMatches(name: string, mimeType: AllowedMimeType): boolean {
  return EXTENSIONS[mimeType].includes(extensionOf(name));
}

/** The name a download is offered under: the stored name, with its type's extension when it lacks it. */
export function downloadName(storedName: string, mimeType: string): string {
  const safe = safeFileName(storedName) || 'document';
  const type = mimeType as AllowedMimeType;
  if (!(type in EXTENSIONS)) return safe;
  return extensionMatches(safe, type) ? safe : `${safe}.${EXTENSIONS[type][0]}`;
}
