import { GraphQLError, Kind, OperationDefinitionNode, parse } from 'graphql';
import { Actor, DomainError } from '@app/core';
import { formatError } from '../graphql/error-format';
import { allowedRoles, PUBLIC } from './access-policy';

/**
 * The access table applied to graphql-ws subscriptions when they are opened: Nest's guards do not
 * run for a subscription's set-up, so without this any signed-in socket (or an anonymous one) could
 * open any subscription and rely on the event filters alone. Returns the refusal to send, or undefined.
 */
export function subscriptionRefusal(query: string, actor: Actor | undefined): GraphQLError[] | undefined {
  let fields: string[];
  try {
    const doc = parse(query, { maxTokens: 2000 });
    const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.operation === 'subscription');
    fields = ops.flatMap((o) => o.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : [])));
  } catch {
    return undefined; // not parseable: graphql-ws's own parse and validation answer it
  }
  for (const field of fields) {
    if (field === '__typename') continue;
    const allowed = allowedRoles('Subscription', field);
    if (allowed?.includes(PUBLIC)) continue;
    const code = !allowed ? 'FORBIDDEN' : !actor ? 'UNAUTHENTICATED' : allowed.includes(actor.role) ? null : 'FORBIDDEN';
    if (!code) continue;
    const error = new DomainError(code);
    const f = formatError({ message: error.message, path: [field] }, error);
    return [new GraphQLError(f.message, { path: [field], extensions: f.extensions })];
  }
  return undefined;
}
