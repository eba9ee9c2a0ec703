import type { Server } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig, Clock, DomainError } from '@app/core';

/** The headers of a request must arrive within this time (Node's default, a minute, lets a slow client hold sockets). */
export const HEADERS_TIMEOUT_MS = 10_000;

/** How often Node checks its header and request timeouts (its default, 30 s, would let either run that much late). */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

export type TimedRequest = Request & { receivedAt?: Date; bodyTimedOut?: boolean };

/** POST /documents, as Express routes it (case-insensitive, optional trailing slash): the only route with a long body. */
const isUpload = (req: Request): boolean => req.method === 'POST' && /^\/documents\/?$/i.test(req.path);

/**
 * Bounds the whole request in Node itself: headers within HEADERS_TIMEOUT_MS, the whole request (uploads
 * included) within UPLOAD_TIMEOUT_MS; past either, Node answers 408 and closes the socket, so a body that
 * never ends is never handed on. The shorter bound of the other routes is `receivedAtAndBodyTimeout`'s.
 */
export function applyServerTimeouts(server: Server, config: AppConfig): void {
  server.requestTimeout = config.UPLOAD_TIMEOUT_MS;
  server.headersTimeout = Math.min(HEADERS_TIMEOUT_MS, config.UPLOAD_TIMEOUT_MS);
  // Read by Node when the server starts listening (storeHTTPOptions sets it from createServer's options).
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = TIMEOUT_CHECK_INTERVAL_MS;
}

/** The typed refusal of a body that came too slowly, shaped as the route's other errors are. */
function answerTimeout(req: Request, res: Response, limitMs: number): void {
  const e = new DomainError('REQUEST_TIMEOUT', { limitMs });
  const fields = { code: e.code, messageJa: e.messages.ja, messageEn: e.messages.en, details: e.details };
  // Connection: close makes Node drop the socket once the answer is written, with whatever of the body is unread.
  res.status(408).set('connection', 'close');
  if (/^\/graphql\/?$/i.test(req.path)) res.json({ errors: [{ message: e.messages.en, extensions: fields }] });
  else res.json(fields);
}

/**
 * A request is received when it is complete: its arrival time (what deadlines are judged by) is the
 * instant its body has been fully read, on the server's Clock; a request without a body is complete
 * with its headers. Mounted first, before any body is read.
 *
 * A body still incomplete REQUEST_BODY_TIMEOUT_MS after the headers (uploads: Node's UPLOAD_TIMEOUT_MS)
 * is refused with 408 REQUEST_TIMEOUT; `dropTimedOut`, after the body parser, makes sure such a request
 * goes no further even if its last bytes arrive while the refusal is being written.
 */
export function receivedAtAndBodyTimeout(clock: Clock, config: AppConfig) {
  return (req: TimedRequest, res: Response, next: NextFunction): void => {
    req.receivedAt = clock.now();
    // Our listener comes before the body parser's, so the stamp is taken before the request is handed on.
    req.once('end', () => {
      req.receivedAt = clock.now();
    });
    if (!isUpload(req)) {
      const limitMs = config.REQUEST_BODY_TIMEOUT_MS;
      const timer = setTimeout(() => {
        if (req.complete || res.headersSent) return;
        req.bodyTimedOut = true;
        answerTimeout(req, res, limitMs);
      }, limitMs);
      const done = () => clearTimeout(timer);
      req.once('end', done);
      res.once('finish', done);
      res.once('close', done);
    }
    next();
  };
}

/** After the body parser: a request already answered with 408 is not run. */
export function dropTimedOut(req: TimedRequest, _res: Response, next: NextFunction): void {
  if (!req.bodyTimedOut) next();
}

/** …nor is the body parser's "request aborted" of such a request reported (its socket was closed on purpose). */
export function dropTimedOutError(err: unknown, req: TimedRequest, _res: Response, next: NextFunction): void {
  if (!req.bodyTimedOut) next(err);
}
