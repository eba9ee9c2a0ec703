import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation } from 'urql';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { formatDateTime } from '../../../shared/format/jst';
import { ApplicationFrame, beforeDeadline, isEditable, reiwa, useLang } from '../components/ApplicationFrame';
import { taskDone } from '../components/missing';
import { PrefReopenApplicationDocument } from '../operations';
import '../prefecture.css';

/** The overview of one application: its sections as a task list, then its status, receipts and result. */
export function ApplicationPage() {
  const { t } = useTranslation('prefecture');
  const lang = useLang();
  const [reopened, reopen] = useMutation(PrefReopenApplicationDocument);
  return (
    <ApplicationFrame
      title={(app) => t('app.title', { fy: t('home.fiscalYear', { reiwa: reiwa(app.call.program.fiscalYear) }) })}
      backLink={false}
      repeat={(app) => beforeDeadline(app) && app.status !== 'WITHDRAWN'}
    >
      {({ regionApplication: app }) => {
        const base = `/prefecture/applications/${app.id}`;
        const done = taskDone(app);
        const editable = isEditable(app);
        const tasks: Array<[keyof typeof done, string, string]> = [
          ['partners', t('app.taskPartners'), `${base}/partners`],
          ['needs', t('app.taskNeeds'), `${base}/needs`],
          ['memoranda', t('app.taskMemoranda'), `${base}/memoranda`],
          ['requirements', t('app.taskRequirements'), `${base}/requirements`],
          ['contacts', t('app.taskContacts'), `${base}/contacts`],
        ];
        return (
          <div className="stack">
            {(app.status === 'ADOPTED' || app.status === 'REJECTED') && (
              <section
                className={`notice ${app.status === 'ADOPTED' ? 'notice--success' : 'notice--warning'}`}
                aria-labelledby="result-title"
                data-testid="result"
              >
                <h2 className="notice__title" id="result-title">
                  {t('app.result')}
                </h2>
                <p>{app.status === 'ADOPTED' ? t('app.adopted') : t('app.rejected')}</p>
                {app.decisionReason && (
                  <p>
                    {t('app.reason')}：{app.decisionReason}
                  </p>
                )}
                {app.requirements
                  .filter((r) => r.met === false)
                  .map((r) => (
                    <p key={r.number}>
                      {t('requirements.requirement', { n: r.number })}：{t('requirements.notMet')} {r.checkNote ?? ''}
                    </p>
                  ))}
              </section>
            )}
            {app.status === 'SUBMITTED' && !beforeDeadline(app) && <p className="notice notice--info">{t('app.pending')}</p>}
            {app.status === 'SUBMITTED' && beforeDeadline(app) && <p className="notice notice--info">{t('app.submittedNote')}</p>}
            {app.status === 'WITHDRAWN' && <p className="notice notice--info">{t('app.withdrawnNote')}</p>}
            {app.status === 'DRAFT' && !editable && <p className="notice notice--warning">{t('app.closedNote')}</p>}
            {app.status === 'DRAFT' && editable && <p>{t('app.lead')}</p>}

            <h2>{t('app.tasks')}</h2>
            <ul className="task-list">
              {tasks.map(([key, label, to]) => (
                <li key={key}>
                  {editable ? <Link to={to}>{label}</Link> : <span>{label}</span>}
                  <span className="tag" data-testid={`task-${key}`}>
                    {done[key] ? t('app.taskDone') : t('app.taskTodo')}
                  </span>
                </li>
              ))}
            </ul>
            <div className="button-row">
              {editable && (
                <Link className="button button--primary" to={`${base}/check`}>
                  {t('app.check')}
                </Link>
              )}
              {beforeDeadline(app) && (app.status === 'SUBMITTED' || app.status === 'WITHDRAWN') && (
                <button type="button" className="button button--secondary" disabled={reopened.fetching} onClick={() => void reopen({ applicationId: app.id })}>
                  {t('app.reopen')}
                </button>
              )}
              {beforeDeadline(app) && (app.status === 'SUBMITTED' || app.status === 'DRAFT') && (
                <Link className="button button--secondary" to={`${base}/withdraw`}>
                  {t('app.withdraw')}
                </Link>
              )}
            </div>
            {reopened.error && <ErrorNotice error={reopened.error} />}
            {app.receipts.length > 0 && (
              <>
                <h2>{t('app.receipts')}</h2>
                <ul>
                  {app.receipts.map((r) => (
                    <li key={r.id}>
                      <Link to={`${base}/receipt/${r.id}`}>
                        {r.number}（{formatDateTime(r.receivedAt, lang)}）
                      </Link>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        );
      }}
    </ApplicationFrame>
  );
}
