import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useClient, useMutation, useQuery, type CombinedError } from 'urql';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { errorCode } from '../../../shared/errors/error-map';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { ErrorSummary, type FieldError } from '../../../shared/forms/ErrorSummary';
import { Field } from '../../../shared/forms/Field';
import { Page } from '../../../shared/layout/Page';
import { NoticesPreviewDocument, NoticesResetTemplateDocument, NoticesTemplatesDocument, NoticesUpdateTemplateDocument } from '../api';
import { braced } from '../roles';
import '../components/notices.css';

export function TemplateEditPage() {
  return (
    <RequireRole roles={['SECRETARIAT']}>
      <TemplateEdit />
    </RequireRole>
  );
}

/** The {{names}} written in a text (as the API reads them: letters, digits and underscores). */
function placeholdersIn(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g)].map((m) => m[1]);
}

function TemplateEdit() {
  const { kind = '' } = useParams();
  const { t } = useTranslation('notices');
  const [{ data, error }, reload] = useQuery({ query: NoticesTemplatesDocument, requestPolicy: 'cache-and-network' });
  const template = data?.noticeTemplates.find((x) => x.kind === kind);
  if (error) return <ErrorNotice error={error} onRetry={() => reload({ requestPolicy: 'network-only' })} />;
  if (!data)
    return (
      <p role="status" className="loading">
        {t('common:loading')}
      </p>
    );
  if (!template)
    return (
      <Page title={t('templates.title')}>
        <p>
          <Link to="/secretariat/notice-templates">{t('edit.back')}</Link>
        </p>
        <p className="notice notice--warning">{t('common:notFound.body')}</p>
      </Page>
    );
  return <Editor key={template.kind} template={template} />;
}

interface Template {
  kind: string;
  name: string;
  subject: string;
  body: string;
  placeholders: string[];
  edited: boolean;
}

/**
 * Subject and body, the kind's placeholders as buttons that insert them at the body's cursor, 「プレビュー」 (the letter
 * with sample values beside the form), 「保存する」 and 「既定に戻す」 (after a confirmation). An unknown placeholder
 * (UNKNOWN_TEMPLATE_PLACEHOLDER) is shown beside the field that has it, with the ones allowed; a link placeholder the
 * body must keep (REQUIRED_TEMPLATE_PLACEHOLDER_MISSING) beside the body.
 */
function Editor({ template }: { template: Template }) {
  const { t } = useTranslation('notices');
  const client = useClient();
  const [subject, setSubject] = useState(template.subject);
  const [body, setBody] = useState(template.body);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [serverError, setServerError] = useState<CombinedError | null>(null);
  const [done, setDone] = useState<'saved' | 'reset' | null>(null);
  const [preview, setPreview] = useState<{ subject: string; body: string; of: string } | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [saving, save] = useMutation(NoticesUpdateTemplateDocument);
  const [resetting, reset] = useMutation(NoticesResetTemplateDocument);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const caret = useRef<number | null>(null);
  const pendingCaret = useRef<number | null>(null);
  const known = template.placeholders.map(braced);
  const knownText = known.join('、') || t('edit.noPlaceholders');
  const [edited, setEdited] = useState(template.edited);

  useEffect(() => {
    if (pendingCaret.current === null || !bodyRef.current) return;
    bodyRef.current.focus();
    bodyRef.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  }, [body]);

  /** Field errors from what is typed (required) or from the API's UNKNOWN_TEMPLATE_PLACEHOLDER. */
  function fieldErrors(unknownFromServer?: string[]): FieldError[] {
    const found: FieldError[] = [];
    const fields = [
      { field: 'template-subject', label: t('edit.subject'), value: subject },
      { field: 'template-body', label: t('edit.body'), value: body },
    ];
    for (const f of fields) {
      if (!f.value.trim()) {
        found.push({ field: f.field, message: t('edit.errRequired', { label: f.label }) });
        continue;
      }
      if (unknownFromServer) {
        const here = placeholdersIn(f.value).filter((p) => unknownFromServer.includes(p));
        if (here.length)
          found.push({
            field: f.field,
            message: t('edit.errUnknown', { label: f.label, unknown: [...new Set(here)].map(braced).join('、'), known: knownText }),
          });
      }
    }
    if (unknownFromServer && unknownFromServer.length && !found.length)
      found.push({
        field: 'template-body',
        message: t('edit.errUnknown', { label: t('edit.body'), unknown: unknownFromServer.map(braced).join('、'), known: knownText }),
      });
    return found;
  }

  /** A refusal for unknown placeholders becomes field errors; anything else is shown as the API's error. */
  function handle(error: CombinedError): void {
    if (errorCode(error) === 'REQUIRED_TEMPLATE_PLACEHOLDER_MISSING') {
      const details = (error.graphQLErrors[0]?.extensions as { details?: { missing?: unknown } } | undefined)?.details;
      const missing = Array.isArray(details?.missing) ? details.missing.map(String) : [];
      setErrors([{ field: 'template-body', message: t('edit.errMissing', { missing: missing.map(braced).join('、') }) }]);
      return;
    }
    if (errorCode(error) === 'UNKNOWN_TEMPLATE_PLACEHOLDER') {
      const details = (error.graphQLErrors[0]?.extensions as { details?: { unknown?: unknown } } | undefined)?.details;
      const unknown = Array.isArray(details?.unknown) ? details.unknown.map(String) : [];
      setErrors(fieldErrors(unknown));
      return;
    }
    setServerError(error);
  }

  function start(): boolean {
    setDone(null);
    setServerError(null);
    const found = fieldErrors();
    setErrors(found);
    return found.length === 0;
  }

  async function runPreview() {
    if (!start()) return;
    setPreviewing(true);
    const r = await client.query(NoticesPreviewDocument, { kind: template.kind, subject, body }, { requestPolicy: 'network-only' }).toPromise();
    setPreviewing(false);
    if (r.error) return handle(r.error);
    if (r.data) setPreview({ ...r.data.previewNotice, of: `${subject}\n${body}` });
  }

  async function submit() {
    if (!start()) return;
    const r = await save({ kind: template.kind, subject, body });
    if (r.error) return handle(r.error);
    setEdited(true);
    setDone('saved');
  }

  async function backToDefault() {
    if (!window.confirm(t('edit.resetConfirm', { name: template.name }))) return;
    setDone(null);
    setServerError(null);
    setErrors([]);
    const r = await reset({ kind: template.kind });
    if (r.error) return handle(r.error);
    if (r.data) {
      setSubject(r.data.resetNoticeTemplate.subject);
      setBody(r.data.resetNoticeTemplate.body);
      setPreview(null);
      setEdited(false);
    }
    setDone('reset');
  }

  function insert(placeholder: string) {
    const at = caret.current ?? body.length;
    const text = braced(placeholder);
    pendingCaret.current = at + text.length;
    caret.current = at + text.length;
    setBody(body.slice(0, at) + text + body.slice(at));
  }

  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  const stale = preview !== null && preview.of !== `${subject}\n${body}`;
  return (
    <Page title={t('edit.title', { name: template.name })}>
      <p>
        <Link to="/secretariat/notice-templates">{t('edit.back')}</Link>
      </p>
      <p data-testid="template-state">
        <span className="tag">{edited ? t('edit.stateEdited') : t('edit.stateDefault')}</span>
      </p>
      <ErrorSummary errors={errors} />
      {serverError && <ErrorNotice error={serverError} />}
      {done && (
        <p className="notice notice--success" role="status" data-testid="template-done">
          {done === 'saved' ? t('edit.saved') : t('edit.resetDone')}
        </p>
      )}
      <div className="template-editor">
        <form
          className="form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Field id="template-subject" label={t('edit.subject')} error={err('template-subject')} required>
            <input className="input" autoComplete="off" value={subject} onChange={(e) => setSubject(e.target.value)} />
          </Field>
          <Field
            id="template-body"
            label={t('edit.body')}
            hint={t('edit.bodyHint', { example: braced(template.placeholders[0] ?? 'name') })}
            error={err('template-body')}
            required
          >
            <textarea
              className="input"
              ref={bodyRef}
              rows={20}
              value={body}
              onChange={(e) => {
                setBody(e.target.value);
                caret.current = e.target.selectionStart;
              }}
              onSelect={(e) => {
                caret.current = e.currentTarget.selectionStart;
              }}
            />
          </Field>
          <h2 id="placeholders-title">{t('edit.placeholders')}</h2>
          <ul className="placeholder-list" aria-labelledby="placeholders-title" data-testid="placeholders">
            {template.placeholders.map((p) => (
              <li key={p}>
                <button type="button" className="button button--secondary" aria-label={t('edit.insert', { placeholder: braced(p) })} onClick={() => insert(p)}>
                  <code>{braced(p)}</code>
                </button>
              </li>
            ))}
          </ul>
          <div className="button-row">
            <button type="button" className="button button--secondary" onClick={() => void runPreview()} disabled={previewing}>
              {t('edit.preview')}
            </button>
            <button type="submit" className="button button--primary" disabled={saving.fetching}>
              {t('edit.save')}
            </button>
            <button type="button" className="button button--text" onClick={() => void backToDefault()} disabled={resetting.fetching || !edited}>
              {t('edit.reset')}
            </button>
          </div>
        </form>
        <section aria-labelledby="preview-title" data-testid="preview">
          <h2 id="preview-title">{t('edit.previewTitle')}</h2>
          {!preview && <p>{t('edit.previewNone')}</p>}
          {stale && (
            <p className="notice notice--info" role="status">
              {t('edit.previewStale')}
            </p>
          )}
          {preview && (
            <>
              <p>
                <strong data-testid="preview-subject">{preview.subject}</strong>
              </p>
              <pre className="letter" lang="ja" data-testid="preview-body">
                {preview.body}
              </pre>
            </>
          )}
        </section>
      </div>
    </Page>
  );
}
