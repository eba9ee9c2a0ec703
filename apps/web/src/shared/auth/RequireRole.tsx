import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { useSession, type Role } from './session';

/**
 * A page for signed-in roles: anonymous visitors go to /signin (and come back after); another role reads why not. An
 * expired session keeps the page on screen (the layout's banner asks to sign in again) so that nothing typed is lost.
 */
export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { status, user } = useSession();
  const location = useLocation();
  const { t } = useTranslation('common');
  if (status === 'loading')
    return (
      <p role="status" className="loading">
        {t('loading')}
      </p>
    );
  if (status === 'expired') return <>{children}</>;
  if (!user) return <Navigate to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (!roles.includes(user.role))
    return (
      <div className="notice notice--warning">
        <h1>{t('forbidden.title')}</h1>
        <p>{t('forbidden.body')}</p>
      </div>
    );
  return <>{children}</>;
}
