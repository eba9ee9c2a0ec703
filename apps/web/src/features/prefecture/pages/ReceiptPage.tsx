import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDateTime } from '../../../shared/format/jst';
import { ApplicationFrame, useLang } from '../components/ApplicationFrame';
import '../prefecture.css';

/** The confirmation page: the receipt's number, the arrival time in JST and the digest of what was submitted. */
export function ReceiptPage() {
  const { t } = useTranslation('prefecture');
  const lang = useLang();
  const { receiptId = '' } = useParams();
  return (
    <ApplicationFrame title={t('receipt.title')} backLink={false} fresh>
      {({ regionApplication: app }) => {
        const r = app.receipts.find((x) => x.id === receiptId);
        if (!r) return null;
        return (
          <div className="stack">
            <div className="notice notice--success" data-testid="receipt">
              <dl className="summary">
                <div>
                  <dt>{t('receipt.number')}</dt>
                  <dd data-testid="receipt-number">{r.number}</dd>
                </div>
                <div>
                  <dt>{t('receipt.receivedAt')}</dt>
                  <dd data-testid="receipt-time">{formatDateTime(r.receivedAt, lang)}</dd>
                </div>
                <div>
                  <dt>{t('receipt.digest')}</dt>
                  <dd className="digest" data-testid="receipt-digest">
                    {r.contentDigest}
                  </dd>
                </div>
              </dl>
              <p>{t('receipt.digestHint')}</p>
            </div>
            <p>{t('receipt.next')}</p>
            <p>
              <Link className="button button--secondary" to={`/prefecture/applications/${app.id}`}>
                {t('receipt.toApplication')}
              </Link>
            </p>
          </div>
        );
      }}
    </ApplicationFrame>
  );
}
