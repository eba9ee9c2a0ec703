import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { Field } from '../../../shared/forms/Field';
import { SearchInput } from '../../../shared/forms/inputs';
import { ApplicationFrame, isEditable, type Application } from '../components/ApplicationFrame';
import { PrefAddPartnerDocument, PrefMunicipalitySearchDocument, PrefRemovePartnerDocument } from '../operations';
import '../prefecture.css';

/** The master data's readings are hiragana: katakana typed (「マツモト」) is folded to hiragana before searching. */
export function toHiragana(s: string): string {
  return s.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}

export function PartnersPage() {
  const { t } = useTranslation('prefecture');
  return (
    <ApplicationFrame title={t('partners.title')} repeat>
      {({ regionApplication: app }) => <PartnersBody app={app} />}
    </ApplicationFrame>
  );
}

function PartnersBody({ app }: { app: Application }) {
  const { t } = useTranslation('prefecture');
  const [prefix, setPrefix] = useState('');
  const [failure, setFailure] = useState<CombinedError>();
  const [{ data, fetching }] = useQuery({
    query: PrefMunicipalitySearchDocument,
    variables: { prefectureCode: app.prefectureCode, prefix: toHiragana(prefix) },
    pause: !prefix,
  });
  const [adding, add] = useMutation(PrefAddPartnerDocument);
  const [removing, remove] = useMutation(PrefRemovePartnerDocument);
  const chosen = new Set(app.partners.map((p) => p.municipalityCode));
  const editable = isEditable(app);

  async function run(p: Promise<{ error?: CombinedError }>) {
    const r = await p;
    setFailure(r.error);
  }

  return (
    <div className="stack">
      <p>{t('partners.lead', { prefecture: app.prefecture.name })}</p>
      {failure && <ErrorNotice error={failure} />}
      <h2>{t('partners.current')}</h2>
      {app.partners.length === 0 ? (
        <p>{t('partners.none')}</p>
      ) : (
        <table className="table" data-testid="partners">
          <thead>
            <tr>
              <th scope="col">{t('partners.colName')}</th>
              <th scope="col">{t('partners.colKana')}</th>
              <th scope="col">{t('partners.colCode')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('partners.colAction')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {app.partners.map((p) => (
              <tr key={p.id}>
                <td>{p.municipality.name}</td>
                <td>{p.municipality.kana}</td>
                <td>{p.municipalityCode}</td>
                <td>
                  {editable && (
                    <button type="button" className="button button--text" disabled={removing.fetching} onClick={() => void run(remove({ partnerId: p.id }))}>
                      {t('partners.remove', { name: p.municipality.name })}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editable && (
        <>
          <Field id="municipality-search" label={t('partners.search')} hint={t('partners.searchHint')}>
            <SearchInput onSearchChange={setPrefix} autoComplete="off" />
          </Field>
          <h2>{t('partners.results')}</h2>
          <div aria-live="polite" data-testid="search-results">
            {!prefix && <p>{t('partners.typeToSearch')}</p>}
            {prefix && data && data.municipalities.length === 0 && !fetching && <p>{t('partners.noResults')}</p>}
            {prefix && data && data.municipalities.length > 0 && (
              <ul className="task-list">
                {data.municipalities.slice(0, 30).map((m) => (
                  <li key={m.lgCode}>
                    <span>
                      {m.name}（{m.kana}）
                    </span>
                    {chosen.has(m.lgCode) ? (
                      <span className="tag">{t('partners.added')}</span>
                    ) : (
                      <button
                        type="button"
                        className="button button--secondary"
                        disabled={adding.fetching}
                        onClick={() => void run(add({ applicationId: app.id, lgCode: m.lgCode }))}
                      >
                        {t('partners.add', { name: m.name })}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </>
      )}
      <p>
        <Link className="button button--primary" to={`/prefecture/applications/${app.id}/needs`}>
          {t('partners.next')}
        </Link>
      </p>
    </div>
  );
}
