import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import type { ReportKind, VendorEngagementQuery } from '../../../gql/graphql';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { useAutosaveDraft } from '../../../shared/drafts/useAutosaveDraft';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { ErrorSummary, type FieldError } from '../../../shared/forms/ErrorSummary';
import { Field } from '../../../shared/forms/Field';
import { formatDate, formatDateTime, type Lang } from '../../../shared/format/jst';
import { formatYen } from '../../../shared/format/yen';
import { Page } from '../../../shared/layout/Page';
import { VendorEngagementDocument, VendorScheduleMeetingDocument, VendorSubmitReportDocument, VendorUpdatePlanDocument } from '../api';

type Engagement = VendorEngagementQuery['engagement'];
type Menu = VendorEngagementQuery['supportMenu'];
const ITEM_STATUSES = ['PLANNED', 'IN_PROGRESS', 'DONE'] as const;

export function EngagementPage() {
  return (
    <RequireRole roles={['VENDOR']}>
      <EngagementView />
    </RequireRole>
  );
}

function EngagementView() {
  const { t, i18n } = useTranslation('vendor');
  const lang = i18n.language as Lang;
  const { id = '' } = useParams();
  const [{ data, error }, reload] = useQuery({ query: VendorEngagementDocument, variables: { id } });
  if (error)
    return (
      <Page title={t('engagement.titleShort')}>
        <ErrorNotice error={error} />
      </Page>
    );
  if (!data)
    return (
      <Page title={t('engagement.titleShort')}>
        <p role="status" className="loading">
          {t('common:loading')}
        </p>
      </Page>
    );
  const e = data.engagement;
  const refresh = () => reload({ requestPolicy: 'network-only' });
  return (
    <Page title={t('engagement.title', { name: e.candidateRegion.prefecture.name })}>
      <p>
        <Link to="/vendor">{t('nav2.back')}</Link>
      </p>
      <dl className="card">
        <dt>{t('home.period')}</dt>
        <dd>
          {formatDate(e.startsOn, lang)}〜{formatDate(e.endsOn, lang)}
        </dd>
        <dt>{t('engagement.budget')}</dt>
        <dd>{formatYen(e.budgetYen, lang)}</dd>
        <dt>{t('engagement.status')}</dt>
        <dd>{t(`status.${e.status}`)}</dd>
      </dl>
      <PlanSection engagement={e} menu={data.supportMenu} onSaved={refresh} />
      <ReportsSection engagement={e} menu={data.supportMenu} onSaved={refresh} />
      <MeetingsSection engagement={e} onSaved={refresh} />
    </Page>
  );
}

function PlanSection({ engagement: e, menu, onSaved }: { engagement: Engagement; menu: Menu; onSaved: () => void }) {
  const { t, i18n } = useTranslation('vendor');
  const lang = i18n.language as Lang;
  const [result, update] = useMutation(VendorUpdatePlanDocument);
  const [done, setDone] = useState(false);
  const draft = useAutosaveDraft(`engagement-plan:${e.id}`, {
    items: e.plannedItems.map((p) => ({ menuItemCode: p.menuItemCode, status: p.status })),
    experts: e.expertsDeployed.length ? e.expertsDeployed.map((x) => ({ name: x.name, role: x.role })) : [{ name: '', role: '' }],
  });
  const v = draft.value;
  const title = (code: string) => {
    const m = menu.find((x) => x.code === code);
    return m ? (lang === 'en' ? m.titleEn : m.titleJa) : code;
  };
  async function save() {
    setDone(false);
    const r = await update({
      engagementId: e.id,
      input: { plannedItems: v.items, expertsDeployed: v.experts.filter((x) => x.name.trim() && x.role.trim()) },
    });
    if (!r.error) {
      draft.discard();
      setDone(true);
      onSaved();
    }
  }
  return (
    <section aria-labelledby="plan-title">
      <h2 id="plan-title">{t('engagement.plan')}</h2>
      {result.error && <ErrorNotice error={result.error} />}
      {done && (
        <p className="notice notice--success" role="status" data-testid="plan-saved">
          {t('engagement.planSaved')}
        </p>
      )}
      <form
        className="form"
        onSubmit={(ev) => {
          ev.preventDefault();
          void save();
        }}
      >
        {v.items.map((it, i) => (
          <Field key={it.menuItemCode} id={`item-${it.menuItemCode}`} label={title(it.menuItemCode)}>
            <select
              className="input"
              value={it.status}
              onChange={(ev) => draft.setValue((p) => ({ ...p, items: p.items.map((x, j) => (j === i ? { ...x, status: ev.target.value } : x)) }))}
            >
              {ITEM_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`engagement.itemStatus.${s}`)}
                </option>
              ))}
            </select>
          </Field>
        ))}
        <h3>{t('engagement.experts')}</h3>
        {v.experts.map((x, i) => (
          <div key={i} className="card">
            <Field id={`expert-${i}-name`} label={t('engagement.expertName', { n: i + 1 })}>
              <input
                className="input"
                value={x.name}
                onChange={(ev) => draft.setValue((p) => ({ ...p, experts: p.experts.map((y, j) => (j === i ? { ...y, name: ev.target.value } : y)) }))}
              />
            </Field>
            <Field id={`expert-${i}-role`} label={t('engagement.expertRole', { n: i + 1 })}>
              <input
                className="input"
                value={x.role}
                onChange={(ev) => draft.setValue((p) => ({ ...p, experts: p.experts.map((y, j) => (j === i ? { ...y, role: ev.target.value } : y)) }))}
              />
            </Field>
          </div>
        ))}
        <div className="button-row">
          <button
            type="button"
            className="button button--secondary"
            onClick={() => draft.setValue((p) => ({ ...p, experts: [...p.experts, { name: '', role: '' }] }))}
          >
            {t('engagement.addExpert')}
          </button>
          <button type="submit" className="button button--primary" disabled={result.fetching}>
            {t('engagement.savePlan')}
          </button>
        </div>
      </form>
    </section>
  );
}

function ReportsSection({ engagement: e, menu, onSaved }: { engagement: Engagement; menu: Menu; onSaved: () => void }) {
  const { t, i18n } = useTranslation('vendor');
  const lang = i18n.language as Lang;
  return (
    <section aria-labelledby="reports-title">
      <h2 id="reports-title">{t('engagement.reports')}</h2>
      <table className="table" data-testid="reports">
        <caption className="visually-hidden">{t('engagement.reports')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('engagement.reportKind')}</th>
            <th scope="col">{t('engagement.due')}</th>
            <th scope="col">{t('engagement.status')}</th>
          </tr>
        </thead>
        <tbody>
          {e.reports.map((r) => (
            <tr key={r.id}>
              <th scope="row">{t(`engagement.kind.${r.kind}`)}</th>
              <td>{formatDate(r.dueOn, lang)}</td>
              <td>
                {t(`engagement.reportStatus.${r.status}`)}
                {r.submittedAt ? `（${formatDateTime(r.submittedAt, lang)}）` : ''}
                {r.prefectureComment ? `：${r.prefectureComment}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {e.status === 'ACTIVE' &&
        e.reports
          .filter((r) => r.status === 'DUE' || r.status === 'RETURNED')
          .map((r) => <ReportForm key={r.id} engagement={e} kind={r.kind} menu={menu} onSaved={onSaved} />)}
    </section>
  );
}

function ReportForm({ engagement: e, kind, menu, onSaved }: { engagement: Engagement; kind: ReportKind; menu: Menu; onSaved: () => void }) {
  const { t, i18n } = useTranslation('vendor');
  const lang = i18n.language as Lang;
  const [result, submit] = useMutation(VendorSubmitReportDocument);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const existing = e.reports.find((r) => r.kind === kind);
  const draft = useAutosaveDraft(`report:${e.id}:${kind}`, {
    body: existing?.body ?? '',
    outcomes: existing?.outcomes ?? '',
    progress: e.plannedItems.map((p) => ({ menuItemCode: p.menuItemCode, status: p.status, note: '' })),
  });
  const v = draft.value;
  const k = kind.toLowerCase();
  const title = (code: string) => {
    const m = menu.find((x) => x.code === code);
    return m ? (lang === 'en' ? m.titleEn : m.titleJa) : code;
  };
  async function send() {
    if (!v.body.trim()) {
      setErrors([{ field: `${k}-body`, message: t('engagement.bodyMissing') }]);
      return;
    }
    setErrors([]);
    const r = await submit({ engagementId: e.id, kind, input: { body: v.body, outcomes: v.outcomes, progress: v.progress } });
    if (!r.error) {
      draft.discard();
      onSaved();
    }
  }
  return (
    <form
      className="form card"
      aria-labelledby={`${k}-title`}
      onSubmit={(ev) => {
        ev.preventDefault();
        void send();
      }}
    >
      <h3 id={`${k}-title`}>{t('engagement.writeReport', { kind: t(`engagement.kind.${kind}`) })}</h3>
      <ErrorSummary errors={errors} />
      {result.error && <ErrorNotice error={result.error} />}
      <Field id={`${k}-body`} label={t('engagement.body')} hint={t('engagement.bodyHint')} error={errors[0]?.message} required>
        <textarea className="input" rows={5} value={v.body} onChange={(ev) => draft.setValue((p) => ({ ...p, body: ev.target.value }))} />
      </Field>
      <Field id={`${k}-outcomes`} label={t('engagement.outcomes')}>
        <textarea className="input" rows={3} value={v.outcomes} onChange={(ev) => draft.setValue((p) => ({ ...p, outcomes: ev.target.value }))} />
      </Field>
      {v.progress.map((p, i) => (
        <Field key={p.menuItemCode} id={`${k}-progress-${p.menuItemCode}`} label={t('engagement.progressOf', { item: title(p.menuItemCode) })}>
          <select
            className="input"
            value={p.status}
            onChange={(ev) => draft.setValue((d) => ({ ...d, progress: d.progress.map((x, j) => (j === i ? { ...x, status: ev.target.value } : x)) }))}
          >
            {ITEM_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`engagement.itemStatus.${s}`)}
              </option>
            ))}
          </select>
        </Field>
      ))}
      <button type="submit" className="button button--primary" disabled={result.fetching}>
        {t('engagement.submitReport', { kind: t(`engagement.kind.${kind}`) })}
      </button>
    </form>
  );
}

/** datetime-local gives 「2027-01-15T14:00」 without an offset: the API reads it as JST (MeetingInput.scheduledAt). */
function MeetingsSection({ engagement: e, onSaved }: { engagement: Engagement; onSaved: () => void }) {
  const { t, i18n } = useTranslation('vendor');
  const lang = i18n.language as Lang;
  const [result, schedule] = useMutation(VendorScheduleMeetingDocument);
  const [form, setForm] = useState({ at: '', agenda: '', mode: 'ONLINE' });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [done, setDone] = useState(false);
  async function send() {
    const found: FieldError[] = [];
    if (!form.at) found.push({ field: 'meeting-at', message: t('engagement.atMissing') });
    if (!form.agenda.trim()) found.push({ field: 'meeting-agenda', message: t('engagement.agendaMissing') });
    setErrors(found);
    setDone(false);
    if (found.length) return;
    const r = await schedule({
      engagementId: e.id,
      input: { scheduledAt: form.at.length === 16 ? `${form.at}:00` : form.at, agenda: form.agenda.trim(), mode: form.mode },
    });
    if (!r.error) {
      setForm({ at: '', agenda: '', mode: 'ONLINE' });
      setDone(true);
      onSaved();
    }
  }
  const meetings = [...e.meetings].sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt));
  return (
    <section aria-labelledby="meetings-title">
      <h2 id="meetings-title">{t('engagement.meetings')}</h2>
      {meetings.length ? (
        <ul data-testid="meetings">
          {meetings.map((m) => (
            <li key={m.id}>
              {formatDateTime(m.scheduledAt, lang)}（{t(`engagement.mode.${m.mode}`)}）：{m.agenda}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('engagement.noMeetings')}</p>
      )}
      {e.status === 'ACTIVE' && (
        <form
          className="form card"
          aria-labelledby="schedule-title"
          noValidate
          onSubmit={(ev) => {
            ev.preventDefault();
            void send();
          }}
        >
          <h3 id="schedule-title">{t('engagement.schedule')}</h3>
          <ErrorSummary errors={errors} />
          {result.error && <ErrorNotice error={result.error} />}
          {done && (
            <p className="notice notice--success" role="status">
              {t('engagement.scheduled')}
            </p>
          )}
          <Field
            id="meeting-at"
            label={t('engagement.at')}
            hint={t('engagement.atHint')}
            error={errors.find((x) => x.field === 'meeting-at')?.message}
            required
          >
            <input className="input" type="datetime-local" value={form.at} onChange={(ev) => setForm({ ...form, at: ev.target.value })} />
          </Field>
          <Field id="meeting-agenda" label={t('engagement.agenda')} error={errors.find((x) => x.field === 'meeting-agenda')?.message} required>
            <input className="input" value={form.agenda} onChange={(ev) => setForm({ ...form, agenda: ev.target.value })} />
          </Field>
          <fieldset className="field">
            <legend className="field__label">{t('engagement.modeLabel')}</legend>
            {['ONLINE', 'ON_SITE'].map((m) => (
              <div key={m} className="choice">
                <input type="radio" id={`mode-${m}`} name="mode" checked={form.mode === m} onChange={() => setForm({ ...form, mode: m })} />{' '}
                <label htmlFor={`mode-${m}`}>{t(`engagement.mode.${m}`)}</label>
              </div>
            ))}
          </fieldset>
          <button type="submit" className="button button--primary" disabled={result.fetching}>
            {t('engagement.scheduleSubmit')}
          </button>
        </form>
      )}
    </section>
  );
}
