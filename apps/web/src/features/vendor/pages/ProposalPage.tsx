import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { CombinedError, useMutation, useQuery } from 'urql';
import type { VendorApplicationQuery, VendorCallQuery, VendorSupportMenuQuery } from '../../../gql/graphql';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { useAutosaveDraft } from '../../../shared/drafts/useAutosaveDraft';
import { describeError } from '../../../shared/errors/error-map';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { ErrorSummary, type FieldError } from '../../../shared/forms/ErrorSummary';
import { Field } from '../../../shared/forms/Field';
import { IntegerInput } from '../../../shared/forms/inputs';
import type { Lang } from '../../../shared/format/jst';
import { formatYen } from '../../../shared/format/yen';
import { Page } from '../../../shared/layout/Page';
import { Countdown } from '../../../shared/time/Countdown';
import { VendorApplicationDocument, VendorCallDocument, VendorSaveProposalDocument, VendorSupportMenuDocument } from '../api';
import { uploadDocument } from '../../../shared/api/upload';
import { SaveState } from '../components/SaveState';

type Application = VendorApplicationQuery['vendorApplication'];
type Region = VendorCallQuery['call']['candidateRegions'][number];
type MenuItem = VendorSupportMenuQuery['supportMenu'][number];

interface Member {
  name: string;
  role: string;
  qualifications: string;
}
export interface ProposalDraft {
  menuItemCodes: string[];
  budgetYen: number | null;
  team: Member[];
  documents: Array<{ id: string; name: string }>;
  approach: string;
  schedule: string;
}

export function ProposalPage() {
  return (
    <RequireRole roles={['VENDOR']}>
      <ProposalLoader />
    </RequireRole>
  );
}

function ProposalLoader() {
  const { t } = useTranslation('common');
  const { id = '', regionId = '' } = useParams();
  const [app] = useQuery({ query: VendorApplicationDocument, variables: { id }, requestPolicy: 'network-only' });
  const callId = app.data?.vendorApplication.callId ?? '';
  const [call] = useQuery({ query: VendorCallDocument, variables: { callId }, pause: !callId });
  const [menu] = useQuery({ query: VendorSupportMenuDocument });
  const error = app.error ?? call.error ?? menu.error;
  const region = call.data?.call.candidateRegions.find((r) => r.id === regionId);
  if (error)
    return (
      <Page title={t('error.title')}>
        <ErrorNotice error={error} />
      </Page>
    );
  if (!app.data || !call.data || !menu.data || !region)
    return (
      <Page title={t('loading')}>
        <p role="status" className="loading">
          {t('loading')}
        </p>
      </Page>
    );
  const cap = Math.min(...[region.budgetCapYen, call.data.call.program.regionBudgetCapYen].filter((c): c is number => typeof c === 'number'));
  return (
    <ProposalForm
      application={app.data.vendorApplication}
      region={region}
      menu={menu.data.supportMenu}
      cap={Number.isFinite(cap) ? cap : null}
      closesAt={call.data.call.closesAt}
    />
  );
}

function initialOf(a: Application, regionId: string, menu: MenuItem[]): ProposalDraft {
  const p = a.proposals.find((x) => x.candidateRegionId === regionId);
  const required = menu.filter((m) => m.required).map((m) => m.code);
  if (!p) return { menuItemCodes: required, budgetYen: null, team: [{ name: '', role: '', qualifications: '' }], documents: [], approach: '', schedule: '' };
  return {
    menuItemCodes: [...new Set([...required, ...p.menuItemCodes])],
    budgetYen: p.budgetYen,
    team: p.team.map((m) => ({ name: m.name, role: m.role, qualifications: m.qualifications })),
    documents: p.documentIds.map((d) => ({ id: d, name: '' })),
    approach: p.approach,
    schedule: p.schedule,
  };
}

function ProposalForm({
  application,
  region,
  menu,
  cap,
  closesAt,
}: {
  application: Application;
  region: Region;
  menu: MenuItem[];
  cap: number | null;
  closesAt: string;
}) {
  const { t, i18n } = useTranslation('vendor');
  const lang = i18n.language as Lang;
  const navigate = useNavigate();
  const [saved, save] = useMutation(VendorSaveProposalDocument);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [uploads, setUploads] = useState<Array<{ key: string; name: string; fraction: number }>>([]);
  const [uploadError, setUploadError] = useState<string>();
  const fileInput = useRef<HTMLInputElement>(null);
  const lastSaveOk = useRef(false);
  const name = region.prefecture.name;
  const capText = cap === null ? '—' : formatYen(cap, lang);
  const budgetProblem = (b: number | null) => (b === null || b <= 0 ? 'missing' : cap !== null && b > cap ? 'over' : undefined);

  const draft = useAutosaveDraft<ProposalDraft>(`proposal:${application.id}:${region.id}`, initialOf(application, region.id, menu), {
    save: async (v) => {
      // An amount over the cap or missing would be refused: it stays on this device until it is put right.
      lastSaveOk.current = false;
      if (budgetProblem(v.budgetYen)) throw new Error('budget');
      const r = await save({
        applicationId: application.id,
        candidateRegionId: region.id,
        proposal: {
          menuItemCodes: v.menuItemCodes,
          budgetYen: v.budgetYen!,
          team: v.team
            .filter((m) => m.name.trim() && m.role.trim())
            .map((m) => ({ name: m.name.trim(), role: m.role.trim(), qualifications: m.qualifications.trim() })),
          documentIds: v.documents.map((d) => d.id),
          approach: v.approach,
          schedule: v.schedule,
        },
      });
      if (r.error) throw r.error;
      lastSaveOk.current = true;
    },
  });
  const v = draft.value;
  const set = (patch: Partial<ProposalDraft>) => draft.setValue((prev) => ({ ...prev, ...patch }));
  const setMember = (i: number, patch: Partial<Member>) =>
    draft.setValue((prev) => ({ ...prev, team: prev.team.map((m, j) => (j === i ? { ...m, ...patch } : m)) }));
  const problem = budgetProblem(v.budgetYen);
  const budgetError = problem === 'over' ? t('proposal.budgetOver', { cap: capText }) : errors.find((e) => e.field === 'budget')?.message;
  const err = (f: string) => errors.find((e) => e.field === f)?.message;

  async function upload(files: FileList | null) {
    setUploadError(undefined);
    for (const file of Array.from(files ?? [])) {
      const key = `${file.name}-${Date.now()}`;
      setUploads((u) => [...u, { key, name: file.name, fraction: 0 }]);
      try {
        const doc = await uploadDocument(file, 'PROPOSAL', (fraction) => setUploads((u) => u.map((x) => (x.key === key ? { ...x, fraction } : x))));
        draft.setValue((prev) => ({ ...prev, documents: [...prev.documents, { id: doc.id, name: doc.fileName }] }));
      } catch (e) {
        const d = e instanceof CombinedError ? describeError(e, lang) : undefined;
        setUploadError(`${file.name}：${d ? [d.message, d.nextText].filter(Boolean).join(' ') : String(e)}`);
      } finally {
        setUploads((u) => u.filter((x) => x.key !== key));
      }
    }
    if (fileInput.current) fileInput.current.value = '';
  }

  async function done() {
    const found: FieldError[] = [];
    if (problem === 'missing') found.push({ field: 'budget', message: t('proposal.budgetMissing') });
    if (problem === 'over') found.push({ field: 'budget', message: t('proposal.budgetOver', { cap: capText }) });
    if (!v.approach.trim()) found.push({ field: 'approach', message: t('proposal.approachMissing') });
    if (!v.team.some((m) => m.name.trim() && m.role.trim())) found.push({ field: 'member-0-name', message: t('proposal.teamHint') });
    setErrors(found);
    if (found.length) return;
    await draft.saveNow();
    if (lastSaveOk.current) navigate(`/vendor/calls/${application.callId}`);
  }

  const serverError = saved.error && describeError(saved.error, lang);
  const note = problem && draft.status !== 'saved' && draft.status !== 'idle' ? t('proposal.notSavedInvalid') : undefined;

  return (
    <Page title={t('proposal.title', { name })}>
      <p>
        <Link to={`/vendor/calls/${application.callId}`}>{t('proposal.back')}</Link>
      </p>
      <Countdown deadline={closesAt} />
      {draft.restored && <p className="notice notice--info">{t('proposal.restored')}</p>}
      <ErrorSummary errors={errors} />
      {saved.error && serverError?.code !== 'BUDGET_OVER_CAP' && <ErrorNotice error={saved.error} onRetry={() => void draft.saveNow()} />}
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void done();
        }}
      >
        <fieldset className="field">
          <legend className="field__label">{t('proposal.menu')}</legend>
          <p className="field__hint">{t('proposal.menuHint')}</p>
          {menu.map((m) => (
            <div key={m.code} className="choice">
              <input
                type="checkbox"
                id={`menu-${m.code}`}
                checked={m.required || v.menuItemCodes.includes(m.code)}
                disabled={m.required}
                onChange={(e) => set({ menuItemCodes: e.target.checked ? [...v.menuItemCodes, m.code] : v.menuItemCodes.filter((c) => c !== m.code) })}
              />{' '}
              <label htmlFor={`menu-${m.code}`}>
                {lang === 'en' ? m.titleEn : m.titleJa}
                {m.required && <span className="field__required">{t('proposal.requiredTag')}</span>}
              </label>
            </div>
          ))}
        </fieldset>
        <Field id="budget" label={t('proposal.budget')} hint={t('proposal.budgetHint', { cap: capText })} error={budgetError} required>
          <IntegerInput value={v.budgetYen} yen onValueChange={(n) => set({ budgetYen: n })} />
        </Field>
        <fieldset className="field">
          <legend className="field__label">{t('proposal.team')}</legend>
          <p className="field__hint">{t('proposal.teamHint')}</p>
          {v.team.map((m, i) => (
            <div key={i} className="card">
              <Field id={`member-${i}-name`} label={t('proposal.memberName', { n: i + 1 })} error={i === 0 ? err('member-0-name') : undefined} required>
                <input className="input" value={m.name} onChange={(e) => setMember(i, { name: e.target.value })} />
              </Field>
              <Field id={`member-${i}-role`} label={t('proposal.memberRole', { n: i + 1 })} required>
                <input className="input" value={m.role} onChange={(e) => setMember(i, { role: e.target.value })} />
              </Field>
              <Field id={`member-${i}-qual`} label={t('proposal.memberQual', { n: i + 1 })}>
                <input className="input" value={m.qualifications} onChange={(e) => setMember(i, { qualifications: e.target.value })} />
              </Field>
              {v.team.length > 1 && (
                <button type="button" className="button button--text" onClick={() => set({ team: v.team.filter((_, j) => j !== i) })}>
                  {t('proposal.removeMember', { n: i + 1 })}
                </button>
              )}
            </div>
          ))}
          <button type="button" className="button button--secondary" onClick={() => set({ team: [...v.team, { name: '', role: '', qualifications: '' }] })}>
            {t('proposal.addMember')}
          </button>
        </fieldset>
        <Field id="documents" label={t('proposal.documents')} hint={t('proposal.documentsHint')} error={uploadError}>
          <input
            ref={fileInput}
            type="file"
            className="input"
            multiple
            accept=".pdf,.docx,.xlsx,.pptx,.png,.jpg,.jpeg"
            onChange={(e) => void upload(e.target.files)}
          />
        </Field>
        {uploads.map((u) => (
          <p key={u.key} data-testid="upload-progress">
            <label htmlFor={`progress-${u.key}`}>{t('proposal.uploading', { name: u.name })}</label>{' '}
            <progress id={`progress-${u.key}`} max={1} value={u.fraction} /> {Math.round(u.fraction * 100)}%
          </p>
        ))}
        {v.documents.length > 0 && (
          <div className="field">
            <p className="field__label">{t('proposal.uploaded')}</p>
            <ul data-testid="documents">
              {v.documents.map((d) => {
                const label = d.name || t('proposal.attachedFile', { id: d.id.slice(0, 8) });
                return (
                  <li key={d.id}>
                    <a href={`/documents/${d.id}`}>{label}</a>{' '}
                    <button type="button" className="button button--text" onClick={() => set({ documents: v.documents.filter((x) => x.id !== d.id) })}>
                      {t('proposal.removeDocument', { name: label })}
                    </button>
                  </li>
                );
              })}
            </ul>
          </div>
        )}
        <Field id="approach" label={t('proposal.approach')} hint={t('proposal.approachHint')} error={err('approach')} required>
          <textarea className="input" rows={6} value={v.approach} onChange={(e) => set({ approach: e.target.value })} />
        </Field>
        <Field id="schedule" label={t('proposal.schedule')} hint={t('proposal.scheduleHint')}>
          <textarea className="input" rows={3} value={v.schedule} onChange={(e) => set({ schedule: e.target.value })} />
        </Field>
        <SaveState status={draft.status} note={note} />
        <button type="submit" className="button button--primary">
          {t('proposal.done')}
        </button>
      </form>
    </Page>
  );
}
