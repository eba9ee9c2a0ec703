import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { ApplicationFrame } from '../components/ApplicationFrame';
import { PrefWithdrawApplicationDocument } from '../operations';

/** Withdrawing asks once more, on its own page (a change that takes the application out of the review). */
export function WithdrawPage() {
  const { t } = useTranslation('prefecture');
  const navigate = useNavigate();
  const [result, withdraw] = useMutation(PrefWithdrawApplicationDocument);
  return (
    <ApplicationFrame title={t('withdraw.title')} lead={t('withdraw.lead')}>
      {({ regionApplication: app }) => (
        <>
          {result.error && <ErrorNotice error={result.error} />}
          <div className="button-row">
            <button
              type="button"
              className="button button--primary"
              disabled={result.fetching || app.status === 'WITHDRAWN'}
              onClick={() =>
                void withdraw({ applicationId: app.id }).then((r) => {
                  if (!r.error) navigate(`/prefecture/applications/${app.id}`);
                })
              }
            >
              {t('withdraw.confirm')}
            </button>
            <Link className="button button--secondary" to={`/prefecture/applications/${app.id}`}>
              {t('withdraw.cancel')}
            </Link>
          </div>
        </>
      )}
    </ApplicationFrame>
  );
}
