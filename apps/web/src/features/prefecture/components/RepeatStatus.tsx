import { useTranslation } from 'react-i18next';
import { formatYen } from '../../../shared/format/yen';
import { reiwa, useLang, type Application } from './ApplicationFrame';

/** 応募要件2 as it applies now: recomputed by the API on every change of the partners, shown beside them. */
export function RepeatStatus({ app }: { app: Application }) {
  const { t } = useTranslation('prefecture');
  const lang = useLang();
  const r = app.repeatApplicant;
  const short = Math.max(0, r.requiredPartnerCount - r.partnerCount);
  return (
    <section className={`notice ${r.ruleHolds ? 'notice--info' : 'notice--warning'}`} aria-labelledby="repeat-title" data-testid="repeat-status">
      <h2 className="notice__title" id="repeat-title">
        {t('repeat.title')}
      </h2>
      <p>
        {r.isRepeatApplicant && r.previousFiscalYear
          ? t('repeat.repeat', { reiwa: reiwa(r.previousFiscalYear), count: r.previousPartnerCount ?? 0 })
          : t('repeat.notRepeat')}
      </p>
      <dl className="summary" aria-live="polite">
        <div>
          <dt>{t('repeat.needed')}</dt>
          <dd data-testid="repeat-needed">{r.requiredPartnerCount}</dd>
        </div>
        <div>
          <dt>{t('repeat.current')}</dt>
          <dd data-testid="repeat-current">{r.partnerCount}</dd>
        </div>
        <div>
          <dt>{t('repeat.ratio', { total: app.prefecture.municipalityCount })}</dt>
          <dd data-testid="repeat-ratio">{(r.participationRatio * 100).toFixed(1)}%</dd>
        </div>
        {r.isRepeatApplicant && (
          <div>
            <dt>{t('repeat.bonus')}</dt>
            <dd data-testid="repeat-bonus">{r.bonusPoints.toFixed(2)}</dd>
          </div>
        )}
        <div>
          <dt>{t('repeat.cap')}</dt>
          <dd>{r.budgetCapYen === null || r.budgetCapYen === undefined ? t('repeat.noCap') : formatYen(r.budgetCapYen, lang)}</dd>
        </div>
      </dl>
      <p data-testid="repeat-verdict">{r.ruleHolds ? t('repeat.holds') : t('repeat.short', { n: short })}</p>
    </section>
  );
}
