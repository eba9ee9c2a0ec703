import { DocumentNode, GraphQLError, GraphQLSchema, parse, specifiedRules, validate, ValidationRule } from 'graphql';
import { DomainError } from '@app/core';
import { formatError } from './error-format';
import { limitValidationRules, parseOptions, QUERY_LIMITS, queryTooComplex, stripSuggestions, validationError } from './limits';

/** Over the WebSocket only subscriptions run: queries and mutations go through HTTP and its checks (rate limits, CSRF). */
const subscriptionsOnlyRule: ValidationRule = (ctx) => ({
  OperationDefinition(node) {
    if (node.operation !== 'subscription') ctx.reportError(validationError(new DomainError('WEBSOCKET_SUBSCRIPTIONS_ONLY'), [node]));
  },
});

/**
 * The same limits for graphql-ws operations (Apollo's plugins and rules do not see them). A
 * document over the character or token limit closes the socket; a rule's refusal is sent as an
 * error message with the usual code and messages.
 */
export const wsOperationLimits = (hideSuggestions: boolean) => ({
  parse: (source: string): DocumentNode => {
    if (typeof source === 'string' && source.length > QUERY_LIMITS.characters) throw queryTooComplex('characters');
    return parse(source, parseOptions);
  },
  validate: (schema: GraphQLSchema, document: DocumentNode): GraphQLError[] =>
    validate(schema, document, [...specifiedRules, ...limitValidationRules(), subscriptionsOnlyRule]).map((e) => {
      const f = formatError({ ...e.toJSON(), extensions: { code: 'GRAPHQL_VALIDATION_FAILED', ...e.extensions } }, e);
      return new GraphQLError(hideSuggestions ? stripSuggestions(f.message) : f.message, { nodes: e.nodes, extensions: f.extensions });
    }),
});
