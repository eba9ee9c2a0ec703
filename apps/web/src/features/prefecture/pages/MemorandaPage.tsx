import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CombinedError, useMutation } from 'urql';
import { uploadDocument } from '../../../shared/api/upload';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { Field } from '../../../shared/forms/Field';
import { formatDateTime } from '../../../shared/format/jst';
import { ApplicationFrame, isEditable, useLang, type Application, type Partner } from '../components/ApplicationFrame';
import { PrefAttachMemorandumDocument } from '../operations';
import '../prefecture.css';

const kb = (n: number) => `${Math.max(1, Math.round(n / 1024)).toLocaleString()} KB`;

export function MemorandaPage() {
  const { t } = useTranslation('prefecture');
  return (
    <ApplicationFrame title={t('memoranda.title')} lead={t('memoranda.lead')}>
      {({ regionApplication: app }) => (
        <div className="stack">
          {app.partners.length === 0 && (
            <p>
              <Link to={`/prefecture/applications/${app.id}/partners`}>{t('memoranda.none')}</Link>
            </p>
          )}
          {app.partners.map((p) => (
            <MemorandumField key={p.id} app={app} partner={p} />
          ))}
          <p>
            <Link className="button button--primary" to={`/prefecture/applications/${app.id}/requirements`}>
              {t('app.taskRequirements')}
            </Link>
          </p>
        </div>
      )}
    </ApplicationFrame>
  );
}

/** One partner's memorandum: the file goes to POST /documents, then attachMemorandum links it to the partner. */
function MemorandumField({ app, partner }: { app: Application; partner: Partner }) {
  const { t } = useTranslation('prefecture');
  const lang = useLang();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<CombinedError>();
  const [done, setDone] = useState(false);
  const [, attach] = useMutation(PrefAttachMemorandumDocument);
  const m = partner.memorandum;

  async function upload(file: File | undefined) {
    if (!file) return;
    setBusy(true);
    setFailure(undefined);
    setDone(false);
    try {
      const doc = await uploadDocument(file, 'MEMORANDUM');
      const r = await attach({ partnerId: partner.id, documentId: doc.id });
      if (r.error) setFailure(r.error);
      else setDone(true);
    } catch (e) {
      setFailure(e instanceof CombinedError ? e : new CombinedError({ networkError: e instanceof Error ? e : new Error(String(e)) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby={`memo-${partner.id}-title`} data-testid={`memorandum-${partner.municipalityCode}`}>
      <h2 id={`memo-${partner.id}-title`}>{partner.municipality.name}</h2>
      <p>
        {m ? (
          t('memoranda.uploaded', { file: m.fileName, size: kb(m.sizeBytes), at: formatDateTime(m.uploadedAt, lang) })
        ) : (
          <span className="tag">{t('memoranda.missing')}</span>
        )}
      </p>
      {failure && <ErrorNotice error={failure} />}
      <div role="status" aria-live="polite">
        {busy && <p>{t('memoranda.uploading')}</p>}
        {done && !busy && <p className="notice notice--success">{t('memoranda.done', { name: partner.municipality.name })}</p>}
      </div>
      {isEditable(app) && (
        <Field
          id={`memo-file-${partner.municipalityCode}`}
          label={t('memoranda.file', { name: partner.municipality.name })}
          hint={m ? t('memoranda.replace') : t('memoranda.fileHint')}
        >
          <input type="file" className="input" accept=".pdf,.png,.jpg,.jpeg,.docx" disabled={busy} onChange={(e) => void upload(e.target.files?.[0])} />
        </Field>
      )}
    </section>
  );
}
