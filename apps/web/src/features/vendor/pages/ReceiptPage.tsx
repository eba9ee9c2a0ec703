import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { formatDateTime, type Lang } from '../../../shared/format/jst';
import { Page } from '../../../shared/layout/Page';
import { VendorApplicationDocument } from '../api';

export function ReceiptPage() {
  return (
    <RequireRole roles={['VENDOR']}>
      <Receipt />
    </RequireRole>
  );
}

function Receipt() {
  const { t, i18n } = useTranslation('vendor');
  const lang = i18n.language as Lang;
  const { id = '' } = useParams();
  const [{ data, error }] = useQuery({ query: VendorApplicationDocument, variables: { id }, requestPolicy: 'network-only' });
  if (error)
    return (
      <Page title={t('receipt.title')}>
        <ErrorNotice error={error} />
      </Page>
    );
  if (!data)
    return (
      <Page title={t('receipt.title')}>
        <p role="status" className="loading">
          {t('common:loading')}
        </p>
      </Page>
    );
  const receipts = data.vendorApplication.receipts;
  const r = receipts[receipts.length - 1];
  if (!r)
    return (
      <Page title={t('receipt.title')}>
        <p>{t('receipt.none')}</p>
      </Page>
    );
  return (
    <Page title={t('receipt.title')}>
      <div className="notice notice--success" data-testid="receipt">
        <p>{t('receipt.lead')}</p>
        <dl>
          <dt>{t('receipt.number')}</dt>
          <dd data-testid="receipt-number">
            <strong>{r.number}</strong>
          </dd>
          <dt>{t('receipt.at')}</dt>
          <dd data-testid="receipt-at">{formatDateTime(r.receivedAt, lang)}</dd>
          <dt>{t('receipt.digest')}</dt>
          <dd>
            <code data-testid="receipt-digest" style={{ wordBreak: 'break-all' }}>
              {r.contentDigest}
            </code>
            <p className="field__hint">{t('receipt.digestHint')}</p>
          </dd>
        </dl>
      </div>
      <p>{t('receipt.next')}</p>
      <p>
        <Link to="/vendor">{t('receipt.home')}</Link>
      </p>
    </Page>
  );
}
