import type { Request, Response } from 'express';
import type { Actor } from '@app/core';
import type { Loaders } from './loaders';

export interface GqlContext {
  req: Request & { user?: Actor; id?: string | number };
  res: Response;
  /** When the request reached the server (the clock's reading): submissions are judged by it. */
  receivedAt: Date;
  loaders: Loaders;
}
