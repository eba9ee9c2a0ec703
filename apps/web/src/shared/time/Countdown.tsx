import { useTranslation } from 'react-i18next';
import { formatDateTime, remaining, type Lang } from '../format/jst';
import { useNow } from './useNow';

/**
 * The deadline in JST with the time left (「締切 令和7年2月28日（金）17:00 まで あと 3日 4時間 12分」). The remaining time
 * ticks every second but is not announced to screen readers on each tick (aria-live off); the deadline itself is text.
 */
export function Countdown({ deadline, label }: { deadline: string; label?: string }) {
  const { t, i18n } = useTranslation('common');
  const now = useNow(1000);
  const r = remaining(deadline, now);
  const lang = i18n.language as Lang;
  return (
    <p className={`countdown${r.passed ? ' countdown--passed' : r.days < 1 ? ' countdown--soon' : ''}`} data-testid="countdown">
      <span className="countdown__deadline">
        {label ?? t('countdown.deadline')} <time dateTime={deadline}>{formatDateTime(deadline, lang)}</time>
      </span>{' '}
      <span role="timer" aria-live="off" className="countdown__left">
        {r.passed ? t('countdown.passed') : t('countdown.left', { days: r.days, hours: r.hours, minutes: r.minutes, seconds: r.seconds })}
      </span>
    </p>
  );
}
