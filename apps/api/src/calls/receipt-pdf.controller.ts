import { Controller, Get, Param, ParseUUIDPipe, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Actor } from '@app/core';
import { ReceiptDocumentService } from '@app/calls';
import { JwtHttpGuard } from '../auth/guards';
import { sendPdf } from '../common/pdf-response';

/** GET /region-applications/:id/receipt.pdf — the 受付票 of the latest submission, for whoever may read the application. */
@Controller('region-applications')
@UseGuards(JwtHttpGuard)
export class ReceiptPdfController {
  constructor(private readonly receipts: ReceiptDocumentService) {}

  @Get(':id/receipt.pdf')
  async receipt(@Req() req: Request & { user: Actor }, @Param('id', new ParseUUIDPipe()) id: string, @Res() res: Response) {
    const { fileName, pdf } = await this.receipts.regionApplicationReceipt(req.user, id);
    sendPdf(res, fileName, pdf);
  }
}
