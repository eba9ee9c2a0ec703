import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import passport from 'passport';

/**
 * Turns a bearer token into `req.user` when there is a valid one. A missing or bad token leaves
 * the caller anonymous; the guard then refuses whatever is not public.
 */
@Injectable()
export class OptionalJwtMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction) {
    if (!req.headers.authorization) return next();
    passport.authenticate('jwt', { session: false }, (_err: unknown, user: unknown) => {
      if (user) (req as Request & { user?: unknown }).user = user;
      next();
    })(req, res, next);
  }
}
