import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import type { ConflictKind } from '../../../gql/graphql';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { ErrorSummary, type FieldError } from '../../../shared/forms/ErrorSummary';
import { Field } from '../../../shared/forms/Field';
import { formatDateTime, type Lang } from '../../../shared/format/jst';
import { nfkc } from '../../../shared/format/normalize';
import { Page } from '../../../shared/layout/Page';
import { EvaluatorConflictsDocument, EvaluatorDeclareConflictDocument } from '../api';

const KINDS: ConflictKind[] = ['ADVISORY', 'EMPLOYMENT', 'FINANCIAL', 'PERSONAL', 'RECENT_COLLABORATION', 'OTHER'];
const OTHER = 'other';

export function ConflictsPage() {
  return (
    <RequireRole roles={['EVALUATOR']}>
      <Conflicts />
    </RequireRole>
  );
}

function Conflicts() {
  const { t, i18n } = useTranslation('evaluator');
  const lang = i18n.language as Lang;
  const [{ data, error }, reload] = useQuery({ query: EvaluatorConflictsDocument, requestPolicy: 'cache-and-network' });
  const [declared, declare] = useMutation(EvaluatorDeclareConflictDocument);
  const [vendor, setVendor] = useState('');
  const [number, setNumber] = useState('');
  const [kind, setKind] = useState<ConflictKind>('ADVISORY');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [done, setDone] = useState(false);

  // The vendors of the proposals assigned to this evaluator, once each, by name and 法人番号.
  const vendors = [...new Map((data?.myAssignedProposals ?? []).map((p) => [p.vendor.corporateNumber, p.vendor])).values()];
  const nameOf = (n: string | null | undefined) => vendors.find((v) => v.corporateNumber === n)?.name;
  const typed = nfkc(number).replace(/[\s-]/g, '');

  async function submit() {
    setDone(false);
    const found: FieldError[] = [];
    if (!vendor) found.push({ field: 'vendor-0', message: t('conflict.errVendor') });
    else if (vendor === OTHER && !/^\d{13}$/.test(typed)) found.push({ field: 'corporate-number', message: t('conflict.errNumber') });
    setErrors(found);
    if (found.length) return;
    const corporateNumber = vendor === OTHER ? typed : vendor;
    const r = await declare({ input: { corporateNumber, kind, note: note.trim() || undefined } });
    if (r.error) return;
    setDone(true);
    setVendor('');
    setNumber('');
    setNote('');
    reload({ requestPolicy: 'network-only' });
  }

  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  return (
    <Page title={t('conflict.title')} lead={t('conflict.lead')}>
      <p>
        <Link to="/evaluator">{t('conflict.back')}</Link>
      </p>
      {error && <ErrorNotice error={error} onReload={() => reload({ requestPolicy: 'network-only' })} />}
      {done && (
        <p className="notice notice--success" role="status" data-testid="conflict-done">
          {t('conflict.done')}
        </p>
      )}
      <h2>{t('conflict.declared')}</h2>
      {data && data.conflicts.length === 0 && <p>{t('conflict.none')}</p>}
      {data && data.conflicts.length > 0 && (
        <table className="table" data-testid="conflicts">
          <caption className="visually-hidden">{t('conflict.declared')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('conflict.vendor')}</th>
              <th scope="col">{t('conflict.kind')}</th>
              <th scope="col">{t('conflict.note')}</th>
              <th scope="col">{t('conflict.declaredAt')}</th>
            </tr>
          </thead>
          <tbody>
            {data.conflicts.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  {nameOf(c.corporateNumber) ?? t('conflict.unknownVendor')}
                  {c.corporateNumber && (
                    <>
                      <br />
                      {t('home.corporateNumber')} {c.corporateNumber}
                    </>
                  )}
                  {c.prefectureCode && <> {c.prefectureCode}</>}
                </th>
                <td>{t(`kind.${c.kind}`)}</td>
                <td>{c.note}</td>
                <td>{formatDateTime(c.declaredAt, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t('conflict.formTitle')}</h2>
      <ErrorSummary errors={errors} />
      {declared.error && <ErrorNotice error={declared.error} />}
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <fieldset className={`field${err('vendor-0') ? ' field--error' : ''}`} aria-describedby="vendor-hint">
          <legend className="field__label">
            {t('conflict.chooseVendor')}
            <span className="field__required">{t('common:form.required')}</span>
          </legend>
          <p className="field__hint" id="vendor-hint">
            {t('conflict.chooseVendorHint')}
          </p>
          {err('vendor-0') && <p className="field__error">{err('vendor-0')}</p>}
          {[
            ...vendors.map((v) => ({ value: v.corporateNumber, label: t('conflict.vendorOption', { name: v.name, number: v.corporateNumber }) })),
            { value: OTHER, label: t('conflict.other') },
          ].map((o, i) => (
            <div key={o.value} className="choice">
              <input type="radio" name="vendor" id={`vendor-${i}`} value={o.value} checked={vendor === o.value} onChange={() => setVendor(o.value)} />{' '}
              <label htmlFor={`vendor-${i}`}>{o.label}</label>
            </div>
          ))}
        </fieldset>
        {vendor && vendor !== OTHER && (
          <p className="notice notice--warning" data-testid="conflict-warning">
            {t('conflict.warnAssigned')}
          </p>
        )}
        {vendor === OTHER && (
          <Field id="corporate-number" label={t('conflict.corporateNumber')} hint={t('conflict.corporateNumberHint')} error={err('corporate-number')} required>
            <input className="input" inputMode="numeric" autoComplete="off" value={number} onChange={(e) => setNumber(e.target.value)} />
          </Field>
        )}
        <Field id="kind" label={t('conflict.kindLabel')} required>
          <select className="input" value={kind} onChange={(e) => setKind(e.target.value as ConflictKind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="note" label={t('conflict.noteLabel')} hint={t('conflict.noteHint')}>
          <textarea className="input" rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
        <button type="submit" className="button button--primary" disabled={declared.fetching}>
          {t('conflict.submit')}
        </button>
      </form>
    </Page>
  );
}
