import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { formatDate, type Lang } from '../../../shared/format/jst';
import { Page } from '../../../shared/layout/Page';
import { NoticesMineDocument } from '../api';
import { ALL_ROLES, NOTICES_SHOWN } from '../roles';
import '../components/notices.css';

export function NoticeListPage() {
  return (
    <RequireRole roles={ALL_ROLES}>
      <NoticeList />
    </RequireRole>
  );
}

/** The caller's notices, newest first: the date issued (JST, era), the document number, the subject as a link. */
function NoticeList() {
  const { t, i18n } = useTranslation('notices');
  const lang = i18n.language as Lang;
  const [{ data, error, fetching }, reload] = useQuery({ query: NoticesMineDocument, variables: { first: NOTICES_SHOWN }, requestPolicy: 'cache-and-network' });
  return (
    <Page title={t('list.title')} lead={t('list.lead')}>
      {error && <ErrorNotice error={error} onRetry={() => reload({ requestPolicy: 'network-only' })} />}
      {!data && fetching && (
        <p role="status" className="loading">
          {t('common:loading')}
        </p>
      )}
      {data && data.myNotices.length === 0 && <p data-testid="notices-none">{t('list.none')}</p>}
      {data && data.myNotices.length > 0 && (
        <table className="table" data-testid="notices">
          <caption className="visually-hidden">{t('list.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('list.date')}</th>
              <th scope="col">{t('list.number')}</th>
              <th scope="col">{t('list.subject')}</th>
            </tr>
          </thead>
          <tbody>
            {data.myNotices.map((n) => (
              <tr key={n.id}>
                <td className="notice-list__nowrap">
                  <time dateTime={n.createdAt}>{formatDate(n.createdAt, lang)}</time>
                </td>
                <td className="notice-list__nowrap">{n.documentNumber}</td>
                <td>
                  <Link to={`/oshirase/${encodeURIComponent(n.id)}`}>{n.subject}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
