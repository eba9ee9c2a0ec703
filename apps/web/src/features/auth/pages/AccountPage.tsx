import { useTranslation } from 'react-i18next';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { useSession } from '../../../shared/auth/session';
import { Page } from '../../../shared/layout/Page';
import { SecondFactorSection } from '../components/SecondFactorSection';

/** Who is signed in, for every role (and the page the sign-in guard is tested on). */
export function AccountPage() {
  return (
    <RequireRole roles={['SECRETARIAT', 'MINISTRY', 'PREFECTURE', 'MUNICIPALITY', 'VENDOR', 'EVALUATOR']}>
      <Account />
    </RequireRole>
  );
}

function Account() {
  const { t } = useTranslation('auth');
  const { user } = useSession();
  return (
    <Page title={t('account.title')}>
      {user && (
        <dl className="summary-list" data-testid="account-details">
          <dt>{t('account.name')}</dt>
          <dd>{user.displayName}</dd>
          <dt>{t('account.email')}</dt>
          <dd>{user.email}</dd>
          <dt>{t('account.role')}</dt>
          <dd>{t(`common:roles.${user.role}`)}</dd>
          {user.prefectureCode && (
            <>
              <dt>{t('account.prefecture')}</dt>
              <dd>{user.prefectureCode}</dd>
            </>
          )}
          {user.municipalityCode && (
            <>
              <dt>{t('account.municipality')}</dt>
              <dd>{user.municipalityCode}</dd>
            </>
          )}
        </dl>
      )}
      <p>{t('account.session')}</p>
      {user && ['SECRETARIAT', 'MINISTRY', 'EVALUATOR'].includes(user.role) && <SecondFactorSection />}
    </Page>
  );
}
