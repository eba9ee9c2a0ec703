import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { formatDateTime, type Lang } from '../../../shared/format/jst';
import { Page } from '../../../shared/layout/Page';
import { SecretariatMatchingCallsDocument } from '../api';

export function MatchingCallsPage() {
  return (
    <RequireRole roles={['SECRETARIAT']}>
      <MatchingCalls />
    </RequireRole>
  );
}

/** The vendor calls, latest deadline first: those closed and not yet decided are the ones to match. */
function MatchingCalls() {
  const { t, i18n } = useTranslation('secretariatMatching');
  const lang = i18n.language as Lang;
  const [{ data, error }, reload] = useQuery({ query: SecretariatMatchingCallsDocument, requestPolicy: 'cache-and-network' });
  const calls = [...(data?.calls ?? [])].sort((a, b) => b.closesAt.localeCompare(a.closesAt));
  return (
    <Page title={t('calls.title')}>
      <p>{t('calls.lead')}</p>
      {error && <ErrorNotice error={error} onReload={() => reload({ requestPolicy: 'network-only' })} />}
      {!data && !error && (
        <p role="status" className="loading">
          {t('common:loading')}
        </p>
      )}
      {data && calls.length === 0 && <p>{t('calls.none')}</p>}
      {calls.length > 0 && (
        <table className="table" data-testid="matching-calls">
          <caption>{t('calls.call')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('calls.call')}</th>
              <th scope="col">{t('calls.status')}</th>
              <th scope="col">{t('call.runHeading')}</th>
            </tr>
          </thead>
          <tbody>
            {calls.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  {c.title}
                  <br />
                  <small>{formatDateTime(c.closesAt, lang)}</small>
                </th>
                <td>{t(`callStatus.${c.status}`)}</td>
                <td>
                  <Link to={`/secretariat/matching/calls/${c.id}`} aria-label={`${c.title}：${t('calls.open')}`}>
                    {t('calls.open')}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
