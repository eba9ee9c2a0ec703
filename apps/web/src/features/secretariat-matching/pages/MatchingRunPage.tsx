import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, type CombinedError } from 'urql';
import type { SecretariatMatchingRunCallQuery } from '../../../gql/graphql';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { useAutosaveDraft } from '../../../shared/drafts/useAutosaveDraft';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { ErrorSummary, type FieldError } from '../../../shared/forms/ErrorSummary';
import { Field } from '../../../shared/forms/Field';
import { formatDateTime, type Lang } from '../../../shared/format/jst';
import { formatYen } from '../../../shared/format/yen';
import { Page } from '../../../shared/layout/Page';
import {
  SecretariatMatchingApproveDocument,
  SecretariatMatchingFollowUpDocument,
  SecretariatMatchingNoticesDocument,
  SecretariatMatchingOverrideDocument,
  SecretariatMatchingPublishDocument,
  SecretariatMatchingRunCallDocument,
  SecretariatMatchingRunDocument,
} from '../api';
import { score, selected, unsupportedLabel, whyLabel, type Run } from './shared';
import { ConfirmDialog } from '../../../shared/forms/ConfirmDialog';

type Call = SecretariatMatchingRunCallQuery['call'];

export function MatchingRunPage() {
  return (
    <RequireRole roles={['SECRETARIAT']}>
      <MatchingRunLoader />
    </RequireRole>
  );
}

function MatchingRunLoader() {
  const { t } = useTranslation('secretariatMatching');
  const { runId = '' } = useParams();
  const [{ data, error }, reload] = useQuery({ query: SecretariatMatchingRunDocument, variables: { runId }, requestPolicy: 'network-only' });
  const callId = data?.matchingRun.callId ?? '';
  const [callQ, reloadCall] = useQuery({ query: SecretariatMatchingRunCallDocument, variables: { callId }, pause: !callId, requestPolicy: 'network-only' });
  const failure = error ?? callQ.error;
  const refresh = () => {
    reload({ requestPolicy: 'network-only' });
    reloadCall({ requestPolicy: 'network-only' });
  };
  if (failure)
    return (
      <Page title={t('common:error.title')}>
        <ErrorNotice error={failure} onReload={refresh} />
      </Page>
    );
  if (!data || !callQ.data)
    return (
      <Page title={t('common:loading')}>
        <p role="status" className="loading">
          {t('common:loading')}
        </p>
      </Page>
    );
  return <MatchingRun run={data.matchingRun} call={callQ.data.call} vendors={data.vendors} reload={refresh} />;
}

/** A JST wall-clock value of <input type="datetime-local">, `days` from now at `time`. */
function jstLocalInDays(days: number, time: string): string {
  const d = new Date(Date.now() + 9 * 3600_000 + days * 86_400_000);
  return `${d.toISOString().slice(0, 10)}T${time}`;
}

function MatchingRun({ run, call, vendors, reload }: { run: Run; call: Call; vendors: Array<{ id: string; name: string }>; reload: () => void }) {
  const { t, i18n } = useTranslation('secretariatMatching');
  const lang = i18n.language as Lang;
  const regionName = new Map(call.candidateRegions.map((r) => [r.id, r.prefecture.name]));
  const vendorName = new Map(vendors.map((v) => [v.id, v.name]));
  const regionsOf = (ids: string[]) => ids.map((id) => regionName.get(id) ?? id).join('、');
  const chosen = selected(run);
  const policy = t(`policy.${run.policy}`);
  const [failure, setFailure] = useState<CombinedError>();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const publishButton = useRef<HTMLButtonElement>(null);
  const [, override] = useMutation(SecretariatMatchingOverrideDocument);
  const [approving, approve] = useMutation(SecretariatMatchingApproveDocument);
  const [publishing, publish] = useMutation(SecretariatMatchingPublishDocument);
  const [followUp, openFollowUp] = useMutation(SecretariatMatchingFollowUpDocument);
  // The override's typed reason survives a failed request, a reload and a closed tab (this device), until it is recorded.
  const draft = useAutosaveDraft(`matching-override:${run.id}`, { regionId: '', proposalId: '', reason: '' });
  const [fu, setFu] = useState({
    title: t('run.defaultFollowUpTitle', { title: call.title }),
    opensAt: jstLocalInDays(1, '09:00'),
    closesAt: jstLocalInDays(22, '15:00'),
  });
  const [notices, reloadNotices] = useQuery({
    query: SecretariatMatchingNoticesDocument,
    variables: { id: run.id },
    pause: run.status !== 'PUBLISHED',
    requestPolicy: 'network-only',
  });
  const sent = notices.data?.matchingRun.notices ?? [];
  const err = (f: string) => errors.find((e) => e.field === f)?.message;

  function begin(found: FieldError[]): boolean {
    setErrors(found);
    setFailure(undefined);
    setMessage(undefined);
    return found.length === 0;
  }

  // Proposals that may replace a region's selection: every other proposal the run saw for it (the API checks eligibility).
  const candidatesOf = (regionId: string) => {
    const m = chosen.find((x) => x.candidateRegionId === regionId);
    if (m) return m.alternatives.map((a) => ({ proposalId: a.proposalId, vendorId: a.vendorId, score: a.score }));
    // An unsupported region has no match to carry alternatives: the proposals of other runs' views are not known here.
    return [];
  };

  async function submitOverride() {
    const v = draft.value;
    const found: FieldError[] = [];
    if (!v.regionId) found.push({ field: 'override-region', message: t('run.errRegion') });
    if (!v.proposalId) found.push({ field: 'override-proposal', message: t('run.errProposal') });
    if (!v.reason.trim()) found.push({ field: 'override-reason', message: t('run.errReason') });
    if (!begin(found)) return;
    const r = await override({ runId: run.id, candidateRegionId: v.regionId, proposalId: v.proposalId, reason: v.reason.trim() });
    if (r.error) return setFailure(r.error);
    draft.discard();
    setMessage(t('run.overridden', { region: regionName.get(v.regionId) ?? '' }));
    reload();
  }

  async function doApprove() {
    begin([]);
    const r = await approve({ runId: run.id });
    if (r.error) return setFailure(r.error);
    setMessage(t('run.approved'));
    reload();
  }

  async function doPublish() {
    setConfirming(false);
    begin([]);
    const r = await publish({ runId: run.id });
    if (r.error) return setFailure(r.error);
    setMessage(t('run.published'));
    reload();
    reloadNotices({ requestPolicy: 'network-only' });
  }

  async function doFollowUp() {
    const found: FieldError[] = [];
    if (!fu.title.trim()) found.push({ field: 'fu-title', message: t('run.errFollowUpTitle') });
    if (!fu.opensAt) found.push({ field: 'fu-opens', message: t('run.errFollowUpOpens') });
    if (!fu.closesAt) found.push({ field: 'fu-closes', message: t('run.errFollowUpCloses') });
    if (fu.opensAt && fu.closesAt && fu.closesAt <= fu.opensAt) found.push({ field: 'fu-closes', message: t('run.errFollowUpOrder') });
    if (!begin(found)) return;
    const r = await openFollowUp({ input: { runId: run.id, title: fu.title.trim(), opensAt: fu.opensAt, closesAt: fu.closesAt } });
    if (r.error) return setFailure(r.error);
  }

  const overrideCandidates = draft.value.regionId ? candidatesOf(draft.value.regionId) : [];
  const lastOverride = (regionId: string) => [...run.events].reverse().find((e) => e.kind === 'OVERRIDE' && e.candidateRegionId === regionId);

  return (
    <Page title={t('run.title', { policy })}>
      <p>
        <Link to={`/secretariat/matching/calls/${run.callId}`}>{t('run.back')}</Link>
      </p>
      <ErrorSummary errors={errors} />
      {failure && <ErrorNotice error={failure} onReload={reload} />}
      {message && (
        <p className="notice notice--success" role="status" data-testid="run-message">
          {message}
        </p>
      )}

      <h2>{t('run.summary')}</h2>
      <dl className="summary-list" data-testid="run-summary">
        <dt>{t('calls.call')}</dt>
        <dd>
          {call.title}（{t(`callStatus.${call.status}`)}）
        </dd>
        <dt>{t('run.status')}</dt>
        <dd data-testid="run-status">{t(`runStatus.${run.status}`)}</dd>
        <dt>{t('run.createdAt')}</dt>
        <dd>{formatDateTime(run.createdAt, lang)}</dd>
        {run.publishedAt && (
          <>
            <dt>{t('run.publishedAt')}</dt>
            <dd>{formatDateTime(run.publishedAt, lang)}</dd>
          </>
        )}
        <dt>{t('call.regionsSupported')}</dt>
        <dd data-testid="run-regions">{t('call.regionsCount', { n: run.regionsSupported })}</dd>
        <dt>{t('call.totalScore')}</dt>
        <dd>{score(run.totalScore)}</dd>
        <dt>{t('call.totalBudget')}</dt>
        <dd>{formatYen(run.totalBudgetYen, lang)}</dd>
        <dt>{t('run.compare', { policy: t(`policy.${run.comparison.otherPolicy}`) })}</dt>
        <dd data-testid="run-comparison">
          {t('run.compareText', {
            regions: run.comparison.otherRegionsSupported,
            score: score(run.comparison.otherTotalScore),
            same: run.comparison.sameMatches,
            here: run.comparison.onlyHere.length,
            other: run.comparison.onlyInOther.length,
          })}
        </dd>
      </dl>

      <section aria-labelledby="outcomes-heading">
        <h2 id="outcomes-heading">{t('run.outcomes')}</h2>
        <p>{t('run.outcomesLead')}</p>
        {chosen.map((m) => {
          const region = regionName.get(m.candidateRegionId) ?? m.candidateRegionId;
          const ov = m.source === 'OVERRIDE' ? lastOverride(m.candidateRegionId) : undefined;
          return (
            <article key={m.id} className="card" data-testid={`outcome-${region}`} aria-labelledby={`outcome-${m.id}`}>
              <h3 id={`outcome-${m.id}`}>{region}</h3>
              <p data-testid="winner">
                <strong>
                  {m.rankInRegion
                    ? t('run.winner', { vendor: m.vendor.name, score: score(m.score), rank: m.rankInRegion })
                    : t('run.winnerNoRank', { vendor: m.vendor.name, score: score(m.score) })}
                </strong>
                <br />
                {t('run.source', { source: t(`source.${m.source}`) })}
                {(m.reason ?? ov?.reason) && (
                  <>
                    <br />
                    <span data-testid="override-reason">{t('run.overrideReason', { reason: m.reason ?? ov?.reason })}</span>
                  </>
                )}
              </p>
              {m.alternatives.length === 0 ? (
                <p>{t('run.noAlternatives')}</p>
              ) : (
                <table className="table" data-testid="alternatives">
                  <caption>
                    {t('run.alternatives')}（{region}）
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('run.altVendor')}</th>
                      <th scope="col">{t('run.altScore')}</th>
                      <th scope="col">{t('run.altWhy')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {m.alternatives.map((a) => (
                      <tr key={a.proposalId}>
                        <th scope="row">{vendorName.get(a.vendorId) ?? a.vendorId}</th>
                        <td>{score(a.score)}</td>
                        <td>
                          {whyLabel(t, a.why)}
                          {a.vendorSelectedFor.length > 0 && ` ${t('run.selectedFor', { regions: regionsOf(a.vendorSelectedFor) })}`}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </article>
          );
        })}
      </section>

      <section aria-labelledby="unsupported-heading">
        <h2 id="unsupported-heading">{t('run.unsupported')}</h2>
        {run.unsupported.length === 0 ? (
          <p>{t('run.noUnsupported')}</p>
        ) : (
          <table className="table" data-testid="unsupported">
            <caption>{t('run.unsupported')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('call.region')}</th>
                <th scope="col">{t('run.altWhy')}</th>
              </tr>
            </thead>
            <tbody>
              {run.unsupported.map((u) => (
                <tr key={u.candidateRegionId}>
                  <th scope="row">{regionName.get(u.candidateRegionId) ?? u.candidateRegionId}</th>
                  <td>
                    {unsupportedLabel(t, u.reason, u.reasonJa, lang)}
                    {(lang === 'ja' ? u.detailJa : u.detail) && (
                      <>
                        <br />
                        <small>{t('run.detail', { detail: lang === 'ja' ? u.detailJa : u.detail })}</small>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {run.events.length > 0 && (
        <section aria-labelledby="events-heading">
          <h2 id="events-heading">{t('run.events')}</h2>
          <ul data-testid="events">
            {run.events.map((e, i) => (
              <li key={i}>{t('run.eventRow', { at: formatDateTime(e.at, lang), region: regionName.get(e.candidateRegionId) ?? '', reason: e.reason })}</li>
            ))}
          </ul>
        </section>
      )}

      {run.status === 'PROPOSED' && (
        <form
          className="form"
          noValidate
          aria-labelledby="override-heading"
          onSubmit={(e) => {
            e.preventDefault();
            void submitOverride();
          }}
        >
          <h2 id="override-heading">{t('run.overrideHeading')}</h2>
          <p>{t('run.overrideLead')}</p>
          <Field id="override-region" label={t('run.overrideRegion')} error={err('override-region')} required>
            <select
              className="input"
              value={draft.value.regionId}
              onChange={(e) => draft.setValue((v) => ({ ...v, regionId: e.target.value, proposalId: '' }))}
            >
              <option value="">{t('run.choose')}</option>
              {chosen.map((m) => (
                <option key={m.candidateRegionId} value={m.candidateRegionId}>
                  {regionName.get(m.candidateRegionId)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="override-proposal" label={t('run.overrideProposal')} error={err('override-proposal')} required>
            <select className="input" value={draft.value.proposalId} onChange={(e) => draft.setValue((v) => ({ ...v, proposalId: e.target.value }))}>
              <option value="">{t('run.choose')}</option>
              {overrideCandidates.map((c) => (
                <option key={c.proposalId} value={c.proposalId}>
                  {t('run.proposalOption', { vendor: vendorName.get(c.vendorId) ?? c.vendorId, score: score(c.score) })}
                </option>
              ))}
            </select>
          </Field>
          <Field id="override-reason" label={t('run.overrideReason2')} hint={t('run.overrideReasonHint')} error={err('override-reason')} required>
            <textarea className="input" rows={3} value={draft.value.reason} onChange={(e) => draft.setValue((v) => ({ ...v, reason: e.target.value }))} />
          </Field>
          <button type="submit" className="button button--secondary">
            {t('run.overrideSubmit')}
          </button>
        </form>
      )}

      {run.status === 'PROPOSED' && call.status === 'CLOSED' && (
        <section aria-labelledby="approve-heading">
          <h2 id="approve-heading">{t('run.approveHeading')}</h2>
          <p>{t('run.approveLead')}</p>
          <button type="button" className="button button--primary" disabled={approving.fetching} onClick={() => void doApprove()}>
            {t('run.approve')}
          </button>
        </section>
      )}

      {run.status === 'APPROVED' && (
        <section aria-labelledby="publish-heading">
          <h2 id="publish-heading">{t('run.publishHeading')}</h2>
          <p>{t('run.publishLead')}</p>
          <button type="button" ref={publishButton} className="button button--primary" disabled={publishing.fetching} onClick={() => setConfirming(true)}>
            {t('run.publish')}
          </button>
        </section>
      )}

      {run.status === 'PUBLISHED' && (
        <section aria-labelledby="followup-heading">
          <h2 id="followup-heading">{t('run.followUpHeading')}</h2>
          {run.unsupported.length === 0 ? (
            <p>{t('run.followUpNone')}</p>
          ) : followUp.data ? (
            <p className="notice notice--success" role="status" data-testid="followup-done">
              {t('run.followUpDone', {
                title: followUp.data.openFollowUpCall.title,
                status: t(`callStatus.${followUp.data.openFollowUpCall.status}`),
                list: followUp.data.openFollowUpCall.candidateRegions.map((r) => r.prefecture.name).join('、'),
              })}
            </p>
          ) : (
            <form
              className="form"
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                void doFollowUp();
              }}
            >
              <p>{t('run.followUpLead')}</p>
              <p data-testid="followup-regions">{t('run.followUpRegions', { list: regionsOf(run.unsupported.map((u) => u.candidateRegionId)) })}</p>
              <Field id="fu-title" label={t('run.followUpTitle')} error={err('fu-title')} required>
                <input className="input" value={fu.title} onChange={(e) => setFu({ ...fu, title: e.target.value })} />
              </Field>
              <Field id="fu-opens" label={t('run.followUpOpens')} error={err('fu-opens')} required>
                <input type="datetime-local" className="input" value={fu.opensAt} onChange={(e) => setFu({ ...fu, opensAt: e.target.value })} />
              </Field>
              <Field id="fu-closes" label={t('run.followUpCloses')} error={err('fu-closes')} required>
                <input type="datetime-local" className="input" value={fu.closesAt} onChange={(e) => setFu({ ...fu, closesAt: e.target.value })} />
              </Field>
              <button type="submit" className="button button--primary" disabled={followUp.fetching}>
                {t('run.followUpSubmit')}
              </button>
            </form>
          )}
        </section>
      )}

      {run.status === 'PUBLISHED' && (
        <section aria-labelledby="outbox-heading">
          <h2 id="outbox-heading">{t('run.outbox')}</h2>
          <p>{t('run.outboxLead')}</p>
          {notices.error && <ErrorNotice error={notices.error} onReload={() => reloadNotices({ requestPolicy: 'network-only' })} />}
          {notices.data && sent.length === 0 && <p>{t('run.outboxNone')}</p>}
          {sent.length > 0 && (
            <table className="table" data-testid="outbox">
              <caption>{t('run.outbox')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('run.noticeNumber')}</th>
                  <th scope="col">{t('run.noticeSubject')}</th>
                  <th scope="col">{t('run.noticeKind')}</th>
                  <th scope="col">{t('run.noticeAt')}</th>
                  <th scope="col">{t('run.noticePdf')}</th>
                </tr>
              </thead>
              <tbody>
                {sent.map((n) => (
                  <tr key={n.id}>
                    <th scope="row">{n.documentNumber}</th>
                    <td>{n.subject}</td>
                    <td>{t(`run.kind.${n.kind}`, { defaultValue: n.kind })}</td>
                    <td>{formatDateTime(n.createdAt, lang)}</td>
                    <td>
                      <a href={n.pdfPath}>{t('run.noticePdfLink', { number: n.documentNumber })}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}

      {confirming && (
        <ConfirmDialog
          title={t('run.dialogTitle')}
          body={t('run.dialogBody', { title: call.title, policy, regions: run.regionsSupported })}
          confirm={t('run.dialogConfirm')}
          cancel={t('run.dialogCancel')}
          onConfirm={() => void doPublish()}
          onClose={() => {
            setConfirming(false);
            window.setTimeout(() => publishButton.current?.focus(), 0);
          }}
        />
      )}
    </Page>
  );
}
