import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import type { RegionApplicationStatus } from '../../../gql/graphql';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { formatDateTime, type Lang } from '../../../shared/format/jst';
import { Page } from '../../../shared/layout/Page';
import { usePassed } from '../../../shared/time/usePassed';
import {
  SecretariatCloseCallDocument,
  SecretariatDecideDocument,
  SecretariatPublishDocument,
  SecretariatQueueDocument,
  SecretariatRegionCallsDocument,
} from '../api';

const STATUSES: RegionApplicationStatus[] = ['SUBMITTED', 'ADOPTED', 'REJECTED', 'WITHDRAWN', 'DRAFT'];

export function ReviewQueuePage() {
  return (
    <RequireRole roles={['SECRETARIAT']}>
      <ReviewQueue />
    </RequireRole>
  );
}

function ReviewQueue() {
  const { t, i18n } = useTranslation('secretariat');
  const lang = i18n.language as Lang;
  const [params, setParams] = useSearchParams();
  const [meta, reloadMeta] = useQuery({ query: SecretariatRegionCallsDocument, requestPolicy: 'cache-and-network' });
  const calls = [...(meta.data?.calls ?? [])].sort((a, b) => b.closesAt.localeCompare(a.closesAt));
  // Default: the latest call in review, else the latest.
  const callId = params.get('call') ?? (calls.find((c) => c.status === 'CLOSED') ?? calls[0])?.id ?? '';
  const call = calls.find((c) => c.id === callId);
  const status = params.get('status') ?? '';
  const prefecture = params.get('prefecture') ?? '';
  const unmet = params.get('unmet') ?? '';
  const [form, setForm] = useState({ status, prefecture, unmet });
  const [queue, reloadQueue] = useQuery({
    query: SecretariatQueueDocument,
    variables: {
      callId,
      statuses: status ? [status as RegionApplicationStatus] : undefined,
      prefectureCode: prefecture || undefined,
      unmetRequirement: unmet ? Number(unmet) : undefined,
      offset: 0,
    },
    pause: !callId,
    requestPolicy: 'cache-and-network',
  });
  const [decided, decide] = useMutation(SecretariatDecideDocument);
  const [published, publish] = useMutation(SecretariatPublishDocument);
  const [closed, close] = useMutation(SecretariatCloseCallDocument);
  const pastDeadline = usePassed(call?.closesAt);
  const [done, setDone] = useState<string>();
  const reqTitle = (n: number) => {
    const r = meta.data?.eligibilityRequirements.find((x) => x.number === n);
    return r ? (lang === 'en' ? r.titleEn : r.titleJa) : String(n);
  };
  const set = (next: Record<string, string>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ call: callId, ...next })) if (v) p.set(k, v);
    setParams(p);
  };
  const refresh = () => {
    reloadMeta({ requestPolicy: 'network-only' });
    reloadQueue({ requestPolicy: 'network-only' });
  };
  const error = meta.error ?? queue.error;

  return (
    <Page title={t('queue.title')} lead={t('queue.lead')}>
      {error && <ErrorNotice error={error} onReload={refresh} />}
      {done && (
        <p className="notice notice--success" role="status" data-testid="queue-done">
          {done}
        </p>
      )}
      {decided.error && <ErrorNotice error={decided.error} />}
      {published.error && <ErrorNotice error={published.error} />}
      {closed.error && <ErrorNotice error={closed.error} />}
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          set(form);
        }}
      >
        <div className="field">
          <label className="field__label" htmlFor="call">
            {t('queue.call')}
          </label>
          <select
            id="call"
            className="input"
            value={callId}
            onChange={(e) => {
              const p = new URLSearchParams();
              p.set('call', e.target.value);
              setParams(p);
            }}
          >
            {calls.map((c) => (
              <option key={c.id} value={c.id}>
                {t('queue.callOption', { title: c.title, year: c.program.fiscalYear, status: t(`callStatus.${c.status}`) })}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="field">
          <legend className="field__label">{t('queue.filters')}</legend>
          <div className="field">
            <label className="field__label" htmlFor="filter-status">
              {t('queue.status')}
            </label>
            <select id="filter-status" className="input" value={form.status} onChange={(e) => setForm({ ...form, status: e.target.value })}>
              <option value="">{t('queue.all')}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field__label" htmlFor="filter-prefecture">
              {t('queue.prefecture')}
            </label>
            <select id="filter-prefecture" className="input" value={form.prefecture} onChange={(e) => setForm({ ...form, prefecture: e.target.value })}>
              <option value="">{t('queue.all')}</option>
              {(meta.data?.prefectures ?? []).map((p) => (
                <option key={p.code} value={p.code}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field__label" htmlFor="filter-unmet">
              {t('queue.unmet')}
            </label>
            <select id="filter-unmet" className="input" value={form.unmet} onChange={(e) => setForm({ ...form, unmet: e.target.value })}>
              <option value="">{t('queue.all')}</option>
              {[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => (
                <option key={n} value={String(n)}>
                  {t('queue.requirementOption', { n, title: reqTitle(n) })}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button--secondary">
            {t('queue.apply')}
          </button>
        </fieldset>
      </form>

      {call && <p data-testid="call-status">{t('queue.callState', { status: t(`callStatus.${call.status}`) })}</p>}
      {queue.data && (
        <>
          <p data-testid="queue-count">{t('queue.count', { total: queue.data.regionApplications.total })}</p>
          {queue.data.regionApplications.items.length === 0 ? (
            <p>{t('queue.none')}</p>
          ) : (
            <table className="table" data-testid="queue">
              <caption className="visually-hidden">{t('queue.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('queue.prefecture')}</th>
                  <th scope="col">{t('queue.status')}</th>
                  <th scope="col">{t('queue.submittedAt')}</th>
                  <th scope="col">{t('queue.partners')}</th>
                  <th scope="col">{t('queue.checks')}</th>
                  <th scope="col">{t('queue.hearing')}</th>
                </tr>
              </thead>
              <tbody>
                {queue.data.regionApplications.items.map((a) => {
                  const met = a.requirements.filter((r) => r.met === true).length;
                  const notMet = a.requirements.filter((r) => r.met === false).length;
                  return (
                    <tr key={a.id}>
                      <th scope="row">
                        <Link to={`/secretariat/applications/${a.id}`} aria-label={t('queue.open', { name: a.prefecture.name })}>
                          {a.prefecture.name}
                        </Link>
                      </th>
                      <td>
                        <span className="tag" style={{ whiteSpace: 'nowrap' }}>
                          {t(`status.${a.status}`)}
                        </span>
                      </td>
                      <td>{a.submittedAt ? formatDateTime(a.submittedAt, lang) : '—'}</td>
                      <td>{t('queue.partnersCount', { n: a.partners.length })}</td>
                      <td>
                        {t('queue.checksText', { met })}
                        {notMet > 0 && (
                          <>
                            <br />
                            <strong>{t('queue.notMet', { n: notMet })}</strong>
                          </>
                        )}
                      </td>
                      <td>{a.hearingAt ? formatDateTime(a.hearingAt, lang) : '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      )}

      {call && call.status === 'OPEN' && (
        <section aria-labelledby="close-heading">
          <h2 id="close-heading">{t('queue.closeTitle')}</h2>
          {pastDeadline ? (
            <>
              <p>{t('queue.closeLead', { at: formatDateTime(call.closesAt, lang) })}</p>
              <button
                type="button"
                className="button button--primary"
                disabled={closed.fetching}
                onClick={async () => {
                  setDone(undefined);
                  const r = await close({ id: call.id });
                  if (!r.error) {
                    setDone(t('queue.closed'));
                    refresh();
                  }
                }}
              >
                {t('queue.close')}
              </button>
            </>
          ) : (
            <p>{t('queue.closeBefore', { at: formatDateTime(call.closesAt, lang) })}</p>
          )}
        </section>
      )}

      {call && (call.status === 'CLOSED' || call.status === 'DECIDED') && (
        <section aria-labelledby="decision-heading">
          <h2 id="decision-heading">{t('queue.decision')}</h2>
          <p>{t('queue.decisionLead')}</p>
          <div className="button-row">
            {call.status === 'CLOSED' && (
              <button
                type="button"
                className="button button--primary"
                disabled={decided.fetching}
                onClick={async () => {
                  setDone(undefined);
                  const r = await decide({ callId: call.id });
                  if (!r.error) {
                    setDone(t('queue.decided'));
                    refresh();
                  }
                }}
              >
                {t('queue.decide')}
              </button>
            )}
            {call.status === 'DECIDED' && (
              <button
                type="button"
                className="button button--primary"
                disabled={published.fetching}
                onClick={async () => {
                  setDone(undefined);
                  const r = await publish({ callId: call.id });
                  if (!r.error) {
                    setDone(t('queue.published'));
                    refresh();
                  }
                }}
              >
                {t('queue.publish')}
              </button>
            )}
          </div>
        </section>
      )}
    </Page>
  );
}
