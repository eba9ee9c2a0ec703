import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import type { Lang } from '../../../shared/format/jst';
import { formatYen } from '../../../shared/format/yen';
import { Page } from '../../../shared/layout/Page';
import { Countdown } from '../../../shared/time/Countdown';
import { VendorApplicationDocument, VendorCallDocument, VendorSubmitDocument, VendorSupportMenuDocument } from '../api';
import '../components/vendor.css';

export function CheckPage() {
  return (
    <RequireRole roles={['VENDOR']}>
      <Check />
    </RequireRole>
  );
}

/** One key per submission attempt, kept for the tab: a retry after a lost answer gets the same receipt, not a second one. */
function idempotencyKey(applicationId: string): string {
  const k = `rdx.submit.${applicationId}`;
  let v = window.sessionStorage.getItem(k);
  if (!v) {
    v = crypto.randomUUID();
    window.sessionStorage.setItem(k, v);
  }
  return v;
}

function Check() {
  const { t, i18n } = useTranslation('vendor');
  const lang = i18n.language as Lang;
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const [app] = useQuery({ query: VendorApplicationDocument, variables: { id }, requestPolicy: 'network-only' });
  const a = app.data?.vendorApplication;
  const [call] = useQuery({ query: VendorCallDocument, variables: { callId: a?.callId ?? '' }, pause: !a });
  const [menu] = useQuery({ query: VendorSupportMenuDocument });
  const [submitted, submit] = useMutation(VendorSubmitDocument);
  const error = app.error ?? call.error;
  if (error)
    return (
      <Page title={t('check.title')}>
        <ErrorNotice error={error} />
      </Page>
    );
  const c = call.data?.call;
  if (!a || !c || !menu.data)
    return (
      <Page title={t('check.title')}>
        <p role="status" className="loading">
          {t('common:loading')}
        </p>
      </Page>
    );
  const regionName = (rid: string) => c.candidateRegions.find((r) => r.id === rid)?.prefecture.name ?? rid;
  const menuTitle = (code: string) => {
    const m = menu.data?.supportMenu.find((x) => x.code === code);
    return m ? (lang === 'en' ? m.titleEn : m.titleJa) : code;
  };
  const missing: string[] = [];
  if (!a.capacity || a.capacity < 1) missing.push(t('check.missingCapacity'));
  if (!a.proposals.length) missing.push(t('check.missingProposal'));
  for (const p of a.proposals) {
    if (!p.team.length) missing.push(t('check.missingTeam', { name: regionName(p.candidateRegionId) }));
    if (!p.approach.trim()) missing.push(t('check.missingApproach', { name: regionName(p.candidateRegionId) }));
  }
  const overview = `/vendor/calls/${a.callId}`;

  async function send() {
    const r = await submit({ applicationId: id, idempotencyKey: idempotencyKey(id) });
    if (r.data) {
      window.sessionStorage.removeItem(`rdx.submit.${id}`);
      navigate(`/vendor/applications/${id}/receipt`);
    }
  }

  return (
    <Page title={t('check.title')} lead={t('check.lead')}>
      <p>
        <Link to={overview}>{t('proposal.back')}</Link>
      </p>
      <Countdown deadline={c.closesAt} />
      {submitted.error && <ErrorNotice error={submitted.error} />}
      {missing.length > 0 && (
        <div className="notice notice--warning" data-testid="missing">
          <h2 className="notice__title">{t('check.missingTitle')}</h2>
          <ul>
            {missing.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      )}
      <h2>{c.title}</h2>
      <dl className="check-list">
        <div className="check-list__row">
          <dt>{t('check.capacity')}</dt>
          <dd>{a.capacity ?? '—'}</dd>
          <dd>
            <Link to={overview} aria-label={t('check.changeWhat', { what: t('check.capacity') })}>
              {t('check.change')}
            </Link>
          </dd>
        </div>
      </dl>
      {a.proposals.map((p) => {
        const name = regionName(p.candidateRegionId);
        const edit = `/vendor/applications/${id}/regions/${p.candidateRegionId}`;
        const rows: Array<[string, string]> = [
          [t('proposal.menu'), p.menuItemCodes.map(menuTitle).join('、')],
          [t('proposal.budget'), formatYen(p.budgetYen, lang)],
          [t('proposal.team'), p.team.map((m) => `${m.name}（${m.role}${m.qualifications ? `・${m.qualifications}` : ''}）`).join('、') || '—'],
          [t('proposal.documents'), p.documentIds.length ? t('check.documentsCount', { count: p.documentIds.length }) : t('check.noDocuments')],
          [t('proposal.approach'), p.approach || '—'],
          [t('proposal.schedule'), p.schedule || '—'],
        ];
        return (
          <section key={p.id} aria-labelledby={`check-${p.id}`} data-testid="check-proposal">
            <h3 id={`check-${p.id}`}>{t('proposal.title', { name })}</h3>
            <dl className="check-list">
              {rows.map(([k, val]) => (
                <div key={k} className="check-list__row">
                  <dt>{k}</dt>
                  <dd>{val}</dd>
                  <dd>
                    <Link to={edit} aria-label={t('check.changeWhat', { what: `${name}：${k}` })}>
                      {t('check.change')}
                    </Link>
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        );
      })}
      <p>{t('check.declaration')}</p>
      <button
        type="button"
        className="button button--primary"
        disabled={submitted.fetching || missing.length > 0 || a.status !== 'DRAFT'}
        onClick={() => void send()}
      >
        {t('check.submit')}
      </button>
    </Page>
  );
}
