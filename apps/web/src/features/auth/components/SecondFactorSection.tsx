import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { graphql } from '../../../gql';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { Field } from '../../../shared/forms/Field';

const SecondFactorStateDocument = graphql(`
  query SecondFactorState {
    me {
      id
      secondFactorEnabled
    }
  }
`);

const StartTotpDocument = graphql(`
  mutation StartTotpEnrolment {
    startTotpEnrolment {
      secret
      otpauthUri
    }
  }
`);

const ConfirmTotpDocument = graphql(`
  mutation ConfirmTotpEnrolment($code: String!) {
    confirmTotpEnrolment(code: $code) {
      id
      secondFactorEnabled
    }
  }
`);

const DisableTotpDocument = graphql(`
  mutation DisableTotp($code: String!) {
    disableTotp(code: $code) {
      id
      secondFactorEnabled
    }
  }
`);

/** The secret in groups of four, as authenticator apps ask for it to be typed. */
const grouped = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

/** Staff and evaluators: turn the TOTP second factor on (secret → code) or off (code). */
export function SecondFactorSection() {
  const { t } = useTranslation('auth');
  const [{ data }, refetch] = useQuery({ query: SecondFactorStateDocument, requestPolicy: 'network-only' });
  const [enrolment, setEnrolment] = useState<{ secret: string; otpauthUri: string }>();
  const [code, setCode] = useState('');
  const [failure, setFailure] = useState<CombinedError>();
  const [done, setDone] = useState<string>();
  const [, start] = useMutation(StartTotpDocument);
  const [, confirm] = useMutation(ConfirmTotpDocument);
  const [, disable] = useMutation(DisableTotpDocument);
  const enabled = data?.me.secondFactorEnabled ?? false;

  async function begin() {
    setFailure(undefined);
    setDone(undefined);
    const r = await start({});
    if (r.error) setFailure(r.error);
    else setEnrolment(r.data?.startTotpEnrolment);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(undefined);
    const c = code.normalize('NFKC').replace(/\s/g, '');
    const r = enabled ? await disable({ code: c }) : await confirm({ code: c });
    if (r.error) return setFailure(r.error);
    setCode('');
    setEnrolment(undefined);
    setDone(enabled ? t('secondFactor.turnedOff') : t('secondFactor.turnedOn'));
    refetch({ requestPolicy: 'network-only' });
  }

  return (
    <section aria-labelledby="second-factor" className="card" data-testid="second-factor">
      <h2 id="second-factor">{t('secondFactor.title')}</h2>
      <p>
        {t('secondFactor.state')}
        <strong data-testid="second-factor-state">{enabled ? t('secondFactor.on') : t('secondFactor.off')}</strong>
      </p>
      {done && (
        <p className="notice notice--success" role="status">
          {done}
        </p>
      )}
      {failure && <ErrorNotice error={failure} />}
      {!enabled && !enrolment && (
        <>
          <p>{t('secondFactor.lead')}</p>
          <button type="button" className="button button--secondary" onClick={() => void begin()}>
            {t('secondFactor.start')}
          </button>
        </>
      )}
      {!enabled && enrolment && (
        <>
          <p>{t('secondFactor.addToApp')}</p>
          <p>
            <code data-testid="totp-secret">{grouped(enrolment.secret)}</code>
          </p>
          <p>
            <a href={enrolment.otpauthUri}>{t('secondFactor.openInApp')}</a>
          </p>
        </>
      )}
      {(enabled || enrolment) && (
        <form className="form" noValidate onSubmit={(e) => void submit(e)}>
          <Field id="totp-code" label={t('secondFactor.code')} hint={t('signIn.otpHint')} required>
            <input className="input" inputMode="numeric" autoComplete="one-time-code" maxLength={8} value={code} onChange={(e) => setCode(e.target.value)} />
          </Field>
          <button type="submit" className="button button--primary">
            {enabled ? t('secondFactor.turnOff') : t('secondFactor.confirm')}
          </button>
        </form>
      )}
    </section>
  );
}
