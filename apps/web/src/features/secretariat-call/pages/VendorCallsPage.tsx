import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { ErrorSummary, type FieldError } from '../../../shared/forms/ErrorSummary';
import { Field } from '../../../shared/forms/Field';
import { formatDateTime, type Lang } from '../../../shared/format/jst';
import { Page } from '../../../shared/layout/Page';
import { SecretariatCallCreateDocument, SecretariatCallListDocument, SecretariatCallRegionsDocument } from '../api';
import '../call.css';

export function VendorCallsPage() {
  return (
    <RequireRole roles={['SECRETARIAT']}>
      <VendorCalls />
    </RequireRole>
  );
}

function VendorCalls() {
  const { t, i18n } = useTranslation('secretariatCall');
  const lang = i18n.language as Lang;
  const [list, reload] = useQuery({ query: SecretariatCallListDocument, requestPolicy: 'cache-and-network' });
  const calls = [...(list.data?.vendorCalls ?? [])].sort((a, b) => b.closesAt.localeCompare(a.closesAt));
  return (
    <Page title={t('list.title')} lead={t('list.lead')}>
      {list.error && <ErrorNotice error={list.error} onReload={() => reload({ requestPolicy: 'network-only' })} />}
      <section aria-labelledby="calls-title">
        <h2 id="calls-title">{t('list.calls')}</h2>
        {list.data && calls.length === 0 && <p>{t('list.none')}</p>}
        {calls.length > 0 && (
          <table className="table" data-testid="vendor-calls">
            <caption className="visually-hidden">{t('list.calls')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('list.name')}</th>
                <th scope="col">{t('list.year')}</th>
                <th scope="col">{t('list.status')}</th>
                <th scope="col">{t('list.deadline')}</th>
                <th scope="col">{t('list.regions')}</th>
              </tr>
            </thead>
            <tbody>
              {calls.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/secretariat/vendor-calls/${c.id}`} aria-label={t('list.open', { title: c.title })}>
                      {c.title}
                    </Link>
                  </th>
                  <td>{t('list.yearText', { year: c.program.fiscalYear })}</td>
                  <td>
                    <span className="tag">{t(`callStatus.${c.status}`)}</span>
                  </td>
                  <td>{formatDateTime(c.closesAt, lang)}</td>
                  <td>{t('list.regionsCount', { n: c.candidateRegions.length })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {list.data && <CreateCall regionCalls={list.data.regionCalls.filter((c) => c.status === 'PUBLISHED')} />}
    </Page>
  );
}

type RegionCall = { id: string; title: string; programId: string; program: { fiscalYear: number } };

function CreateCall({ regionCalls }: { regionCalls: RegionCall[] }) {
  const { t } = useTranslation('secretariatCall');
  const navigate = useNavigate();
  const [v, setV] = useState({ regionCallId: '', title: '', opensAt: '', closesAt: '', questionsCloseAt: '' });
  const [chosen, setChosen] = useState<Set<string> | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<CombinedError>();
  const [regions] = useQuery({ query: SecretariatCallRegionsDocument, variables: { callId: v.regionCallId }, pause: !v.regionCallId });
  const items = [...(regions.data?.candidateRegions.items ?? [])].sort((a, b) => a.prefectureCode.localeCompare(b.prefectureCode));
  // Every published region is listed by default (as the API does without a choice).
  const selected = chosen ?? new Set(items.map((r) => r.id));
  const [state, create] = useMutation(SecretariatCallCreateDocument);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldError[] = [];
    if (!v.regionCallId) found.push({ field: 'new-region-call', message: t('create.errRegionCall') });
    if (!v.title.trim()) found.push({ field: 'new-title', message: t('create.errName') });
    if (v.regionCallId && selected.size === 0) found.push({ field: `new-region-${items[0]?.id ?? ''}`, message: t('create.errRegions') });
    if (!v.opensAt) found.push({ field: 'new-opens', message: t('create.errOpensAt') });
    if (!v.closesAt) found.push({ field: 'new-closes', message: t('create.errClosesAt') });
    else if (v.opensAt && v.closesAt <= v.opensAt) found.push({ field: 'new-closes', message: t('create.errOrder') });
    setErrors(found);
    setFailure(undefined);
    if (found.length) return;
    const call = regionCalls.find((c) => c.id === v.regionCallId)!;
    // The datetime-local values are Japan time: the API reads a time without an offset as JST.
    const r = await create({
      input: {
        programId: call.programId,
        regionCallId: call.id,
        title: v.title.trim(),
        candidateRegionIds: [...selected],
        opensAt: v.opensAt,
        closesAt: v.closesAt,
        questionsCloseAt: v.questionsCloseAt || undefined,
      },
    });
    if (r.data) navigate(`/secretariat/vendor-calls/${r.data.createVendorCall.id}?created=1`);
    else if (r.error) setFailure(r.error);
  }

  const fieldError = (f: string) => errors.find((e) => e.field === f)?.message;
  const regionsError = errors.find((e) => e.field.startsWith('new-region-') && e.field !== 'new-region-call')?.message;
  return (
    <section aria-labelledby="create-title">
      <h2 id="create-title">{t('create.title')}</h2>
      {regionCalls.length === 0 ? (
        <p className="notice notice--info">{t('create.noRegionCall')}</p>
      ) : (
        <>
          <ErrorSummary errors={errors} />
          {failure && <ErrorNotice error={failure} />}
          <form className="form" noValidate onSubmit={(e) => void submit(e)}>
            <Field id="new-region-call" label={t('create.regionCall')} error={fieldError('new-region-call')} required>
              <select
                className="input"
                value={v.regionCallId}
                onChange={(e) => {
                  setV({ ...v, regionCallId: e.target.value });
                  setChosen(null);
                }}
              >
                <option value="">{t('create.chooseRegionCall')}</option>
                {regionCalls.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.title}
                  </option>
                ))}
              </select>
            </Field>
            {v.regionCallId && (
              <RegionChoice
                idPrefix="new-region-"
                legend={t('create.regions')}
                hint={t('create.regionsHint')}
                error={regionsError}
                regions={items}
                selected={selected}
                onChange={setChosen}
              />
            )}
            <Field id="new-title" label={t('create.name')} error={fieldError('new-title')} required>
              <input className="input" type="text" value={v.title} onChange={(e) => setV({ ...v, title: e.target.value })} />
            </Field>
            <Field id="new-opens" label={t('create.opensAt')} error={fieldError('new-opens')} required>
              <input className="input" type="datetime-local" value={v.opensAt} onChange={(e) => setV({ ...v, opensAt: e.target.value })} />
            </Field>
            <Field id="new-closes" label={t('create.closesAt')} hint={t('create.closesAtHint')} error={fieldError('new-closes')} required>
              <input className="input" type="datetime-local" value={v.closesAt} onChange={(e) => setV({ ...v, closesAt: e.target.value })} />
            </Field>
            <Field id="new-questions" label={t('create.questionsCloseAt')}>
              <input className="input" type="datetime-local" value={v.questionsCloseAt} onChange={(e) => setV({ ...v, questionsCloseAt: e.target.value })} />
            </Field>
            <button type="submit" className="button button--primary" disabled={state.fetching}>
              {t('create.submit')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}

/** The regions as checkboxes (a fieldset with its legend); used to create and to change a call. */
export function RegionChoice({
  idPrefix,
  legend,
  hint,
  error,
  regions,
  selected,
  onChange,
}: {
  idPrefix: string;
  legend: string;
  hint?: string;
  error?: string;
  regions: Array<{ id: string; prefecture: { name: string } }>;
  selected: Set<string>;
  onChange: (next: Set<string>) => void;
}) {
  return (
    <fieldset className={`field${error ? ' field--error' : ''}`} aria-describedby={error ? `${idPrefix}error` : undefined}>
      <legend className="field__label">{legend}</legend>
      {hint && <p className="field__hint">{hint}</p>}
      {error && (
        <p className="field__error" id={`${idPrefix}error`}>
          {error}
        </p>
      )}
      <div className="region-choice">
        {regions.map((r) => (
          <label key={r.id} className="choice" htmlFor={`${idPrefix}${r.id}`}>
            <input
              id={`${idPrefix}${r.id}`}
              type="checkbox"
              checked={selected.has(r.id)}
              onChange={(e) => {
                const next = new Set(selected);
                if (e.target.checked) next.add(r.id);
                else next.delete(r.id);
                onChange(next);
              }}
            />
            {r.prefecture.name}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
