import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Actor } from '@app/core';
import { RateLimits } from '../security/rate-limits';
import { publishedKey, PublishedResponseCache } from './published-cache';

/**
 * A published answer kept in memory, sent before Apollo parses anything: the request's text, variables and role give
 * the key under which PublishedResponseCache's Apollo plugin kept a response it let through every check (parsing,
 * validation, limits, the published-fields rule), so the same bytes are sent as Apollo would send them. What the
 * pipeline does for such a request is kept: the account was read (OptionalJwtMiddleware), a signed-in reader's query
 * counts against its budget (over it, Apollo answers with its 429), and the answer says no-store. Anything unusual —
 * another method, body or accept header, a failed account read, nothing kept — goes to Apollo untouched.
 */
@Injectable()
export class PublishedFastPathMiddleware implements NestMiddleware {
  constructor(
    private readonly cache: PublishedResponseCache,
    private readonly limits: RateLimits,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      const body = req.body as { query?: unknown; operationName?: unknown; variables?: unknown; extensions?: unknown } | undefined;
      if (req.method !== 'POST' || !body || typeof body.query !== 'string' || body.extensions !== undefined) return next();
      const type = req.is('application/json') ? RESPONSE_TYPES[String(req.accepts(Object.keys(RESPONSE_TYPES)))] : undefined;
      if (!type) return next();
      const r = req as Request & { user?: Actor; authError?: unknown };
      if (r.authError) return next();
      const key = publishedKey(r.user?.role, body.operationName, body.query, body.variables);
      if (!this.cache.mayHave(key)) return next();
      const entry = this.cache.get(await this.cache.readVersion(req), key);
      if (!entry) return next();
      if (r.user) {
        try {
          await this.limits.consume('query', r.user.userId);
        } catch {
          return next(); // over budget (or the store failed): Apollo's own plugin answers as always
        }
      }
      res.setHeader('content-type', type);
      res.setHeader('cache-control', 'no-store');
      this.cache.servedBeforeApollo += 1;
      res.status(200).send(entry.body);
    } catch {
      next(); // e.g. the version could not be read: the ordinary path reports it
    }
  }
}

/**
 * The media types Apollo answers a single result with, chosen from the accept header in Apollo's order (express's
 * `req.accepts` negotiates as Apollo's negotiator does; no header: the first); a subscription callback's is left to Apollo.
 */
const RESPONSE_TYPES: Record<string, string> = {
  'application/json': 'application/json; charset=utf-8',
  'application/graphql-response+json': 'application/graphql-response+json; charset=utf-8',
};
