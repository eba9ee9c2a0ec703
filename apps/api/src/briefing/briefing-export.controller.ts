import { Controller, Get, Param, ParseUUIDPipe, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Actor, toJstIso } from '@app/core';
import { ReadAudit } from '@app/audit';
import { BriefingService, REGISTRANT_KIND_JA, RegistrationStatus } from '@app/briefing';
import { contentDisposition, toCsv, yesNo } from '@app/matching';
import { JwtHttpGuard } from '../auth/guards';

/**
 * GET /exports/briefing/:sessionId.csv — the attendee list of a session, for the staff (UTF-8 with BOM): confirmed
 * registrations only (an unconfirmed one may be someone else's address typed by anyone).
 */
@Controller('exports/briefing')
@UseGuards(JwtHttpGuard)
export class BriefingExportController {
  constructor(
    private readonly briefing: BriefingService,
    private readonly reads: ReadAudit,
  ) {}

  @Get(':sessionId.csv')
  async csv(@Req() req: Request & { user: Actor }, @Param('sessionId', new ParseUUIDPipe()) sessionId: string, @Res() res: Response) {
    const rows = await this.briefing.registrations(req.user, sessionId, RegistrationStatus.CONFIRMED);
    // Names and addresses leave the system here: the read is audited before anything is sent.
    await this.reads.record(
      req,
      req.user,
      'briefing_registrations',
      'GET /exports/briefing',
      rows.map((r) => r.id),
      String((req as { id?: unknown }).id ?? ''),
    );
    const csv = toCsv({
      sheet: '参加申込',
      header: ['申込ID', '氏名', '所属', '区分', 'メールアドレス', '録画への同意', '申込日時', '確定日時'],
      rows: rows.map((r) => [
        r.id,
        r.name,
        r.organisation,
        REGISTRANT_KIND_JA[r.kind],
        r.email,
        yesNo(r.consentToRecording),
        // In Japan time with its offset, as the secretariat reads them (the instant is unchanged).
        toJstIso(r.registeredAt),
        r.confirmedAt ? toJstIso(r.confirmedAt) : '',
      ]),
    });
    res
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', contentDisposition(`briefing-${sessionId}.csv`, `説明会参加者一覧_${sessionId}.csv`))
      .send(csv);
  }
}
