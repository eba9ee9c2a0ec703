import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import type { CombinedError } from 'urql';
import type { Lang } from '../format/jst';
import { describeError } from './error-map';

export interface Change {
  label: string;
  mine: string;
  theirs: string;
}

/**
 * An API error as the user should read it: what happened, what to do next, and the button for it (sign in again, reload).
 * CONFLICT: pass `changes` (your value and the saved one per field) to show what someone else changed.
 */
export function ErrorNotice({ error, onReload, onRetry, changes }: { error: CombinedError; onReload?: () => void; onRetry?: () => void; changes?: Change[] }) {
  const { t, i18n } = useTranslation('common');
  const location = useLocation();
  const d = describeError(error, i18n.language as Lang);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [error]);
  return (
    <div className="notice notice--error" role="alert" tabIndex={-1} ref={ref} data-testid="error-notice" data-code={d.code}>
      <h2 className="notice__title">{t('error.title')}</h2>
      {d.message && <p>{d.message}</p>}
      {d.deadline && (
        <p>
          {t('error.deadlineWas')} <strong>{d.deadline}</strong>
        </p>
      )}
      <p>{d.nextText}</p>
      {changes && changes.length > 0 && (
        <table className="table">
          <caption>{t('error.changesCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('error.field')}</th>
              <th scope="col">{t('error.yours')}</th>
              <th scope="col">{t('error.saved')}</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={c.label}>
                <th scope="row">{c.label}</th>
                <td>{c.mine}</td>
                <td>{c.theirs}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="button-row">
        {d.next === 'signin' && (
          <Link className="button button--primary" to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`}>
            {t('error.signInAgain')}
          </Link>
        )}
        {d.next === 'reload' && (
          <button type="button" className="button button--primary" onClick={onReload ?? (() => window.location.reload())}>
            {t('error.reload')}
          </button>
        )}
        {(d.next === 'retry' || d.next === 'wait') && onRetry && (
          <button type="button" className="button button--secondary" onClick={onRetry}>
            {t('error.retry')}
          </button>
        )}
      </div>
      {d.correlationId && (
        <p className="notice__meta">
          {t('error.reference')}: <code>{d.correlationId}</code>
        </p>
      )}
    </div>
  );
}
