import { Controller, Get, Param, ParseUUIDPipe, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Actor, DomainError } from '@app/core';
import { contentDisposition, EXPORT_FILE_NAMES, ExportKind, ExportsService } from '@app/matching';
import { JwtHttpGuard } from '../auth/guards';

const KINDS: ExportKind[] = ['candidate-regions', 'proposals', 'results'];

/** Downloads for the secretariat and the ministry: GET /exports/:callId/{kind}.csv, /results.xlsx, /ocds.json */
@Controller('exports')
@UseGuards(JwtHttpGuard)
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get(':callId/:file')
  async download(
    @Req() req: Request & { user: Actor },
    @Param('callId', new ParseUUIDPipe()) callId: string,
    @Param('file') file: string,
    @Res() res: Response,
  ) {
    // Every download is an attachment with a Japanese name (RFC 6266 filename*), its call's id kept in it.
    const disposition = (ascii: string, ja: string, ext: string) => contentDisposition(`${ascii}-${callId}.${ext}`, `${ja}_${callId}.${ext}`);
    if (file === 'ocds.json') {
      const body = JSON.stringify(await this.exports.ocds(req.user, callId), null, 2);
      res.type('application/json').setHeader('Content-Disposition', disposition('ocds', EXPORT_FILE_NAMES.ocds, 'json'));
      res.send(body);
      return;
    }
    if (file === 'results.xlsx') {
      const body = await this.exports.xlsx(req.user, callId);
      res
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .setHeader('Content-Disposition', disposition('results', EXPORT_FILE_NAMES.xlsx, 'xlsx'));
      res.send(body);
      return;
    }
    const kind = file.replace(/\.csv$/, '') as ExportKind;
    if (!file.endsWith('.csv') || !KINDS.includes(kind)) throw new DomainError('NOT_FOUND');
    const body = await this.exports.csv(req.user, callId, kind);
    res.type('text/csv; charset=utf-8').setHeader('Content-Disposition', disposition(kind, EXPORT_FILE_NAMES[kind], 'csv'));
    res.send(body);
  }
}
