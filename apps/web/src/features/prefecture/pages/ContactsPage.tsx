import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation } from 'urql';
import { useAutosaveDraft } from '../../../shared/drafts/useAutosaveDraft';
import { describeError } from '../../../shared/errors/error-map';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { ErrorSummary, type FieldError } from '../../../shared/forms/ErrorSummary';
import { Field } from '../../../shared/forms/Field';
import { nfkc } from '../../../shared/format/normalize';
import { formatDateTime } from '../../../shared/format/jst';
import { ApplicationFrame, isEditable, useLang, type Application } from '../components/ApplicationFrame';
import { PrefAddContactDocument, PrefRemoveContactDocument } from '../operations';
import '../prefecture.css';

export function ContactsPage() {
  const { t } = useTranslation('prefecture');
  return (
    <ApplicationFrame title={t('contacts.title')} lead={t('contacts.lead')}>
      {({ regionApplication: app }) => <Contacts app={app} />}
    </ApplicationFrame>
  );
}

function Contacts({ app }: { app: Application }) {
  const { t } = useTranslation('prefecture');
  const lang = useLang();
  const [removing, remove] = useMutation(PrefRemoveContactDocument);
  const editable = isEditable(app);
  return (
    <div className="stack">
      <h2>{t('contacts.current')}</h2>
      {removing.error && <ErrorNotice error={removing.error} />}
      {app.contacts.length === 0 && <p>{t('contacts.none')}</p>}
      {app.contacts.map((c) => (
        <section className="card" key={c.id} aria-label={c.name} data-testid="contact">
          <dl className="summary">
            <div>
              <dt>{t('contacts.name')}</dt>
              <dd>{c.name}</dd>
            </div>
            <div>
              <dt>{t('contacts.department')}</dt>
              <dd>
                {c.department} {c.title}
              </dd>
            </div>
            <div>
              <dt>{t('contacts.email')}</dt>
              <dd>{c.email}</dd>
            </div>
            <div>
              <dt>{t('contacts.phone')}</dt>
              <dd>{c.phone}</dd>
            </div>
            <div>
              <dt>{t('contacts.consentedAt')}</dt>
              <dd>{formatDateTime(c.consentedAt, lang)}</dd>
            </div>
          </dl>
          {editable && (
            <button type="button" className="button button--text" disabled={removing.fetching} onClick={() => void remove({ contactId: c.id })}>
              {t('contacts.remove', { name: c.name })}
            </button>
          )}
        </section>
      ))}
      {editable && <ContactForm applicationId={app.id} />}
      <p>
        <Link className="button button--primary" to={`/prefecture/applications/${app.id}/check`}>
          {t('app.check')}
        </Link>
      </p>
    </div>
  );
}

interface ContactDraft {
  name: string;
  department: string;
  title: string;
  email: string;
  phone: string;
  consent: boolean;
}

/** A new contact: kept on this device as it is typed, sent with the button (consent is required by the API). */
function ContactForm({ applicationId }: { applicationId: string }) {
  const { t } = useTranslation('prefecture');
  const lang = useLang();
  const empty: ContactDraft = { name: '', department: '', title: '', email: '', phone: '', consent: false };
  const draft = useAutosaveDraft<ContactDraft>(`pref-contact:${applicationId}`, empty);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [result, add] = useMutation(PrefAddContactDocument);
  const v = draft.value;
  const set = (patch: Partial<ContactDraft>) => draft.setValue({ ...v, ...patch });

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldError[] = [];
    if (!v.name.trim()) found.push({ field: 'contact-name', message: t('contacts.nameMissing') });
    if (!v.department.trim()) found.push({ field: 'contact-department', message: t('contacts.departmentMissing') });
    if (!v.email.trim()) found.push({ field: 'contact-email', message: t('contacts.emailMissing') });
    if (!v.consent) found.push({ field: 'contact-consent', message: t('contacts.consentMissing') });
    setErrors(found);
    if (found.length) return;
    const r = await add({
      applicationId,
      contact: {
        name: nfkc(v.name).trim(),
        department: nfkc(v.department).trim(),
        title: nfkc(v.title).trim() || undefined,
        email: nfkc(v.email).trim(),
        // Optional fields left empty are not sent (an empty phone number is not a phone number).
        phone: nfkc(v.phone).trim() || undefined,
        consentToPersonalDataTerms: v.consent,
      },
    });
    if (r.error) {
      const d = describeError(r.error, lang);
      // The server names the fields it refused (contact.email, contact.phone): show each beside its own field.
      const refused = (d.fields ?? []).map((f) => f.replace(/^contact\./, '')).filter((f) => ['name', 'department', 'title', 'email', 'phone'].includes(f));
      if (d.code === 'VALIDATION_FAILED' && refused.length)
        setErrors(refused.map((f) => ({ field: `contact-${f}`, message: t('contacts.invalid', { field: t(`contacts.${f === 'title' ? 'jobTitle' : f}`) }) })));
      return;
    }
    draft.discard();
  }
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  return (
    <form className="form card" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="add-contact-title">
      <h2 id="add-contact-title">{t('contacts.add')}</h2>
      <ErrorSummary errors={errors} />
      {result.error && errors.length === 0 && <ErrorNotice error={result.error} />}
      <Field id="contact-name" label={t('contacts.name')} error={err('contact-name')} required>
        <input className="input" autoComplete="name" value={v.name} onChange={(e) => set({ name: e.target.value })} />
      </Field>
      <Field id="contact-department" label={t('contacts.department')} error={err('contact-department')} required>
        <input className="input" value={v.department} onChange={(e) => set({ department: e.target.value })} />
      </Field>
      <Field id="contact-title" label={t('contacts.jobTitle')} error={err('contact-title')}>
        <input className="input" autoComplete="organization-title" value={v.title} onChange={(e) => set({ title: e.target.value })} />
      </Field>
      <Field id="contact-email" label={t('contacts.email')} error={err('contact-email')} required>
        <input className="input" type="email" autoComplete="email" value={v.email} onChange={(e) => set({ email: e.target.value })} />
      </Field>
      <Field id="contact-phone" label={t('contacts.phone')} hint={t('contacts.phoneHint')} error={err('contact-phone')}>
        <input className="input" type="tel" autoComplete="tel" value={v.phone} onChange={(e) => set({ phone: e.target.value })} />
      </Field>
      <div className={`field${err('contact-consent') ? ' field--error' : ''}`}>
        {err('contact-consent') && (
          <p className="field__error" id="contact-consent-error">
            {err('contact-consent')}
          </p>
        )}
        <input
          type="checkbox"
          id="contact-consent"
          checked={v.consent}
          aria-describedby={err('contact-consent') ? 'contact-consent-error' : undefined}
          onChange={(e) => set({ consent: e.target.checked })}
        />{' '}
        <label htmlFor="contact-consent">{t('contacts.consent')}</label>
      </div>
      <button type="submit" className="button button--secondary" disabled={result.fetching}>
        {t('contacts.submit')}
      </button>
    </form>
  );
}
