import type { Request, Response } from 'express';
import type { AppConfig } from '@app/core';

/**
 * The browser's session: the same signed token a bearer client gets, kept in an HttpOnly cookie so that page scripts
 * never hold it. SameSite=Strict: no other site's page can make the browser send it (a cross-site form or fetch); a
 * cross-site link opens the client, whose own requests then carry it. Secure whenever users reach the platform over TLS
 * (PUBLIC_BASE_URL is https, required in production) or the request came over TLS (directly or through a proxy trusted by
 * TRUST_PROXY), so that it never travels in clear text there; not Secure on a deployment declared plain HTTP (a closed
 * government network reached by the server's address), where a Secure cookie would never be sent back and no one could sign in.
 */
export const SESSION_COOKIE = 'rdx_session';

/** The session token from a Cookie header, if any. */
export function sessionTokenFrom(cookieHeader: string | string[] | undefined): string | undefined {
  const header = Array.isArray(cookieHeader) ? cookieHeader.join('; ') : cookieHeader;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return value || undefined;
    }
  }
  return undefined;
}

function options(req: Request, config: AppConfig) {
  return { httpOnly: true, sameSite: 'strict' as const, secure: config.servedOverTls || req.secure, path: '/' };
}

/** Sets the session cookie to live as long as the token (`exp`, seconds since the epoch). */
export function setSessionCookie(req: Request, res: Response, config: AppConfig, token: string, exp: number | undefined): void {
  res.cookie(SESSION_COOKIE, token, { ...options(req, config), ...(exp ? { expires: new Date(exp * 1000) } : {}) });
}

export function clearSessionCookie(req: Request, res: Response, config: AppConfig): void {
  res.clearCookie(SESSION_COOKIE, options(req, config));
}
