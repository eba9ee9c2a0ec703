import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { graphql } from '../../../gql';
import type { VendorKind } from '../../../gql/graphql';
import { describeError } from '../../../shared/errors/error-map';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { ErrorSummary, type FieldError } from '../../../shared/forms/ErrorSummary';
import { Field } from '../../../shared/forms/Field';
import { nfkc } from '../../../shared/format/normalize';
import type { Lang } from '../../../shared/format/jst';
import { Page } from '../../../shared/layout/Page';
import { isValidCorporateNumber } from '../corporate-number';

const PrefecturesDocument = graphql(`
  query RegisterPrefectures {
    prefectures {
      code
      name
    }
  }
`);

const RegisterDocument = graphql(`
  mutation RegisterVendor($input: RegisterVendorInput!) {
    registerVendor(input: $input) {
      id
      status
      name
    }
  }
`);

const KINDS: VendorKind[] = ['CONSULTANCY', 'IT_VENDOR', 'THINK_TANK', 'REGIONAL_BANK', 'TELECOM', 'LOCAL_FIRM', 'OTHER'];
/** The server's input names → the ids of this form's fields (so a refused value is shown beside its field). */
const SERVER_FIELDS: Record<string, string> = {
  corporateNumber: 'corporateNumber',
  headOfficePrefectureCode: 'prefecture',
  email: 'email',
  password: 'password',
  name: 'name',
  displayName: 'displayName',
  kind: 'kind',
};

export function RegisterPage() {
  const { t, i18n } = useTranslation('register');
  const lang = i18n.language as Lang;
  const [{ data }] = useQuery({ query: PrefecturesDocument });
  const [form, setForm] = useState({ name: '', corporateNumber: '', kind: '' as VendorKind | '', prefecture: '', displayName: '', email: '', password: '' });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<CombinedError>();
  const [result, register] = useMutation(RegisterDocument);
  const done = result.data?.registerVendor;
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    const corporateNumber = nfkc(form.corporateNumber).replace(/[^0-9]/g, '');
    const email = nfkc(form.email).trim();
    const found: FieldError[] = [];
    if (!form.name.trim()) found.push({ field: 'name', message: t('missing.name') });
    if (!corporateNumber) found.push({ field: 'corporateNumber', message: t('missing.corporateNumber') });
    else if (corporateNumber.length !== 13) found.push({ field: 'corporateNumber', message: t('missing.corporateNumberDigits') });
    else if (!isValidCorporateNumber(corporateNumber)) found.push({ field: 'corporateNumber', message: t('missing.corporateNumberCheck') });
    if (!form.kind) found.push({ field: 'kind', message: t('missing.kind') });
    if (!form.prefecture) found.push({ field: 'prefecture', message: t('missing.prefecture') });
    if (!form.displayName.trim()) found.push({ field: 'displayName', message: t('missing.displayName') });
    if (!email) found.push({ field: 'email', message: t('missing.email') });
    else if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) found.push({ field: 'email', message: t('missing.emailFormat') });
    if (form.password.length < 12) found.push({ field: 'password', message: t('missing.password') });
    setErrors(found);
    setFailure(undefined);
    if (found.length || !form.kind) return;
    const r = await register({
      input: {
        name: nfkc(form.name).trim(),
        corporateNumber,
        kind: form.kind,
        headOfficePrefectureCode: form.prefecture,
        displayName: nfkc(form.displayName).trim(),
        email,
        password: form.password,
      },
    });
    if (r.error) {
      const d = describeError(r.error, lang);
      const field = typeof d.details?.field === 'string' ? SERVER_FIELDS[d.details.field] : d.fields?.map((f) => SERVER_FIELDS[f]).find(Boolean);
      if (field) setErrors([{ field, message: d.message || d.nextText }]);
      else setFailure(r.error);
    }
  }

  if (done)
    return (
      <Page title={t('done.title')}>
        <div className="notice notice--success" role="status" data-testid="registration-pending">
          <p>
            <strong>{t('done.status')}</strong>
          </p>
          <p>{t('done.body', { email: nfkc(form.email).trim() })}</p>
        </div>
        <div className="button-row">
          <Link className="button button--primary" to="/signin?next=%2Fvendor">
            {t('done.signIn')}
          </Link>
          <Link to="/candidate-regions">{t('done.regions')}</Link>
        </div>
      </Page>
    );

  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  return (
    <Page title={t('title')} lead={t('lead')}>
      <ErrorSummary errors={errors} />
      {failure && <ErrorNotice error={failure} />}
      <form className="form" noValidate onSubmit={(e) => void submit(e)}>
        <Field id="name" label={t('name')} error={err('name')} required>
          <input className="input" autoComplete="organization" value={form.name} onChange={set('name')} />
        </Field>
        <Field id="corporateNumber" label={t('corporateNumber')} hint={t('corporateNumberHint')} error={err('corporateNumber')} required>
          <input className="input" inputMode="numeric" autoComplete="off" value={form.corporateNumber} onChange={set('corporateNumber')} />
        </Field>
        <Field id="kind" label={t('kind')} error={err('kind')} required>
          <select className="input" value={form.kind} onChange={set('kind')}>
            <option value="">{t('choose')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kinds.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="prefecture" label={t('prefecture')} error={err('prefecture')} required>
          <select className="input" value={form.prefecture} onChange={set('prefecture')}>
            <option value="">{t('choose')}</option>
            {(data?.prefectures ?? []).map((p) => (
              <option key={p.code} value={p.code}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="displayName" label={t('displayName')} error={err('displayName')} required>
          <input className="input" autoComplete="name" value={form.displayName} onChange={set('displayName')} />
        </Field>
        <Field id="email" label={t('email')} hint={t('emailHint')} error={err('email')} required>
          <input className="input" type="email" autoComplete="email" value={form.email} onChange={set('email')} />
        </Field>
        <Field id="password" label={t('password')} hint={t('passwordHint')} error={err('password')} required>
          <input className="input" type="password" autoComplete="new-password" value={form.password} onChange={set('password')} />
        </Field>
        <button type="submit" className="button button--primary" disabled={result.fetching}>
          {t('submit')}
        </button>
      </form>
    </Page>
  );
}
