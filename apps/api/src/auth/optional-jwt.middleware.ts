import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import passport from 'passport';
import type { Actor } from '@app/core';
import { sessionTokenFrom } from './session-cookie';

/**
 * Turns a bearer token (or, without one, the browser's session cookie) into `req.user` when there is a valid one. A missing or bad token leaves
 * the caller anonymous; the guard then refuses whatever is not public. A failure to read the
 * account is kept on the request for the guard. Services receive the actor as an argument and
 * name it to the audit trail in each write transaction (`inWriteTransaction`).
 */
@Injectable()
export class OptionalJwtMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction) {
    if (!req.headers.authorization && !sessionTokenFrom(req.headers.cookie)) return next();
    passport.authenticate('jwt', { session: false }, (err: unknown, user: Actor | false | undefined) => {
      if (user) (req as Request & { user?: unknown }).user = user;
      // The account could not be read (a database blip): not the same as a bad token. The guard
      // answers with an internal error instead of treating a signed-in user as anonymous.
      if (err) (req as Request & { authError?: unknown }).authError = err;
      next();
    })(req, res, next);
  }
}
