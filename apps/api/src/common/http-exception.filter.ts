import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { DomainError, ERROR_CATALOGUE, ErrorCode } from '@app/core';

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  VENDOR_SUSPENDED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  FILE_TOO_LARGE: 413,
  FILE_TYPE_NOT_ALLOWED: 415,
  STORAGE_QUOTA_EXCEEDED: 413,
  RATE_LIMITED: 429,
};

/**
 * REST routes (uploads, health) answer with the same codes and messages as GraphQL. GraphQL
 * errors are left to Apollo's formatError (rethrown here).
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly log = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType<string>() === 'graphql') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof DomainError) {
      const e = exception;
      if (e.code === 'RATE_LIMITED') res.setHeader('retry-after', String(e.details.retryAfterSeconds));
      return res.status(HTTP_STATUS[e.code] ?? 400).json({ code: e.code, messageJa: e.messages.ja, messageEn: e.messages.en, details: e.details });
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      const status = exception.getStatus();
      const code: ErrorCode = status === 413 ? 'FILE_TOO_LARGE' : status === 404 ? 'NOT_FOUND' : status === 401 ? 'UNAUTHENTICATED' : 'VALIDATION_FAILED';
      return res.status(status).json({ code, messageJa: ERROR_CATALOGUE[code].ja, messageEn: ERROR_CATALOGUE[code].en });
    }
    // The body parser's own refusals (too large, not JSON, bad charset) are the client's mistake, not ours.
    const parser = exception as { status?: number; type?: string; expose?: boolean } | null;
    if (parser && typeof parser.status === 'number' && parser.status >= 400 && parser.status < 500 && parser.expose) {
      const code: ErrorCode = parser.status === 413 ? 'REQUEST_TOO_LARGE' : 'MALFORMED_REQUEST';
      return res.status(parser.status).json({ code, messageJa: ERROR_CATALOGUE[code].ja, messageEn: ERROR_CATALOGUE[code].en });
    }
    if (exception instanceof HttpException && exception.getStatus() === 503) return res.status(503).json(exception.getResponse());
    const correlationId = randomUUID();
    this.log.error(
      { correlationId, err: exception instanceof Error ? { message: exception.message, stack: exception.stack } : String(exception) },
      'unexpected error',
    );
    const e = ERROR_CATALOGUE.INTERNAL_SERVER_ERROR;
    return res.status(500).json({ code: 'INTERNAL_SERVER_ERROR', messageJa: e.ja, messageEn: e.en, correlationId });
  }
}
