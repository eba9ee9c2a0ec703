import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMutation, type CombinedError } from 'urql';
import type { IssueCategory, RegionalIssueInput, StructureMode } from '../../../gql/graphql';
import { useAutosaveDraft } from '../../../shared/drafts/useAutosaveDraft';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { ErrorSummary, type FieldError } from '../../../shared/forms/ErrorSummary';
import { Field } from '../../../shared/forms/Field';
import { ApplicationFrame, isEditable, useLang, type Application, type ApplicationData, type Partner } from '../components/ApplicationFrame';
import { DraftStatus } from '../components/DraftStatus';
import {
  PrefAddIssueDocument,
  PrefAddPrefectureIssueDocument,
  PrefRemoveIssueDocument,
  PrefRemovePrefectureIssueDocument,
  PrefSetDesiredSupportDocument,
  PrefSetStructureModeDocument,
} from '../operations';
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

const MODES: StructureMode[] = ['BUILD', 'EXTEND'];

/** 構築 or 拡充 of the regional DX structure: saved as it is chosen. */
function StructureModeChoice({ app }: { app: Application }) {
  const { t } = useTranslation('prefecture');
  const [result, setMode] = useMutation(PrefSetStructureModeDocument);
  // Shown as chosen at once (a radio that waits for the server looks unclicked); put back if the server refuses.
  const [chosen, setChosen] = useState(app.structureMode);
  const editable = isEditable(app);
  return (
    <fieldset className="field" aria-describedby="structure-mode-hint">
      <legend className="field__label">
        <h2>{t('needs.structureMode')}</h2>
      </legend>
      <p className="field__hint" id="structure-mode-hint">
        {t('needs.structureModeHint')}
      </p>
      {result.error && <ErrorNotice error={result.error} />}
      {MODES.map((m) => (
        <div key={m} className="choice">
          <input
            type="radio"
            name="structure-mode"
            id={`structure-mode-${m}`}
            checked={chosen === m}
            disabled={!editable || result.fetching}
            onChange={() => {
              setChosen(m);
              void setMode({ applicationId: app.id, mode: m }).then((r) => r.error && setChosen(app.structureMode));
            }}
          />{' '}
          <label htmlFor={`structure-mode-${m}`}>{t(`structureModes.${m}`)}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** Issues of the prefecture itself, besides its partners' (they count for the application's regional issue). */
function PrefectureIssues({ app }: { app: Application }) {
  const { t } = useTranslation('prefecture');
  const editable = isEditable(app);
  const [failure, setFailure] = useState<CombinedError>();
  const [removing, removeIssue] = useMutation(PrefRemovePrefectureIssueDocument);
  const [, addIssue] = useMutation(PrefAddPrefectureIssueDocument);
  return (
    <div className="stack">
      <h2>{t('needs.prefectureIssues')}</h2>
      <p>{t('needs.prefectureIssuesLead')}</p>
      {failure && <ErrorNotice error={failure} />}
      {app.prefectureIssues.length === 0 && <p>{t('needs.noIssues')}</p>}
      {app.prefectureIssues.map((i) => (
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
      {editable && <IssueForm storageKey={`pref-own-issue:${app.id}`} idPrefix="pref-issue" add={(issue) => addIssue({ applicationId: app.id, issue })} />}
    </div>
  );
}

/** 構築 / 拡充 and the prefecture's own issues, then the partners, each a link to its own page of issues and desired support. */
export function NeedsListPage() {
  const { t } = useTranslation('prefecture');
  return (
    <ApplicationFrame title={t('needs.choose')} lead={t('needs.chooseLead')}>
      {({ regionApplication: app }) => (
        <div className="stack">
          <StructureModeChoice app={app} />
          <PrefectureIssues app={app} />
          <h2>{t('needs.partners')}</h2>
          {app.partners.length === 0 ? (
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
          )}
        </div>
      )}
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
  const [, addIssue] = useMutation(PrefAddIssueDocument);
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
      {editable && <IssueForm storageKey={`pref-issue:${partner.id}`} idPrefix="issue" add={(issue) => addIssue({ partnerId: partner.id, issue })} />}
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

/** A new issue (a partner's or the prefecture's own): kept on this device as it is typed (the API has no draft of an issue), sent with the button. */
function IssueForm({
  storageKey,
  idPrefix,
  add,
}: {
  storageKey: string;
  idPrefix: string;
  add: (issue: RegionalIssueInput) => Promise<{ error?: CombinedError }>;
}) {
  const { t } = useTranslation('prefecture');
  const empty: IssueDraft = { category: 'ADMINISTRATION', title: '', description: '' };
  const draft = useAutosaveDraft<IssueDraft>(storageKey, empty);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [result, setResult] = useState<{ fetching: boolean; error?: CombinedError }>({ fetching: false });
  const v = draft.value;
  const id = (f: string) => `${idPrefix}-${f}`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: FieldError[] = [];
    if (!v.title.trim()) found.push({ field: id('title'), message: t('needs.titleMissing') });
    if (!v.description.trim()) found.push({ field: id('description'), message: t('needs.descriptionMissing') });
    setErrors(found);
    if (found.length) return;
    setResult({ fetching: true });
    const r = await add({ category: v.category, title: v.title.trim(), description: v.description.trim() });
    setResult({ fetching: false, error: r.error });
    if (!r.error) draft.discard();
  }
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  return (
    <form className="form card" noValidate onSubmit={(e) => void submit(e)} aria-labelledby={id('add-title')}>
      <h2 id={id('add-title')}>{t('needs.addIssue')}</h2>
      <ErrorSummary errors={errors} />
      {result.error && <ErrorNotice error={result.error} />}
      <Field id={id('category')} label={t('needs.category')}>
        <select className="input" value={v.category} onChange={(e) => draft.setValue({ ...v, category: e.target.value as IssueCategory })}>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`categories.${c}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field id={id('title')} label={t('needs.issueTitle')} error={err(id('title'))} required>
        <input className="input" maxLength={200} value={v.title} onChange={(e) => draft.setValue({ ...v, title: e.target.value })} />
      </Field>
      <Field id={id('description')} label={t('needs.issueDescription')} hint={t('needs.issueDescriptionHint')} error={err(id('description'))} required>
        <textarea className="input" rows={4} value={v.description} onChange={(e) => draft.setValue({ ...v, description: e.target.value })} />
      </Field>
      <button type="submit" className="button button--secondary" disabled={result.fetching}>
        {t('needs.addIssueButton')}
      </button>
    </form>
  );
}

interface Chosen {
  note: string;
  detailCodes: string[];
}

/** The desired support: every tick and note is saved on the server as it is made (setDesiredSupport). */
function DesiredSupport({ data, partner, editable }: { data: ApplicationData; partner: Partner; editable: boolean }) {
  const { t } = useTranslation('prefecture');
  const lang = useLang();
  const [, setSupport] = useMutation(PrefSetDesiredSupportDocument);
  const initial: Record<string, Chosen> = Object.fromEntries(partner.desiredSupport.map((d) => [d.menuItemCode, { note: d.note, detailCodes: d.detailCodes }]));
  // The key names the shape: drafts kept by an earlier version (a note per item) are not read back.
  const draft = useAutosaveDraft<Record<string, Chosen>>(`pref-support-v2:${partner.id}`, initial, {
    save: async (items) => {
      const r = await setSupport({
        partnerId: partner.id,
        items: Object.entries(items).map(([menuItemCode, c]) => ({ menuItemCode, note: c.note, detailCodes: c.detailCodes })),
      });
      if (r.error) throw r.error;
    },
  });
  const required = data.supportMenu.find((m) => m.required);
  const title = (m: { titleJa: string; titleEn: string }) => (lang === 'ja' ? m.titleJa : m.titleEn);
  const name = (d: { nameJa: string; nameEn: string }) => (lang === 'ja' ? d.nameJa : d.nameEn);
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
                if (e.target.checked) next[m.code] = { note: '', detailCodes: [] };
                else delete next[m.code];
                draft.setValue(next);
              }}
            />{' '}
            <label htmlFor={`support-${m.code}`}>{title(m)}</label>
            {on && m.details.length > 0 && (
              <fieldset className="field" style={{ marginLeft: '2rem' }}>
                <legend className="field__label">{t('needs.details', { item: title(m) })}</legend>
                {m.details.map((d) => {
                  const codes = chosen[m.code]?.detailCodes ?? [];
                  return (
                    <div key={d.code} className="choice">
                      <input
                        type="checkbox"
                        id={`support-detail-${d.code}`}
                        checked={codes.includes(d.code)}
                        disabled={!editable}
                        onChange={(e) =>
                          draft.setValue({
                            ...chosen,
                            [m.code]: {
                              note: chosen[m.code]?.note ?? '',
                              detailCodes: e.target.checked ? [...codes, d.code] : codes.filter((c) => c !== d.code),
                            },
                          })
                        }
                      />{' '}
                      <label htmlFor={`support-detail-${d.code}`}>◇ {name(d)}</label>
                    </div>
                  );
                })}
              </fieldset>
            )}
            {on && m.code in chosen && editable && (
              <Field id={`support-note-${m.code}`} label={t('needs.note', { item: title(m) })}>
                <input
                  className="input"
                  value={chosen[m.code].note}
                  onChange={(e) => draft.setValue({ ...chosen, [m.code]: { ...chosen[m.code], note: e.target.value } })}
                />
              </Field>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
