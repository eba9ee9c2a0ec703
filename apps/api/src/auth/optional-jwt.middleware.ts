import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import passport from 'passport';
import type { Actor } from '@app/core';
import { ANONYMOUS_ACTOR, runAsActor } from '@app/audit';

/**
 * Turns a bearer token into `req.user` when there is a valid one. A missing or bad token leaves
 * the caller anonymous; the guard then refuses whatever is not public. The rest of the request
 * runs as that actor, which is what the audit trail records for every change it makes.
 */
@Injectable()
export class OptionalJwtMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction) {
    if (!req.headers.authorization) return runAsActor(ANONYMOUS_ACTOR, next);
    passport.authenticate('jwt', { session: false }, (_err: unknown, user: Actor | false | undefined) => {
      if (user) (req as Request & { user?: unknown }).user = user;
      runAsActor(user ? user.userId : ANONYMOUS_ACTOR, next);
    })(req, res, next);
  }
}
