import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import passport from 'passport';
import type { Actor } from '@app/core';
import { ANONYMOUS_ACTOR, runAsActor } from '@app/audit';

/**
 * Turns a bearer token into `req.user` when there is a valid one. A missing or bad token leaves
 * the caller anonymous; the guard then refuses whatever is not public. A failure to read the
 * account is kept on the request for the guard. The rest of the request
 * runs as that actor, which is what the audit trail records for every change it makes.
 */
@Injectable()
export class OptionalJwtMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction) {
    if (!req.headers.authorization) return runAsActor(ANONYMOUS_ACTOR, next);
    passport.authenticate('jwt', { session: false }, (err: unknown, user: Actor | false | undefined) => {
      if (user) (req as Request & { user?: unknown }).user = user;
      // The account could not be read (a database blip): not the same as a bad token. The guard
      // answers with an internal error instead of treating a signed-in user as anonymous.
      if (err) (req as Request & { authError?: unknown }).authError = err;
      runAsActor(user ? user.userId : ANONYMOUS_ACTOR, next);
    })(req, res, next);
  }
}
