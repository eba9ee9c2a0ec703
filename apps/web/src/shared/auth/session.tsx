import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useClient } from 'urql';
import { graphql } from '../../gql';
import type { MeQuery } from '../../gql/graphql';
import { useApiControl } from '../api/ApiProvider';
import { claimDrafts, clearAllDrafts } from '../drafts/useAutosaveDraft';

export type SessionUser = MeQuery['me'];
export type Role = SessionUser['role'];

/** loading: asking the API who we are; expired: we were signed in and the API now says UNAUTHENTICATED. */
export type SessionStatus = 'loading' | 'anonymous' | 'signed-in' | 'expired';

const MeDocument = graphql(`
  query Me {
    me {
      id
      role
      displayName
      email
      prefectureCode
      municipalityCode
      vendorId
    }
  }
`);

const LogoutDocument = graphql(`
  mutation Logout {
    logout
  }
`);

interface Session {
  status: SessionStatus;
  user: SessionUser | null;
  /** After the login mutation set the cookie. */
  signedIn: (user: SessionUser) => void;
  /** Ends the session (the cookie is cleared by the API) and forgets this account's drafts on this device. */
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/**
 * Who is signed in. The session cookie is HttpOnly, so the client asks the API (`me`) at start. An UNAUTHENTICATED answer
 * to any later request while signed in means the session expired or the account was deactivated: status `expired`, the
 * layout asks to sign in again, and the page stays as it was (drafts kept in localStorage).
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useClient();
  const api = useApiControl();
  const [state, setState] = useState<{ status: SessionStatus; user: SessionUser | null }>({ status: 'loading', user: null });

  useEffect(() => {
    api.setUnauthenticatedHandler(() => setState((s) => (s.status === 'signed-in' ? { ...s, status: 'expired' } : s)));
  }, [api]);

  useEffect(() => {
    let live = true;
    void client
      .query(MeDocument, {}, { requestPolicy: 'network-only' })
      .toPromise()
      .then((r) => {
        if (!live) return;
        if (r.data?.me) {
          claimDrafts(r.data.me.id);
          setState({ status: 'signed-in', user: r.data.me });
        } else setState((s) => (s.status === 'expired' ? s : { status: 'anonymous', user: null }));
      });
    return () => {
      live = false;
    };
  }, [client]);

  // An expiry or a deactivation is noticed before the user presses "save": the account is re-read when the window
  // regains focus and every minute; an UNAUTHENTICATED answer turns the session to `expired` (through the client).
  useEffect(() => {
    if (state.status !== 'signed-in') return;
    const check = () => void client.query(MeDocument, {}, { requestPolicy: 'network-only' }).toPromise();
    const onVisible = () => document.visibilityState === 'visible' && check();
    window.addEventListener('focus', check);
    document.addEventListener('visibilitychange', onVisible);
    const id = window.setInterval(check, 60_000);
    return () => {
      window.removeEventListener('focus', check);
      document.removeEventListener('visibilitychange', onVisible);
      window.clearInterval(id);
    };
  }, [client, state.status]);

  const signedIn = useCallback(
    (user: SessionUser) => {
      claimDrafts(user.id);
      setState({ status: 'signed-in', user });
      api.reset();
    },
    [api],
  );

  const signOut = useCallback(async () => {
    // Drafts go at once (a shared PC): not after the round trip.
    clearAllDrafts();
    await client.mutation(LogoutDocument, {}).toPromise();
    setState({ status: 'anonymous', user: null });
    api.reset();
  }, [client, api]);

  const value = useMemo(() => ({ ...state, signedIn, signOut }), [state, signedIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** Where each role starts after signing in. */
export function homeOf(role: Role): string {
  switch (role) {
    case 'VENDOR':
      return '/vendor';
    case 'PREFECTURE':
      return '/prefecture';
    case 'MUNICIPALITY':
      return '/municipality';
    case 'SECRETARIAT':
      return '/secretariat/applications';
    case 'EVALUATOR':
      return '/evaluator';
    case 'MINISTRY':
      // No page of its own yet: the published candidate regions (read-only).
      return '/candidate-regions';
    default:
      return '/';
  }
}
