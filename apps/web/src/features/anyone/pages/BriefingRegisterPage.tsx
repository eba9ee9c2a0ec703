import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { graphql } from '../../../gql';
import type { RegistrantKind } from '../../../gql/graphql';
import { describeError } from '../../../shared/errors/error-map';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { useAutosaveDraft } from '../../../shared/drafts/useAutosaveDraft';
import { ErrorSummary, type FieldError } from '../../../shared/forms/ErrorSummary';
import { Field } from '../../../shared/forms/Field';
import { formatDateTime, type Lang } from '../../../shared/format/jst';
import { Page } from '../../../shared/layout/Page';
import { Countdown } from '../../../shared/time/Countdown';

const SessionsDocument = graphql(`
  query BriefingSessionsForRegistration {
    briefingSessions {
      id
      title
      startsAt
      registrationClosesAt
      remainingSeats
      capacity
      isOpen
    }
  }
`);

const RegisterDocument = graphql(`
  mutation RegisterForBriefing($sessionId: ID!, $input: BriefingRegistrationInput!) {
    registerForBriefing(sessionId: $sessionId, input: $input) {
      id
      status
      registeredAt
    }
  }
`);

const KINDS: RegistrantKind[] = ['LOCAL_GOVERNMENT', 'PROSPECTIVE_VENDOR', 'RELATED_AGENCY', 'OTHER'];

export function BriefingRegisterPage() {
  const { t, i18n } = useTranslation('anyone');
  const lang = i18n.language as Lang;
  const { sessionId = '' } = useParams();
  const [{ data }] = useQuery({ query: SessionsDocument });
  const session = data?.briefingSessions.find((s) => s.id === sessionId);
  // Kept on this device until the registration is sent (a reload or an interrupted sign-in loses nothing).
  const draft = useAutosaveDraft(`briefing:${sessionId}`, { name: '', organisation: '', email: '', kind: '' as RegistrantKind | '', consent: false });
  const form = draft.value;
  const setForm = draft.setValue;
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [sentTo, setSentTo] = useState('');
  const [failure, setFailure] = useState<CombinedError>();
  const [result, register] = useMutation(RegisterDocument);
  const receipt = result.data?.registerForBriefing;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldError[] = [];
    if (!form.name.trim()) found.push({ field: 'name', message: t('briefing.nameMissing') });
    if (!form.organisation.trim()) found.push({ field: 'organisation', message: t('briefing.organisationMissing') });
    if (!form.email.trim()) found.push({ field: 'email', message: t('briefing.emailMissing') });
    if (!form.kind) found.push({ field: 'kind-LOCAL_GOVERNMENT', message: t('briefing.kindMissing') });
    if (!form.consent) found.push({ field: 'consent', message: t('briefing.consentMissing') });
    setErrors(found);
    setFailure(undefined);
    if (found.length || !form.kind) return;
    const r = await register({
      sessionId,
      input: {
        name: form.name.normalize('NFKC').trim(),
        organisation: form.organisation.normalize('NFKC').trim(),
        email: form.email.normalize('NFKC').trim(),
        kind: form.kind,
        consentToRecording: form.consent,
      },
    });
    if (r.data) {
      setSentTo(form.email.normalize('NFKC').trim());
      draft.discard();
    }
    if (r.error) {
      const d = describeError(r.error, lang);
      // A refused address belongs beside its field; anything else is a notice with its next step.
      if (d.code === 'FREE_MAIL_ADDRESS' || d.code === 'VALIDATION_FAILED')
        setErrors([{ field: d.code === 'FREE_MAIL_ADDRESS' ? 'email' : 'name', message: d.message }]);
      else setFailure(r.error);
    }
  }

  if (receipt)
    return (
      <Page title={t('briefing.sentTitle')}>
        <div className="notice notice--success" role="status" data-testid="briefing-pending">
          <p>{t('briefing.sent', { email: sentTo })}</p>
          <p>
            {t('briefing.receiptNo')}: <code>{receipt.id}</code>
          </p>
        </div>
      </Page>
    );

  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  return (
    <Page title={t('briefing.title')} lead={t('briefing.lead')}>
      {draft.restored && <p className="notice notice--info">{t('common:form.restored')}</p>}
      {data && !session && <p>{t('briefing.notFound')}</p>}
      {session && (
        <div className="card">
          <h2 className="notice__title">{session.title}</h2>
          <p>{formatDateTime(session.startsAt, lang)}</p>
          <Countdown deadline={session.registrationClosesAt} />
        </div>
      )}
      <ErrorSummary errors={errors} />
      {failure && <ErrorNotice error={failure} />}
      <form className="form" noValidate onSubmit={(e) => void submit(e)}>
        <Field id="name" label={t('briefing.name')} hint={t('briefing.nameHint')} error={err('name')} required>
          <input className="input" autoComplete="name" maxLength={60} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </Field>
        <Field id="organisation" label={t('briefing.organisation')} error={err('organisation')} required>
          <input className="input" autoComplete="organization" value={form.organisation} onChange={(e) => setForm({ ...form, organisation: e.target.value })} />
        </Field>
        <Field id="email" label={t('briefing.email')} hint={t('briefing.emailHint')} error={err('email')} required>
          <input className="input" type="email" autoComplete="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
        </Field>
        <fieldset
          className={`field${err('kind-LOCAL_GOVERNMENT') ? ' field--error' : ''}`}
          aria-describedby={err('kind-LOCAL_GOVERNMENT') ? 'kind-error' : undefined}
        >
          <legend className="field__label">{t('briefing.kind')}</legend>
          {err('kind-LOCAL_GOVERNMENT') && (
            <p className="field__error" id="kind-error">
              {err('kind-LOCAL_GOVERNMENT')}
            </p>
          )}
          {KINDS.map((k) => (
            <div key={k} className="choice">
              <input type="radio" id={`kind-${k}`} name="kind" value={k} checked={form.kind === k} onChange={() => setForm({ ...form, kind: k })} />{' '}
              <label htmlFor={`kind-${k}`}>{t(`briefing.kind${k}`)}</label>
            </div>
          ))}
        </fieldset>
        <div className={`field choice${err('consent') ? ' field--error' : ''}`}>
          {err('consent') && (
            <p className="field__error" id="consent-error">
              {err('consent')}
            </p>
          )}
          <input
            type="checkbox"
            id="consent"
            checked={form.consent}
            aria-describedby={err('consent') ? 'consent-error' : undefined}
            onChange={(e) => setForm({ ...form, consent: e.target.checked })}
          />{' '}
          <label htmlFor="consent">{t('briefing.consent')}</label>
        </div>
        <button type="submit" className="button button--primary" disabled={result.fetching}>
          {t('briefing.submit')}
        </button>
      </form>
    </Page>
  );
}
