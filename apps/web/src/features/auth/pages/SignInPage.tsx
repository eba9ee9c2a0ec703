import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation, type CombinedError } from 'urql';
import { graphql } from '../../../gql';
import { homeOf, useSession } from '../../../shared/auth/session';
import { errorCode } from '../../../shared/errors/error-map';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { ErrorSummary, type FieldError } from '../../../shared/forms/ErrorSummary';
import { Field } from '../../../shared/forms/Field';
import { Page } from '../../../shared/layout/Page';

const LoginDocument = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      user {
        id
        role
        displayName
        email
        prefectureCode
        municipalityCode
        vendorId
      }
    }
  }
`);

/** Only a path of this client may follow a sign-in (never another site). */
function safeNext(next: string | null): string | undefined {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : undefined;
}

export function SignInPage() {
  const { t } = useTranslation('auth');
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // Shown once the API says the account has a second factor (TOTP_REQUIRED): the app's 6-digit code.
  const [otpAsked, setOtpAsked] = useState(false);
  const [otp, setOtp] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<CombinedError>();
  const [, login] = useMutation(LoginDocument);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldError[] = [];
    if (!email.trim()) found.push({ field: 'email', message: t('signIn.emailMissing') });
    if (!password) found.push({ field: 'password', message: t('signIn.passwordMissing') });
    const code = otp.normalize('NFKC').replace(/\s/g, '');
    if (otpAsked && !/^\d{6}$/.test(code)) found.push({ field: 'otp', message: t('signIn.otpMissing') });
    setErrors(found);
    setFailure(undefined);
    if (found.length) return;
    const r = await login({ input: { email: email.normalize('NFKC').trim(), password, ...(otpAsked ? { otp: code } : {}) } });
    if (r.data?.login) {
      session.signedIn(r.data.login.user);
      navigate(next ?? homeOf(r.data.login.user.role), { replace: true });
    } else if (r.error && errorCode(r.error) === 'INVALID_CREDENTIALS') {
      setErrors([{ field: 'email', message: t('signIn.failed') }]);
    } else if (r.error && errorCode(r.error) === 'TOTP_REQUIRED') {
      setOtpAsked(true);
    } else if (r.error && errorCode(r.error) === 'TOTP_INVALID') {
      setErrors([{ field: 'otp', message: t('signIn.otpWrong') }]);
    } else if (r.error) setFailure(r.error);
  }

  const fieldError = (f: string) => errors.find((e) => e.field === f)?.message;
  return (
    <Page title={t('signIn.title')} lead={t('signIn.lead')}>
      {session.status === 'expired' && <p className="notice notice--info">{t('signIn.again')}</p>}
      <ErrorSummary errors={errors} />
      {failure && <ErrorNotice error={failure} />}
      <form className="form" noValidate onSubmit={(e) => void submit(e)}>
        <Field id="email" label={t('signIn.email')} error={fieldError('email')} required>
          <input className="input" type="email" name="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <Field id="password" label={t('signIn.password')} error={fieldError('password')} required>
          <input
            className="input"
            type="password"
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        {otpAsked && (
          <Field id="otp" label={t('signIn.otp')} hint={t('signIn.otpHint')} error={fieldError('otp')} required>
            <input
              className="input"
              name="otp"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={8}
              value={otp}
              onChange={(e) => setOtp(e.target.value)}
              autoFocus
            />
          </Field>
        )}
        <button type="submit" className="button button--primary">
          {t('signIn.submit')}
        </button>
      </form>
      <p>
        <Link to="/password-reset">{t('signIn.forgot')}</Link>
      </p>
      <p>
        {t('signIn.register')} <Link to="/register">{t('signIn.registerLink')}</Link>
      </p>
    </Page>
  );
}
