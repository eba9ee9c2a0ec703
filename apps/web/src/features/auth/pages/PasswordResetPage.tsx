import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useMutation, type CombinedError } from 'urql';
import { graphql } from '../../../gql';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { ErrorSummary, type FieldError } from '../../../shared/forms/ErrorSummary';
import { Field } from '../../../shared/forms/Field';
import { Page } from '../../../shared/layout/Page';

const RequestPasswordResetDocument = graphql(`
  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {
    requestPasswordReset(input: $input)
  }
`);

const ResetPasswordDocument = graphql(`
  mutation ResetPassword($input: ResetPasswordInput!) {
    resetPassword(input: $input)
  }
`);

/** /password-reset: asks for the mail; with ?token= (the mailed link), sets the new password. */
export function PasswordResetPage() {
  const [params] = useSearchParams();
  const token = params.get('token');
  return token ? <SetPassword token={token} /> : <RequestMail />;
}

function RequestMail() {
  const { t } = useTranslation('auth');
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<CombinedError>();
  const [sentTo, setSentTo] = useState<string>();
  const [{ fetching }, send] = useMutation(RequestPasswordResetDocument);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const address = email.normalize('NFKC').trim();
    setErrors(address ? [] : [{ field: 'reset-email', message: t('reset.emailMissing') }]);
    setFailure(undefined);
    if (!address) return;
    const r = await send({ input: { email: address } });
    if (r.error) setFailure(r.error);
    else setSentTo(address);
  }

  return (
    <Page title={t('reset.title')} lead={t('reset.lead')}>
      <ErrorSummary errors={errors} />
      {failure && <ErrorNotice error={failure} />}
      {sentTo && (
        <p className="notice notice--success" role="status" data-testid="reset-sent">
          {t('reset.sent', { email: sentTo })}
        </p>
      )}
      <form className="form" noValidate onSubmit={(e) => void submit(e)}>
        <Field id="reset-email" label={t('reset.email')} error={errors[0]?.message} required>
          <input className="input" type="email" name="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <button type="submit" className="button button--primary" disabled={fetching}>
          {t('reset.send')}
        </button>
      </form>
      <p>
        <Link to="/signin">{t('reset.signIn')}</Link>
      </p>
    </Page>
  );
}

function SetPassword({ token }: { token: string }) {
  const { t } = useTranslation('auth');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<CombinedError>();
  const [done, setDone] = useState(false);
  const [{ fetching }, reset] = useMutation(ResetPasswordDocument);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldError[] = [];
    if (password.length < 12) found.push({ field: 'new-password', message: t('reset.tooShort') });
    if (password !== confirm) found.push({ field: 'confirm-password', message: t('reset.mismatch') });
    setErrors(found);
    setFailure(undefined);
    if (found.length) return;
    const r = await reset({ input: { token, newPassword: password } });
    if (r.error) setFailure(r.error);
    else setDone(true);
  }

  const fieldError = (f: string) => errors.find((x) => x.field === f)?.message;
  if (done) {
    return (
      <Page title={t('reset.setTitle')}>
        <p className="notice notice--success" role="status" data-testid="reset-done">
          {t('reset.done')}
        </p>
        <p>
          <Link to="/signin">{t('reset.signIn')}</Link>
        </p>
      </Page>
    );
  }
  return (
    <Page title={t('reset.setTitle')} lead={t('reset.setLead')}>
      <ErrorSummary errors={errors} />
      {failure && <ErrorNotice error={failure} />}
      <form className="form" noValidate onSubmit={(e) => void submit(e)}>
        <Field id="new-password" label={t('reset.newPassword')} hint={t('reset.newPasswordHint')} error={fieldError('new-password')} required>
          <input className="input" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        <Field id="confirm-password" label={t('reset.confirm')} error={fieldError('confirm-password')} required>
          <input className="input" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
        </Field>
        <button type="submit" className="button button--primary" disabled={fetching}>
          {t('reset.set')}
        </button>
      </form>
      <p>
        <Link to="/password-reset">{t('reset.again')}</Link>
      </p>
    </Page>
  );
}
