import { AsyncLocalStorage } from 'node:async_hooks';

/** Who is acting, for the audit trail: a user id, "anonymous" for a request without an account, or "system". */
export const SYSTEM_ACTOR = 'system';
export const ANONYMOUS_ACTOR = 'anonymous';

interface AuditScope {
  actor: string;
}

const scope = new AsyncLocalStorage<AuditScope>();

/** Runs `fn` (and everything it starts) on behalf of `actor`; the HTTP middleware wraps each request in it. */
export function runAsActor<T>(actor: string, fn: () => T): T {
  return scope.run({ actor }, fn);
}

/** The actor of the current request or job; work started outside any request is the system's. */
export function currentAuditActor(): string {
  return scope.getStore()?.actor ?? SYSTEM_ACTOR;
}
