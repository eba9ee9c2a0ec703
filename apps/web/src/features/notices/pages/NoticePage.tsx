import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { formatDate, type Lang } from '../../../shared/format/jst';
import { Page } from '../../../shared/layout/Page';
import { errorCode } from '../../../shared/errors/error-map';
import { NoticesOneDocument } from '../api';
import { ALL_ROLES } from '../roles';
import '../components/notices.css';

export function NoticePage() {
  return (
    <RequireRole roles={ALL_ROLES}>
      <NoticeView />
    </RequireRole>
  );
}

/**
 * One notice as issued: the letter's text as sent (line breaks kept, at a readable width) and its PDF. Read by its id
 * (Query.notice), so a link to an old notice opens it however many came after; one the reader may not see is not found.
 */
function NoticeView() {
  const { id } = useParams();
  const { t, i18n } = useTranslation('notices');
  const lang = i18n.language as Lang;
  const [{ data, error, fetching }, reload] = useQuery({ query: NoticesOneDocument, variables: { id: id ?? '' }, pause: !id });
  const notice = data?.notice;
  const notFound = errorCode(error) === 'NOT_FOUND' || errorCode(error) === 'VALIDATION_FAILED';
  const back = (
    <p>
      <Link to="/oshirase">{t('notice.back')}</Link>
    </p>
  );
  if (error && !notFound)
    return (
      <Page title={t('list.title')}>
        {back}
        <ErrorNotice error={error} onRetry={() => reload({ requestPolicy: 'network-only' })} />
      </Page>
    );
  if (!data && !notFound)
    return (
      <p role="status" className="loading">
        {fetching ? t('common:loading') : ''}
      </p>
    );
  if (!notice)
    return (
      <Page title={t('list.title')}>
        {back}
        <p className="notice notice--warning" data-testid="notice-not-found">
          {t('notice.notFound')}
        </p>
      </Page>
    );
  return (
    <Page title={notice.subject}>
      {back}
      <p className="lead" data-testid="notice-meta">
        {t('notice.meta', { number: notice.documentNumber, date: formatDate(notice.createdAt, lang) })}
      </p>
      <p>
        <a className="button button--secondary" href={notice.pdfPath} download data-testid="notice-pdf">
          {t('notice.pdf')}
        </a>{' '}
        <span className="notice__meta">{t('notice.pdfHint')}</span>
      </p>
      <section aria-label={t('notice.letter')}>
        <pre className="letter" lang="ja" data-testid="notice-letter">
          {notice.body}
        </pre>
      </section>
    </Page>
  );
}
