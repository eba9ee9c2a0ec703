import type { Request, Response } from 'express';
import type { Actor } from '@app/core';
import type { Loaders } from './loaders';
import type { WsSession } from './ws-sessions';

export interface GqlContext {
  req: Request & { user?: Actor; id?: string | number };
  res: Response;
  /** When the request was received complete, its body read (the clock's reading): submissions are judged by it. */
  receivedAt: Date;
  loaders: Loaders;
  /** A graphql-ws operation's socket session (re-checks the account before each event); absent over HTTP. */
  ws?: WsSession;
  /** Set by a resolver whose published answer depends on the clock: the published-data cache keeps it until then only. */
  publishedValidUntil?: Date;
}
