import type { Response } from 'express';
import { downloadName } from '@app/documents';

/**
 * Sends a generated PDF as a download: typed application/pdf, never sniffed or rendered in the page's context, named
 * in RFC 6266/5987 form (an ASCII fallback and `filename*=UTF-8''…` for the Japanese name), and never cached (letters
 * and receipts are personal to their readers).
 */
export function sendPdf(res: Response, fileName: string, pdf: Buffer): void {
  res.attachment(downloadName(fileName, 'application/pdf'));
  res.setHeader('content-type', 'application/pdf');
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('content-security-policy', "default-src 'none'; sandbox");
  res.setHeader('cache-control', 'no-store');
  res.send(pdf);
}
