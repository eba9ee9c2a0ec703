import { Injectable } from '@nestjs/common';
import { Actor, notFound, ReceiptSigner, toJstIso, toWareki } from '@app/core';
import { MasterDataService } from '@app/master-data';
import { PROGRAMME_NAME, renderPdf } from '@app/notifications';
import { REGION_APPLICATION, RegionApplicationService } from './region-application.service';
import { SubmissionReceiptService } from './submission-receipt.service';

/** What a receipt (受付票) prints: its number, arrival time, digest of the content and the server's signature. */
export interface ReceiptSheet {
  number: string;
  /** 兵庫県 */
  applicant: string;
  receivedAt: Date;
  contentDigest: string;
  signedPayload: string;
  signature: string;
  keyId: string;
}

/** Splits a long token (base64, JSON) into lines a page can hold without the line breaker cutting it elsewhere. */
function chunked(text: string, width: number): string {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += width) out.push(text.slice(i, i + width));
  return out.join('\n');
}

/** The 受付票 as a PDF (pure): what was received, when (JST, in the era), its SHA-256 digest and the Ed25519 signature. */
export function receiptPdf(r: ReceiptSheet): Promise<Buffer> {
  return renderPdf({ title: `受付票 ${r.number}`, createdAt: r.receivedAt }, (doc) => {
    const row = (label: string, value: string, mono = false) => {
      doc.font('bold').fontSize(10).text(label);
      doc
        .font('regular')
        .fontSize(mono ? 9 : 10.5)
        .text(value, { indent: 12, lineGap: 2 });
      doc.moveDown(0.6);
    };
    doc.fontSize(10.5).text(PROGRAMME_NAME, { align: 'right' });
    doc.moveDown(2);
    doc.font('bold').fontSize(16).text('受付票', { align: 'center' });
    doc.font('regular').fontSize(10.5).moveDown(0.5);
    doc.text('支援地域の公募（地方公共団体向け）への申請を、次のとおり受け付けました。', { align: 'center' });
    doc.moveDown(2);
    row('受付番号', r.number);
    row('申請団体', r.applicant);
    row('受付日時（日本時間）', `${toWareki(r.receivedAt)}（${toJstIso(r.receivedAt)}）`);
    row('申請内容のダイジェスト（SHA-256）', r.contentDigest, true);
    row('署名鍵ID', r.keyId, true);
    row('署名（Ed25519, Base64）', chunked(r.signature, 64), true);
    row('署名対象（正規化JSON）', chunked(r.signedPayload, 80), true);
    doc.moveDown(1);
    doc
      .fontSize(9)
      .text(
        '署名は、署名対象の文字列をそのまま、事務局の公開鍵（receiptSigningKey）で検証できます（verifyReceipt）。' +
          'ダイジェストは、受付時点の申請内容の正規化JSONのSHA-256値です。',
        { lineGap: 2 },
      );
  });
}

/** The receipt of a region application as a PDF, for whoever may read the application (else NOT_FOUND). */
@Injectable()
export class ReceiptDocumentService {
  constructor(
    private readonly applications: RegionApplicationService,
    private readonly receipts: SubmissionReceiptService,
    private readonly masterData: MasterDataService,
    private readonly signer: ReceiptSigner,
  ) {}

  /** The latest receipt (the one describing the application as it stands); an application never submitted has none. */
  async regionApplicationReceipt(actor: Actor, applicationId: string): Promise<{ fileName: string; pdf: Buffer }> {
    const app = await this.applications.get(actor, applicationId);
    const receipt = (await this.receipts.bySubjectIds(REGION_APPLICATION, [app.id])).at(-1);
    if (!receipt) throw notFound();
    const [prefecture] = (await this.masterData.listPrefectures()).filter((p) => p.code === app.prefectureCode);
    const signed = this.signer.sign(receipt);
    const pdf = await receiptPdf({
      number: receipt.number,
      applicant: prefecture?.name ?? app.prefectureCode,
      receivedAt: receipt.receivedAt,
      contentDigest: receipt.contentDigest,
      signedPayload: signed.payload,
      signature: signed.signature,
      keyId: signed.keyId,
    });
    return { fileName: `受付票_${receipt.number}.pdf`, pdf };
  }
}
