import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from 'urql';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';

/**
 * THE GraphQL client: HTTP POST to /graphql on the same origin (the session cookie rides along; the page's scripts
 * never see it), subscriptions over graphql-ws on the same path (the handshake carries the cookie too). Every request
 * sends `apollo-require-preflight`: the API's CSRF prevention refuses requests a cross-site form could send.
 *
 * `onUnauthenticated` is told when an answer says UNAUTHENTICATED (the session expired, or the account was deactivated):
 * the session then shows "sign in again" while the page keeps what was typed.
 */
export function createApiClient(onUnauthenticated: () => void): { client: Client; dispose: () => void } {
  const wsUrl = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/graphql`;
  const ws: WsClient = createWsClient({ url: wsUrl, lazy: true, retryAttempts: 5 });
  const client = new Client({
    url: '/graphql',
    preferGetMethod: false,
    fetchOptions: { headers: { 'apollo-require-preflight': 'true' }, credentials: 'same-origin' },
    exchanges: [
      mapExchange({
        onError(error) {
          if (error.graphQLErrors.some((e) => (e.extensions as { code?: string } | undefined)?.code === 'UNAUTHENTICATED')) onUnauthenticated();
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
  return { client, dispose: () => void ws.dispose() };
}
