import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import type { PrefEngagementsQuery } from '../../../gql/graphql';
import { useAutosaveDraft } from '../../../shared/drafts/useAutosaveDraft';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { ErrorSummary, type FieldError } from '../../../shared/forms/ErrorSummary';
import { Field } from '../../../shared/forms/Field';
import { formatDate, formatDateTime } from '../../../shared/format/jst';
import { formatYen } from '../../../shared/format/yen';
import { Page } from '../../../shared/layout/Page';
import { useLang } from '../components/ApplicationFrame';
import { PrefEngagementsDocument, PrefReviewReportDocument } from '../operations';
import '../prefecture.css';

type Report = PrefEngagementsQuery['myEngagements'][number]['reports'][number];

/** The engagements in the prefecture, each with its reports; a submitted report is acknowledged or returned here. */
export function EngagementsPage() {
  const { t } = useTranslation('prefecture');
  const { t: tc } = useTranslation('common');
  const lang = useLang();
  const [{ data, error, fetching }] = useQuery({ query: PrefEngagementsDocument, requestPolicy: 'cache-and-network' });
  const menuTitle = (code: string) => {
    const m = data?.supportMenu.find((x) => x.code === code);
    return m ? (lang === 'ja' ? m.titleJa : m.titleEn) : code;
  };
  return (
    <Page title={t('engagements.title')} lead={t('engagements.lead')}>
      {error && <ErrorNotice error={error} />}
      {!data && fetching && (
        <p role="status" className="loading">
          {tc('loading')}
        </p>
      )}
      {data && data.myEngagements.length === 0 && <p>{t('engagements.none')}</p>}
      {data?.myEngagements.map((e) => (
        <section key={e.id} className="stack" aria-labelledby={`eng-${e.id}`}>
          <h2 id={`eng-${e.id}`}>
            {e.candidateRegion.prefecture.name}：{e.vendor.name}
          </h2>
          <dl className="summary">
            <div>
              <dt>{t('engagements.vendor')}</dt>
              <dd>{e.vendor.name}</dd>
            </div>
            <div>
              <dt>{t('engagements.period')}</dt>
              <dd>
                {formatDate(e.startsOn, lang)} 〜 {formatDate(e.endsOn, lang)}
              </dd>
            </div>
            <div>
              <dt>{t('engagements.budget')}</dt>
              <dd>{formatYen(e.budgetYen, lang)}</dd>
            </div>
          </dl>
          {e.reports.map((r) => (
            <article key={r.id} className="card" aria-labelledby={`report-${r.id}`} data-testid={`report-${r.kind}`}>
              <h3 id={`report-${r.id}`}>
                {t(`engagements.kind.${r.kind}`)} <span className="tag">{t(`engagements.reportStatus.${r.status}`)}</span>
              </h3>
              <p>
                {t('engagements.due')}：{formatDate(r.dueOn, lang)}
                {r.submittedAt && (
                  <>
                    {' '}
                    ／ {t('engagements.submittedAt')}：{formatDateTime(r.submittedAt, lang)}
                  </>
                )}
              </p>
              {r.status === 'DUE' ? (
                <p>{t('engagements.notSubmitted')}</p>
              ) : (
                <dl className="summary">
                  <div>
                    <dt>{t('engagements.body')}</dt>
                    <dd>{r.body}</dd>
                  </div>
                  <div>
                    <dt>{t('engagements.outcomes')}</dt>
                    <dd>{r.outcomes}</dd>
                  </div>
                  <div>
                    <dt>{t('engagements.progress')}</dt>
                    <dd>
                      {r.progress.map((p) => (
                        <div key={p.menuItemCode}>
                          {menuTitle(p.menuItemCode)}：{t(`engagements.progressStatus.${p.status}`, { defaultValue: p.status })}
                          {p.note ? `（${p.note}）` : ''}
                        </div>
                      ))}
                    </dd>
                  </div>
                  {r.prefectureComment && (
                    <div>
                      <dt>{t('engagements.yourComment')}</dt>
                      <dd>{r.prefectureComment}</dd>
                    </div>
                  )}
                </dl>
              )}
              {r.status === 'SUBMITTED' && <ReviewForm report={r} />}
            </article>
          ))}
        </section>
      ))}
    </Page>
  );
}

function ReviewForm({ report }: { report: Report }) {
  const { t } = useTranslation('prefecture');
  const draft = useAutosaveDraft(`pref-review:${report.id}`, '');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [result, review] = useMutation(PrefReviewReportDocument);
  const id = `review-${report.id}`;
  async function send(acknowledge: boolean, e?: FormEvent) {
    e?.preventDefault();
    const found = !acknowledge && !draft.value.trim() ? [{ field: id, message: t('engagements.commentMissing') }] : [];
    setErrors(found);
    if (found.length) return;
    const r = await review({ reportId: report.id, acknowledge, comment: draft.value.trim() });
    if (!r.error) draft.discard();
  }
  return (
    <form className="form" noValidate onSubmit={(e) => void send(true, e)}>
      <ErrorSummary errors={errors} />
      {result.error && <ErrorNotice error={result.error} />}
      <Field id={id} label={t('engagements.comment')} error={errors[0]?.message}>
        <textarea className="input" rows={3} value={draft.value} onChange={(e) => draft.setValue(e.target.value)} />
      </Field>
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={result.fetching}>
          {t('engagements.acknowledge')}
        </button>
        <button type="button" className="button button--secondary" disabled={result.fetching} onClick={() => void send(false)}>
          {t('engagements.return')}
        </button>
      </div>
    </form>
  );
}
