import { useTranslation } from 'react-i18next';
import type { DraftStatus } from '../../../shared/drafts/useAutosaveDraft';

/** Where the typed scores are: announced politely (status), so a screen reader hears 「サーバーに保存しました」 in passing. */
export function SaveState({ status, note }: { status: DraftStatus; note?: string }) {
  const { t } = useTranslation('evaluator');
  return (
    <p role="status" aria-live="polite" className="notice__meta" data-testid="save-state" data-status={status}>
      {note ?? t(`scoring.saveState.${status}`)}
    </p>
  );
}
