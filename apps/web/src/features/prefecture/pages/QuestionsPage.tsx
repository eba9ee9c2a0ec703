import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { useAutosaveDraft } from '../../../shared/drafts/useAutosaveDraft';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { ErrorSummary, type FieldError } from '../../../shared/forms/ErrorSummary';
import { Field } from '../../../shared/forms/Field';
import { formatDateTime } from '../../../shared/format/jst';
import { Page } from '../../../shared/layout/Page';
import { useLang } from '../components/ApplicationFrame';
import { PrefAnswerInquiryDocument, PrefInquiriesDocument, PrefVendorCallsDocument } from '../operations';
import '../prefecture.css';

/** Vendors' questions about the prefecture's regions, per vendor call, newest call first; unanswered ones take an answer. */
export function QuestionsPage() {
  const { t } = useTranslation('prefecture');
  const { t: tc } = useTranslation('common');
  const [{ data, error, fetching }] = useQuery({ query: PrefVendorCallsDocument, requestPolicy: 'cache-and-network' });
  const calls = (data?.calls ?? []).filter((c) => c.status !== 'DRAFT').reverse();
  const regionIds = new Set((data?.myRegionApplications ?? []).map((a) => a.candidateRegion?.id).filter((x): x is string => !!x));
  return (
    <Page title={t('questions.title')} lead={t('questions.lead')}>
      {error && <ErrorNotice error={error} />}
      {!data && fetching && (
        <p role="status" className="loading">
          {tc('loading')}
        </p>
      )}
      {data && <p data-testid="questions-loaded">{t('questions.perCall')}</p>}
      {calls.map((c) => (
        <CallQuestions key={c.id} callId={c.id} title={c.title} questionsCloseAt={c.questionsCloseAt ?? null} regionIds={regionIds} />
      ))}
    </Page>
  );
}

function CallQuestions({
  callId,
  title,
  questionsCloseAt,
  regionIds,
}: {
  callId: string;
  title: string;
  questionsCloseAt: string | null;
  regionIds: Set<string>;
}) {
  const { t } = useTranslation('prefecture');
  const lang = useLang();
  const [{ data, error }] = useQuery({ query: PrefInquiriesDocument, variables: { callId } });
  // The API lists every published answer too (other regions'): only the questions about this prefecture's regions here.
  const items = (data?.inquiries ?? []).filter((q) => q.candidateRegionId && regionIds.has(q.candidateRegionId));
  if (!error && items.length === 0) return null;
  return (
    <section aria-labelledby={`call-${callId}`} className="stack">
      <h2 id={`call-${callId}`}>{title}</h2>
      {questionsCloseAt && (
        <p>
          {t('questions.questionsClose')}：{formatDateTime(questionsCloseAt, lang)}
        </p>
      )}
      {error && <ErrorNotice error={error} />}
      {items.map((q) => (
        <article className="card" key={q.id} data-testid="inquiry" aria-label={q.question}>
          <p>
            <span className="tag">{q.answer ? (q.publishedAt ? t('questions.published') : t('questions.unpublished')) : t('questions.unanswered')}</span>{' '}
            {t('questions.asked')}：{formatDateTime(q.askedAt, lang)}
          </p>
          <p>
            <strong>{q.question}</strong>
          </p>
          {q.answer ? (
            <p>
              {t('questions.answer')}：{q.answer}
              {q.answeredAt && (
                <>
                  {' '}
                  （{t('questions.answered')}：{formatDateTime(q.answeredAt, lang)}）
                </>
              )}
            </p>
          ) : (
            <AnswerForm inquiryId={q.id} />
          )}
        </article>
      ))}
    </section>
  );
}

function AnswerForm({ inquiryId }: { inquiryId: string }) {
  const { t } = useTranslation('prefecture');
  const draft = useAutosaveDraft(`pref-answer:${inquiryId}`, { answer: '', publish: true });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [result, answer] = useMutation(PrefAnswerInquiryDocument);
  const v = draft.value;
  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = v.answer.trim() ? [] : [{ field: `answer-${inquiryId}`, message: t('questions.answerMissing') }];
    setErrors(found);
    if (found.length) return;
    const r = await answer({ inquiryId, answer: v.answer.trim(), publish: v.publish });
    if (!r.error) draft.discard();
  }
  return (
    <form className="form" noValidate onSubmit={(e) => void submit(e)}>
      <ErrorSummary errors={errors} />
      {result.error && <ErrorNotice error={result.error} />}
      <Field id={`answer-${inquiryId}`} label={t('questions.yourAnswer')} error={errors[0]?.message} required>
        <textarea className="input" rows={3} value={v.answer} onChange={(e) => draft.setValue({ ...v, answer: e.target.value })} />
      </Field>
      <div className="choice">
        <input type="checkbox" id={`publish-${inquiryId}`} checked={v.publish} onChange={(e) => draft.setValue({ ...v, publish: e.target.checked })} />{' '}
        <label htmlFor={`publish-${inquiryId}`}>{t('questions.publish')}</label>
      </div>
      <button type="submit" className="button button--primary" disabled={result.fetching}>
        {t('questions.send')}
      </button>
    </form>
  );
}
