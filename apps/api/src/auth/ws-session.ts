import { sessionTokenFrom } from './session-cookie';

type Handshake = { headers: Record<string, string | string[] | undefined> } | undefined;

/**
 * The browser's session cookie on a graphql-ws handshake, as connection parameters. Only when the page that opens the
 * socket is this server's own (Origin's host = Host): a browser sends cookies on a WebSocket handshake whatever page
 * opened it, so another site's page must not ride on the session (cross-site WebSocket hijacking).
 */
export function wsSessionParams(request: Handshake): Record<string, unknown> | undefined {
  const token = sessionTokenFrom(request?.headers.cookie);
  if (!token || !request) return undefined;
  const origin = request.headers.origin;
  const host = request.headers.host;
  if (typeof origin !== 'string' || typeof host !== 'string') return undefined;
  try {
    if (new URL(origin).host !== host) return undefined;
  } catch {
    return undefined;
  }
  return { authorization: `Bearer ${token}` };
}
