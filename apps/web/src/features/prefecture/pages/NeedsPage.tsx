import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMutation, type CombinedError } from 'urql';
import type { IssueCategory } from '../../../gql/graphql';
import { useAutosaveDraft } from '../../../shared/drafts/useAutosaveDraft';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { ErrorSummary, type FieldError } from '../../../shared/forms/ErrorSummary';
import { Field } from '../../../shared/forms/Field';
import { ApplicationFrame, isEditable, useLang, type Application, type ApplicationData, type Partner } from '../components/ApplicationFrame';
import { DraftStatus } from '../components/DraftStatus';
import { PrefAddIssueDocument, PrefRemoveIssueDocument, PrefSetDesiredSupportDocument } from '../operations';
import '../prefecture.css';

const CATEGORIES: IssueCategory[] = [
  'ADMINISTRATION',
  'DIGITAL_TALENT',
  'DISASTER_PREVENTION',
  'EDUCATION',
  'HEALTHCARE',
  'INDUSTRY',
  'AGRICULTURE',
  'TOURISM',
  'MOBILITY',
  'LOGISTICS',
  'OTHER',
];

/** The partners, each a link to its own page of issues and desired support. */
export function NeedsListPage() {
  const { t } = useTranslation('prefecture');
  return (
    <ApplicationFrame title={t('needs.choose')} lead={t('needs.chooseLead')}>
      {({ regionApplication: app }) =>
        app.partners.length === 0 ? (
          <p>
            <Link to={`/prefecture/applications/${app.id}/partners`}>{t('memoranda.none')}</Link>
          </p>
        ) : (
          <>
            <ul className="task-list">
              {app.partners.map((p) => (
                <li key={p.id}>
                  <Link to={`/prefecture/applications/${app.id}/needs/${p.id}`}>{p.municipality.name}</Link>
                  <span className="tag">{t('needs.partnerDone', { issues: p.issues.length, support: p.desiredSupport.length })}</span>
                </li>
              ))}
            </ul>
            <p>
              <Link className="button button--primary" to={`/prefecture/applications/${app.id}/memoranda`}>
                {t('app.taskMemoranda')}
              </Link>
            </p>
          </>
        )
      }
    </ApplicationFrame>
  );
}

export function PartnerNeedsPage() {
  const { t } = useTranslation('prefecture');
  const { partnerId = '' } = useParams();
  return (
    <ApplicationFrame title={(app) => t('needs.title', { name: app.partners.find((p) => p.id === partnerId)?.municipality.name ?? '' })}>
      {(data) => {
        const partner = data.regionApplication.partners.find((p) => p.id === partnerId);
        return partner ? <PartnerNeeds data={data} app={data.regionApplication} partner={partner} /> : null;
      }}
    </ApplicationFrame>
  );
}

function PartnerNeeds({ data, app, partner }: { data: ApplicationData; app: Application; partner: Partner }) {
  const { t } = useTranslation('prefecture');
  const editable = isEditable(app);
  const [failure, setFailure] = useState<CombinedError>();
  const [removing, removeIssue] = useMutation(PrefRemoveIssueDocument);
  return (
    <div className="stack">
      {failure && <ErrorNotice error={failure} />}
      <h2>{t('needs.issues')}</h2>
      {partner.issues.length === 0 && <p>{t('needs.noIssues')}</p>}
      {partner.issues.map((i) => (
        <section className="card" key={i.id} aria-label={i.title}>
          <p>
            <span className="tag">{t(`categories.${i.category}`)}</span> <strong>{i.title}</strong>
          </p>
          <p>{i.description}</p>
          {editable && (
            <button
              type="button"
              className="button button--text"
              disabled={removing.fetching}
              onClick={() => void removeIssue({ issueId: i.id }).then((r) => setFailure(r.error))}
            >
              {t('needs.removeIssue', { title: i.title })}
            </button>
          )}
        </section>
      ))}
      {editable && <IssueForm partnerId={partner.id} />}
      <DesiredSupport data={data} partner={partner} editable={editable} />
      <p>
        <Link to={`/prefecture/applications/${app.id}/needs`}>{t('needs.backToList')}</Link>
      </p>
    </div>
  );
}

interface IssueDraft {
  category: IssueCategory;
  title: string;
  description: string;
}

/** A new issue: kept on this device as it is typed (the API has no draft of an issue), sent with the button. */
function IssueForm({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation('prefecture');
  const empty: IssueDraft = { category: 'ADMINISTRATION', title: '', description: '' };
  const draft = useAutosaveDraft<IssueDraft>(`pref-issue:${partnerId}`, empty);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [result, add] = useMutation(PrefAddIssueDocument);
  const v = draft.value;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldError[] = [];
    if (!v.title.trim()) found.push({ field: 'issue-title', message: t('needs.titleMissing') });
    if (!v.description.trim()) found.push({ field: 'issue-description', message: t('needs.descriptionMissing') });
    setErrors(found);
    if (found.length) return;
    const r = await add({ partnerId, issue: { category: v.category, title: v.title.trim(), description: v.description.trim() } });
    if (!r.error) draft.discard();
  }
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  return (
    <form className="form card" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="add-issue-title">
      <h2 id="add-issue-title">{t('needs.addIssue')}</h2>
      <ErrorSummary errors={errors} />
      {result.error && <ErrorNotice error={result.error} />}
      <Field id="issue-category" label={t('needs.category')}>
        <select className="input" value={v.category} onChange={(e) => draft.setValue({ ...v, category: e.target.value as IssueCategory })}>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`categories.${c}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field id="issue-title" label={t('needs.issueTitle')} error={err('issue-title')} required>
        <input className="input" maxLength={200} value={v.title} onChange={(e) => draft.setValue({ ...v, title: e.target.value })} />
      </Field>
      <Field id="issue-description" label={t('needs.issueDescription')} hint={t('needs.issueDescriptionHint')} error={err('issue-description')} required>
        <textarea className="input" rows={4} value={v.description} onChange={(e) => draft.setValue({ ...v, description: e.target.value })} />
      </Field>
      <button type="submit" className="button button--secondary" disabled={result.fetching}>
        {t('needs.addIssueButton')}
      </button>
    </form>
  );
}

/** The desired support: every tick and note is saved on the server as it is made (setDesiredSupport). */
function DesiredSupport({ data, partner, editable }: { data: ApplicationData; partner: Partner; editable: boolean }) {
  const { t } = useTranslation('prefecture');
  const lang = useLang();
  const [, setSupport] = useMutation(PrefSetDesiredSupportDocument);
  const initial: Record<string, string> = Object.fromEntries(partner.desiredSupport.map((d) => [d.menuItemCode, d.note]));
  const draft = useAutosaveDraft<Record<string, string>>(`pref-support:${partner.id}`, initial, {
    save: async (items) => {
      const r = await setSupport({ partnerId: partner.id, items: Object.entries(items).map(([menuItemCode, note]) => ({ menuItemCode, note })) });
      if (r.error) throw r.error;
    },
  });
  const required = data.supportMenu.find((m) => m.required);
  const title = (m: { titleJa: string; titleEn: string }) => (lang === 'ja' ? m.titleJa : m.titleEn);
  const chosen = draft.value;
  return (
    <fieldset className="field" aria-describedby="support-hint">
      <legend className="field__label">
        <h2>{t('needs.support')}</h2>
      </legend>
      {required && (
        <p className="field__hint" id="support-hint">
          {t('needs.supportHint', { required: title(required) })}
        </p>
      )}
      <DraftStatus status={draft.status} restored={draft.restored} />
      {draft.error instanceof Error && 'graphQLErrors' in draft.error && (
        <ErrorNotice error={draft.error as CombinedError} onRetry={() => void draft.saveNow()} />
      )}
      {data.supportMenu.map((m) => {
        const on = m.required || m.code in chosen;
        return (
          <div key={m.code} className="choice" style={m.parentCode ? { marginLeft: '2rem' } : undefined}>
            <input
              type="checkbox"
              id={`support-${m.code}`}
              checked={on}
              disabled={!editable || m.required}
              onChange={(e) => {
                const next = { ...chosen };
                if (e.target.checked) next[m.code] = '';
                else delete next[m.code];
                draft.setValue(next);
              }}
            />{' '}
            <label htmlFor={`support-${m.code}`}>{title(m)}</label>
            {on && m.code in chosen && editable && (
              <Field id={`support-note-${m.code}`} label={t('needs.note', { item: title(m) })}>
                <input className="input" value={chosen[m.code]} onChange={(e) => draft.setValue({ ...chosen, [m.code]: e.target.value })} />
              </Field>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
