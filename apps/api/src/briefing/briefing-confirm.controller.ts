import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ERROR_CATALOGUE } from '@app/core';
import { BriefingService } from '@app/briefing';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const page = (title: string, body: string) =>
  `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;

/**
 * The link in the confirmation mail. GET only shows a button: mail scanners that open links must not
 * confirm on their own; the POST (the same token) confirms, as the GraphQL mutation confirmBriefingRegistration does.
 */
@Controller('briefing/confirm')
export class BriefingConfirmController {
  constructor(private readonly briefing: BriefingService) {}

  @Get()
  show(@Query('token') token: unknown, @Res() res: Response) {
    res.type('text/html; charset=utf-8').setHeader('cache-control', 'no-store');
    if (typeof token !== 'string' || !TOKEN.test(token)) {
      const e = ERROR_CATALOGUE.CONFIRMATION_INVALID;
      return res.status(400).send(page('参加申込の確定', `<p>${e.ja}</p><p lang="en">${e.en}</p>`));
    }
    return res.send(
      page(
        '参加申込の確定',
        `<form method="post" action="confirm"><input type="hidden" name="token" value="${token}"><button type="submit">申込を確定する / Confirm</button></form>`,
      ),
    );
  }

  @Post()
  async confirm(@Body('token') token: unknown, @Req() req: Request & { receivedAt?: Date }, @Res() res: Response) {
    res.type('text/html; charset=utf-8').setHeader('cache-control', 'no-store');
    try {
      if (typeof token !== 'string' || !TOKEN.test(token)) throw new DomainError('CONFIRMATION_INVALID');
      await this.briefing.confirm(token, req.receivedAt ?? new Date());
      return res
        .status(200)
        .send(
          page(
            '参加申込が確定しました',
            '<p>接続先などのご案内をメールでお送りします。</p><p lang="en">Confirmed: the connection details follow by e-mail.</p>',
          ),
        );
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const status = e.code === 'CONFIRMATION_EXPIRED' ? 410 : e.code === 'SESSION_FULL' || e.code === 'REGISTRATION_CLOSED' ? 409 : 400;
      return res.status(status).send(page('参加申込の確定', `<p>${e.messages.ja}</p><p lang="en">${e.messages.en}</p>`));
    }
  }
}
