import type { Actor, SessionClaims } from '@app/core';

const MAX_ENTRIES = 20_000;

/**
 * The actor of each session, kept in this process under the actors' data version (`DataVersionReader`): a change to an
 * account, a session or a vendor's standing bumps that version in the writer's transaction, and a newer version empties
 * the cache, so a deactivated account, a signed-out session or a suspended vendor is refused on the next request of
 * every instance, exactly as when the account was read on every request. A refusal (null) is kept too: a revoked token
 * replayed in a loop costs no account read. The token's signature and expiry are checked on every request, before this.
 */
export class ActorCache {
  private current = -1n;
  private entries = new Map<string, Actor | null>();

  private static keyOf(userId: string, session?: SessionClaims): string {
    return session ? `${userId}\n${session.id}\n${session.issuedAt}` : userId;
  }

  get(version: bigint, userId: string, session?: SessionClaims): Actor | null | undefined {
    if (version > this.current) {
      this.current = version;
      this.entries = new Map();
    }
    if (version !== this.current) return undefined;
    return this.entries.get(ActorCache.keyOf(userId, session));
  }

  set(version: bigint, userId: string, session: SessionClaims | undefined, actor: Actor | null): void {
    if (version !== this.current) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries = new Map();
    this.entries.set(ActorCache.keyOf(userId, session), actor);
  }
}
