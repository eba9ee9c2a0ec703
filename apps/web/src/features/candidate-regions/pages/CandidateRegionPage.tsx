import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../../gql';
import { useSession } from '../../../shared/auth/session';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { ErrorSummary, type FieldError } from '../../../shared/forms/ErrorSummary';
import { Field } from '../../../shared/forms/Field';
import { formatDate, formatDateTime, type Lang } from '../../../shared/format/jst';
import { formatYen } from '../../../shared/format/yen';
import { Page } from '../../../shared/layout/Page';
import { Countdown } from '../../../shared/time/Countdown';

const RegionDocument = graphql(`
  query CandidateRegionDetail($id: ID!) {
    candidateRegion(id: $id) {
      ...CandidateRegionSummary
      structureMode
      prefectureIssues {
        id
        category
        title
        description
      }
      partners {
        id
        issues {
          id
          description
        }
        desiredSupport {
          menuItemCode
          note
          detailCodes
        }
      }
      publishedInquiries {
        id
        question
        answer
        publishedAt
      }
    }
    supportMenu {
      code
      titleJa
      titleEn
      details {
        code
        nameJa
        nameEn
      }
    }
    calls(kind: VENDOR) {
      id
      title
      status
      opensAt
      closesAt
      questionsCloseAt
      candidateRegions {
        id
      }
    }
  }
`);

const MyQuestionsDocument = graphql(`
  query CandidateRegionMyQuestions($callId: ID!, $candidateRegionId: ID!) {
    inquiries(callId: $callId, candidateRegionId: $candidateRegionId) {
      id
      question
      answer
      askedAt
      publishedAt
    }
  }
`);

const AskDocument = graphql(`
  mutation CandidateRegionAsk($callId: ID!, $candidateRegionId: ID!, $question: String!) {
    askInquiry(callId: $callId, candidateRegionId: $candidateRegionId, question: $question) {
      id
      question
      askedAt
    }
  }
`);

export function CandidateRegionPage() {
  const { t, i18n } = useTranslation('candidateRegions');
  const lang = i18n.language as Lang;
  const { id = '' } = useParams();
  const { user } = useSession();
  const [{ data, error, fetching }, reload] = useQuery({ query: RegionDocument, variables: { id } });
  const region = data?.candidateRegion;
  const now = Date.now();
  // The open vendor call listing this region, while its questions are accepted.
  const openCall = data?.calls.find(
    (c) =>
      c.status === 'OPEN' && c.candidateRegions.some((r) => r.id === id) && Date.parse(c.opensAt) <= now && now < Date.parse(c.questionsCloseAt ?? c.closesAt),
  );
  const isVendor = user?.role === 'VENDOR';
  const [mine, reloadMine] = useQuery({
    query: MyQuestionsDocument,
    variables: { callId: openCall?.id ?? '', candidateRegionId: id },
    pause: !openCall || !isVendor,
  });
  const [asked, ask] = useMutation(AskDocument);
  const [question, setQuestion] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [sent, setSent] = useState(false);

  const menuTitle = (code: string) => {
    const item = data?.supportMenu.find((s) => s.code === code);
    return item ? (lang === 'en' ? item.titleEn : item.titleJa) : code;
  };
  const detailName = (menuItemCode: string, code: string) => {
    const d = data?.supportMenu.find((s) => s.code === menuItemCode)?.details.find((x) => x.code === code);
    return d ? (lang === 'en' ? d.nameEn : d.nameJa) : code;
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!openCall) return;
    setSent(false);
    if (!question.trim()) {
      setErrors([{ field: 'question', message: t('detail.questionMissing') }]);
      return;
    }
    setErrors([]);
    const r = await ask({ callId: openCall.id, candidateRegionId: id, question: question.trim() });
    if (!r.error) {
      setQuestion('');
      setSent(true);
      reloadMine({ requestPolicy: 'network-only' });
    }
  }

  if (error) return <Page title={t('title')}>{<ErrorNotice error={error} onReload={() => reload({ requestPolicy: 'network-only' })} />}</Page>;
  if (!region)
    return (
      <Page title={t('title')}>
        {fetching && (
          <p role="status" className="loading">
            {t('common:loading')}
          </p>
        )}
      </Page>
    );

  return (
    <Page title={`${region.prefecture.name}（${t('nav')}）`}>
      <p>
        <Link to="/candidate-regions">{t('detail.back')}</Link>
      </p>
      <h2>{t('detail.overview')}</h2>
      <dl className="card">
        <dt>{t('cap')}</dt>
        <dd>{region.budgetCapYen == null ? t('noCap') : formatYen(region.budgetCapYen, lang)}</dd>
        <dt>{t('publishedAt')}</dt>
        <dd>{formatDate(region.publishedAt, lang)}</dd>
        <dt>{t('detail.structureMode')}</dt>
        <dd>{region.structureMode ? t(`detail.structureModes.${region.structureMode}`) : t('detail.structureModeUnset')}</dd>
        {region.isRepeat && (
          <>
            <dt>{t('repeat')}</dt>
            <dd>✓</dd>
          </>
        )}
      </dl>
      {openCall && isVendor && (
        <p>
          <Link className="button button--primary" to={`/vendor/calls/${openCall.id}`}>
            {t('detail.apply')}
          </Link>
        </p>
      )}
      <h2>{t('detail.prefectureIssues')}</h2>
      {region.prefectureIssues.length ? (
        <ul className="card" data-testid="prefecture-issues">
          {region.prefectureIssues.map((i) => (
            <li key={i.id}>
              <span className="tag">{t(`categories.${i.category}`)}</span> <strong>{i.title}</strong>
              <p>{i.description}</p>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('detail.noPrefectureIssues')}</p>
      )}
      <h2>{t('partners')}</h2>
      {region.partners.map((p) => (
        <section key={p.id} className="card" aria-labelledby={`partner-${p.id}`}>
          <h3 id={`partner-${p.id}`}>{p.municipality.name}</h3>
          <h4>{t('issues')}</h4>
          <ul>
            {p.issues.map((i) => (
              <li key={i.id}>
                <span className="tag">{t(`categories.${i.category}`)}</span> <strong>{i.title}</strong>
                <p>{i.description}</p>
              </li>
            ))}
          </ul>
          <h4>{t('desired')}</h4>
          <ul>
            {p.desiredSupport.map((d) => (
              <li key={d.menuItemCode}>
                {menuTitle(d.menuItemCode)}
                {d.note ? `：${d.note}` : ''}
                {d.detailCodes.length > 0 && (
                  <ul>
                    {d.detailCodes.map((c) => (
                      <li key={c}>◇ {detailName(d.menuItemCode, c)}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <h2>{t('detail.qa')}</h2>
      {region.publishedInquiries.length ? (
        <dl data-testid="published-qa">
          {region.publishedInquiries.map((q) => (
            <div key={q.id} className="card">
              <dt>
                {t('detail.question')}：{q.question}
              </dt>
              <dd>
                {t('detail.answer')}：{q.answer}
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        <p>{t('detail.noQa')}</p>
      )}
      <h2>{t('detail.ask')}</h2>
      {!openCall && <p>{t('detail.noOpenCall')}</p>}
      {openCall && !isVendor && <p>{t('detail.signInToAsk')}</p>}
      {openCall && isVendor && (
        <>
          <p>{t('detail.askLead', { call: openCall.title })}</p>
          <Countdown deadline={openCall.questionsCloseAt ?? openCall.closesAt} label={t('detail.questionsUntil')} />
          <ErrorSummary errors={errors} />
          {asked.error && <ErrorNotice error={asked.error} />}
          {sent && (
            <div className="notice notice--success" role="status" data-testid="question-sent">
              <p>{t('detail.sent')}</p>
            </div>
          )}
          <form className="form" noValidate onSubmit={(e) => void submit(e)}>
            <Field id="question" label={t('detail.questionLabel')} hint={t('detail.questionHint')} error={errors[0]?.message} required>
              <textarea className="input" rows={4} maxLength={2000} value={question} onChange={(e) => setQuestion(e.target.value)} />
            </Field>
            <button type="submit" className="button button--primary" disabled={asked.fetching}>
              {t('detail.send')}
            </button>
          </form>
          {mine.data && mine.data.inquiries.length > 0 && (
            <>
              <h3>{t('detail.mine')}</h3>
              <ul data-testid="my-questions">
                {mine.data.inquiries.map((q) => (
                  <li key={q.id}>
                    {formatDateTime(q.askedAt, lang)}：{q.question}（{q.answer ?? t('detail.unanswered')}）
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </Page>
  );
}
