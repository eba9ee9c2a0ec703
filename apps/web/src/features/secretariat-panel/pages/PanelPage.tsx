import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import type { SecretariatPanelQuery, SecretariatPanelRunAssignmentMutation } from '../../../gql/graphql';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { Field } from '../../../shared/forms/Field';
import { formatDateTime, type Lang } from '../../../shared/format/jst';
import { Page } from '../../../shared/layout/Page';
import { Countdown } from '../../../shared/time/Countdown';
import {
  SecretariatPanelAddMemberDocument,
  SecretariatPanelCallsDocument,
  SecretariatPanelConfirmDocument,
  SecretariatPanelDocument,
  SecretariatPanelRemoveMemberDocument,
  SecretariatPanelRunAssignmentDocument,
  SecretariatPanelSetDeadlineDocument,
  SecretariatPanelSettingsDocument,
} from '../api';

type Run = SecretariatPanelRunAssignmentMutation['runAssignment'];
type Data = SecretariatPanelQuery;

export function PanelPage() {
  return (
    <RequireRole roles={['SECRETARIAT']}>
      <Panel />
    </RequireRole>
  );
}

function Panel() {
  const { t, i18n } = useTranslation('secretariatPanel');
  const lang = i18n.language as Lang;
  const [params, setParams] = useSearchParams();
  const [callsQ] = useQuery({ query: SecretariatPanelCallsDocument, requestPolicy: 'cache-and-network' });
  const calls = [...(callsQ.data?.calls ?? [])].sort((a, b) => b.closesAt.localeCompare(a.closesAt));
  // Default: the latest call in review (closed, undecided), else the latest.
  const callId = params.get('call') ?? (calls.find((c) => c.status === 'CLOSED') ?? calls[0])?.id ?? '';
  const call = calls.find((c) => c.id === callId);
  const [panelQ, reloadPanel] = useQuery({ query: SecretariatPanelDocument, variables: { callId }, pause: !callId, requestPolicy: 'cache-and-network' });
  const [settingsQ, reloadSettings] = useQuery({
    query: SecretariatPanelSettingsDocument,
    variables: { id: callId },
    pause: !callId,
    requestPolicy: 'cache-and-network',
  });
  const refresh = () => {
    reloadPanel({ requestPolicy: 'network-only' });
    reloadSettings({ requestPolicy: 'network-only' });
  };
  const error = callsQ.error ?? panelQ.error ?? settingsQ.error;
  const data = panelQ.data;
  const settings = settingsQ.data?.call;

  return (
    <Page title={t('page.title')} lead={t('page.lead')}>
      {error && <ErrorNotice error={error} onReload={refresh} />}
      {callsQ.data && calls.length === 0 && <p>{t('page.none')}</p>}
      {calls.length > 0 && (
        <div className="field">
          <label className="field__label" htmlFor="panel-call">
            {t('page.call')}
          </label>
          <select
            id="panel-call"
            className="input"
            value={callId}
            onChange={(e) => {
              const p = new URLSearchParams();
              p.set('call', e.target.value);
              setParams(p);
            }}
          >
            {calls.map((c) => (
              <option key={c.id} value={c.id}>
                {t('page.callOption', { title: c.title, year: c.program.fiscalYear, status: t(`callStatus.${c.status}`) })}
              </option>
            ))}
          </select>
        </div>
      )}
      {call && <p data-testid="panel-call-state">{t('page.callState', { at: formatDateTime(call.closesAt, lang), status: t(`callStatus.${call.status}`) })}</p>}
      {data && call && (
        <>
          <PanelMembers key={`members-${call.id}`} callId={call.id} data={data} onChange={refresh} />
          <Conflicts data={data} />
          {settings && (
            <ScoringDeadline key={`deadline-${call.id}`} callId={call.id} deadline={settings.evaluationSettings.scoringDeadline ?? null} onChange={refresh} />
          )}
          <Assignment
            key={`run-${call.id}`}
            callId={call.id}
            data={data}
            perProposal={settings?.evaluationSettings.evaluatorsPerProposal ?? 0}
            afterDeadline={call.status !== 'DRAFT' && call.status !== 'OPEN'}
            onChange={refresh}
          />
          <Progress data={data} />
        </>
      )}
    </Page>
  );
}

/** Evaluator names by id (panel members and every registered expert). */
function evaluatorNames(data: Data): Map<string, string> {
  return new Map([
    ...data.evaluators.map((e) => [e.id, e.name] as const),
    ...data.evaluationPanel.members.map((m) => [m.evaluatorId, m.evaluator.name] as const),
  ]);
}

/** A proposal as people name it: its vendor and its region. */
function proposalLabels(data: Data, t: (k: string, o: Record<string, string>) => string): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of data.vendorApplications)
    for (const p of a.proposals) out.set(p.id, t('proposalLabel', { vendor: a.vendor.name, region: p.candidateRegion.prefecture.name }));
  return out;
}

function Notice({ text, testId }: { text?: string; testId: string }) {
  if (!text) return null;
  return (
    <p className="notice notice--success" role="status" data-testid={testId}>
      {text}
    </p>
  );
}

function PanelMembers({ callId, data, onChange }: { callId: string; data: Data; onChange: () => void }) {
  const { t } = useTranslation('secretariatPanel');
  const members = data.evaluationPanel.members;
  const onPanel = new Set(members.map((m) => m.evaluatorId));
  const candidates = data.evaluators.filter((e) => !onPanel.has(e.id));
  const [form, setForm] = useState({ evaluatorId: '', minLoad: '0', maxLoad: '10' });
  const [errors, setErrors] = useState<{ evaluatorId?: string; load?: string }>({});
  const [done, setDone] = useState<string>();
  const [added, add] = useMutation(SecretariatPanelAddMemberDocument);
  const [removed, remove] = useMutation(SecretariatPanelRemoveMemberDocument);
  const conflictsOf = (id: string) => data.conflicts.filter((c) => c.evaluatorId === id).length;

  return (
    <section aria-labelledby="panel-heading">
      <h2 id="panel-heading">{t('panel.title')}</h2>
      <p>{t('panel.lead')}</p>
      <Notice text={done} testId="panel-done" />
      {added.error && <ErrorNotice error={added.error} />}
      {removed.error && <ErrorNotice error={removed.error} />}
      {members.length === 0 ? (
        <p>{t('panel.empty')}</p>
      ) : (
        <table className="table" data-testid="panel-members">
          <caption className="visually-hidden">{t('panel.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('panel.name')}</th>
              <th scope="col">{t('panel.affiliation')}</th>
              <th scope="col">{t('panel.fields')}</th>
              <th scope="col">{t('panel.load')}</th>
              <th scope="col">{t('panel.conflicts')}</th>
              <th scope="col">{t('panel.action')}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.evaluatorId}>
                <th scope="row">{m.evaluator.name}</th>
                <td>{m.evaluator.affiliation || '—'}</td>
                <td>{m.evaluator.fields.join('、') || '—'}</td>
                <td>{t('panel.loadText', { min: m.minLoad, max: m.maxLoad })}</td>
                <td>{t('panel.conflictsCount', { n: conflictsOf(m.evaluatorId) })}</td>
                <td>
                  <button
                    type="button"
                    className="button button--secondary"
                    aria-label={t('panel.remove', { name: m.evaluator.name })}
                    disabled={removed.fetching}
                    onClick={async () => {
                      setDone(undefined);
                      const r = await remove({ callId, evaluatorId: m.evaluatorId });
                      if (!r.error) {
                        setDone(t('panel.removed', { name: m.evaluator.name }));
                        onChange();
                      }
                    }}
                  >
                    {t('panel.removeShort')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t('panel.add')}</h3>
      {candidates.length === 0 ? (
        <p>{t('panel.allOnPanel')}</p>
      ) : (
        <form
          className="form"
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            setDone(undefined);
            const min = Number(form.minLoad);
            const max = Number(form.maxLoad);
            const next = {
              evaluatorId: form.evaluatorId ? undefined : t('panel.chooseError'),
              load:
                form.minLoad === '' || form.maxLoad === '' || !Number.isInteger(min) || !Number.isInteger(max) || min < 0 || min > max
                  ? t('panel.loadError')
                  : undefined,
            };
            setErrors(next);
            if (next.evaluatorId || next.load) return;
            const name = candidates.find((c) => c.id === form.evaluatorId)?.name ?? '';
            const r = await add({ callId, evaluatorId: form.evaluatorId, minLoad: min, maxLoad: max });
            if (!r.error) {
              setDone(t('panel.added', { name }));
              setForm({ evaluatorId: '', minLoad: '0', maxLoad: '10' });
              onChange();
            }
          }}
        >
          <Field id="panel-evaluator" label={t('panel.evaluator')} error={errors.evaluatorId} required>
            <select className="input" value={form.evaluatorId} onChange={(e) => setForm({ ...form, evaluatorId: e.target.value })}>
              <option value="">{t('panel.choose')}</option>
              {candidates.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.affiliation ? `${c.name}（${c.affiliation}）` : c.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id="panel-min-load" label={t('panel.minLoad')} error={errors.load}>
            <input
              className="input"
              type="number"
              inputMode="numeric"
              min={0}
              value={form.minLoad}
              onChange={(e) => setForm({ ...form, minLoad: e.target.value })}
            />
          </Field>
          <Field id="panel-max-load" label={t('panel.maxLoad')}>
            <input
              className="input"
              type="number"
              inputMode="numeric"
              min={0}
              value={form.maxLoad}
              onChange={(e) => setForm({ ...form, maxLoad: e.target.value })}
            />
          </Field>
          <button type="submit" className="button button--primary" disabled={added.fetching}>
            {t('panel.addButton')}
          </button>
        </form>
      )}
    </section>
  );
}

function Conflicts({ data }: { data: Data }) {
  const { t, i18n } = useTranslation('secretariatPanel');
  const lang = i18n.language as Lang;
  const onPanel = new Map(data.evaluationPanel.members.map((m) => [m.evaluatorId, m.evaluator.name]));
  const rows = data.conflicts.filter((c) => onPanel.has(c.evaluatorId));
  const vendorByNumber = new Map(data.vendors.map((v) => [v.corporateNumber, v.name]));
  const prefecture = new Map(data.prefectures.map((p) => [p.code, p.name]));
  return (
    <section aria-labelledby="conflicts-heading">
      <h2 id="conflicts-heading">{t('conflicts.title')}</h2>
      <p>{t('conflicts.lead')}</p>
      {rows.length === 0 ? (
        <p>{t('conflicts.empty')}</p>
      ) : (
        <table className="table" data-testid="panel-conflicts">
          <caption className="visually-hidden">{t('conflicts.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('conflicts.evaluator')}</th>
              <th scope="col">{t('conflicts.vendor')}</th>
              <th scope="col">{t('conflicts.corporateNumber')}</th>
              <th scope="col">{t('conflicts.kind')}</th>
              <th scope="col">{t('conflicts.note')}</th>
              <th scope="col">{t('conflicts.declaredAt')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.id}>
                <th scope="row">{onPanel.get(c.evaluatorId)}</th>
                <td>
                  {c.corporateNumber
                    ? (vendorByNumber.get(c.corporateNumber) ?? t('conflicts.unknownVendor'))
                    : `${t('conflicts.prefecture')}：${prefecture.get(c.prefectureCode ?? '') ?? '—'}`}
                </td>
                <td>{c.corporateNumber ?? '—'}</td>
                <td>{t(`kind.${c.kind}`)}</td>
                <td>{c.note || '—'}</td>
                <td>{formatDateTime(c.declaredAt, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** YYYY-MM-DD and HH:MM of an instant in Japan time (the form's initial values). */
function jstParts(iso: string): { date: string; time: string } {
  const shifted = new Date(new Date(iso).getTime() + 9 * 3600_000).toISOString();
  return { date: shifted.slice(0, 10), time: shifted.slice(11, 16) };
}

function ScoringDeadline({ callId, deadline, onChange }: { callId: string; deadline: string | null; onChange: () => void }) {
  const { t, i18n } = useTranslation('secretariatPanel');
  const lang = i18n.language as Lang;
  const [form, setForm] = useState(deadline ? jstParts(deadline) : { date: '', time: '17:00' });
  const [errors, setErrors] = useState<{ date?: string; time?: string }>({});
  const [done, setDone] = useState<string>();
  const [saved, save] = useMutation(SecretariatPanelSetDeadlineDocument);
  return (
    <section aria-labelledby="deadline-heading">
      <h2 id="deadline-heading">{t('deadline.title')}</h2>
      <p>{t('deadline.lead')}</p>
      <Notice text={done} testId="deadline-done" />
      {saved.error && <ErrorNotice error={saved.error} />}
      <div data-testid="scoring-deadline">{deadline ? <Countdown deadline={deadline} label={t('deadline.current')} /> : <p>{t('deadline.notSet')}</p>}</div>
      <form
        className="form"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          setDone(undefined);
          const next = { date: form.date ? undefined : t('deadline.dateError'), time: /^\d{2}:\d{2}$/.test(form.time) ? undefined : t('deadline.timeError') };
          setErrors(next);
          if (next.date || next.time) return;
          // Without an offset the API reads the time as Japan time (parseJstDateTime).
          const r = await save({ callId, scoringDeadline: `${form.date}T${form.time}` });
          if (!r.error && r.data) {
            setDone(t('deadline.saved', { at: formatDateTime(r.data.setScoringDeadline.scoringDeadline as string, lang) }));
            onChange();
          }
        }}
      >
        <Field id="deadline-date" label={t('deadline.date')} error={errors.date} required>
          <input className="input" type="date" value={form.date} onChange={(e) => setForm({ ...form, date: e.target.value })} />
        </Field>
        <Field id="deadline-time" label={t('deadline.time')} error={errors.time} required>
          <input className="input" type="time" value={form.time} onChange={(e) => setForm({ ...form, time: e.target.value })} />
        </Field>
        <button type="submit" className="button button--primary" disabled={saved.fetching}>
          {deadline ? t('deadline.move') : t('deadline.save')}
        </button>
      </form>
    </section>
  );
}

function Assignment({
  callId,
  data,
  perProposal,
  afterDeadline,
  onChange,
}: {
  callId: string;
  data: Data;
  perProposal: number;
  afterDeadline: boolean;
  onChange: () => void;
}) {
  const { t } = useTranslation('secretariatPanel');
  const [run, setRun] = useState<Run>();
  const [done, setDone] = useState<string>();
  const [ran, runAssignment] = useMutation(SecretariatPanelRunAssignmentDocument);
  const [confirmed, confirm] = useMutation(SecretariatPanelConfirmDocument);
  const names = evaluatorNames(data);
  const labels = proposalLabels(data, t);
  const proposals = data.vendorApplications.flatMap((a) => a.proposals.map((p) => p.id));
  const proposed = data.assignments.filter((a) => a.status === 'PROPOSED').length;
  return (
    <section aria-labelledby="run-heading">
      <h2 id="run-heading">{t('run.title')}</h2>
      <p>{t('run.lead', { k: perProposal })}</p>
      {!afterDeadline && <p>{t('run.before')}</p>}
      <Notice text={done} testId="run-done" />
      {ran.error && <ErrorNotice error={ran.error} />}
      {confirmed.error && <ErrorNotice error={confirmed.error} />}
      {afterDeadline && proposals.length === 0 && <p>{t('run.noBids')}</p>}
      <div className="button-row">
        <button
          type="button"
          className="button button--primary"
          disabled={ran.fetching || !afterDeadline}
          onClick={async () => {
            setDone(undefined);
            const r = await runAssignment({ callId });
            if (r.data) {
              setRun(r.data.runAssignment);
              onChange();
            }
          }}
        >
          {t('run.button')}
        </button>
      </div>
      {run && (
        <div data-testid="run-result">
          <h3>{t('run.result')}</h3>
          <p>
            <strong>{t(`runStatus.${run.status}`)}</strong>
            <br />
            {t('run.summary', { proposals: run.proposals, assigned: run.assigned, min: run.minLoad, max: run.maxLoad })}
            {run.removedForConflict > 0 && (
              <>
                <br />
                {t('run.removedForConflict', { n: run.removedForConflict })}
              </>
            )}
          </p>
          {run.uncovered.length === 0 ? (
            <p>{t('run.allCovered')}</p>
          ) : (
            <>
              <h4>{t('run.uncovered')}</h4>
              <p>{t('run.uncoveredLead')}</p>
              <table className="table" data-testid="uncovered">
                <caption className="visually-hidden">{t('run.uncovered')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('run.proposal')}</th>
                    <th scope="col">{t('run.reason')}</th>
                    <th scope="col">{t('run.detail')}</th>
                    <th scope="col">{t('run.availableNeeded')}</th>
                  </tr>
                </thead>
                <tbody>
                  {run.uncovered.map((u) => (
                    <tr key={u.proposalId}>
                      <th scope="row">{labels.get(u.proposalId) ?? u.proposalId}</th>
                      <td>{t(`reason.${u.reason}`, { defaultValue: u.reason })}</td>
                      <td>{u.detail}</td>
                      <td>{t('run.availableNeededText', { available: u.available, needed: u.needed })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </div>
      )}
      {proposals.length > 0 && (
        <>
          <h3>{t('run.current')}</h3>
          <table className="table" data-testid="assignments">
            <caption className="visually-hidden">{t('run.current')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('run.proposal')}</th>
                <th scope="col">{t('run.evaluators')}</th>
              </tr>
            </thead>
            <tbody>
              {proposals.map((id) => {
                const rows = data.assignments.filter((a) => a.proposalId === id);
                return (
                  <tr key={id}>
                    <th scope="row">{labels.get(id)}</th>
                    <td>
                      {rows.length === 0 ? (
                        t('run.unassigned')
                      ) : (
                        <ul>
                          {rows.map((a) => (
                            <li key={a.evaluatorId}>
                              {names.get(a.evaluatorId) ?? a.evaluatorId}（{t(`assignmentStatus.${a.status}`)}）
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p>{t('run.confirmLead')}</p>
          {proposed === 0 && <p>{t('run.nothingToConfirm')}</p>}
          <div className="button-row">
            <button
              type="button"
              className="button button--primary"
              disabled={confirmed.fetching || proposed === 0}
              onClick={async () => {
                setDone(undefined);
                const r = await confirm({ callId });
                if (r.data) {
                  const c = r.data.confirmAssignments;
                  setDone(
                    [t('run.confirmed', { n: c.confirmed }), c.removedForConflict ? t('run.confirmedRemoved', { n: c.removedForConflict }) : '']
                      .filter(Boolean)
                      .join(''),
                  );
                  onChange();
                }
              }}
            >
              {t('run.confirm')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function ProgressTable({
  rows,
  label,
  caption,
  testId,
}: {
  rows: Data['evaluationProgress']['byProposal'];
  label: (id: string) => string;
  caption: string;
  testId: string;
}) {
  const { t } = useTranslation('secretariatPanel');
  return (
    <table className="table" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{caption}</th>
          <th scope="col">{t('progress.assigned')}</th>
          <th scope="col">{t('progress.submitted')}</th>
          <th scope="col">{t('progress.missing')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <th scope="row">{label(r.id)}</th>
            <td>{r.assigned}</td>
            <td>
              <progress max={r.assigned} value={r.submitted} aria-label={t('progress.label', { name: label(r.id) })} /> {r.submitted}
            </td>
            <td>{r.missing}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Progress({ data }: { data: Data }) {
  const { t } = useTranslation('secretariatPanel');
  const names = evaluatorNames(data);
  const labels = proposalLabels(data, t);
  const { byProposal, byEvaluator } = data.evaluationProgress;
  return (
    <section aria-labelledby="progress-heading">
      <h2 id="progress-heading">{t('progress.title')}</h2>
      {byProposal.length === 0 ? (
        <p>{t('progress.empty')}</p>
      ) : (
        <>
          <ProgressTable rows={byProposal} label={(id) => labels.get(id) ?? id} caption={t('progress.byProposal')} testId="progress-proposals" />
          <ProgressTable rows={byEvaluator} label={(id) => names.get(id) ?? id} caption={t('progress.byEvaluator')} testId="progress-evaluators" />
        </>
      )}
    </section>
  );
}
