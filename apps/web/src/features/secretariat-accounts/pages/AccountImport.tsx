import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, type CombinedError } from 'urql';
import type { SecretariatAccountImportReportFragment } from '../../../gql/graphql';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { ErrorSummary, type FieldError } from '../../../shared/forms/ErrorSummary';
import { Field } from '../../../shared/forms/Field';
import { SecretariatAccountImportDocument, SecretariatAccountImportEvaluatorsDocument } from '../api';

type Kind = 'OFFICIALS' | 'EVALUATORS';
type Report = SecretariatAccountImportReportFragment;

/** The file's bytes in base64, in chunks (a spread of a large array overflows the call stack). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Accounts from a CSV or XLSX: a dry run first shows every row and every rejected cell; only a clean file can be confirmed,
 * and then every account is created at once (all-or-nothing) and mailed a link to set its password.
 */
export function AccountImport({ onImported }: { onImported: (count: number) => void }) {
  const { t, i18n } = useTranslation('secretariatAccounts');
  const [kind, setKind] = useState<Kind>('OFFICIALS');
  const [file, setFile] = useState<File>();
  const [content, setContent] = useState<string>();
  const [report, setReport] = useState<Report>();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [failure, setFailure] = useState<CombinedError>();
  const [officials, importOfficials] = useMutation(SecretariatAccountImportDocument);
  const [evaluators, importEvaluators] = useMutation(SecretariatAccountImportEvaluatorsDocument);
  const fileInput = useRef<HTMLInputElement>(null);
  const previewRef = useRef<HTMLHeadingElement>(null);
  const busy = officials.fetching || evaluators.fetching;
  const en = i18n.language.startsWith('en');

  async function run(dryRun: boolean, contentBase64: string): Promise<Report | undefined> {
    const input = { fileName: file?.name ?? 'accounts.csv', contentBase64, dryRun };
    const r = kind === 'OFFICIALS' ? await importOfficials({ input }) : await importEvaluators({ input });
    if (r.error) setFailure(r.error);
    return r.data && ('importAccounts' in r.data ? r.data.importAccounts : r.data.importEvaluators);
  }

  async function check(e: FormEvent) {
    e.preventDefault();
    setFailure(undefined);
    setReport(undefined);
    if (!file) {
      setErrors([{ field: 'import-file', message: t('import.fileMissing') }]);
      return;
    }
    setErrors([]);
    const b64 = await base64Of(file);
    setContent(b64);
    const r = await run(true, b64);
    if (r) {
      setReport(r);
      window.setTimeout(() => previewRef.current?.focus(), 0);
    }
  }

  async function confirm() {
    if (!content) return;
    const r = await run(false, content);
    if (r?.imported) {
      onImported(r.accounts.length);
      setReport(undefined);
      setContent(undefined);
      setFile(undefined);
      if (fileInput.current) fileInput.current.value = '';
    } else if (r) setReport(r);
  }

  const organisation = (a: Report['accounts'][number]) =>
    a.municipalityCode ?? a.prefectureCode ?? (a.affiliation || (a.fields.length ? a.fields.join('、') : '—'));

  return (
    <section aria-labelledby="import-title" data-testid="account-import">
      <h2 id="import-title">{t('import.title')}</h2>
      <p>{t(kind === 'OFFICIALS' ? 'import.officialsFormat' : 'import.evaluatorsFormat')}</p>
      <ErrorSummary errors={errors} />
      {failure && <ErrorNotice error={failure} />}
      <form className="form" noValidate onSubmit={(e) => void check(e)}>
        <fieldset className="field">
          <legend className="field__label">{t('import.kind')}</legend>
          {(['OFFICIALS', 'EVALUATORS'] as const).map((k) => (
            <label key={k} className="radio">
              <input
                type="radio"
                name="import-kind"
                value={k}
                checked={kind === k}
                onChange={() => {
                  setKind(k);
                  setReport(undefined);
                }}
              />{' '}
              {t(`import.kinds.${k}`)}
            </label>
          ))}
        </fieldset>
        <Field id="import-file" label={t('import.file')} hint={t('import.fileHint')} error={errors.find((x) => x.field === 'import-file')?.message} required>
          <input
            ref={fileInput}
            className="input"
            type="file"
            accept=".csv,.xlsx,text/csv"
            onChange={(e) => {
              setFile(e.target.files?.[0]);
              setReport(undefined);
            }}
          />
        </Field>
        <button type="submit" className="button button--secondary" disabled={busy}>
          {t('import.check')}
        </button>
      </form>

      {report && (
        <div data-testid="import-preview">
          <h3 tabIndex={-1} ref={previewRef}>
            {t('import.previewTitle')}
          </h3>
          <p role="status" data-testid="import-summary">
            {t('import.summary', { rows: report.rowCount, accepted: report.acceptedRowCount, rejected: report.rejectedRowCount })}
          </p>
          {report.rejections.length > 0 && (
            <>
              <p className="notice notice--error">{t('import.nothingCreated')}</p>
              <table className="table" data-testid="import-rejections">
                <caption>{t('import.rejectionsCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('import.row')}</th>
                    <th scope="col">{t('import.column')}</th>
                    <th scope="col">{t('import.value')}</th>
                    <th scope="col">{t('import.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.rejections.map((x, i) => (
                    <tr key={i}>
                      <th scope="row">{x.row}</th>
                      <td>{x.column ? t(`import.columns.${x.column}`, { defaultValue: x.column }) : '—'}</td>
                      <td style={{ overflowWrap: 'anywhere' }}>{x.value ?? '—'}</td>
                      <td>{en ? x.reasonEn : x.reasonJa}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {report.accounts.length > 0 && (
            <table className="table" data-testid="import-accounts">
              <caption>{t(report.rejections.length ? 'import.acceptedCaption' : 'import.accountsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('import.row')}</th>
                  <th scope="col">{t('email')}</th>
                  <th scope="col">{t('name')}</th>
                  <th scope="col">{t('role')}</th>
                  <th scope="col">{t('organisation')}</th>
                </tr>
              </thead>
              <tbody>
                {report.accounts.map((a) => (
                  <tr key={a.row}>
                    <th scope="row">{a.row}</th>
                    <td style={{ overflowWrap: 'anywhere' }}>{a.email}</td>
                    <td>{a.displayName}</td>
                    <td>{t(`common:roles.${a.role}`)}</td>
                    <td>{organisation(a)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {report.rejections.length === 0 && (
            <div className="button-row">
              <button type="button" className="button button--primary" disabled={busy} onClick={() => void confirm()}>
                {t('import.confirm', { n: report.accounts.length })}
              </button>
              <button type="button" className="button button--secondary" onClick={() => setReport(undefined)}>
                {t('import.cancel')}
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
