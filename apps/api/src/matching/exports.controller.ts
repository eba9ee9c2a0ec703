import { Controller, Get, Param, ParseUUIDPipe, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Actor, DomainError } from '@app/core';
import { ExportKind, ExportsService } from '@app/matching';
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
    if (file === 'ocds.json') {
      res.type('application/json').send(JSON.stringify(await this.exports.ocds(req.user, callId), null, 2));
      return;
    }
    if (file === 'results.xlsx') {
      res
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .attachment(`results-${callId}.xlsx`)
        .send(await this.exports.xlsx(req.user, callId));
      return;
    }
    const kind = file.replace(/\.csv$/, '') as ExportKind;
    if (!file.endsWith('.csv') || !KINDS.includes(kind)) throw new DomainError('NOT_FOUND');
    res
      .type('text/csv; charset=utf-8')
      .attachment(`${kind}-${callId}.csv`)
      .send(await this.exports.csv(req.user, callId, kind));
  }
}
