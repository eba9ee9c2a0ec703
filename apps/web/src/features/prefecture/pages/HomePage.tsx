import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { formatDateTime } from '../../../shared/format/jst';
import { Page } from '../../../shared/layout/Page';
import { Countdown } from '../../../shared/time/Countdown';
import { reiwa, useLang } from '../components/ApplicationFrame';
import { PrefHomeDocument, PrefStartApplicationDocument } from '../operations';
import '../prefecture.css';

/** The prefecture's start page: the open region call (start or continue), every past application with its result. */
export function HomePage() {
  const { t } = useTranslation('prefecture');
  const { t: tc } = useTranslation('common');
  const lang = useLang();
  const navigate = useNavigate();
  const [{ data, error, fetching }, refetch] = useQuery({ query: PrefHomeDocument, requestPolicy: 'cache-and-network' });
  const [started, start] = useMutation(PrefStartApplicationDocument);
  const open = (data?.calls ?? []).filter((c) => c.status === 'OPEN');
  const mine = [...(data?.myRegionApplications ?? [])].sort((a, b) => b.call.program.fiscalYear - a.call.program.fiscalYear);

  async function begin(callId: string) {
    const r = await start({ callId });
    if (r.data) navigate(`/prefecture/applications/${r.data.startRegionApplication.id}`);
  }

  return (
    <Page title={t('home.title')} lead={t('home.lead')}>
      {error && <ErrorNotice error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
      {started.error && <ErrorNotice error={started.error} />}
      {!data && fetching && (
        <p role="status" className="loading">
          {tc('loading')}
        </p>
      )}
      {data && (
        <>
          <h2>{t('home.openCalls')}</h2>
          {open.length === 0 && <p>{t('home.noOpenCalls')}</p>}
          {open.map((c) => {
            const app = mine.find((a) => a.call.id === c.id);
            return (
              <section className="card" key={c.id} aria-labelledby={`call-${c.id}`}>
                <h3 id={`call-${c.id}`}>{c.title}</h3>
                <Countdown deadline={c.closesAt} />
                {app ? (
                  <p>
                    <span className="tag">{t(`status.${app.status}`)}</span>{' '}
                    <Link className="button button--primary" to={`/prefecture/applications/${app.id}`}>
                      {app.status === 'DRAFT' ? t('home.continue') : t('home.view')}
                    </Link>
                  </p>
                ) : (
                  <button type="button" className="button button--primary" disabled={started.fetching} onClick={() => void begin(c.id)}>
                    {t('home.start')}
                  </button>
                )}
              </section>
            );
          })}
          <h2>{t('home.myApplications')}</h2>
          {mine.length === 0 ? (
            <p>{t('home.noApplications')}</p>
          ) : (
            <table className="table" data-testid="my-applications">
              <thead>
                <tr>
                  <th scope="col">{t('home.colCall')}</th>
                  <th scope="col">{t('home.colStatus')}</th>
                  <th scope="col">{t('home.colReason')}</th>
                </tr>
              </thead>
              <tbody>
                {mine.map((a) => (
                  <tr key={a.id}>
                    <td>
                      <Link to={`/prefecture/applications/${a.id}`}>
                        {t('home.fiscalYear', { reiwa: reiwa(a.call.program.fiscalYear) })} {a.call.title}
                      </Link>
                      {a.submittedAt && <div>{formatDateTime(a.submittedAt, lang)}</div>}
                    </td>
                    <td>
                      <span className="tag">{t(`status.${a.status}`)}</span>
                    </td>
                    <td>{a.decisionReason ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2>{t('home.otherTasks')}</h2>
          <ul>
            <li>
              <Link to="/prefecture/questions">{t('home.questions')}</Link>
            </li>
            <li>
              <Link to="/prefecture/engagements">{t('home.engagements')}</Link>
            </li>
          </ul>
        </>
      )}
    </Page>
  );
}
