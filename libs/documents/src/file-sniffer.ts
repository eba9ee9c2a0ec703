/**
 * The file's type from its first bytes, not from the name or the client's Content-Type, which
 * anyone can set. Only the formats a memorandum or a proposal document comes in are known.
 */
export const ALLOWED_DOCUMENT_TYPES = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
} as const;

export type AllowedMimeType = keyof typeof ALLOWED_DOCUMENT_TYPES;

export function sniffMimeType(head: Buffer, fileName: string): AllowedMimeType | null {
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  // DOCX is a ZIP container; the name tells it from other ZIPs, the magic that it is a ZIP at all.
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) && /\.docx$/i.test(fileName)) {
    return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  }
  return null;
}
