import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, type CombinedError } from 'urql';
import { useAutosaveDraft } from '../../../shared/drafts/useAutosaveDraft';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { Field } from '../../../shared/forms/Field';
import { ApplicationFrame, isEditable, useLang, type ApplicationData } from '../components/ApplicationFrame';
import { DraftStatus } from '../components/DraftStatus';
import { PrefDeclareRequirementsDocument } from '../operations';
import '../prefecture.css';

type Declarations = Record<number, { declared: boolean | null; evidence: string }>;

export function RequirementsPage() {
  const { t } = useTranslation('prefecture');
  return (
    <ApplicationFrame title={t('requirements.title')} lead={t('requirements.lead')}>
      {(data) => <RequirementsForm data={data} />}
    </ApplicationFrame>
  );
}

/** The nine declarations: every choice and every character of evidence is saved on the server as it is typed. */
function RequirementsForm({ data }: { data: ApplicationData }) {
  const { t } = useTranslation('prefecture');
  const lang = useLang();
  const app = data.regionApplication;
  const editable = isEditable(app);
  const [, declare] = useMutation(PrefDeclareRequirementsDocument);
  const initial: Declarations = Object.fromEntries(app.requirements.map((r) => [r.number, { declared: r.declared ?? null, evidence: r.evidence }]));
  const draft = useAutosaveDraft<Declarations>(`pref-requirements:${app.id}`, initial, {
    save: async (value) => {
      // Only what has been chosen is declared; an evidence note without a choice waits on this device.
      const declarations = Object.entries(value)
        .filter(([, d]) => d.declared !== null)
        .map(([n, d]) => ({ number: Number(n), declared: d.declared === true, evidence: d.evidence }));
      if (!declarations.length) return;
      const r = await declare({ applicationId: app.id, declarations });
      if (r.error) throw r.error;
    },
  });
  const v = draft.value;
  const set = (n: number, patch: Partial<Declarations[number]>) => draft.setValue({ ...v, [n]: { ...(v[n] ?? { declared: null, evidence: '' }), ...patch } });
  return (
    <div className="stack">
      <DraftStatus status={draft.status} restored={draft.restored} />
      {draft.status === 'error' && draft.error !== undefined && <ErrorNotice error={draft.error as CombinedError} onRetry={() => void draft.saveNow()} />}
      {data.eligibilityRequirements.map((req) => {
        const d = v[req.number] ?? { declared: null, evidence: '' };
        const status = app.requirements.find((r) => r.number === req.number);
        return (
          <fieldset key={req.number} className="field card" data-testid={`requirement-${req.number}`}>
            <legend className="field__label">
              {t('requirements.requirement', { n: req.number })}：{lang === 'ja' ? req.titleJa : req.titleEn}
            </legend>
            <div className="choice">
              <input
                type="radio"
                id={`req-${req.number}-yes`}
                name={`req-${req.number}`}
                checked={d.declared === true}
                disabled={!editable}
                onChange={() => set(req.number, { declared: true })}
              />{' '}
              <label htmlFor={`req-${req.number}-yes`}>{t('requirements.declared')}</label>
            </div>
            <div className="choice">
              <input
                type="radio"
                id={`req-${req.number}-no`}
                name={`req-${req.number}`}
                checked={d.declared === false}
                disabled={!editable}
                onChange={() => set(req.number, { declared: false })}
              />{' '}
              <label htmlFor={`req-${req.number}-no`}>{t('requirements.notDeclared')}</label>
            </div>
            <Field id={`req-${req.number}-evidence`} label={t('requirements.evidence')} hint={t('requirements.evidenceHint')}>
              <textarea className="input" rows={2} value={d.evidence} disabled={!editable} onChange={(e) => set(req.number, { evidence: e.target.value })} />
            </Field>
            {status?.met !== null && status?.met !== undefined && (
              <p>
                {t('requirements.check')}：{status.met ? t('requirements.met') : t('requirements.notMet')} {status.checkNote ?? ''}
              </p>
            )}
          </fieldset>
        );
      })}
      <p>
        <Link className="button button--primary" to={`/prefecture/applications/${app.id}/contacts`} onClick={() => void draft.saveNow()}>
          {t('app.taskContacts')}
        </Link>
      </p>
    </div>
  );
}
