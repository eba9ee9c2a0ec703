import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useClient, useQuery, type CombinedError } from 'urql';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { formatDate, type Lang } from '../../../shared/format/jst';
import { Page } from '../../../shared/layout/Page';
import { NoticesMineDocument } from '../api';
import type { NoticesMineQuery } from '../../../gql/graphql';
import { ALL_ROLES, NOTICES_SHOWN } from '../roles';
import '../components/notices.css';

export function NoticeListPage() {
  return (
    <RequireRole roles={ALL_ROLES}>
      <NoticeList />
    </RequireRole>
  );
}

type Row = NoticesMineQuery['myNotices'][number];

/**
 * The caller's notices, newest first: the date issued (JST, era), the document number, the subject as a link; a page
 * at a time (「さらに表示」 asks for the notices after the last one shown), so an old notice is never out of reach.
 */
function NoticeList() {
  const { t, i18n } = useTranslation('notices');
  const lang = i18n.language as Lang;
  const client = useClient();
  const [{ data, error, fetching }, reload] = useQuery({ query: NoticesMineDocument, variables: { first: NOTICES_SHOWN }, requestPolicy: 'cache-and-network' });
  const [older, setOlder] = useState<Row[][]>([]);
  const [moreError, setMoreError] = useState<CombinedError | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [focus, setFocus] = useState<{ id: string } | null>(null);
  const rows = [...(data?.myNotices ?? []), ...older.flat()];
  const lastPage = older.length ? older[older.length - 1] : (data?.myNotices ?? []);
  const hasMore = !!data && lastPage.length === NOTICES_SHOWN;
  // The list the next page continues: a page asked for before the first page was refreshed is not added to the new one.
  const shown = useRef(rows);
  shown.current = rows;

  // The first page refreshed (cache-and-network): the older pages are read again from it when asked.
  useEffect(() => setOlder([]), [data]);
  // After 「さらに表示」 the keyboard goes on at the first notice added, not back at the top.
  useEffect(() => {
    if (focus) document.getElementById(`notice-link-${focus.id}`)?.focus();
  }, [focus]);

  const more = async () => {
    const before = rows[rows.length - 1]?.id;
    if (!before) return;
    setLoadingMore(true);
    setMoreError(null);
    const r = await client.query(NoticesMineDocument, { first: NOTICES_SHOWN, before }, { requestPolicy: 'network-only' }).toPromise();
    setLoadingMore(false);
    if (r.error || !r.data) return setMoreError(r.error ?? null);
    if (shown.current[shown.current.length - 1]?.id !== before) return;
    const page = r.data.myNotices;
    setOlder((pages) => [...pages, page]);
    if (page.length) setFocus({ id: page[0].id });
  };

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
            {rows.map((n) => (
              <tr key={n.id}>
                <td className="notice-list__nowrap">
                  <time dateTime={n.createdAt}>{formatDate(n.createdAt, lang)}</time>
                </td>
                <td className="notice-list__nowrap">{n.documentNumber}</td>
                <td>
                  <Link id={`notice-link-${n.id}`} to={`/oshirase/${encodeURIComponent(n.id)}`}>
                    {n.subject}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {moreError && <ErrorNotice error={moreError} onRetry={() => void more()} />}
      {hasMore && (
        <p>
          <button type="button" className="button button--secondary" onClick={() => void more()} disabled={loadingMore} data-testid="notices-more">
            {loadingMore ? t('list.moreLoading') : t('list.more')}
          </button>
        </p>
      )}
    </Page>
  );
}
