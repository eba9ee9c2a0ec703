import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, type CombinedError } from 'urql';
import type { MatchingPolicy } from '../../../gql/graphql';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { ErrorSummary, type FieldError } from '../../../shared/forms/ErrorSummary';
import { Field } from '../../../shared/forms/Field';
import { formatDateTime, type Lang } from '../../../shared/format/jst';
import { parseIntegerInput } from '../../../shared/format/normalize';
import { formatYen } from '../../../shared/format/yen';
import { Page } from '../../../shared/layout/Page';
import { SecretariatMatchingCallDocument, SecretariatMatchingCompareDocument, SecretariatMatchingRunMatchingDocument } from '../api';
import { score, selected, unsupportedLabel, type Run } from './shared';

const POLICIES: MatchingPolicy[] = ['OPTIMAL', 'GREEDY'];

/** The second run (simple) against the first (optimal): signed, so that "fewer" reads as −1, "more" as +1. */
const signed = (n: number, f: (x: number) => string) => (n > 0 ? `+${f(n)}` : n < 0 ? `−${f(-n)}` : f(0));

export function MatchingComparePage() {
  return (
    <RequireRole roles={['SECRETARIAT']}>
      <MatchingCompare />
    </RequireRole>
  );
}

/** Both policies run on the same inputs, side by side: the totals, then each region's selected vendor under each. */
function MatchingCompare() {
  const { t, i18n } = useTranslation('secretariatMatching');
  const lang = i18n.language as Lang;
  const { callId = '' } = useParams();
  const [{ data, error }, reload] = useQuery({ query: SecretariatMatchingCallDocument, variables: { callId }, requestPolicy: 'network-only' });
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<CombinedError>();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [done, setDone] = useState<string>();
  const [budget, setBudget] = useState('');
  const [, runMatching] = useMutation(SecretariatMatchingRunMatchingDocument);
  const runs = data?.matchingRuns ?? [];
  const latest = Object.fromEntries(POLICIES.map((p) => [p, runs.find((r) => r.policy === p)])) as Record<MatchingPolicy, Run | undefined>;
  const [cmp] = useQuery({
    query: SecretariatMatchingCompareDocument,
    variables: { first: latest.OPTIMAL?.id ?? '', second: latest.GREEDY?.id ?? '' },
    pause: !latest.OPTIMAL || !latest.GREEDY,
    requestPolicy: 'network-only',
  });

  if (error)
    return (
      <Page title={t('common:error.title')}>
        <ErrorNotice error={error} onReload={() => reload({ requestPolicy: 'network-only' })} />
      </Page>
    );
  if (!data)
    return (
      <Page title={t('common:loading')}>
        <p role="status" className="loading">
          {t('common:loading')}
        </p>
      </Page>
    );
  const call = data.call;
  const regionName = new Map(call.candidateRegions.map((r) => [r.id, r.prefecture.name]));
  const canRun = call.status === 'CLOSED';

  async function runBoth() {
    const budgetYen = budget.trim() ? parseIntegerInput(budget) : undefined;
    if (budgetYen === null) {
      setErrors([{ field: 'budget', message: t('call.budgetHint') }]);
      return;
    }
    setErrors([]);
    setFailure(undefined);
    setDone(undefined);
    setRunning(true);
    // One after the other: the two runs see the same inputs (their digests are compared below).
    for (const policy of POLICIES) {
      const r = await runMatching({ input: { callId, policy, budgetYen } });
      if (r.error) {
        setRunning(false);
        setFailure(r.error);
        reload({ requestPolicy: 'network-only' });
        return;
      }
    }
    setRunning(false);
    setDone(t('call.ran'));
    reload({ requestPolicy: 'network-only' });
  }

  const winner = (run: Run | undefined, regionId: string) => {
    const m = run && selected(run).find((x) => x.candidateRegionId === regionId);
    if (m) return `${m.vendor.name}（${score(m.score)}）`;
    const u = run?.unsupported.find((x) => x.candidateRegionId === regionId);
    return u ? `${t('call.noWinner')}：${unsupportedLabel(t, u.reason, u.reasonJa, lang)}` : run ? t('call.noWinner') : '—';
  };
  const regionIds = call.candidateRegions.map((r) => r.id);

  return (
    <Page title={t('call.title', { title: call.title })}>
      <p>
        <Link to="/secretariat/matching">{t('call.back')}</Link>
      </p>
      <p data-testid="call-status">{t('call.status', { status: t(`callStatus.${call.status}`) })}</p>
      <ErrorSummary errors={errors} />
      {failure && <ErrorNotice error={failure} onRetry={() => void runBoth()} onReload={() => reload({ requestPolicy: 'network-only' })} />}
      {done && (
        <p className="notice notice--success" role="status" data-testid="run-done">
          {done}
        </p>
      )}

      <section aria-labelledby="run-heading">
        <h2 id="run-heading">{t('call.runHeading')}</h2>
        <p>{t('call.runLead')}</p>
        {canRun ? (
          <form
            className="form"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void runBoth();
            }}
          >
            <Field id="budget" label={t('call.budget')} hint={t('call.budgetHint')} error={errors.find((x) => x.field === 'budget')?.message}>
              <input className="input" inputMode="numeric" value={budget} onChange={(e) => setBudget(e.target.value)} />
            </Field>
            <button type="submit" className="button button--primary" disabled={running}>
              {t('call.runBoth')}
            </button>
            {running && (
              <p role="status" data-testid="running">
                {t('call.running')}
              </p>
            )}
          </form>
        ) : (
          <p className="notice notice--info">{t('call.notClosed')}</p>
        )}
      </section>

      <section aria-labelledby="side-heading">
        <h2 id="side-heading">{t('call.sideBySide')}</h2>
        {!latest.OPTIMAL && !latest.GREEDY ? (
          <p>{t('call.noRuns')}</p>
        ) : (
          <>
            <table className="table" data-testid="side-by-side">
              <caption>{t('call.sideBySide')}</caption>
              <thead>
                <tr>
                  <th scope="col">
                    <span className="visually-hidden">{t('call.region')}</span>
                  </th>
                  {POLICIES.map((p) => (
                    <th scope="col" key={p} data-testid={`policy-${p}`}>
                      {t(`policy.${p}`)}
                      {latest[p] && (
                        <>
                          <br />
                          <small>
                            {t(`runStatus.${latest[p].status}`)}・{t('call.latest', { at: formatDateTime(latest[p].createdAt, lang) })}
                          </small>
                        </>
                      )}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr data-testid="row-regions">
                  <th scope="row">{t('call.regionsSupported')}</th>
                  {POLICIES.map((p) => (
                    <td key={p}>{latest[p] ? t('call.regionsCount', { n: latest[p].regionsSupported }) : '—'}</td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">{t('call.totalScore')}</th>
                  {POLICIES.map((p) => (
                    <td key={p}>{latest[p] ? score(latest[p].totalScore) : '—'}</td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">{t('call.totalBudget')}</th>
                  {POLICIES.map((p) => (
                    <td key={p}>{latest[p] ? formatYen(latest[p].totalBudgetYen, lang) : '—'}</td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">{t('call.unsupportedCount')}</th>
                  {POLICIES.map((p) => (
                    <td key={p}>{latest[p] ? t('call.regionsCount', { n: latest[p].unsupported.length }) : '—'}</td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">{t('call.solver')}</th>
                  {POLICIES.map((p) => (
                    <td key={p}>{latest[p]?.solverStatus ?? '—'}</td>
                  ))}
                </tr>
                {regionIds.map((id) => {
                  const differs = latest.OPTIMAL && latest.GREEDY && winner(latest.OPTIMAL, id) !== winner(latest.GREEDY, id);
                  return (
                    <tr key={id} data-testid={`side-region-${regionName.get(id)}`}>
                      <th scope="row">
                        {regionName.get(id)}
                        {differs && (
                          <>
                            <br />
                            <strong className="tag">{t('call.differs')}</strong>
                          </>
                        )}
                      </th>
                      {POLICIES.map((p) => (
                        <td key={p}>{winner(latest[p], id)}</td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {cmp.data && (
              <p data-testid="diff-summary">
                {t('call.diffSummary', {
                  same: cmp.data.compareMatchingRuns.sameMatches,
                  regions: signed(cmp.data.compareMatchingRuns.regionsDelta, String),
                  score: signed(cmp.data.compareMatchingRuns.scoreDelta, score),
                })}
              </p>
            )}
            <div className="button-row">
              {POLICIES.filter((p) => latest[p]).map((p) => (
                <Link key={p} className="button button--secondary" to={`/secretariat/matching/runs/${latest[p]!.id}`}>
                  {t('call.openRun', { policy: t(`policy.${p}`) })}
                </Link>
              ))}
            </div>
          </>
        )}
      </section>

      {runs.length > 0 && (
        <section aria-labelledby="history-heading">
          <h2 id="history-heading">{t('call.history')}</h2>
          <ul data-testid="run-history">
            {runs.map((r) => (
              <li key={r.id}>
                <Link to={`/secretariat/matching/runs/${r.id}`}>
                  {t('call.runRow', { policy: t(`policy.${r.policy}`), status: t(`runStatus.${r.status}`), at: formatDateTime(r.createdAt, lang) })}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Page>
  );
}
