import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, type CombinedError } from 'urql';
import type { SecretariatApplicationQuery } from '../../../gql/graphql';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { ErrorSummary, type FieldError } from '../../../shared/forms/ErrorSummary';
import { Field } from '../../../shared/forms/Field';
import { formatDateTime, type Lang } from '../../../shared/format/jst';
import { Page } from '../../../shared/layout/Page';
import {
  SecretariatAdoptDocument,
  SecretariatApplicationDocument,
  SecretariatRecordChecksDocument,
  SecretariatRejectDocument,
  SecretariatScheduleHearingDocument,
} from '../api';

type Application = SecretariatApplicationQuery['regionApplication'];
type Requirements = SecretariatApplicationQuery['eligibilityRequirements'];
interface Check {
  met: boolean | null;
  note: string;
}

export function ReviewApplicationPage() {
  return (
    <RequireRole roles={['SECRETARIAT']}>
      <ReviewLoader />
    </RequireRole>
  );
}

function ReviewLoader() {
  const { t } = useTranslation('common');
  const { id = '' } = useParams();
  const [{ data, error }, reload] = useQuery({ query: SecretariatApplicationDocument, variables: { id }, requestPolicy: 'network-only' });
  if (error)
    return (
      <Page title={t('error.title')}>
        <ErrorNotice error={error} onReload={() => reload({ requestPolicy: 'network-only' })} />
      </Page>
    );
  if (!data)
    return (
      <Page title={t('loading')}>
        <p role="status" className="loading">
          {t('loading')}
        </p>
      </Page>
    );
  return (
    <Review
      key={data.regionApplication.id}
      application={data.regionApplication}
      requirements={data.eligibilityRequirements}
      reload={() => reload({ requestPolicy: 'network-only' })}
    />
  );
}

/** A JST wall-clock value of <input type="datetime-local"> for an instant. */
function toJstLocal(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 9 * 3600_000);
  return d.toISOString().slice(0, 16);
}

function Review({ application: a, requirements, reload }: { application: Application; requirements: Requirements; reload: () => void }) {
  const { t, i18n } = useTranslation('secretariat');
  const lang = i18n.language as Lang;
  const final = a.call.status === 'DECIDED' || a.call.status === 'PUBLISHED';
  const [checks, setChecks] = useState<Record<number, Check>>(() =>
    Object.fromEntries(a.requirements.map((r) => [r.number, { met: r.met ?? null, note: r.checkNote ?? '' }])),
  );
  const [saving, setSaving] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [apiError, setApiError] = useState<CombinedError>();
  const [message, setMessage] = useState<string>();
  const [hearingAt, setHearingAt] = useState(a.hearingAt ? toJstLocal(a.hearingAt) : '');
  const [hearingNote, setHearingNote] = useState(a.hearingNote ?? '');
  const [reason, setReason] = useState('');
  const [, recordChecks] = useMutation(SecretariatRecordChecksDocument);
  const [, scheduleHearing] = useMutation(SecretariatScheduleHearingDocument);
  const [, adopt] = useMutation(SecretariatAdoptDocument);
  const [, reject] = useMutation(SecretariatRejectDocument);
  const title = (n: number) => {
    const r = requirements.find((x) => x.number === n);
    return r ? (lang === 'en' ? r.titleEn : r.titleJa) : String(n);
  };
  const err = (f: string) => errors.find((e) => e.field === f)?.message;

  function begin(found: FieldError[]): boolean {
    setErrors(found);
    setApiError(undefined);
    setMessage(undefined);
    return found.length === 0;
  }

  // The nine checks in one save: one request, one transaction. A failure records none of them and says why; the
  // version read with the page guards against overwriting a colleague's checks made meanwhile (CONFLICT).
  async function saveChecks() {
    if (
      !begin(
        a.requirements
          .filter((r) => checks[r.number]?.met == null)
          .map((r) => ({ field: `check-${r.number}-met`, message: t('app.errUnchecked', { n: r.number }) })),
      )
    )
      return;
    setSaving(true);
    const res = await recordChecks({
      applicationId: a.id,
      expectedVersion: a.version,
      checks: a.requirements.map((r) => ({ requirement: r.number, met: checks[r.number].met!, note: checks[r.number].note.trim() })),
    });
    setSaving(false);
    if (res.error) return setApiError(res.error);
    setMessage(t('app.checksSaved'));
    reload();
  }

  async function saveHearing() {
    if (!begin(hearingAt ? [] : [{ field: 'hearing-at', message: t('app.errHearing') }])) return;
    const r = await scheduleHearing({ applicationId: a.id, at: hearingAt, note: hearingNote.trim() });
    if (r.error) return setApiError(r.error);
    setMessage(t('app.hearingSaved'));
    reload();
  }

  async function decide(kind: 'adopt' | 'reject') {
    if (kind === 'reject' && !begin(reason.trim() ? [] : [{ field: 'reason', message: t('app.errReason') }])) return;
    if (kind === 'adopt') begin([]);
    const r = kind === 'adopt' ? await adopt({ applicationId: a.id }) : await reject({ applicationId: a.id, reason: reason.trim() });
    if (r.error) return setApiError(r.error);
    setMessage(kind === 'adopt' ? t('app.adopted') : t('app.rejected'));
    reload();
  }

  return (
    <Page title={t('app.title', { name: a.prefecture.name })}>
      <p>
        <Link to={`/secretariat/applications?call=${a.callId}`}>{t('app.back')}</Link>
      </p>
      <ErrorSummary errors={errors} />
      {apiError && <ErrorNotice error={apiError} onReload={reload} />}
      {message && (
        <p className="notice notice--success" role="status" data-testid="review-done">
          {message}
        </p>
      )}
      <h2>{t('app.summary')}</h2>
      <dl className="summary-list" data-testid="summary">
        <dt>{t('app.status')}</dt>
        <dd data-testid="application-status">{t(`status.${a.status}`)}</dd>
        {a.decisionReason && (
          <>
            <dt>{t('app.reason')}</dt>
            <dd>{a.decisionReason}</dd>
          </>
        )}
        <dt>{t('app.call')}</dt>
        <dd>
          {a.call.title}（{t(`callStatus.${a.call.status}`)}）
        </dd>
        <dt>{t('app.submittedAt')}</dt>
        <dd>{a.submittedAt ? formatDateTime(a.submittedAt, lang) : '—'}</dd>
        <dt>{t('app.hearing')}</dt>
        <dd data-testid="hearing">{a.hearingAt ? `${formatDateTime(a.hearingAt, lang)}${a.hearingNote ? `（${a.hearingNote}）` : ''}` : '—'}</dd>
      </dl>
      <h2>{t('app.partners')}</h2>
      <ul data-testid="partners">
        {a.partners.map((p) => (
          <li key={p.id}>
            <strong>{p.municipality.name}</strong>{' '}
            {p.memorandum ? (
              <a href={`/documents/${p.memorandum.documentId}`}>{t('app.memorandum', { name: p.memorandum.fileName })}</a>
            ) : (
              t('app.noMemorandum')
            )}
            {p.issues.length > 0 && (
              <>
                <br />
                {t('app.issues', { list: p.issues.map((i) => i.title).join('、') })}
              </>
            )}
          </li>
        ))}
      </ul>
      {final && <p className="notice notice--info">{t('app.finalNote')}</p>}

      <form
        className="form"
        noValidate
        aria-labelledby="checks-heading"
        onSubmit={(e) => {
          e.preventDefault();
          void saveChecks();
        }}
      >
        <h2 id="checks-heading">{t('app.checks')}</h2>
        <p>{t('app.checksLead')}</p>
        {a.requirements.map((r) => {
          const c = checks[r.number] ?? { met: null, note: '' };
          const setC = (patch: Partial<Check>) => setChecks((prev) => ({ ...prev, [r.number]: { ...c, ...patch } }));
          const declared = r.declared == null ? t('app.declaredNone') : r.declared ? t('app.declaredYes') : t('app.declaredNo');
          return (
            <div key={r.number} className="card" data-testid={`requirement-${r.number}`}>
              <h3>{t('app.requirement', { n: r.number, title: title(r.number) })}</h3>
              <p>
                {t('app.declared', { value: declared })}
                <br />
                {t('app.evidence', { text: r.evidence || '—' })}
              </p>
              <fieldset className={`field${err(`check-${r.number}-met`) ? ' field--error' : ''}`}>
                <legend className="field__label">{t('app.checkLegend', { n: r.number })}</legend>
                {err(`check-${r.number}-met`) && <p className="field__error">{err(`check-${r.number}-met`)}</p>}
                <div className="choice">
                  <input
                    type="radio"
                    id={`check-${r.number}-met`}
                    name={`check-${r.number}`}
                    checked={c.met === true}
                    disabled={final}
                    onChange={() => setC({ met: true })}
                  />{' '}
                  <label htmlFor={`check-${r.number}-met`}>{t('app.met')}</label>
                </div>
                <div className="choice">
                  <input
                    type="radio"
                    id={`check-${r.number}-not`}
                    name={`check-${r.number}`}
                    checked={c.met === false}
                    disabled={final}
                    onChange={() => setC({ met: false })}
                  />{' '}
                  <label htmlFor={`check-${r.number}-not`}>{t('app.notMet')}</label>
                </div>
              </fieldset>
              <Field id={`check-${r.number}-note`} label={t('app.note', { n: r.number })}>
                <input className="input" value={c.note} disabled={final} onChange={(e) => setC({ note: e.target.value })} />
              </Field>
            </div>
          );
        })}
        {saving && (
          <p role="status" data-testid="checks-progress">
            {t('app.savingChecks')}
          </p>
        )}
        {!final && (
          <button type="submit" className="button button--primary" disabled={saving}>
            {t('app.saveChecks')}
          </button>
        )}
      </form>

      {!final && a.status === 'SUBMITTED' && (
        <form
          className="form"
          noValidate
          aria-labelledby="hearing-heading"
          onSubmit={(e) => {
            e.preventDefault();
            void saveHearing();
          }}
        >
          <h2 id="hearing-heading">{t('app.hearing')}</h2>
          <Field id="hearing-at" label={t('app.hearingAt')} error={err('hearing-at')} required>
            <input type="datetime-local" className="input" value={hearingAt} onChange={(e) => setHearingAt(e.target.value)} />
          </Field>
          <Field id="hearing-note" label={t('app.hearingNote')}>
            <input className="input" value={hearingNote} onChange={(e) => setHearingNote(e.target.value)} />
          </Field>
          <button type="submit" className="button button--secondary">
            {t('app.schedule')}
          </button>
        </form>
      )}

      {!final && (a.status === 'SUBMITTED' || a.status === 'ADOPTED' || a.status === 'REJECTED') && (
        <section aria-labelledby="decision-heading">
          <h2 id="decision-heading">{t('app.decision')}</h2>
          {a.status !== 'ADOPTED' && (
            <p>
              <button type="button" className="button button--primary" onClick={() => void decide('adopt')}>
                {t('app.adopt')}
              </button>
            </p>
          )}
          {a.status !== 'REJECTED' && (
            <form
              className="form"
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                void decide('reject');
              }}
            >
              <Field id="reason" label={t('app.reason')} hint={t('app.reasonHint')} error={err('reason')} required>
                <textarea className="input" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
              </Field>
              <button type="submit" className="button button--secondary">
                {t('app.reject')}
              </button>
            </form>
          )}
        </section>
      )}
    </Page>
  );
}
