import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, type CombinedError } from 'urql';
import type { CorporateNumberDecision, SecretariatCallVendorFragment } from '../../../gql/graphql';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { formatDateTime, type Lang } from '../../../shared/format/jst';
import { Page } from '../../../shared/layout/Page';
import {
  SecretariatCallApproveVendorDocument,
  SecretariatCallRejectVendorDocument,
  SecretariatCallResolveDisputeDocument,
  SecretariatCallVendorsDocument,
} from '../api';
import '../call.css';

type Vendor = SecretariatCallVendorFragment;

export function VendorApprovalsPage() {
  return (
    <RequireRole roles={['SECRETARIAT']}>
      <VendorApprovals />
    </RequireRole>
  );
}

function VendorApprovals() {
  const { t } = useTranslation('secretariatCall');
  const [list, reload] = useQuery({ query: SecretariatCallVendorsDocument, requestPolicy: 'cache-and-network' });
  const [done, setDone] = useState<string>();
  const doneRef = useRef<HTMLParagraphElement>(null);
  const finished = (message: string) => {
    setDone(message);
    reload({ requestPolicy: 'network-only' });
    // The row (and its buttons) is gone: the outcome takes the focus.
    window.setTimeout(() => doneRef.current?.focus(), 0);
  };
  return (
    <Page title={t('vendors.title')} lead={t('vendors.lead')}>
      {list.error && <ErrorNotice error={list.error} onReload={() => reload({ requestPolicy: 'network-only' })} />}
      {done && (
        <p className="notice notice--success" role="status" tabIndex={-1} ref={doneRef} data-testid="vendors-done">
          {done}
        </p>
      )}
      <section aria-labelledby="pending-title">
        <h2 id="pending-title">{t('vendors.pending')}</h2>
        {list.data && list.data.pending.length === 0 && <p>{t('vendors.none')}</p>}
        {list.data && list.data.pending.length > 0 && (
          <VendorTable
            caption={t('vendors.pending')}
            vendors={list.data.pending}
            testId="pending-vendors"
            action={(v) => <PendingActions vendor={v} onDone={finished} />}
          />
        )}
      </section>
      <section aria-labelledby="disputed-title">
        <h2 id="disputed-title">{t('vendors.disputed')}</h2>
        <p>{t('vendors.disputedLead')}</p>
        {list.data && list.data.disputed.length === 0 && <p>{t('vendors.disputedNone')}</p>}
        {list.data && list.data.disputed.length > 0 && (
          <VendorTable
            caption={t('vendors.disputed')}
            vendors={list.data.disputed}
            testId="disputed-vendors"
            action={(v) => <DisputeActions vendor={v} onDone={finished} />}
          />
        )}
      </section>
    </Page>
  );
}

function VendorTable({ caption, vendors, testId, action }: { caption: string; vendors: Vendor[]; testId: string; action: (v: Vendor) => React.ReactNode }) {
  const { t, i18n } = useTranslation('secretariatCall');
  const lang = i18n.language as Lang;
  return (
    <table className="table" data-testid={testId}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('vendors.name')}</th>
          <th scope="col">{t('vendors.corporateNumber')}</th>
          <th scope="col">{t('vendors.kind')}</th>
          <th scope="col">{t('vendors.headOffice')}</th>
          <th scope="col">{t('vendors.registeredAt')}</th>
          <th scope="col">{t('vendors.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {[...vendors]
          .sort((a, b) => a.registeredAt.localeCompare(b.registeredAt))
          .map((v) => (
            <tr key={v.id} data-testid={`vendor-${v.corporateNumber}`}>
              <th scope="row">{v.name}</th>
              <td className="numeric">{v.corporateNumber}</td>
              <td>{t(`kind.${v.kind}`)}</td>
              <td>{v.headOffice.name}</td>
              <td>{formatDateTime(v.registeredAt, lang)}</td>
              <td>{action(v)}</td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}

function PendingActions({ vendor, onDone }: { vendor: Vendor; onDone: (message: string) => void }) {
  const { t } = useTranslation('secretariatCall');
  const [approved, approve] = useMutation(SecretariatCallApproveVendorDocument);
  const [rejected, reject] = useMutation(SecretariatCallRejectVendorDocument);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const id = `reject-${vendor.id}`;
  const error: CombinedError | undefined = approved.error ?? rejected.error;
  return (
    <div className="vendor-actions">
      {error && <ErrorNotice error={error} />}
      {!rejecting ? (
        <div className="button-row">
          <button
            type="button"
            className="button button--primary"
            aria-label={t('vendors.approveLabel', { name: vendor.name })}
            disabled={approved.fetching}
            onClick={() => void approve({ id: vendor.id }).then((r) => r.data && onDone(t('vendors.approved', { name: vendor.name })))}
          >
            {t('vendors.approve')}
          </button>
          <button
            type="button"
            className="button button--secondary"
            aria-label={t('vendors.rejectLabel', { name: vendor.name })}
            onClick={() => {
              setRejecting(true);
              window.setTimeout(() => reasonRef.current?.focus(), 0);
            }}
          >
            {t('vendors.reject')}
          </button>
        </div>
      ) : (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!reason.trim()) {
              setMissing(true);
              reasonRef.current?.focus();
              return;
            }
            void reject({ id: vendor.id, reason: reason.trim() }).then((r) => r.data && onDone(t('vendors.rejected', { name: vendor.name })));
          }}
        >
          <div className={`field${missing ? ' field--error' : ''}`}>
            <label className="field__label" htmlFor={id}>
              {t('vendors.reason', { name: vendor.name })}
            </label>
            <p className="field__hint" id={`${id}-hint`}>
              {t('vendors.reasonHint')}
            </p>
            {missing && (
              <p className="field__error" id={`${id}-error`}>
                {t('vendors.errReason')}
              </p>
            )}
            <textarea
              id={id}
              ref={reasonRef}
              className="input"
              rows={3}
              value={reason}
              aria-invalid={missing || undefined}
              aria-describedby={`${id}-hint${missing ? ` ${id}-error` : ''}`}
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={rejected.fetching}>
              {t('vendors.confirmReject')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setRejecting(false)}>
              {t('vendors.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

function DisputeActions({ vendor, onDone }: { vendor: Vendor; onDone: (message: string) => void }) {
  const { t } = useTranslation('secretariatCall');
  const [resolved, resolve] = useMutation(SecretariatCallResolveDisputeDocument);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const id = `dispute-${vendor.id}`;
  const decide = (decision: CorporateNumberDecision) => {
    if (!reason.trim()) return setMissing(true);
    void resolve({ vendorId: vendor.id, decision, reason: reason.trim() }).then((r) => r.data && onDone(t('vendors.resolved', { name: vendor.name })));
  };
  return (
    <div className="vendor-actions">
      {resolved.error && <ErrorNotice error={resolved.error} />}
      <div className={`field${missing ? ' field--error' : ''}`}>
        <label className="field__label" htmlFor={id}>
          {t('vendors.decisionReason', { name: vendor.name })}
        </label>
        {missing && (
          <p className="field__error" id={`${id}-error`}>
            {t('vendors.errReason')}
          </p>
        )}
        <textarea
          id={id}
          className="input"
          rows={3}
          value={reason}
          aria-invalid={missing || undefined}
          aria-describedby={missing ? `${id}-error` : undefined}
          onChange={(e) => setReason(e.target.value)}
        />
      </div>
      <div className="button-row">
        <button type="button" className="button button--secondary" disabled={resolved.fetching} onClick={() => decide('KEEP_EXISTING')}>
          {t('vendors.keep')}
        </button>
        <button type="button" className="button button--secondary" disabled={resolved.fetching} onClick={() => decide('TRANSFER_TO_CLAIMANT')}>
          {t('vendors.transfer')}
        </button>
      </div>
    </div>
  );
}
