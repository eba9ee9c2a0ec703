import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useClient, useMutation, useQuery, useSubscription, type CombinedError } from 'urql';
import type { SecretariatCallDetailQuery } from '../../../gql/graphql';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { ErrorSummary, type FieldError } from '../../../shared/forms/ErrorSummary';
import { Field } from '../../../shared/forms/Field';
import { formatDateTime, type Lang } from '../../../shared/format/jst';
import { nfkc } from '../../../shared/format/normalize';
import { Page } from '../../../shared/layout/Page';
import { usePassed } from '../../../shared/time/usePassed';
import {
  SecretariatCallBidsChangedDocument,
  SecretariatCallCloseDocument,
  SecretariatCallCriteriaDocument,
  SecretariatCallDetailDocument,
  SecretariatCallOpenDocument,
  SecretariatCallProgressDocument,
  SecretariatCallRegionsDocument,
  SecretariatCallSettingsDocument,
  SecretariatCallUpdateDocument,
} from '../api';
import { RegionChoice } from './VendorCallsPage';
import '../call.css';

type Call = SecretariatCallDetailQuery['call'];

export function VendorCallPage() {
  return (
    <RequireRole roles={['SECRETARIAT']}>
      <VendorCall />
    </RequireRole>
  );
}

function VendorCall() {
  const { t, i18n } = useTranslation('secretariatCall');
  const lang = i18n.language as Lang;
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const [detail, reload] = useQuery({ query: SecretariatCallDetailDocument, variables: { id }, requestPolicy: 'cache-and-network' });
  const [opened, open] = useMutation(SecretariatCallOpenDocument);
  const [closed, close] = useMutation(SecretariatCallCloseDocument);
  const [done, setDone] = useState<string | undefined>(params.get('created') ? t('call.created') : undefined);
  const call = detail.data?.call;
  const refresh = () => reload({ requestPolicy: 'network-only' });
  const pastDeadline = usePassed(call?.closesAt);
  const failure = detail.error ?? opened.error ?? closed.error;
  return (
    <Page title={call?.title ?? t('list.title')}>
      <p>
        <Link to="/secretariat/vendor-calls">{t('call.back')}</Link>
      </p>
      {failure && <ErrorNotice error={failure} onReload={refresh} />}
      {done && (
        <p className="notice notice--success" role="status" data-testid="call-done">
          {done}
        </p>
      )}
      {call && (
        <>
          <section aria-labelledby="summary-title">
            <h2 id="summary-title">{t('call.summary')}</h2>
            <dl className="summary-list">
              <dt>{t('call.status')}</dt>
              <dd data-testid="call-status">{t(`callStatus.${call.status}`)}</dd>
              <dt>{t('call.deadline')}</dt>
              <dd data-testid="call-deadline">{formatDateTime(call.closesAt, lang)}</dd>
              <dt>{t('call.regionsCount')}</dt>
              <dd>{call.candidateRegions.map((r) => r.prefecture.name).join('、')}</dd>
            </dl>
            {call.status === 'DRAFT' && (
              <>
                <p>{t('call.openLead')}</p>
                <button
                  type="button"
                  className="button button--primary"
                  disabled={opened.fetching}
                  onClick={() =>
                    void open({ id: call.id }).then((r) => {
                      if (r.data) {
                        setDone(t('call.opened'));
                        refresh();
                      }
                    })
                  }
                >
                  {t('call.open')}
                </button>
              </>
            )}
            {call.status === 'OPEN' && (
              <>
                <p>{pastDeadline ? t('call.closeLead') : t('call.closeBefore', { at: formatDateTime(call.closesAt, lang) })}</p>
                {pastDeadline && (
                  <button
                    type="button"
                    className="button button--primary"
                    disabled={closed.fetching}
                    onClick={() =>
                      void close({ id: call.id }).then((r) => {
                        if (r.data) {
                          setDone(t('call.closed'));
                          refresh();
                        }
                      })
                    }
                  >
                    {t('call.close')}
                  </button>
                )}
              </>
            )}
          </section>
          {call.status !== 'DRAFT' && <Progress callId={call.id} />}
          <EditCall
            // A saved change shows as the server has it (criteria and settings do not change the call's version).
            key={JSON.stringify([call.id, call.version, call.evaluationCriteria, call.evaluationSettings])}
            call={call}
            regionCallId={detail.data!.regionCalls.find((c) => c.programId === call.programId && c.status === 'PUBLISHED')?.id ?? ''}
            onSaved={(message) => {
              setDone(message);
              refresh();
            }}
          />
        </>
      )}
    </Page>
  );
}

/**
 * Proposals per region, read again each time vendorBidsChanged says the call's bids changed (over the session's
 * graphql-ws socket): the page follows the bids without a reload. Regions without a submitted proposal stand out.
 */
function Progress({ callId }: { callId: string }) {
  const { t } = useTranslation('secretariatCall');
  const [progress, reload] = useQuery({ query: SecretariatCallProgressDocument, variables: { callId }, requestPolicy: 'cache-and-network' });
  const [events] = useSubscription({ query: SecretariatCallBidsChangedDocument, variables: { callId } }, (n: number = 0) => n + 1);
  const count = events.data ?? 0;
  useEffect(() => {
    if (count > 0) reload({ requestPolicy: 'network-only' });
  }, [count, reload]);
  const rows = [...(progress.data?.vendorCallProgress ?? [])].sort((a, b) =>
    a.candidateRegion.prefecture.code.localeCompare(b.candidateRegion.prefecture.code),
  );
  const none = rows.filter((r) => r.submittedProposals === 0).length;
  return (
    <section aria-labelledby="progress-title">
      <h2 id="progress-title">{t('call.progress')}</h2>
      <p>{t('call.progressLead')}</p>
      {progress.error && <ErrorNotice error={progress.error} onReload={() => reload({ requestPolicy: 'network-only' })} />}
      {!events.error && (
        <p className="live-indicator" data-testid="live">
          <span aria-hidden="true">●</span> {t('call.live')}
        </p>
      )}
      {progress.data && (
        <>
          <p data-testid="no-bids-count">{t('call.noBidsCount', { n: none })}</p>
          <table className="table" data-testid="progress">
            <caption className="visually-hidden">{t('call.progress')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('call.region')}</th>
                <th scope="col">{t('call.submitted')}</th>
                <th scope="col">{t('call.drafts')}</th>
              </tr>
            </thead>
            <tbody aria-live="polite">
              {rows.map((r) => (
                <tr
                  key={r.candidateRegion.id}
                  className={r.submittedProposals === 0 ? 'progress-row--none' : undefined}
                  data-testid={`progress-${r.candidateRegion.prefecture.code}`}
                >
                  <th scope="row">
                    {r.candidateRegion.prefecture.name}
                    {r.submittedProposals === 0 && <span className="tag tag--none">{t('call.noBids')}</span>}
                  </th>
                  <td data-testid={`submitted-${r.candidateRegion.prefecture.code}`}>{r.submittedProposals}</td>
                  <td>{r.draftProposals}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

interface CriterionForm {
  titleJa: string;
  titleEn: string;
  weight: string;
  maxPoints: string;
  minPoints: string;
}

const criterionOf = (c: Call['evaluationCriteria'][number]): CriterionForm => ({
  titleJa: c.titleJa,
  titleEn: c.titleEn,
  weight: String(c.weight),
  maxPoints: String(c.maxPoints),
  minPoints: c.minPoints === null || c.minPoints === undefined ? '' : String(c.minPoints),
});
const num = (s: string) => Number(nfkc(s).trim().replace(/,/g, ''));

/** The change form: nothing is sent until the warning (what the change does to submitted bids) is confirmed. */
function EditCall({ call, regionCallId, onSaved }: { call: Call; regionCallId: string; onSaved: (message: string) => void }) {
  const { t, i18n } = useTranslation('secretariatCall');
  const lang = i18n.language as Lang;
  const client = useClient();
  const initialClose = call.closesAtDisplay.jst.slice(0, 16);
  const initialCriteria = call.evaluationCriteria.map(criterionOf);
  const [title, setTitle] = useState(call.title);
  const [closesAt, setClosesAt] = useState(initialClose);
  const [selected, setSelected] = useState(new Set(call.candidateRegions.map((r) => r.id)));
  const [criteria, setCriteria] = useState<CriterionForm[]>(initialCriteria);
  const [threshold, setThreshold] = useState(String(call.evaluationSettings.passThreshold));
  const [evaluators, setEvaluators] = useState(String(call.evaluationSettings.evaluatorsPerProposal));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<CombinedError>();
  const [review, setReview] = useState<string[] | null>(null);
  const [nothing, setNothing] = useState(false);
  const [saving, setSaving] = useState(false);
  const warningRef = useRef<HTMLHeadingElement>(null);
  const [published] = useQuery({ query: SecretariatCallRegionsDocument, variables: { callId: regionCallId }, pause: !regionCallId });
  const [progress] = useQuery({ query: SecretariatCallProgressDocument, variables: { callId: call.id }, pause: call.status === 'DRAFT' });
  const [, update] = useMutation(SecretariatCallUpdateDocument);
  const [, saveCriteria] = useMutation(SecretariatCallCriteriaDocument);
  const [, saveSettings] = useMutation(SecretariatCallSettingsDocument);

  // The regions the call may list: the published candidate regions of its region call, and those it lists already.
  const regionById = new Map<string, { id: string; prefectureCode: string; prefecture: { name: string } }>();
  for (const r of call.candidateRegions) regionById.set(r.id, r);
  for (const r of published.data?.candidateRegions.items ?? []) regionById.set(r.id, r);
  const regions = [...regionById.values()].sort((a, b) => a.prefectureCode.localeCompare(b.prefectureCode));
  const before = new Set(call.candidateRegions.map((r) => r.id));
  const added = [...selected].filter((r) => !before.has(r));
  const removed = [...before].filter((r) => !selected.has(r));
  const names = (ids: string[]) => ids.map((r) => regionById.get(r)?.prefecture.name ?? r).join('、');
  const submittedIn = (ids: string[]) =>
    (progress.data?.vendorCallProgress ?? []).filter((p) => ids.includes(p.candidateRegion.id)).reduce((n, p) => n + p.submittedProposals, 0);
  const submittedAll = (progress.data?.vendorCallProgress ?? []).reduce((n, p) => n + p.submittedProposals, 0);

  const normalised = criteria.map((c) => ({
    titleJa: c.titleJa.trim(),
    titleEn: c.titleEn.trim(),
    weight: num(c.weight),
    maxPoints: num(c.maxPoints),
    minPoints: c.minPoints.trim() === '' ? null : num(c.minPoints),
  }));
  const criteriaChanged =
    JSON.stringify(normalised) !==
    JSON.stringify(
      initialCriteria.map((c) => ({ ...c, weight: num(c.weight), maxPoints: num(c.maxPoints), minPoints: c.minPoints === '' ? null : num(c.minPoints) })),
    );
  const thresholdChanged = num(threshold) !== call.evaluationSettings.passThreshold;
  const evaluatorsChanged = num(evaluators) !== call.evaluationSettings.evaluatorsPerProposal;
  const titleChanged = title.trim() !== call.title;
  const closesChanged = closesAt !== initialClose;

  function validate(): boolean {
    const found: FieldError[] = [];
    if (!title.trim()) found.push({ field: 'edit-title', message: t('call.errName') });
    if (!closesAt) found.push({ field: 'edit-closes', message: t('call.errClosesAt') });
    if (selected.size === 0) found.push({ field: `edit-region-${regions[0]?.id ?? ''}`, message: t('call.errRegions') });
    normalised.forEach((c, i) => {
      const bad =
        !c.titleJa ||
        !c.titleEn ||
        !(c.weight > 0) ||
        !Number.isInteger(c.maxPoints) ||
        c.maxPoints < 1 ||
        (c.minPoints !== null && (!Number.isInteger(c.minPoints) || c.minPoints < 0 || c.minPoints > c.maxPoints));
      if (bad) found.push({ field: `criterion-${i}-ja`, message: t('call.errCriterion', { n: i + 1 }) });
    });
    const th = num(threshold);
    if (!Number.isFinite(th) || th < 0 || th > 100 || threshold.trim() === '') found.push({ field: 'edit-threshold', message: t('call.errThreshold') });
    const ev = num(evaluators);
    if (!Number.isInteger(ev) || ev < 1) found.push({ field: 'edit-evaluators', message: t('call.errEvaluators') });
    setErrors(found);
    return found.length === 0;
  }

  /** What the change does to submitted bids (the API's rule, libs/bidding material-change.ts), in the reader's words. */
  function consequences(): string[] {
    if (call.status === 'DRAFT') return [t('warning.draftCall')];
    const lines: string[] = [];
    if (criteriaChanged) lines.push(t('warning.criteria', { n: submittedAll }));
    if (thresholdChanged) lines.push(t('warning.threshold', { from: call.evaluationSettings.passThreshold, to: num(threshold), n: submittedAll }));
    if (removed.length) {
      const n = submittedIn(removed);
      lines.push(n ? t('warning.removed', { regions: names(removed), n }) : t('warning.removedNone', { regions: names(removed) }));
    }
    if (added.length) lines.push(t('warning.added', { regions: names(added) }));
    if (closesChanged) lines.push(t('warning.deadline', { from: formatDateTime(call.closesAt, lang), to: formatDateTime(`${closesAt}:00+09:00`, lang) }));
    if (titleChanged || evaluatorsChanged) lines.push(t('warning.other'));
    return lines;
  }

  function check(e: FormEvent) {
    e.preventDefault();
    setFailure(undefined);
    setNothing(false);
    if (!validate()) return;
    const material = criteriaChanged || thresholdChanged || added.length > 0 || removed.length > 0 || closesChanged;
    if (!material && !titleChanged && !evaluatorsChanged) {
      setNothing(true);
      return;
    }
    if (!material) {
      void save();
      return;
    }
    setReview(consequences());
    window.setTimeout(() => warningRef.current?.focus(), 0);
  }

  async function save() {
    setSaving(true);
    let returned = 0;
    try {
      if (titleChanged || closesChanged || added.length || removed.length) {
        const r = await update({
          input: {
            callId: call.id,
            title: titleChanged ? title.trim() : undefined,
            closesAt: closesChanged ? closesAt : undefined,
            candidateRegionIds: added.length || removed.length ? [...selected] : undefined,
          },
        });
        if (r.error) return setFailure(r.error);
        returned += r.data?.updateVendorCall.returnedApplications ?? 0;
      }
      if (criteriaChanged) {
        const r = await saveCriteria({ callId: call.id, criteria: normalised });
        if (r.error) return setFailure(r.error);
      }
      if (thresholdChanged || evaluatorsChanged) {
        const r = await saveSettings({
          callId: call.id,
          input: { passThreshold: thresholdChanged ? num(threshold) : undefined, evaluatorsPerProposal: evaluatorsChanged ? num(evaluators) : undefined },
        });
        if (r.error) return setFailure(r.error);
      }
      setReview(null);
      // The progress of the regions (their bids may be back in draft) is read again.
      void client.query(SecretariatCallProgressDocument, { callId: call.id }, { requestPolicy: 'network-only' }).toPromise();
      onSaved(returned ? t('call.savedReturned', { n: returned }) : t('call.saved'));
    } finally {
      setSaving(false);
    }
  }

  const fieldError = (f: string) => errors.find((e) => e.field === f)?.message;
  const regionsError = errors.find((e) => e.field.startsWith('edit-region-'))?.message;
  const setCriterion = (i: number, patch: Partial<CriterionForm>) => setCriteria(criteria.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const frozen = review !== null;
  return (
    <section aria-labelledby="edit-title-h">
      <h2 id="edit-title-h">{t('call.edit')}</h2>
      <p>{t('call.editLead')}</p>
      <ErrorSummary errors={errors} />
      {failure && <ErrorNotice error={failure} />}
      {nothing && (
        <p className="notice notice--info" role="status">
          {t('call.nothing')}
        </p>
      )}
      <form className="form" noValidate onSubmit={check}>
        <fieldset disabled={frozen} className="plain-fieldset">
          <Field id="edit-title" label={t('call.name')} error={fieldError('edit-title')} required>
            <input className="input" type="text" value={title} onChange={(e) => setTitle(e.target.value)} />
          </Field>
          <Field id="edit-closes" label={t('call.closesAt')} error={fieldError('edit-closes')} required>
            <input className="input" type="datetime-local" value={closesAt} onChange={(e) => setClosesAt(e.target.value)} />
          </Field>
          <RegionChoice idPrefix="edit-region-" legend={t('call.regions')} error={regionsError} regions={regions} selected={selected} onChange={setSelected} />
          <h3>{t('call.criteria')}</h3>
          <p>{t('call.criteriaLead')}</p>
          {criteria.map((c, i) => (
            <fieldset key={i} className="field criterion" data-testid={`criterion-${i + 1}`}>
              <legend className="field__label">{t('call.criterion', { n: i + 1 })}</legend>
              <Field id={`criterion-${i}-ja`} label={t('call.titleJa', { n: i + 1 })} error={fieldError(`criterion-${i}-ja`)} required>
                <input className="input" type="text" value={c.titleJa} onChange={(e) => setCriterion(i, { titleJa: e.target.value })} />
              </Field>
              <Field id={`criterion-${i}-en`} label={t('call.titleEn', { n: i + 1 })} required>
                <input className="input" type="text" lang="en" value={c.titleEn} onChange={(e) => setCriterion(i, { titleEn: e.target.value })} />
              </Field>
              <div className="criterion__numbers">
                <Field id={`criterion-${i}-weight`} label={t('call.weight', { n: i + 1 })} required>
                  <input className="input" type="text" inputMode="decimal" value={c.weight} onChange={(e) => setCriterion(i, { weight: e.target.value })} />
                </Field>
                <Field id={`criterion-${i}-max`} label={t('call.maxPoints', { n: i + 1 })} required>
                  <input
                    className="input"
                    type="text"
                    inputMode="numeric"
                    value={c.maxPoints}
                    onChange={(e) => setCriterion(i, { maxPoints: e.target.value })}
                  />
                </Field>
                <Field id={`criterion-${i}-min`} label={t('call.minPoints', { n: i + 1 })}>
                  <input
                    className="input"
                    type="text"
                    inputMode="numeric"
                    value={c.minPoints}
                    onChange={(e) => setCriterion(i, { minPoints: e.target.value })}
                  />
                </Field>
              </div>
              <button type="button" className="button button--secondary" onClick={() => setCriteria(criteria.filter((_, j) => j !== i))}>
                {t('call.removeCriterion', { n: i + 1 })}
              </button>
            </fieldset>
          ))}
          <p>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setCriteria([...criteria, { titleJa: '', titleEn: '', weight: '', maxPoints: '5', minPoints: '' }])}
            >
              {t('call.addCriterion')}
            </button>
          </p>
          <h3>{t('call.settings')}</h3>
          <Field id="edit-threshold" label={t('call.passThreshold')} error={fieldError('edit-threshold')} required>
            <input className="input" type="text" inputMode="decimal" value={threshold} onChange={(e) => setThreshold(e.target.value)} />
          </Field>
          <Field id="edit-evaluators" label={t('call.evaluatorsPerProposal')} error={fieldError('edit-evaluators')} required>
            <input className="input" type="text" inputMode="numeric" value={evaluators} onChange={(e) => setEvaluators(e.target.value)} />
          </Field>
          {!frozen && (
            <button type="submit" className="button button--primary">
              {t('call.save')}
            </button>
          )}
        </fieldset>
      </form>
      {review && (
        <div className="notice notice--warning" data-testid="change-warning" role="region" aria-labelledby="warning-title">
          <h3 id="warning-title" tabIndex={-1} ref={warningRef}>
            {t('warning.title')}
          </h3>
          <ul>
            {review.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          {call.status !== 'DRAFT' && <p>{t('warning.notice')}</p>}
          <div className="button-row">
            <button type="button" className="button button--primary" disabled={saving} onClick={() => void save()}>
              {t('warning.confirm')}
            </button>
            <button type="button" className="button button--secondary" disabled={saving} onClick={() => setReview(null)}>
              {t('warning.cancel')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
