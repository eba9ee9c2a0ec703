import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import type { Lang } from '../../../shared/format/jst';
import { Page } from '../../../shared/layout/Page';
import { VendorFeedbackDocument, VendorResultsDocument } from '../api';

export function ResultsPage() {
  return (
    <RequireRole roles={['VENDOR']}>
      <Results />
    </RequireRole>
  );
}

function Results() {
  const { t } = useTranslation('vendor');
  const { callId = '' } = useParams();
  const [{ data, error }] = useQuery({ query: VendorResultsDocument, variables: { callId } });
  if (error)
    return (
      <Page title={t('results.title')}>
        <ErrorNotice error={error} />
      </Page>
    );
  if (!data)
    return (
      <Page title={t('results.title')}>
        <p role="status" className="loading">
          {t('common:loading')}
        </p>
      </Page>
    );
  const mine = data.myVendorApplications.find((a) => a.callId === callId);
  const name = (rid: string) => data.call.candidateRegions.find((r) => r.id === rid)?.prefecture.name ?? rid;
  const myProposalIds = new Set(mine?.proposals.map((p) => p.id));
  return (
    <Page title={t('results.title')} lead={data.call.title}>
      <p>
        <Link to="/vendor">{t('nav2.back')}</Link>
      </p>
      <h2>{t('results.byRegion')}</h2>
      <table className="table" data-testid="results-table">
        <caption className="visually-hidden">{t('results.byRegion')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('results.region')}</th>
            <th scope="col">{t('results.selected')}</th>
          </tr>
        </thead>
        <tbody>
          {data.call.candidateRegions.map((r) => {
            const m = data.callResults.matches.find((x) => x.candidateRegionId === r.id);
            const u = data.callResults.unsupported.find((x) => x.candidateRegionId === r.id);
            return (
              <tr key={r.id}>
                <th scope="row">{r.prefecture.name}</th>
                <td>
                  {m ? `${m.vendor.name}${myProposalIds.has(m.proposalId) ? t('results.you') : ''}` : u ? `${t('results.unsupported')}（${u.reasonJa}）` : '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h2>{t('results.feedback')}</h2>
      {!mine?.proposals.length && <p>{t('results.noProposal')}</p>}
      {mine?.proposals.map((p) => (
        <FeedbackSheet key={p.id} proposalId={p.id} regionName={name(p.candidateRegionId)} />
      ))}
    </Page>
  );
}

function FeedbackSheet({ proposalId, regionName }: { proposalId: string; regionName: string }) {
  const { t, i18n } = useTranslation('vendor');
  const lang = i18n.language as Lang;
  const [{ data, error }] = useQuery({ query: VendorFeedbackDocument, variables: { proposalId } });
  const f = data?.feedbackSheet;
  return (
    <section className="card" aria-labelledby={`fb-${proposalId}`} data-testid="feedback-sheet">
      <h3 id={`fb-${proposalId}`}>{t('results.sheetTitle', { name: regionName })}</h3>
      {error && <ErrorNotice error={error} />}
      {f && (
        <>
          <p>
            <strong>{f.selected ? t('results.wasSelected') : t('results.notSelected')}</strong>
            {' / '}
            {f.passed ? t('results.passed') : t('results.notPassed')}
            {' / '}
            {t(`results.band.${f.rankBand}`)}
          </p>
          <table className="table">
            <caption>{t('results.criteriaCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('results.criterion')}</th>
                <th scope="col">{t('results.mean')}</th>
                <th scope="col">{t('results.max')}</th>
              </tr>
            </thead>
            <tbody>
              {f.criteria.map((c) => (
                <tr key={c.criterionId}>
                  <th scope="row">{lang === 'en' ? c.titleEn : c.titleJa}</th>
                  <td>{c.mean === null || c.mean === undefined ? '—' : c.mean.toFixed(2)}</td>
                  <td>{c.maxPoints}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>{t('results.meanTotal', { total: f.meanTotal.toFixed(1) })}</p>
          <p className="field__hint">{t('results.meanNote')}</p>
        </>
      )}
    </section>
  );
}
