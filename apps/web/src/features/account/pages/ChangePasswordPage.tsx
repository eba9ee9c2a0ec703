import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, type CombinedError } from 'urql';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { useSession } from '../../../shared/auth/session';
import { errorCode } from '../../../shared/errors/error-map';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { ErrorSummary, type FieldError } from '../../../shared/forms/ErrorSummary';
import { Field } from '../../../shared/forms/Field';
import { Page } from '../../../shared/layout/Page';
import { AccountChangePasswordDocument } from '../api';

const MIN_LENGTH = 12;

export function ChangePasswordPage() {
  return (
    <RequireRole roles={['SECRETARIAT', 'MINISTRY', 'PREFECTURE', 'MUNICIPALITY', 'VENDOR', 'EVALUATOR']}>
      <ChangePassword />
    </RequireRole>
  );
}

function ChangePassword() {
  const { t } = useTranslation('account');
  const session = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<CombinedError>();
  const [done, setDone] = useState(false);
  const [state, change] = useMutation(AccountChangePasswordDocument);
  const doneRef = useRef<HTMLParagraphElement>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldError[] = [];
    if (!current) found.push({ field: 'current-password', message: t('password.currentMissing') });
    if (!next) found.push({ field: 'new-password', message: t('password.nextMissing') });
    else if ([...next].length < MIN_LENGTH) found.push({ field: 'new-password', message: t('password.nextShort') });
    else if (next === current) found.push({ field: 'new-password', message: t('password.nextSame') });
    if (next && confirm !== next) found.push({ field: 'confirm-password', message: t('password.confirmMismatch') });
    setErrors(found);
    setFailure(undefined);
    setDone(false);
    if (found.length) return;
    const r = await change({ input: { currentPassword: current, newPassword: next } });
    if (r.data?.changePassword) {
      // The API set the new session's cookie; the other sessions have ended.
      session.signedIn(r.data.changePassword.user);
      setCurrent('');
      setNext('');
      setConfirm('');
      setDone(true);
      window.setTimeout(() => doneRef.current?.focus(), 0);
      return;
    }
    const code = errorCode(r.error);
    if (code === 'INVALID_CREDENTIALS') setErrors([{ field: 'current-password', message: t('password.invalidCurrent') }]);
    else if (code === 'RATE_LIMITED') {
      const seconds = (r.error?.graphQLErrors[0]?.extensions as { details?: { retryAfterSeconds?: number } } | undefined)?.details?.retryAfterSeconds;
      setErrors([
        { field: 'current-password', message: typeof seconds === 'number' ? t('password.rateLimited', { seconds }) : t('password.rateLimitedNoTime') },
      ]);
    } else if (r.error) setFailure(r.error);
  }

  const fieldError = (f: string) => errors.find((e) => e.field === f)?.message;
  return (
    <Page title={t('password.title')} lead={t('password.lead')}>
      {done && (
        <p className="notice notice--success" role="status" tabIndex={-1} ref={doneRef} data-testid="password-changed">
          {t('password.done')}
        </p>
      )}
      <ErrorSummary errors={errors} />
      {failure && <ErrorNotice error={failure} />}
      <form className="form" noValidate onSubmit={(e) => void submit(e)}>
        {/* The account's e-mail as a hidden username, so that password managers file the new password correctly. */}
        <input type="email" name="username" autoComplete="username" value={session.user?.email ?? ''} readOnly hidden />
        <Field id="current-password" label={t('password.current')} error={fieldError('current-password')} required>
          <input className="input" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
        </Field>
        <Field id="new-password" label={t('password.next')} hint={t('password.nextHint')} error={fieldError('new-password')} required>
          <input className="input" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />
        </Field>
        <Field id="confirm-password" label={t('password.confirm')} error={fieldError('confirm-password')} required>
          <input className="input" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
        </Field>
        <button type="submit" className="button button--primary" disabled={state.fetching}>
          {t('password.submit')}
        </button>
      </form>
    </Page>
  );
}
