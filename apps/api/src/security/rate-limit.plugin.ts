import { ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { getArgumentValues, getVariableValues, GraphQLError, Kind } from 'graphql';
import { DomainError } from '@app/core';
import type { GqlContext } from '../graphql/context';
import { rootFields } from '../graphql/limits';
import { RateBucket, rateBucketFor, RateLimits } from './rate-limits';

/** RATE_LIMITED as HTTP 429 with Retry-After (Apollo applies `extensions.http` wherever the error is thrown). */
export function tooManyRequests(e: DomainError): GraphQLError {
  const wait = String(e.details.retryAfterSeconds);
  return new GraphQLError(e.messages.en, { originalError: e, extensions: { http: { status: 429, headers: new HeaderMap([['retry-after', wait]]) } } });
}

/**
 * Counts every mutation against its budget, and every query of a signed-in account against the account's query
 * budget, once the operation is known and before anything runs. (Anonymous queries reach only the few public
 * fields.) A mutation's key comes
 * from the arguments as the resolver will receive them (variables coerced, their defaults and the arguments'
 * defaults applied), never from the query text, which a variable's default value would bypass.
 */
export function rateLimitPlugin(limits: RateLimits): ApolloServerPlugin<GqlContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, contextValue, schema }) {
          const actor = contextValue.req?.user;
          if (operation?.operation === 'query' && actor) return refuseOver(limits, 'query', actor.userId);
          if (operation?.operation !== 'mutation') return;
          const fragments = (name: string) => document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name) as never;
          const field = rootFields(operation, fragments).find((f) => !f.name.value.startsWith('__'));
          const definition = field && schema.getMutationType()?.getFields()[field.name.value];
          if (!field || !definition) return;
          const variables = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
          // Variables that do not coerce: execution refuses the operation before any resolver runs.
          if (variables.errors) return;
          let args: Record<string, unknown>;
          try {
            args = getArgumentValues(definition, field, variables.coerced);
          } catch {
            return; // an argument that does not coerce is refused by execution in the same way
          }
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
    throw tooManyRequests(e);
  }
}
