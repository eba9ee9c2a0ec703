import { useTranslation } from 'react-i18next';
import type { DraftStatus } from '../../../shared/drafts/useAutosaveDraft';

/** Where the typed work is: announced politely (status), so a screen reader hears 「保存しました」 without losing its place. */
export function SaveState({ status, note }: { status: DraftStatus; note?: string }) {
  const { t } = useTranslation('vendor');
  return (
    <p role="status" aria-live="polite" className="notice__meta" data-testid="save-state" data-status={status}>
      {note ?? t(`proposal.saveState.${status}`)}
    </p>
  );
}
