import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import type { SecretariatEngagementsQuery } from '../../../gql/graphql';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { ErrorSummary, type FieldError } from '../../../shared/forms/ErrorSummary';
import { Field } from '../../../shared/forms/Field';
import { formatDate, formatDateTime, type Lang } from '../../../shared/format/jst';
import { formatYen } from '../../../shared/format/yen';
import { Page } from '../../../shared/layout/Page';
import {
  SecretariatEngagementsAcceptDocument,
  SecretariatEngagementsDecideBudgetDocument,
  SecretariatEngagementsDocument,
  SecretariatEngagementsReturnDocument,
} from '../api';

type Engagement = SecretariatEngagementsQuery['myEngagements'][number];
type Report = Engagement['reports'][number];
type BudgetChange = NonNullable<Engagement['pendingBudgetChange']>;

export function EngagementsPage() {
  return (
    <RequireRole roles={['SECRETARIAT']}>
      <Engagements />
    </RequireRole>
  );
}

const regionOf = (e: Engagement) => `${e.candidateRegion.prefecture.name}：${e.vendor.name}`;

/**
 * The support period as the secretariat runs it: what waits for it first (budget changes beyond the awarded bid, reports
 * the prefecture acknowledged), then every engagement with its reports. Accepting the final report ends the engagement.
 */
function Engagements() {
  const { t, i18n } = useTranslation('secretariatEngagements');
  const lang = i18n.language as Lang;
  const [{ data, error, fetching }, reload] = useQuery({ query: SecretariatEngagementsDocument, requestPolicy: 'cache-and-network' });
  const engagements = [...(data?.myEngagements ?? [])].sort((a, b) => regionOf(a).localeCompare(regionOf(b), 'ja'));
  const budgetChanges = engagements.filter((e) => e.pendingBudgetChange);
  const toAccept = engagements.flatMap((e) => e.reports.filter((r) => r.status === 'ACKNOWLEDGED').map((r) => ({ e, r })));
  return (
    <Page title={t('page.title')} lead={t('page.lead')}>
      {error && <ErrorNotice error={error} onRetry={() => reload({ requestPolicy: 'network-only' })} />}
      {!data && fetching && (
        <p role="status" className="loading">
          {t('common:loading')}
        </p>
      )}
      {data && engagements.length === 0 && <p>{t('page.none')}</p>}

      {data && engagements.length > 0 && (
        <>
          <h2>{t('budget.title')}</h2>
          {budgetChanges.length === 0 && <p data-testid="budget-changes-none">{t('budget.none')}</p>}
          {budgetChanges.map((e) => (
            <BudgetDecision key={e.pendingBudgetChange!.id} engagement={e} change={e.pendingBudgetChange!} lang={lang} />
          ))}

          <h2>{t('accept.title')}</h2>
          <p>{t('accept.lead')}</p>
          {toAccept.length === 0 && <p data-testid="reports-to-accept-none">{t('accept.none')}</p>}
          {toAccept.map(({ e, r }) => (
            <ReportToAccept key={r.id} engagement={e} report={r} lang={lang} />
          ))}

          <h2>{t('all.title')}</h2>
          <table className="table" data-testid="engagements">
            <caption className="visually-hidden">{t('all.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('all.region')}</th>
                <th scope="col">{t('all.vendor')}</th>
                <th scope="col">{t('all.status')}</th>
                <th scope="col">{t('all.budget')}</th>
                <th scope="col">{t('kind.INTERIM')}</th>
                <th scope="col">{t('kind.FINAL')}</th>
              </tr>
            </thead>
            <tbody>
              {engagements.map((e) => (
                <tr key={e.id}>
                  <th scope="row">{e.candidateRegion.prefecture.name}</th>
                  <td>{e.vendor.name}</td>
                  <td>{t(`engagementStatus.${e.status}`)}</td>
                  <td>{formatYen(e.budgetYen, lang)}</td>
                  {(['INTERIM', 'FINAL'] as const).map((kind) => {
                    const r = e.reports.find((x) => x.kind === kind);
                    return (
                      <td key={kind}>
                        {r ? (
                          <>
                            {t(`reportStatus.${r.status}`)}
                            <br />
                            <span className="notice__meta">{t('all.due', { date: formatDate(r.dueOn, lang) })}</span>
                          </>
                        ) : (
                          '—'
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Page>
  );
}

/** A budget above the awarded bid waits for the secretariat: approved or rejected, always with a reason kept on record. */
function BudgetDecision({ engagement, change, lang }: { engagement: Engagement; change: BudgetChange; lang: Lang }) {
  const { t } = useTranslation('secretariatEngagements');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [result, decide] = useMutation(SecretariatEngagementsDecideBudgetDocument);
  const id = `budget-reason-${change.id}`;
  async function send(approve: boolean, ev?: FormEvent) {
    ev?.preventDefault();
    const found = reason.trim() ? [] : [{ field: id, message: t('budget.reasonMissing') }];
    setErrors(found);
    if (found.length) return;
    await decide({ changeId: change.id, approve, reason: reason.trim() });
  }
  return (
    <section className="card" aria-labelledby={`budget-${change.id}`} data-testid="budget-change">
      <h3 id={`budget-${change.id}`}>{regionOf(engagement)}</h3>
      <dl className="summary">
        <div>
          <dt>{t('budget.awarded')}</dt>
          <dd>{formatYen(change.awardedBudgetYen, lang)}</dd>
        </div>
        <div>
          <dt>{t('budget.previous')}</dt>
          <dd>{formatYen(change.previousBudgetYen, lang)}</dd>
        </div>
        <div>
          <dt>{t('budget.requested')}</dt>
          <dd>{formatYen(change.requestedBudgetYen, lang)}</dd>
        </div>
        <div>
          <dt>{t('budget.requestedAt')}</dt>
          <dd>{formatDateTime(change.requestedAt, lang)}</dd>
        </div>
      </dl>
      <form className="form" noValidate onSubmit={(ev) => void send(true, ev)}>
        <ErrorSummary errors={errors} />
        {result.error && <ErrorNotice error={result.error} />}
        <Field id={id} label={t('budget.reason')} hint={t('budget.reasonHint')} error={errors[0]?.message}>
          <textarea className="input" rows={3} value={reason} onChange={(ev) => setReason(ev.target.value)} />
        </Field>
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={result.fetching}>
            {t('budget.approve')}
          </button>
          <button type="button" className="button button--secondary" disabled={result.fetching} onClick={() => void send(false)}>
            {t('budget.reject')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** A report the prefecture acknowledged: accepted, or returned to the vendor with a comment. */
function ReportToAccept({ engagement, report, lang }: { engagement: Engagement; report: Report; lang: Lang }) {
  const { t } = useTranslation('secretariatEngagements');
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [accepted, accept] = useMutation(SecretariatEngagementsAcceptDocument);
  const [returned, giveBack] = useMutation(SecretariatEngagementsReturnDocument);
  const id = `return-comment-${report.id}`;
  const busy = accepted.fetching || returned.fetching;
  const error = accepted.error ?? returned.error;
  async function onAccept(ev: FormEvent) {
    ev.preventDefault();
    setErrors([]);
    await accept({ reportId: report.id });
  }
  async function onReturn() {
    const found = comment.trim() ? [] : [{ field: id, message: t('accept.commentMissing') }];
    setErrors(found);
    if (found.length) return;
    await giveBack({ reportId: report.id, comment: comment.trim() });
  }
  return (
    <article className="card" aria-labelledby={`report-${report.id}`} data-testid={`to-accept-${report.kind}`}>
      <h3 id={`report-${report.id}`}>
        {regionOf(engagement)}（{t(`kind.${report.kind}`)}） <span className="tag">{t(`reportStatus.${report.status}`)}</span>
      </h3>
      <p>
        {t('accept.due', { date: formatDate(report.dueOn, lang) })}
        {report.submittedAt && <> ／ {t('accept.submittedAt', { at: formatDateTime(report.submittedAt, lang) })}</>}
      </p>
      <dl className="summary">
        <div>
          <dt>{t('accept.body')}</dt>
          <dd>{report.body}</dd>
        </div>
        <div>
          <dt>{t('accept.outcomes')}</dt>
          <dd>{report.outcomes}</dd>
        </div>
        {report.prefectureComment && (
          <div>
            <dt>{t('accept.prefectureComment')}</dt>
            <dd>{report.prefectureComment}</dd>
          </div>
        )}
      </dl>
      {report.kind === 'FINAL' && <p className="notice notice--warning">{t('accept.finalEnds')}</p>}
      <form className="form" noValidate onSubmit={(ev) => void onAccept(ev)}>
        <ErrorSummary errors={errors} />
        {error && <ErrorNotice error={error} />}
        <Field id={id} label={t('accept.comment')} error={errors[0]?.message}>
          <textarea className="input" rows={3} value={comment} onChange={(ev) => setComment(ev.target.value)} />
        </Field>
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('accept.accept')}
          </button>
          <button type="button" className="button button--secondary" disabled={busy} onClick={() => void onReturn()}>
            {t('accept.return')}
          </button>
        </div>
      </form>
    </article>
  );
}
