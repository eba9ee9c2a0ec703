import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import type { EvaluatorProposalQuery } from '../../../gql/graphql';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { useAutosaveDraft } from '../../../shared/drafts/useAutosaveDraft';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { ErrorSummary, type FieldError } from '../../../shared/forms/ErrorSummary';
import { Field } from '../../../shared/forms/Field';
import { IntegerInput } from '../../../shared/forms/inputs';
import { formatDateTime, type Lang } from '../../../shared/format/jst';
import { formatYen } from '../../../shared/format/yen';
import { Page } from '../../../shared/layout/Page';
import { Countdown } from '../../../shared/time/Countdown';
import { callOf, scoringDeadlinePassed, scoringOpen } from '../components/call-of';
import { SaveState } from '../components/SaveState';
import { EvaluatorProposalDocument, EvaluatorSaveScoresDocument, EvaluatorSubmitScoresDocument } from '../api';

type Proposal = EvaluatorProposalQuery['regionProposal'];
type Criterion = Proposal['criteria'][number];
type Menu = EvaluatorProposalQuery['supportMenu'];
type Call = EvaluatorProposalQuery['calls'][number];

interface Entry {
  points: number | null;
  raw: string;
  comment: string;
}
export type ScoreDraft = Record<string, Entry>;

/**
 * The sheet's total as the API computes it (libs/evaluation/src/domain/aggregation.ts weightedTotal), weights normalised to
 * 100: T = 100 × Σ (points / max) × weight / Σ weight; a criterion not scored yet counts as 0.
 */
export function weightedTotal(criteria: Criterion[], points: (id: string) => number | null): number {
  let weighted = 0;
  let weights = 0;
  for (const c of criteria) {
    weighted += (100 * (points(c.id) ?? 0) * c.weight) / c.maxPoints;
    weights += c.weight;
  }
  return weights > 0 ? weighted / weights : 0;
}

const fmtTotal = (n: number) => (Math.round(n * 10) / 10).toFixed(1);

export function ScoringPage() {
  return (
    <RequireRole roles={['EVALUATOR']}>
      <ScoringLoader />
    </RequireRole>
  );
}

function ScoringLoader() {
  const { t } = useTranslation('common');
  const { id = '' } = useParams();
  const [{ data, error }, reload] = useQuery({ query: EvaluatorProposalDocument, variables: { id }, requestPolicy: 'network-only' });
  if (error)
    return (
      <Page title={t('error.title')}>
        <ErrorNotice error={error} onReload={() => reload({ requestPolicy: 'network-only' })} />
      </Page>
    );
  if (!data)
    return (
      <Page title={t('loading')}>
        <p role="status" className="loading">
          {t('loading')}
        </p>
      </Page>
    );
  return (
    <Scoring
      proposal={data.regionProposal}
      menu={data.supportMenu}
      call={callOf(data.calls, data.regionProposal)}
      reload={() => reload({ requestPolicy: 'network-only' })}
    />
  );
}

function initialOf(p: Proposal): ScoreDraft {
  const out: ScoreDraft = {};
  for (const c of p.criteria) {
    const s = p.myScoreSheet?.scores.find((x) => x.criterionId === c.id);
    out[c.id] = s ? { points: s.points, raw: String(s.points), comment: s.comment } : { points: null, raw: '', comment: '' };
  }
  return out;
}

function Scoring({ proposal, menu, call, reload }: { proposal: Proposal; menu: Menu; call: Call | undefined; reload: () => void }) {
  const { t, i18n } = useTranslation('evaluator');
  const lang = i18n.language as Lang;
  const name = proposal.candidateRegion.prefecture.name;
  const submitted = proposal.myScoreSheet?.status === 'SUBMITTED';
  const [step, setStep] = useState<'form' | 'check'>('form');
  const [justSubmitted, setJustSubmitted] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [saved, save] = useMutation(EvaluatorSaveScoresDocument);
  const [sent, submit] = useMutation(EvaluatorSubmitScoresDocument);
  const lastSaveOk = useRef(false);
  const title = (c: Criterion) => (lang === 'en' ? c.titleEn : c.titleJa);
  const invalid = (c: Criterion, e: Entry | undefined) => !!e && e.raw.trim() !== '' && (e.points === null || e.points < 0 || e.points > c.maxPoints);

  const draft = useAutosaveDraft<ScoreDraft>(`scores:${proposal.id}`, initialOf(proposal), {
    save: async (v) => {
      lastSaveOk.current = false;
      // Points out of range, or a comment without points, would be refused or lost: kept on this device until put right.
      if (proposal.criteria.some((c) => invalid(c, v[c.id]) || (v[c.id]?.points == null && v[c.id]?.comment.trim()))) throw new Error('invalid');
      const scores = proposal.criteria
        .filter((c) => v[c.id]?.points != null)
        .map((c) => ({ criterionId: c.id, points: v[c.id].points!, comment: v[c.id].comment }));
      if (scores.length) {
        const r = await save({ proposalId: proposal.id, scores });
        if (r.error) throw r.error;
      }
      lastSaveOk.current = true;
    },
  });
  const v = draft.value;
  const entry = (id: string): Entry => v[id] ?? { points: null, raw: '', comment: '' };
  const setEntry = (id: string, patch: Partial<Entry>) =>
    draft.setValue((prev) => ({ ...prev, [id]: { ...(prev[id] ?? { points: null, raw: '', comment: '' }), ...patch } }));

  const validPoints = (c: Criterion) => (invalid(c, entry(c.id)) ? null : entry(c.id).points);
  const total = weightedTotal(proposal.criteria, (id) => validPoints(proposal.criteria.find((c) => c.id === id)!));
  const raw = proposal.criteria.reduce((s, c) => s + (validPoints(c) ?? 0), 0);
  const max = proposal.criteria.reduce((s, c) => s + c.maxPoints, 0);
  const missing = proposal.criteria.filter((c) => validPoints(c) === null).length;
  const hasInvalid = proposal.criteria.some((c) => invalid(c, entry(c.id)) || (entry(c.id).points == null && entry(c.id).comment.trim()));
  const note = hasInvalid && draft.status !== 'saved' && draft.status !== 'idle' ? t('scoring.notSavedInvalid') : undefined;

  async function toCheck() {
    const found: FieldError[] = [];
    for (const c of proposal.criteria) {
      if (invalid(c, entry(c.id))) found.push({ field: `points-${c.id}`, message: `${title(c)}：${t('scoring.outOfRange', { max: c.maxPoints })}` });
      else if (entry(c.id).points === null) found.push({ field: `points-${c.id}`, message: t('scoring.errMissing', { title: title(c) }) });
    }
    setErrors(found);
    if (found.length) return;
    await draft.saveNow();
    if (lastSaveOk.current) {
      setStep('check');
      window.scrollTo(0, 0);
    }
  }

  async function doSubmit() {
    const r = await submit({ proposalId: proposal.id });
    if (r.error) return;
    draft.discard();
    setJustSubmitted(true);
    setStep('form');
    reload();
  }

  const menuTitle = (code: string) => {
    const m = menu.find((x) => x.code === code);
    return m ? (lang === 'en' ? m.titleEn : m.titleJa) : code;
  };

  const callInfo = call && (
    <p data-testid="call-info">
      {call.title}（{t('home.callDeadline', { at: formatDateTime(call.closesAt, lang) })}）
      <br />
      <strong>
        {!scoringOpen(call.status) ? t('home.scoringClosed') : scoringDeadlinePassed(call) ? t('home.scoringDeadlinePassed') : t('home.scoringOpen')}
      </strong>
    </p>
  );
  const deadline = call?.evaluationSettings.scoringDeadline;
  const deadlineInfo = deadline && call && scoringOpen(call.status) && <Countdown deadline={deadline} label={t('home.scoringDeadline')} />;

  const details = (
    <section aria-labelledby="proposal-heading">
      <h2 id="proposal-heading">{t('scoring.proposal')}</h2>
      <dl className="summary-list" data-testid="proposal">
        <dt>{t('scoring.vendor')}</dt>
        <dd>
          {proposal.vendor.name}（{t('home.corporateNumber')} {proposal.vendor.corporateNumber}）
        </dd>
        <dt>{t('scoring.budget')}</dt>
        <dd>{formatYen(proposal.budgetYen, lang)}</dd>
        <dt>{t('scoring.menu')}</dt>
        <dd>
          <ul>
            {proposal.menuItemCodes.map((c) => (
              <li key={c}>{menuTitle(c)}</li>
            ))}
          </ul>
        </dd>
        <dt>{t('scoring.team')}</dt>
        <dd>
          <ul>
            {proposal.team.map((m, i) => (
              <li key={i}>
                {m.name}（{m.role}）{m.qualifications && ` ${m.qualifications}`}
              </li>
            ))}
          </ul>
        </dd>
        <dt>{t('scoring.approach')}</dt>
        <dd style={{ whiteSpace: 'pre-wrap' }}>{proposal.approach}</dd>
        <dt>{t('scoring.schedule')}</dt>
        <dd style={{ whiteSpace: 'pre-wrap' }}>{proposal.schedule}</dd>
        <dt>{t('scoring.documents')}</dt>
        <dd data-testid="documents">
          {proposal.documentIds.length === 0 ? (
            t('scoring.noDocuments')
          ) : (
            <ul>
              {proposal.documentIds.map((d, i) => (
                <li key={d}>
                  <a href={`/documents/${d}/view`} target="_blank" rel="noreferrer">
                    {t('scoring.document', { n: i + 1 })}
                  </a>{' '}
                  <a href={`/documents/${d}`} download>
                    {t('scoring.documentDownload', { n: i + 1 })}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
    </section>
  );

  const sheetTable = (caption: string, scores: Array<{ criterionId: string; points: number; comment: string }>, testId: string) => (
    <table className="table" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('scoring.criterion')}</th>
          <th scope="col">{t('scoring.pointsCol')}</th>
          <th scope="col">{t('scoring.commentCol')}</th>
        </tr>
      </thead>
      <tbody>
        {proposal.criteria.map((c) => {
          const s = scores.find((x) => x.criterionId === c.id);
          return (
            <tr key={c.id}>
              <th scope="row">{title(c)}</th>
              <td>
                {s?.points ?? '—'} / {c.maxPoints}
              </td>
              <td style={{ whiteSpace: 'pre-wrap' }}>{s?.comment}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
  const totalOf = (scores: Array<{ criterionId: string; points: number }>) =>
    fmtTotal(weightedTotal(proposal.criteria, (id) => scores.find((s) => s.criterionId === id)?.points ?? null));

  if (submitted) {
    const mine = proposal.myScoreSheet!;
    return (
      <Page title={t('scoring.title', { name })}>
        <p>
          <Link to="/evaluator">{t('scoring.back')}</Link>
        </p>
        <div className="notice notice--success" role="status" data-testid="submitted">
          <h2 className="notice__title">{t('scoring.submitted')}</h2>
          {mine.submittedAt && <p>{t('scoring.submittedAt', { at: formatDateTime(mine.submittedAt, lang) })}</p>}
        </div>
        {callInfo}
        {deadlineInfo}
        {sheetTable(`${t('scoring.mine')}（${t('scoring.total')} ${t('scoring.totalValue', { total: totalOf(mine.scores) })}）`, mine.scores, 'my-scores')}
        <h2>{t('scoring.others')}</h2>
        {proposal.otherScoreSheets.length === 0 ? (
          <p data-testid="others-none">{t('scoring.othersNone')}</p>
        ) : (
          <div data-testid="others">
            {proposal.otherScoreSheets.map((s, i) =>
              sheetTable(
                `${t('scoring.otherName', { n: i + 1 })}（${t('scoring.total')} ${t('scoring.totalValue', { total: totalOf(s.scores) })}）`,
                s.scores,
                `other-${i}`,
              ),
            )}
          </div>
        )}
        {details}
        {justSubmitted && <span className="visually-hidden">{t('scoring.submitted')}</span>}
      </Page>
    );
  }

  if (call && (!scoringOpen(call.status) || scoringDeadlinePassed(call)))
    return (
      <Page title={t('scoring.title', { name })}>
        <p>
          <Link to="/evaluator">{t('scoring.back')}</Link>
        </p>
        {callInfo}
        {deadlineInfo}
        {details}
      </Page>
    );

  if (step === 'check')
    return (
      <Page title={t('scoring.checkTitle')} lead={t('scoring.checkLead')}>
        {sent.error && <ErrorNotice error={sent.error} onRetry={() => void doSubmit()} />}
        <p>
          {proposal.candidateRegion.prefecture.name} / {proposal.vendor.name}
        </p>
        {sheetTable(
          t('scoring.mine'),
          proposal.criteria.map((c) => ({ criterionId: c.id, points: entry(c.id).points ?? 0, comment: entry(c.id).comment })),
          'check-scores',
        )}
        <p data-testid="check-total">
          {t('scoring.total')}：<strong>{t('scoring.totalValue', { total: fmtTotal(total) })}</strong>
        </p>
        <div className="button-row">
          <button type="button" className="button button--primary" disabled={sent.fetching} onClick={() => void doSubmit()}>
            {t('scoring.submit')}
          </button>
          <button type="button" className="button button--secondary" onClick={() => setStep('form')}>
            {t('scoring.edit')}
          </button>
        </div>
      </Page>
    );

  return (
    <Page title={t('scoring.title', { name })}>
      <p>
        <Link to="/evaluator">{t('scoring.back')}</Link>
      </p>
      {callInfo}
      {deadlineInfo}
      {draft.restored && <p className="notice notice--info">{t('scoring.restored')}</p>}
      <ErrorSummary errors={errors} />
      {saved.error && <ErrorNotice error={saved.error} onRetry={() => void draft.saveNow()} />}
      {details}
      <h2>{t('scoring.others')}</h2>
      <p>{t('scoring.othersHidden')}</p>
      <h2 id="form-heading">{t('scoring.form')}</h2>
      <p>{t('scoring.formLead')}</p>
      <form
        className="form"
        noValidate
        aria-labelledby="form-heading"
        onSubmit={(e) => {
          e.preventDefault();
          void toCheck();
        }}
      >
        {proposal.criteria.map((c) => {
          const e = entry(c.id);
          const bad = invalid(c, e);
          const low = !bad && e.points !== null && c.minPoints != null && e.points < c.minPoints;
          const fieldError = bad ? t('scoring.outOfRange', { max: c.maxPoints }) : errors.find((x) => x.field === `points-${c.id}`)?.message;
          return (
            <fieldset key={c.id} className="card" data-testid={`criterion-${c.id}`}>
              <legend>
                <strong>{title(c)}</strong>
              </legend>
              <p className="field__hint">
                {t('scoring.weight', { weight: c.weight })}・{t('scoring.max', { max: c.maxPoints })}
                {c.minPoints != null && <>・{t('scoring.min', { min: c.minPoints })}</>}
              </p>
              <Field id={`points-${c.id}`} label={t('scoring.points', { title: title(c), max: c.maxPoints })} error={fieldError} required>
                <IntegerInput value={e.points} onValueChange={(n, rawText) => setEntry(c.id, { points: n, raw: rawText })} />
              </Field>
              {low && (
                <p className="notice notice--warning" data-testid="below-min">
                  {t('scoring.belowMin', { min: c.minPoints })}
                </p>
              )}
              <Field id={`comment-${c.id}`} label={t('scoring.comment', { title: title(c) })}>
                <textarea className="input" rows={3} value={e.comment} onChange={(ev) => setEntry(c.id, { comment: ev.target.value })} />
              </Field>
            </fieldset>
          );
        })}
        <div className="card" aria-live="polite" data-testid="total">
          <p>
            {t('scoring.total')}：<strong data-testid="total-value">{t('scoring.totalValue', { total: fmtTotal(total) })}</strong>
          </p>
          <p className="notice__meta">
            {t('scoring.raw', { raw, max })}・{missing ? t('scoring.missing', { n: missing }) : t('scoring.allScored')}
          </p>
        </div>
        <SaveState status={draft.status} note={note} />
        <button type="submit" className="button button--primary">
          {t('scoring.check')}
        </button>
      </form>
    </Page>
  );
}
