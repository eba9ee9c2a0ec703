import { ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { GraphQLError, Kind, valueFromASTUntyped } from 'graphql';
import { DomainError } from '@app/core';
import type { GqlContext } from '../graphql/context';
import { rootFields } from '../graphql/limits';
import { RateBucket, rateBucketFor, RateLimits } from './rate-limits';

/**
 * Counts every mutation against its budget, and every query of a signed-in account against the account's
 * query budget, once the operation is known and before anything runs. A refusal is HTTP 429 with
 * Retry-After and the typed RATE_LIMITED error. (Anonymous queries reach only the few public fields.)
 */
export function rateLimitPlugin(limits: RateLimits): ApolloServerPlugin<GqlContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, contextValue }) {
          const actor = contextValue.req?.user;
          if (operation?.operation === 'query' && actor) return refuseOver(limits, 'query', actor.userId);
          if (operation?.operation !== 'mutation') return;
          const fragments = (name: string) => document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name) as never;
          const [field] = rootFields(operation, fragments);
          if (!field) return;
          const variables = request.variables ?? {};
          const args = Object.fromEntries((field.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, variables)]));
          const target = rateBucketFor(field.name.value, actor, args);
          if (target) await refuseOver(limits, target.bucket, target.key);
        },
      };
    },
  };
}

async function refuseOver(limits: RateLimits, bucket: RateBucket, key: string): Promise<void> {
  try {
    await limits.consume(bucket, key);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    const wait = String(e.details.retryAfterSeconds);
    throw new GraphQLError(e.messages.en, { originalError: e, extensions: { http: { status: 429, headers: new HeaderMap([['retry-after', wait]]) } } });
  }
}
