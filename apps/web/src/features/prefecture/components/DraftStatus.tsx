import { useTranslation } from 'react-i18next';
import type { DraftStatus as Status } from '../../../shared/drafts/useAutosaveDraft';

/** Where the typed text is now: on this device only, being saved, or saved on the server. */
export function DraftStatus({ status, restored }: { status: Status; restored?: boolean }) {
  const { t } = useTranslation('common');
  return (
    <p className="notice__meta" role="status" aria-live="polite" data-testid="draft-status" data-status={status}>
      {restored && status !== 'saved' && <>{t('form.restored')} </>}
      {status === 'saving' && t('form.saving')}
      {status === 'saved' && t('form.saved')}
      {(status === 'pending' || status === 'error') && t('form.savedLocally')}
    </p>
  );
}
