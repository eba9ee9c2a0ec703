import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { ApplicationFrame, isEditable, useLang, type ApplicationData } from '../components/ApplicationFrame';
import { missingItems } from '../components/missing';
import { PrefSubmitApplicationDocument } from '../operations';
import '../prefecture.css';

/** GOV.UK's check-your-answers: every section with a link to change it, what is missing, then the one submit button. */
export function CheckPage() {
  const { t } = useTranslation('prefecture');
  return (
    <ApplicationFrame title={t('check.title')} lead={t('check.lead')} repeat>
      {(data) => <Check data={data} />}
    </ApplicationFrame>
  );
}

function Check({ data }: { data: ApplicationData }) {
  const { t } = useTranslation('prefecture');
  const lang = useLang();
  const navigate = useNavigate();
  const app = data.regionApplication;
  const base = `/prefecture/applications/${app.id}`;
  const missing = missingItems(app, t);
  // One key per visit of this page: a retried click (or a lost answer) returns the same receipt.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [result, submit] = useMutation(PrefSubmitApplicationDocument);
  const menuTitle = (code: string) => {
    const m = data.supportMenu.find((x) => x.code === code);
    return m ? (lang === 'ja' ? m.titleJa : m.titleEn) : code;
  };
  const detailName = (menuItemCode: string, code: string) => {
    const d = data.supportMenu.find((x) => x.code === menuItemCode)?.details.find((x) => x.code === code);
    return d ? (lang === 'ja' ? d.nameJa : d.nameEn) : code;
  };

  async function send() {
    const r = await submit({ applicationId: app.id, idempotencyKey });
    if (r.data) navigate(`${base}/receipt/${r.data.submitRegionApplication.id}`);
  }

  const change = (to: string, item: string) => <Link to={to}>{t('check.changeItem', { item })}</Link>;

  return (
    <div className="stack">
      {missing.length > 0 && (
        <div className="error-summary" role="region" aria-labelledby="missing-title" data-testid="missing">
          <h2 className="error-summary__title" id="missing-title">
            {t('check.missingTitle')}
          </h2>
          <ul>
            {missing.map((m) => (
              <li key={m.message}>
                <Link to={m.to}>{m.message}</Link>
              </li>
            ))}
          </ul>
        </div>
      )}

      <h2>{t('app.taskNeeds')}</h2>
      <dl className="summary" data-testid="check-region-wants">
        <div>
          <dt>{t('needs.structureMode')}</dt>
          <dd>{app.structureMode ? t(`structureModes.${app.structureMode}`) : t('check.notYet')}</dd>
        </div>
        <div>
          <dt>{t('needs.prefectureIssues')}</dt>
          <dd>
            {app.prefectureIssues.map((i) => (
              <div key={i.id}>
                【{t(`categories.${i.category}`)}】{i.title}：{i.description}
              </div>
            ))}
          </dd>
        </div>
      </dl>
      <ul>
        <li>{change(`${base}/needs`, t('app.taskNeeds'))}</li>
      </ul>

      <h2>{t('app.taskPartners')}</h2>
      <dl className="summary" data-testid="check-partners">
        {app.partners.map((p) => (
          <div key={p.id}>
            <dt>{p.municipality.name}</dt>
            <dd>
              {p.issues.map((i) => (
                <div key={i.id}>
                  【{t(`categories.${i.category}`)}】{i.title}：{i.description}
                </div>
              ))}
              <div>
                {p.desiredSupport
                  .map(
                    (d) => menuTitle(d.menuItemCode) + (d.note ? `（${d.note}）` : '') + d.detailCodes.map((c) => `◇${detailName(d.menuItemCode, c)}`).join(''),
                  )
                  .join('、')}
              </div>
              <div>
                {t('app.taskMemoranda')}：{p.memorandum?.fileName ?? t('memoranda.missing')}
              </div>
            </dd>
          </div>
        ))}
      </dl>
      <ul>
        <li>{change(`${base}/partners`, t('app.taskPartners'))}</li>
        <li>{change(`${base}/needs`, t('app.taskNeeds'))}</li>
        <li>{change(`${base}/memoranda`, t('app.taskMemoranda'))}</li>
      </ul>

      <h2>{t('app.taskRequirements')}</h2>
      <dl className="summary" data-testid="check-requirements">
        {data.eligibilityRequirements.map((req) => {
          const r = app.requirements.find((x) => x.number === req.number);
          return (
            <div key={req.number}>
              <dt>
                {t('requirements.requirement', { n: req.number })}：{lang === 'ja' ? req.titleJa : req.titleEn}
              </dt>
              <dd>
                {r?.declared === true ? t('check.yes') : r?.declared === false ? t('check.no') : t('check.notYet')}
                {r?.evidence ? `（${r.evidence}）` : ''}
              </dd>
            </div>
          );
        })}
      </dl>
      <p>{change(`${base}/requirements`, t('app.taskRequirements'))}</p>

      <h2>{t('app.taskContacts')}</h2>
      <dl className="summary" data-testid="check-contacts">
        {app.contacts.map((c) => (
          <div key={c.id}>
            <dt>{c.name}</dt>
            <dd>
              {c.department} {c.title} {c.email} {c.phone}
            </dd>
          </div>
        ))}
      </dl>
      <p>{change(`${base}/contacts`, t('app.taskContacts'))}</p>

      {result.error && <ErrorNotice error={result.error} />}
      {isEditable(app) && (
        <>
          <p>{t('check.declaration')}</p>
          <button type="button" className="button button--primary" disabled={result.fetching || missing.length > 0} onClick={() => void send()}>
            {result.fetching ? t('check.submitting') : t('check.submit')}
          </button>
        </>
      )}
    </div>
  );
}
