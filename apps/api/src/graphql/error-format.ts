import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainError, ERROR_CATALOGUE } from '@app/core';
import { currentRequestId } from '../common/logging';
import { isTokenLimitError, queryTooComplex } from './limits';

const log = new Logger('GraphQL');

/** GraphQL's own request errors, with their Japanese wording. */
const REQUEST_ERRORS: Record<string, { ja: string; en: string }> = {
  GRAPHQL_PARSE_FAILED: { ja: 'クエリの構文に誤りがあります。', en: 'The query cannot be parsed.' },
  GRAPHQL_VALIDATION_FAILED: { ja: 'クエリがスキーマに合っていません。', en: 'The query does not match the schema.' },
  BAD_USER_INPUT: { ja: '引数の型または値に誤りがあります。', en: 'An argument has the wrong type or value.' },
  BAD_REQUEST: { ja: 'リクエストに誤りがあります。', en: 'Bad request.' },
  PERSISTED_QUERY_NOT_FOUND: { ja: '保存済みクエリが見つかりません。', en: 'Persisted query not found.' },
  // Persisted queries are off (app.module.ts); APQ clients recognise this code and send the query text instead.
  PERSISTED_QUERY_NOT_SUPPORTED: {
    ja: '保存済みクエリには対応していません。クエリ本文を送ってください。',
    en: 'Persisted queries are not supported; send the query text.',
  },
  OPERATION_RESOLUTION_FAILURE: { ja: '実行する操作を特定できません。', en: 'Cannot tell which operation to run.' },
};

/**
 * The single edge where errors become responses: domain errors keep their code and both
 * messages; GraphQL's request errors keep theirs; anything else is an internal error that the
 * client sees only as a code and a correlation id, while the log keeps the detail.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, requestId?: string): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const domain = domainErrorIn(error);
  if (domain) {
    return {
      message: domain.messages.en,
      locations: formatted.path ? undefined : formatted.locations,
      path: formatted.path,
      extensions: { code: domain.code, messageJa: domain.messages.ja, messageEn: domain.messages.en, details: domain.details },
    };
  }
  // A race lost at a unique constraint or a serialization check is a conflict the client can retry, not an internal error.
  const pgCode = (original as { driverError?: { code?: string }; code?: string } | null)?.driverError?.code ?? (original as { code?: string } | null)?.code;
  if (pgCode === '23505' || pgCode === '40001' || pgCode === '40P01') {
    const c = ERROR_CATALOGUE.CONFLICT;
    return { message: c.en, path: formatted.path, extensions: { code: 'CONFLICT', messageJa: c.ja, messageEn: c.en, details: {} } };
  }
  const code = String(formatted.extensions?.code ?? '');
  if (code === 'GRAPHQL_PARSE_FAILED' && isTokenLimitError(formatted.message)) return formatError(formatted, queryTooComplex('tokens'));
  const known = REQUEST_ERRORS[code];
  if (known) {
    return {
      message: formatted.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code, messageJa: known.ja, messageEn: formatted.message },
    };
  }
  // The request id (x-request-id, on every log line of the request) doubles as the correlation id.
  const correlationId = requestId ?? currentRequestId() ?? randomUUID();
  log.error(
    {
      correlationId,
      // Not under `err`: pino-http's own error serializer would replace the type with "Object".
      error: original instanceof Error ? { type: original.name, message: original.message, stack: original.stack } : String(original),
      operation: formatted.path?.join('.'),
    },
    'unexpected error',
  );
  return {
    message: ERROR_CATALOGUE.INTERNAL_SERVER_ERROR.en,
    path: formatted.path,
    extensions: {
      code: 'INTERNAL_SERVER_ERROR',
      messageJa: ERROR_CATALOGUE.INTERNAL_SERVER_ERROR.ja,
      messageEn: ERROR_CATALOGUE.INTERNAL_SERVER_ERROR.en,
      correlationId,
    },
  };
}

/** A DomainError thrown by a resolver, or carried by a validation rule's or plugin's GraphQLError. */
function domainErrorIn(error: unknown): DomainError | undefined {
  for (let e = error, depth = 0; e && depth < 4; e = (e as { originalError?: unknown }).originalError, depth++) if (e instanceof DomainError) return e;
  return undefined;
}
