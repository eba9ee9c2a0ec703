import { Controller, Get, Param, ParseUUIDPipe, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Actor } from '@app/core';
import { JwtHttpGuard } from '../auth/guards';
import { sendPdf } from '../common/pdf-response';
import { NoticeAccess } from './notice-access.service';

/** GET /notices/:id/pdf — a notice as the letter it is (Notice.pdfPath), for whoever may read it; anyone else NOT_FOUND. */
@Controller('notices')
@UseGuards(JwtHttpGuard)
export class NoticePdfController {
  constructor(private readonly notices: NoticeAccess) {}

  @Get(':id/pdf')
  async pdf(@Req() req: Request & { user: Actor }, @Param('id', new ParseUUIDPipe()) id: string, @Res() res: Response) {
    const { fileName, pdf } = await this.notices.pdf(req.user, id);
    sendPdf(res, fileName, pdf);
  }
}
