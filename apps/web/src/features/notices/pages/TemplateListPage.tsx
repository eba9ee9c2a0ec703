import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { Page } from '../../../shared/layout/Page';
import { NoticesTemplatesDocument } from '../api';

export function TemplateListPage() {
  return (
    <RequireRole roles={['SECRETARIAT']}>
      <TemplateList />
    </RequireRole>
  );
}

/** Every notice kind: its name, whether its wording is the secretariat's or the default, a link to edit it. */
function TemplateList() {
  const { t } = useTranslation('notices');
  const [{ data, error, fetching }, reload] = useQuery({ query: NoticesTemplatesDocument, requestPolicy: 'cache-and-network' });
  return (
    <Page title={t('templates.title')} lead={t('templates.lead')}>
      {error && <ErrorNotice error={error} onRetry={() => reload({ requestPolicy: 'network-only' })} />}
      {!data && fetching && (
        <p role="status" className="loading">
          {t('common:loading')}
        </p>
      )}
      {data && (
        <table className="table" data-testid="templates">
          <caption className="visually-hidden">{t('templates.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('templates.name')}</th>
              <th scope="col">{t('templates.state')}</th>
            </tr>
          </thead>
          <tbody>
            {data.noticeTemplates.map((tp) => (
              <tr key={tp.kind} data-testid={`template-${tp.kind}`}>
                <th scope="row">
                  <Link to={`/secretariat/notice-templates/${encodeURIComponent(tp.kind)}`} aria-label={t('templates.edit', { name: tp.name })}>
                    {tp.name}
                  </Link>
                </th>
                <td>
                  <span className="tag">{tp.edited ? t('templates.edited') : t('templates.default')}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
