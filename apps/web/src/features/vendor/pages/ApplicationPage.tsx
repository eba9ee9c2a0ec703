import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import type { VendorCallQuery } from '../../../gql/graphql';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { useAutosaveDraft } from '../../../shared/drafts/useAutosaveDraft';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { Field } from '../../../shared/forms/Field';
import { IntegerInput } from '../../../shared/forms/inputs';
import { formatDateTime, type Lang } from '../../../shared/format/jst';
import { Page } from '../../../shared/layout/Page';
import { Countdown } from '../../../shared/time/Countdown';
import {
  VendorApplicationDocument,
  VendorCallDocument,
  VendorCapacityDocument,
  VendorRemoveProposalDocument,
  VendorReopenDocument,
  VendorStartDocument,
} from '../api';
import { SaveState } from '../components/SaveState';

export function ApplicationPage() {
  return (
    <RequireRole roles={['VENDOR']}>
      <Application />
    </RequireRole>
  );
}

function Application() {
  const { t } = useTranslation('vendor');
  const { callId = '' } = useParams();
  const [{ data, error }, reload] = useQuery({ query: VendorCallDocument, variables: { callId } });
  const [started, start] = useMutation(VendorStartDocument);
  const [capacity, setCapacity] = useState<number | null>(1);
  const call = data?.call;
  const mine = data?.myVendorApplications.find((a) => a.callId === callId);

  if (error) return <Page title={t('nav')}>{<ErrorNotice error={error} onReload={() => reload({ requestPolicy: 'network-only' })} />}</Page>;
  if (!call) return <Loading />;
  if (!mine)
    return (
      <Page title={t('app.title', { call: call.title })} lead={t('app.startLead')}>
        <Countdown deadline={call.closesAt} />
        {started.error && <ErrorNotice error={started.error} />}
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void start({ callId, capacity: capacity ?? undefined }).then((r) => {
              if (!r.error) reload({ requestPolicy: 'network-only' });
            });
          }}
        >
          <Field id="capacity" label={t('app.capacity')} hint={t('app.capacityHint')}>
            <IntegerInput value={capacity} onValueChange={(v) => setCapacity(v)} />
          </Field>
          <button type="submit" className="button button--primary" disabled={started.fetching}>
            {t('home.start')}
          </button>
        </form>
      </Page>
    );
  return <ApplicationOverview applicationId={mine.id} call={call} />;
}

function Loading() {
  const { t } = useTranslation('common');
  return (
    <Page title={t('loading')}>
      <p role="status" className="loading">
        {t('loading')}
      </p>
    </Page>
  );
}

type CallData = VendorCallQuery['call'];

function ApplicationOverview({ applicationId, call }: { applicationId: string; call: CallData }) {
  const { t, i18n } = useTranslation('vendor');
  const lang = i18n.language as Lang;
  const [{ data, error }, reload] = useQuery({ query: VendorApplicationDocument, variables: { id: applicationId }, requestPolicy: 'cache-and-network' });
  const [removed, remove] = useMutation(VendorRemoveProposalDocument);
  const [reopened, reopen] = useMutation(VendorReopenDocument);
  const a = data?.vendorApplication;
  if (error)
    return <Page title={t('app.title', { call: call.title })}>{<ErrorNotice error={error} onReload={() => reload({ requestPolicy: 'network-only' })} />}</Page>;
  if (!a) return <Loading />;
  const draft = a.status === 'DRAFT';
  return (
    <Page title={t('app.title', { call: call.title })} lead={t('app.lead')}>
      <p>
        <Link to="/vendor">{t('nav2.back')}</Link>
      </p>
      <Countdown deadline={call.closesAt} />
      {a.returnedNotice && draft && (
        <div className="notice notice--warning" role="alert" data-testid="returned-notice">
          <h2 className="notice__title">{t('returned.title')}</h2>
          <p>{t('returned.why', { reason: a.returnedNotice })}</p>
          <p>{t('returned.todo')}</p>
        </div>
      )}
      <p>
        <span className="tag" data-testid="application-status">
          {t(`status.${a.status}`)}
        </span>
      </p>
      {a.status === 'SUBMITTED' && (
        <div className="notice notice--success">
          <p>{t('app.submitted', { at: a.submittedAt ? formatDateTime(a.submittedAt, lang) : '' })}</p>
          <div className="button-row">
            <Link to={`/vendor/applications/${a.id}/receipt`}>{t('app.receipt')}</Link>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => void reopen({ applicationId: a.id }).then(() => reload({ requestPolicy: 'network-only' }))}
            >
              {t('app.reopen')}
            </button>
          </div>
          {reopened.error && <ErrorNotice error={reopened.error} />}
        </div>
      )}
      {draft && <CapacityField applicationId={a.id} initial={a.capacity ?? null} />}
      <h2>{t('app.regions')}</h2>
      <p>{t('app.regionsLead')}</p>
      {removed.error && <ErrorNotice error={removed.error} />}
      <ul className="region-list" data-testid="application-regions">
        {call.candidateRegions.map((r) => {
          const p = a.proposals.find((x) => x.candidateRegionId === r.id);
          const name = r.prefecture.name;
          return (
            <li key={r.id} className="card">
              <h3>
                {name} <span className="tag">{p ? t('app.proposalSaved') : t('app.proposalNone')}</span>
              </h3>
              <p>{r.partners.map((x) => x.municipality.name).join('、')}</p>
              {draft && (
                <div className="button-row">
                  <Link className="button button--secondary" to={`/vendor/applications/${a.id}/regions/${r.id}`}>
                    {p ? t('app.edit', { name }) : t('app.write', { name })}
                  </Link>
                  {p && (
                    <button type="button" className="button button--text" onClick={() => void remove({ proposalId: p.id })}>
                      {t('app.remove', { name })}
                    </button>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {draft &&
        (a.proposals.length ? (
          <Link className="button button--primary" to={`/vendor/applications/${a.id}/check`}>
            {t('app.check')}
          </Link>
        ) : (
          <p>{t('app.needProposal')}</p>
        ))}
    </Page>
  );
}

function CapacityField({ applicationId, initial }: { applicationId: string; initial: number | null }) {
  const { t } = useTranslation('vendor');
  const [, setCap] = useMutation(VendorCapacityDocument);
  const draft = useAutosaveDraft<number | null>(`capacity:${applicationId}`, initial, {
    save: async (v) => {
      if (!v || v < 1) throw new Error('invalid');
      const r = await setCap({ applicationId, capacity: v });
      if (r.error) throw r.error;
    },
  });
  const invalid = draft.value !== null && draft.value < 1;
  return (
    <div>
      <Field
        id="capacity"
        label={t('app.capacity')}
        hint={t('app.capacityHint')}
        error={invalid || draft.value === null ? t('app.capacityMissing') : undefined}
      >
        <IntegerInput value={draft.value} onValueChange={(v) => draft.setValue(v)} />
      </Field>
      <SaveState status={draft.status} />
    </div>
  );
}
