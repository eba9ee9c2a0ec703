import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../../shared/auth/session';
import { Page } from '../../../shared/layout/Page';

/** Reached after the sign-out button; opened directly (a bookmark), it signs out too. */
export function SignOutPage() {
  const { t } = useTranslation('auth');
  const session = useSession();
  useEffect(() => {
    if (session.status === 'signed-in' || session.status === 'expired') void session.signOut();
  }, [session]);
  return (
    <Page title={t('signOut.title')}>
      <p>{t('signOut.body')}</p>
      <p>
        <Link to="/signin">{t('signOut.again')}</Link>
      </p>
    </Page>
  );
}
