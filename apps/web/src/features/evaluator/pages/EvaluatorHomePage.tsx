import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import type { EvaluatorHomeQuery } from '../../../gql/graphql';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { formatDateTime, type Lang } from '../../../shared/format/jst';
import { Page } from '../../../shared/layout/Page';
import { Countdown } from '../../../shared/time/Countdown';
import { callOf, scoringDeadlinePassed, scoringOpen } from '../components/call-of';
import { EvaluatorHomeDocument } from '../api';

type Assigned = EvaluatorHomeQuery['myAssignedProposals'][number];

export function EvaluatorHomePage() {
  return (
    <RequireRole roles={['EVALUATOR']}>
      <EvaluatorHome />
    </RequireRole>
  );
}

/** Where a sheet stands: not started, draft (some criteria scored) or submitted. */
export function sheetState(p: Pick<Assigned, 'myScoreSheet'>): 'NONE' | 'DRAFT' | 'SUBMITTED' {
  const s = p.myScoreSheet;
  if (!s) return 'NONE';
  if (s.status === 'SUBMITTED') return 'SUBMITTED';
  return s.scores.length ? 'DRAFT' : 'NONE';
}

function EvaluatorHome() {
  const { t, i18n } = useTranslation('evaluator');
  const lang = i18n.language as Lang;
  const [{ data, error, fetching }, reload] = useQuery({ query: EvaluatorHomeDocument, requestPolicy: 'cache-and-network' });
  const list = data?.myAssignedProposals ?? [];
  const calls = data?.calls ?? [];
  // One section per vendor call, the calls still in scoring first, then the latest.
  const groups = [...new Set(list.map((p) => callOf(calls, p)))]
    .map((call) => ({ call, items: list.filter((p) => callOf(calls, p) === call) }))
    .sort(
      (a, b) => Number(scoringOpen(b.call?.status)) - Number(scoringOpen(a.call?.status)) || (b.call?.closesAt ?? '').localeCompare(a.call?.closesAt ?? ''),
    );
  return (
    <Page title={t('home.title')} lead={t('home.lead')}>
      {error && <ErrorNotice error={error} onReload={() => reload({ requestPolicy: 'network-only' })} />}
      <div className="notice notice--info" data-testid="scoring-period">
        <h2 className="notice__title">{t('home.deadlineTitle')}</h2>
        <p>{t('home.deadlineBody')}</p>
      </div>
      {!data && fetching && (
        <p role="status" className="loading">
          {t('common:loading')}
        </p>
      )}
      {data && list.length === 0 && <p>{t('home.none')}</p>}
      {groups.map(({ call, items }) => {
        const done = items.filter((p) => sheetState(p) === 'SUBMITTED').length;
        const open = scoringOpen(call?.status) && !scoringDeadlinePassed(call);
        const deadline = call?.evaluationSettings.scoringDeadline;
        return (
          <section
            key={call?.id ?? 'none'}
            className="card"
            data-testid={open ? 'call-scoring' : 'call-decided'}
            aria-labelledby={`call-${call?.id ?? 'none'}`}
          >
            <h2 id={`call-${call?.id ?? 'none'}`}>
              {call ? t('home.callHeading', { title: call.title, year: call.program.fiscalYear }) : t('home.proposals')}
            </h2>
            {call && (
              <p>
                {t('home.callDeadline', { at: formatDateTime(call.closesAt, lang) })}
                <br />
                <strong>{open ? t('home.scoringOpen') : scoringOpen(call.status) ? t('home.scoringDeadlinePassed') : t('home.scoringClosed')}</strong>
              </p>
            )}
            {deadline && scoringOpen(call?.status) && <Countdown deadline={deadline} label={t('home.scoringDeadline')} />}
            <p data-testid="progress">
              {t('home.progressText', {
                total: items.length,
                submitted: done,
                draft: items.filter((p) => sheetState(p) === 'DRAFT').length,
                todo: items.filter((p) => sheetState(p) === 'NONE').length,
              })}
            </p>
            <p>
              <label htmlFor={`progress-${call?.id ?? 'none'}`}>{t('home.progressLabel')}</label>{' '}
              <progress id={`progress-${call?.id ?? 'none'}`} max={items.length} value={done} /> {Math.round((done / items.length) * 100)}%
            </p>
            <table className="table" data-testid="assigned">
              <caption className="visually-hidden">{t('home.proposals')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('home.region')}</th>
                  <th scope="col">{t('home.vendor')}</th>
                  <th scope="col">{t('home.corporateNumber')}</th>
                  <th scope="col">{t('home.state')}</th>
                  <th scope="col">{t('home.action')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((p) => {
                  const state = sheetState(p);
                  const vars = { name: p.candidateRegion.prefecture.name, vendor: p.vendor.name };
                  return (
                    <tr key={p.id}>
                      <th scope="row">{p.candidateRegion.prefecture.name}</th>
                      <td>{p.vendor.name}</td>
                      <td>{p.vendor.corporateNumber}</td>
                      <td>
                        <span className="tag" style={{ whiteSpace: 'nowrap' }}>
                          {t(`sheetStatus.${state}`)}
                        </span>{' '}
                        {state === 'DRAFT' && t('home.scoredOf', { scored: p.myScoreSheet?.scores.length ?? 0, total: p.criteria.length })}
                      </td>
                      <td>
                        <Link to={`/evaluator/proposals/${p.id}`}>{state === 'SUBMITTED' || !open ? t('home.view', vars) : t('home.score', vars)}</Link>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        );
      })}
      <h2>{t('home.conflicts')}</h2>
      <p>{t('home.conflictsLead')}</p>
      <p>
        <Link to="/evaluator/conflicts">{t('home.conflictsLink')}</Link>
      </p>
    </Page>
  );
}
