import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery, type CombinedError } from 'urql';
import type { Role, SecretariatAccountsQuery } from '../../../gql/graphql';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { useSession } from '../../../shared/auth/session';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { ErrorSummary, type FieldError } from '../../../shared/forms/ErrorSummary';
import { Field } from '../../../shared/forms/Field';
import { nfkc } from '../../../shared/format/normalize';
import { Page } from '../../../shared/layout/Page';
import {
  SecretariatAccountCreateDocument,
  SecretariatAccountDeactivateDocument,
  SecretariatAccountReactivateDocument,
  SecretariatAccountsDocument,
} from '../api';
import { AccountImport } from './AccountImport';
import '../accounts.css';
import { ConfirmDialog } from '../../../shared/forms/ConfirmDialog';

const ROLES: Role[] = ['SECRETARIAT', 'MINISTRY', 'PREFECTURE', 'MUNICIPALITY', 'VENDOR', 'EVALUATOR'];
type Account = SecretariatAccountsQuery['accounts'][number];

export function AccountsPage() {
  return (
    <RequireRole roles={['SECRETARIAT']}>
      <Accounts />
    </RequireRole>
  );
}

function Accounts() {
  const { t } = useTranslation('secretariatAccounts');
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const role = params.get('role') ?? '';
  const state = params.get('state') ?? '';
  const [form, setForm] = useState({ role, state });
  const [list, reload] = useQuery({ query: SecretariatAccountsDocument, requestPolicy: 'cache-and-network' });
  const [deactivated, deactivate] = useMutation(SecretariatAccountDeactivateDocument);
  const [reactivated, reactivate] = useMutation(SecretariatAccountReactivateDocument);
  const [done, setDone] = useState<string>();
  const [confirming, setConfirming] = useState<Account>();
  const returnFocus = useRef<HTMLElement | null>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);

  const prefectureName = (code: string) => list.data?.prefectures.find((p) => p.code === code)?.name ?? code;
  const vendorName = (id: string) => list.data?.vendors.find((v) => v.id === id)?.name ?? id;
  const organisation = (a: Account) =>
    a.prefectureCode
      ? t('prefectureOrg', { name: prefectureName(a.prefectureCode), code: a.prefectureCode })
      : a.municipalityCode
        ? t('municipalityOrg', { code: a.municipalityCode })
        : a.vendorId
          ? t('vendorOrg', { name: vendorName(a.vendorId) })
          : '—';

  const accounts = (list.data?.accounts ?? [])
    .filter((a) => !role || a.role === role)
    .filter((a) => !state || (state === 'active' ? a.active : !a.active))
    .sort((a, b) => a.role.localeCompare(b.role) || a.email.localeCompare(b.email));

  async function confirmDeactivate() {
    const a = confirming;
    setConfirming(undefined);
    if (!a) return;
    const r = await deactivate({ userId: a.id });
    if (r.data) {
      setDone(t('deactivated', { email: a.email }));
      // The button that opened the dialog is gone (the row now offers 再開する): the outcome takes the focus.
      window.setTimeout(() => doneRef.current?.focus(), 0);
    }
  }

  async function doReactivate(a: Account) {
    const r = await reactivate({ userId: a.id });
    if (r.data) setDone(t('reactivated', { email: a.email }));
  }

  const error = list.error ?? deactivated.error ?? reactivated.error;
  return (
    <Page title={t('title')} lead={t('lead')}>
      {error && <ErrorNotice error={error} onReload={() => reload({ requestPolicy: 'network-only' })} />}
      {done && (
        <p className="notice notice--success" role="status" tabIndex={-1} ref={doneRef} data-testid="accounts-done">
          {done}
        </p>
      )}
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          const p = new URLSearchParams();
          if (form.role) p.set('role', form.role);
          if (form.state) p.set('state', form.state);
          setParams(p);
        }}
      >
        <fieldset className="field">
          <legend className="field__label">{t('filters')}</legend>
          <div className="field">
            <label className="field__label" htmlFor="filter-role">
              {t('role')}
            </label>
            <select id="filter-role" className="input" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>
              <option value="">{t('all')}</option>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`common:roles.${r}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field__label" htmlFor="filter-state">
              {t('state')}
            </label>
            <select id="filter-state" className="input" value={form.state} onChange={(e) => setForm({ ...form, state: e.target.value })}>
              <option value="">{t('all')}</option>
              <option value="active">{t('active')}</option>
              <option value="inactive">{t('inactive')}</option>
            </select>
          </div>
          <button type="submit" className="button button--secondary">
            {t('apply')}
          </button>
        </fieldset>
      </form>

      {list.data && (
        <>
          <p data-testid="accounts-count">{t('count', { n: accounts.length })}</p>
          {accounts.length === 0 ? (
            <p>{t('none')}</p>
          ) : (
            <table className="table" data-testid="accounts">
              <caption className="visually-hidden">{t('title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('email')}</th>
                  <th scope="col">{t('name')}</th>
                  <th scope="col">{t('role')}</th>
                  <th scope="col">{t('organisation')}</th>
                  <th scope="col">{t('state')}</th>
                  <th scope="col">{t('actions')}</th>
                </tr>
              </thead>
              <tbody>
                {accounts.map((a) => {
                  const self = a.id === session.user?.id;
                  return (
                    <tr key={a.id} data-testid={`account-${a.email}`}>
                      <th scope="row" style={{ overflowWrap: 'anywhere' }}>
                        {a.email}
                      </th>
                      <td>
                        {a.displayName}
                        {self && ` ${t('you')}`}
                      </td>
                      <td>{t(`common:roles.${a.role}`)}</td>
                      <td>{organisation(a)}</td>
                      <td>
                        <span className={`tag${a.active ? '' : ' tag--inactive'}`} style={{ whiteSpace: 'nowrap' }}>
                          {a.active ? t('active') : t('inactive')}
                        </span>
                      </td>
                      <td>
                        {self ? (
                          '—'
                        ) : a.active ? (
                          <button
                            type="button"
                            className="button button--secondary"
                            aria-label={t('deactivateLabel', { email: a.email })}
                            onClick={(e) => {
                              returnFocus.current = e.currentTarget;
                              setConfirming(a);
                            }}
                          >
                            {t('deactivate')}
                          </button>
                        ) : (
                          <button
                            type="button"
                            className="button button--secondary"
                            aria-label={t('reactivateLabel', { email: a.email })}
                            disabled={reactivated.fetching}
                            onClick={() => void doReactivate(a)}
                          >
                            {t('reactivate')}
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      )}

      <CreateAccount
        prefectures={list.data?.prefectures ?? []}
        vendors={list.data?.vendors ?? []}
        onCreated={(email) => {
          setDone(t('created', { email }));
          reload({ requestPolicy: 'network-only' });
        }}
      />

      <AccountImport
        onImported={(n) => {
          setDone(t('import.done', { n }));
          reload({ requestPolicy: 'network-only' });
          window.setTimeout(() => doneRef.current?.focus(), 0);
        }}
      />

      {confirming && (
        <ConfirmDialog
          title={t('dialog.title')}
          body={t('dialog.body', { email: confirming.email, name: confirming.displayName })}
          confirm={t('dialog.confirm')}
          cancel={t('dialog.cancel')}
          onConfirm={() => void confirmDeactivate()}
          onClose={() => {
            setConfirming(undefined);
            // Once the modal dialog is gone (the page is inert until then).
            window.setTimeout(() => returnFocus.current?.focus(), 0);
          }}
        />
      )}
    </Page>
  );
}

/**
 * The confirmation before a deactivation: a native modal <dialog> (the rest of the page is inert; Esc closes it), focus
 * starting on Cancel and kept within the dialog by Tab and Shift+Tab; focus returns to the button that opened it.
 */
function CreateAccount({
  prefectures,
  vendors,
  onCreated,
}: {
  prefectures: { code: string; name: string }[];
  vendors: { id: string; name: string }[];
  onCreated: (email: string) => void;
}) {
  const { t } = useTranslation('secretariatAccounts');
  const empty = { role: '', displayName: '', email: '', password: '', prefectureCode: '', municipalityCode: '', vendorId: '' };
  const [v, setV] = useState(empty);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<CombinedError>();
  const [state, create] = useMutation(SecretariatAccountCreateDocument);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const email = nfkc(v.email).trim();
    const municipalityCode = nfkc(v.municipalityCode).trim();
    const found: FieldError[] = [];
    if (!v.role) found.push({ field: 'new-role', message: t('create.roleMissing') });
    if (!v.displayName.trim()) found.push({ field: 'new-name', message: t('create.nameMissing') });
    if (!email) found.push({ field: 'new-email', message: t('create.emailMissing') });
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) found.push({ field: 'new-email', message: t('create.emailInvalid') });
    if ([...v.password].length < 12) found.push({ field: 'new-password', message: t('create.passwordShort') });
    if (v.role === 'PREFECTURE' && !v.prefectureCode) found.push({ field: 'new-prefecture', message: t('create.prefectureMissing') });
    if (v.role === 'MUNICIPALITY' && !/^\d{6}$/.test(municipalityCode)) found.push({ field: 'new-municipality', message: t('create.municipalityInvalid') });
    if (v.role === 'VENDOR' && !v.vendorId) found.push({ field: 'new-vendor', message: t('create.vendorMissing') });
    setErrors(found);
    setFailure(undefined);
    if (found.length) return;
    const r = await create({
      input: {
        role: v.role as Role,
        displayName: v.displayName.trim(),
        email,
        password: v.password,
        prefectureCode: v.role === 'PREFECTURE' ? v.prefectureCode : undefined,
        municipalityCode: v.role === 'MUNICIPALITY' ? municipalityCode : undefined,
        vendorId: v.role === 'VENDOR' ? v.vendorId : undefined,
      },
    });
    if (r.data?.createAccount) {
      setV(empty);
      onCreated(r.data.createAccount.email);
    } else if (r.error) setFailure(r.error);
  }

  const fieldError = (f: string) => errors.find((e) => e.field === f)?.message;
  return (
    <section aria-labelledby="create-title">
      <h2 id="create-title">{t('create.title')}</h2>
      <ErrorSummary errors={errors} />
      {failure && <ErrorNotice error={failure} />}
      <form className="form" noValidate onSubmit={(e) => void submit(e)}>
        <Field id="new-role" label={t('create.role')} error={fieldError('new-role')} required>
          <select className="input" value={v.role} onChange={(e) => setV({ ...v, role: e.target.value })}>
            <option value="">{t('create.chooseRole')}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`common:roles.${r}`)}
              </option>
            ))}
          </select>
        </Field>
        {v.role === 'PREFECTURE' && (
          <Field id="new-prefecture" label={t('create.prefecture')} error={fieldError('new-prefecture')} required>
            <select className="input" value={v.prefectureCode} onChange={(e) => setV({ ...v, prefectureCode: e.target.value })}>
              <option value="">{t('create.choosePrefecture')}</option>
              {prefectures.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        {v.role === 'MUNICIPALITY' && (
          <Field id="new-municipality" label={t('create.municipality')} hint={t('create.municipalityHint')} error={fieldError('new-municipality')} required>
            <input
              className="input"
              type="text"
              inputMode="numeric"
              autoComplete="off"
              value={v.municipalityCode}
              onChange={(e) => setV({ ...v, municipalityCode: e.target.value })}
            />
          </Field>
        )}
        {v.role === 'VENDOR' && (
          <Field id="new-vendor" label={t('create.vendor')} error={fieldError('new-vendor')} required>
            <select className="input" value={v.vendorId} onChange={(e) => setV({ ...v, vendorId: e.target.value })}>
              <option value="">{t('create.chooseVendor')}</option>
              {vendors.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field id="new-name" label={t('create.name')} error={fieldError('new-name')} required>
          <input className="input" type="text" autoComplete="off" value={v.displayName} onChange={(e) => setV({ ...v, displayName: e.target.value })} />
        </Field>
        <Field id="new-email" label={t('create.email')} error={fieldError('new-email')} required>
          <input className="input" type="email" autoComplete="off" value={v.email} onChange={(e) => setV({ ...v, email: e.target.value })} />
        </Field>
        <Field id="new-password" label={t('create.password')} hint={t('create.passwordHint')} error={fieldError('new-password')} required>
          <input className="input" type="password" autoComplete="new-password" value={v.password} onChange={(e) => setV({ ...v, password: e.target.value })} />
        </Field>
        <button type="submit" className="button button--primary" disabled={state.fetching}>
          {t('create.submit')}
        </button>
      </form>
    </section>
  );
}
