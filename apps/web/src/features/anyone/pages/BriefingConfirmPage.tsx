import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useMutation, type CombinedError } from 'urql';
import { graphql } from '../../../gql';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { Page } from '../../../shared/layout/Page';

const ConfirmDocument = graphql(`
  mutation ConfirmBriefingRegistration($input: ConfirmBriefingRegistrationInput!) {
    confirmBriefingRegistration(input: $input) {
      id
      status
    }
  }
`);

/** The confirmation link's page: a button (mail scanners that open links must not confirm on their own). */
export function BriefingConfirmPage() {
  const { t } = useTranslation('anyone');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [result, confirm] = useMutation(ConfirmDocument);
  const [failure, setFailure] = useState<CombinedError>();
  if (result.data?.confirmBriefingRegistration.status === 'CONFIRMED')
    return (
      <Page title={t('confirm.doneTitle')}>
        <div className="notice notice--success" role="status" data-testid="briefing-confirmed">
          <p>{t('confirm.done')}</p>
        </div>
      </Page>
    );
  return (
    <Page title={t('confirm.title')} lead={token ? t('confirm.lead') : undefined}>
      {!token && <p className="notice notice--warning">{t('confirm.missing')}</p>}
      {failure && <ErrorNotice error={failure} />}
      {token && (
        <button
          type="button"
          className="button button--primary"
          disabled={result.fetching}
          onClick={() => void confirm({ input: { token } }).then((r) => setFailure(r.error))}
        >
          {t('confirm.submit')}
        </button>
      )}
    </Page>
  );
}
