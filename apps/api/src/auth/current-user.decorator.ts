import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Actor } from '@app/core';
import type { GqlContext } from '../graphql/context';

/** The signed-in actor (null for an anonymous caller of a PUBLIC field). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor | null => {
  const gql = GqlExecutionContext.create(ctx).getContext<GqlContext>();
  return gql.req.user ?? null;
});

/** The server's arrival time of this request (the instant its body was fully read): what submissions are judged by. */
export const ReceivedAt = createParamDecorator((_: unknown, ctx: ExecutionContext): Date => {
  return GqlExecutionContext.create(ctx).getContext<GqlContext>().receivedAt;
});
