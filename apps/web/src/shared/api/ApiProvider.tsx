import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Provider, type Client } from 'urql';
import { createApiClient } from './client';

// The client in use, for the few callers outside React: a route's loader starting its page's queries while the page's
// chunk loads. The first client appears when the provider first renders (just after the router starts).
let current: Client | undefined;
let waiting: Array<(c: Client) => void> = [];

/** The API client in use (waits for the provider's first render). */
export function apiClient(): Promise<Client> {
  return current ? Promise.resolve(current) : new Promise((resolve) => waiting.push(resolve));
}

interface ApiControl {
  /** A fresh client (empty cache, new WebSocket): after sign-in and sign-out, so nothing of one account shows to the next. */
  reset: () => void;
  /** Who is told about UNAUTHENTICATED answers (the session). */
  setUnauthenticatedHandler: (handler: () => void) => void;
}

const ApiControlContext = createContext<ApiControl | null>(null);

export function ApiProvider({ children }: { children: ReactNode }) {
  const handler = useRef<() => void>(() => undefined);
  const [generation, setGeneration] = useState(0);
  const api = useMemo(() => {
    const created = createApiClient(() => handler.current());
    current = created.client;
    for (const resolve of waiting) resolve(created.client);
    waiting = [];
    return created;
  }, [generation]);
  // The previous client's socket is closed when a new client replaces it (not in an effect cleanup: StrictMode runs
  // those twice in development and would close the socket of the client still in use).
  const previous = useRef<typeof api>(undefined);
  useEffect(() => {
    if (previous.current && previous.current !== api) previous.current.dispose();
    previous.current = api;
  }, [api]);
  const reset = useCallback(() => setGeneration((g) => g + 1), []);
  const control = useMemo<ApiControl>(() => ({ reset, setUnauthenticatedHandler: (h) => (handler.current = h) }), [reset]);
  return (
    <ApiControlContext.Provider value={control}>
      <Provider value={api.client}>{children}</Provider>
    </ApiControlContext.Provider>
  );
}

export function useApiControl(): ApiControl {
  const c = useContext(ApiControlContext);
  if (!c) throw new Error('useApiControl outside ApiProvider');
  return c;
}
