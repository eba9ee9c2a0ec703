import { Injectable } from '@nestjs/common';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import type { WebSocketServer } from 'ws';
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

/**
 * What WebSockets may hold: one graphql-ws message (the biggest query allowed is 20,000 characters), open
 * subscriptions per socket, and open sockets per account on one instance (a browser tab needs one).
 */
export const WS_LIMITS = { maxPayloadBytes: 64 * 1024, subscriptionsPerSocket: 20, socketsPerAccount: 10 } as const;

/** The close of a socket beyond WS_LIMITS.socketsPerAccount. */
export const TOO_MANY_SOCKETS = { code: 4429, reason: 'Too many connections for this account' } as const;

/**
 * Refuses a subscription beyond WS_LIMITS.subscriptionsPerSocket on one socket (graphql-ws has already counted the
 * new one in `subscriptions` when onSubscribe runs). The client gets the typed error; the socket stays open.
 */
export function tooManySubscriptions(subscriptions: Record<string, unknown>): GraphQLError[] | undefined {
  if (Object.keys(subscriptions).length <= WS_LIMITS.subscriptionsPerSocket) return undefined;
  const error = new DomainError('TOO_MANY_SUBSCRIPTIONS', { limit: WS_LIMITS.subscriptionsPerSocket });
  const f = formatError({ message: error.message }, error);
  return [new GraphQLError(f.message, { extensions: f.extensions })];
}

/**
 * Nest's Apollo driver builds its `ws` servers without a message-size limit (ws's default is 100 MiB, so a 20 MB
 * connection_init was read and parsed) and has no option for one. This driver sets WS_LIMITS.maxPayloadBytes on them
 * once they exist (ws reads it at each upgrade; a bigger message closes the socket with 1009), and stops the start if
 * they are not where expected (a Nest upgrade that moved them) rather than run unbounded.
 */
@Injectable()
export class BoundedApolloDriver extends ApolloDriver {
  override async start(options: ApolloDriverConfig): Promise<void> {
    await super.start(options);
    if (!options.subscriptions) return;
    const service = (this as unknown as { _subscriptionService?: Record<'wss' | 'subTransWs', WebSocketServer | undefined> })._subscriptionService;
    // Duck-typed: @nestjs/graphql carries its own copy of ws.
    const servers = [service?.wss, service?.subTransWs].filter((s): s is WebSocketServer => typeof s?.options === 'object');
    if (!servers.length) throw new Error('WebSocket servers not found: cannot bound their message size');
    for (const s of servers) s.options.maxPayload = WS_LIMITS.maxPayloadBytes;
  }
}
