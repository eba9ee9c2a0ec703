import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { storage } from 'nestjs-pino/storage';
import pino from 'pino';
import type { AppConfig } from '@app/core';

/**
 * Keys whose values are personal data or secrets wherever they appear in a log object (up to
 * two levels down): request bodies and GraphQL variables, sign-in data, and the contact fields of
 * applications, vendors, evaluators and briefing registrants, and an account's secrets as its entity holds them. Sign-in headers never reach a line:
 * the request and response serializers below write no header at all.
 */
const PERSONAL_KEYS: ReadonlySet<string> = new Set([
  'body',
  'variables',
  'input',
  'password',
  'passwordHash',
  'totpSecret',
  'email',
  'name',
  'displayName',
  'phone',
  'phoneNumber',
  'tel',
  'contact',
  'contacts',
  'contactName',
  'contactEmail',
  'contactPhone',
  'address',
  'organisation',
  'token',
]);
/** A personal key's value below this depth is replaced (0: the logged object's own keys; pino's `k`, `*.k`, `*.*.k`). */
const PERSONAL_KEY_DEPTH = 2;
const CENSOR = '[redacted]';

const EMAIL = /[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+/g;
/** Japanese phone numbers as people write them: 03-1234-5678, 090 1234 5678, +81-90-…, 0312345678. */
const PHONE = /(?<![\w-])(?:\+81[-\s]?|0)\d{1,4}[-\s]?\d{1,4}[-\s]?\d{3,4}(?![\w-])/g;

/** Masks e-mail addresses and phone numbers in free text (error messages can quote a value). */
export function scrubPersonalData(text: string): string {
  return text.replace(EMAIL, '[email]').replace(PHONE, '[phone]');
}

function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubPersonalData(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { type: value.name, message: scrubPersonalData(value.message), stack: value.stack && scrubPersonalData(value.stack) };
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  // Requests and responses are left to their serializers, and objects with their own JSON form (dates, buffers) to it;
  // any other instance (an entity, say) is written as JSON.stringify would, its own keys, so redacted like a plain object.
  if (value instanceof IncomingMessage || value instanceof ServerResponse || typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, depth <= PERSONAL_KEY_DEPTH && PERSONAL_KEYS.has(k) ? CENSOR : scrubDeep(v, depth + 1)]));
}

/** The request as logged: its id, method and path. The query string is left out: a GET /graphql carries variables there. The response: its status. */
const requestSerializer = (r: { id: string; method: string; url: string }) => ({ id: r.id, method: r.method, url: r.url.split('?')[0] });

/**
 * nestjs-pino's options: JSON lines with a request id on each, no bodies, personal keys redacted
 * and e-mail addresses or phone numbers masked in whatever text is logged; to standard output,
 * or to LOG_FILE (written synchronously, so that a killed process loses no line).
 *
 * The redaction is the `logMethod` hook's, so it runs for lines written and for nothing else. Not pino's `redact`:
 * that one also runs on every child logger's bindings, and pino-http makes a child per request, so every request paid
 * for 57 paths (36 of them wildcards) walked over its `{ req }` binding (a tenth to a fifth of a cached answer's CPU, and garbage that
 * lengthened each young-generation collection), whether or not a line was ever written. The bindings need none: the
 * request's are the serializer's id, method and path, and the client's request id is masked below.
 */
export function loggerParams(config: AppConfig): Params {
  const options: pino.LoggerOptions & Record<string, unknown> = {
    level: config.LOG_LEVEL,
    // The request id (logs, audit records, correlation id of internal errors) is the server's own: a client could
    // otherwise pick another request's id. The client's x-request-id is kept beside it, bounded, as clientRequestId.
    genReqId: (req: IncomingMessage & { clientRequestId?: string }, res: { setHeader(k: string, v: string): void }) => {
      const id = randomUUID();
      const given = clientRequestId(req.headers['x-request-id']);
      if (given) req.clientRequestId = given;
      res.setHeader('x-request-id', id);
      return id;
    },
    // undefined, not {}: pino-http makes one more child logger for any bindings object, empty or not.
    customProps: (req: IncomingMessage & { clientRequestId?: string }) =>
      req.clientRequestId ? { clientRequestId: scrubPersonalData(req.clientRequestId) } : undefined,
    serializers: { req: requestSerializer, res: (r: { statusCode: number }) => ({ statusCode: r.statusCode }) },
    hooks: {
      logMethod(this: pino.Logger, args: unknown[], method: pino.LogFn) {
        return method.apply(this, args.map((a) => scrubDeep(a)) as Parameters<pino.LogFn>);
      },
    },
    autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
  };
  const destination = config.LOG_FILE ? pino.destination({ dest: config.LOG_FILE, sync: true, mkdir: true }) : undefined;
  return { pinoHttp: destination ? [options, destination] : options } as Params;
}

/** A client's own request id as kept: at most 64 printable ASCII characters, else dropped. */
export function clientRequestId(given: string | string[] | undefined): string | undefined {
  return typeof given === 'string' && /^[\x20-\x7e]{1,64}$/.test(given) ? given : undefined;
}

/** The id of the request being served (the x-request-id of its response and its log lines), if any. */
export function currentRequestId(): string | undefined {
  const bindings = storage.getStore()?.logger.bindings() as { req?: { id?: unknown } } | undefined;
  return typeof bindings?.req?.id === 'string' ? bindings.req.id : undefined;
}
