import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { useSession } from '../../../shared/auth/session';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { formatDate, formatDateTime, type Lang } from '../../../shared/format/jst';
import { Page } from '../../../shared/layout/Page';
import { TILES } from '../../../shared/map/japan';
import {
  DashboardBriefingRegistrationsDocument,
  DashboardDocument,
  DashboardOverdueDocument,
  DashboardProgramsDocument,
  DashboardScoresDocument,
} from '../api';
import { ProgressChart, ScoresChart, type ProgressRow, type ScoreRow } from '../components/Charts';
import { StatusMap, StatusTable } from '../components/StatusMap';
import '../dashboard.css';

export function DashboardPage() {
  return (
    <RequireRole roles={['SECRETARIAT', 'MINISTRY']}>
      <Dashboard />
    </RequireRole>
  );
}

/** The fiscal year (April to March) of today in Japan. */
function fiscalYearNow(): number {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number);
  return m >= 4 ? y : y - 1;
}

const EXPORTS = [
  ['candidate-regions.csv', 'candidateRegions'],
  ['proposals.csv', 'proposals'],
  ['results.csv', 'results'],
  ['results.xlsx', 'xlsx'],
  ['ocds.json', 'ocds'],
] as const;

function Dashboard() {
  const { t, i18n } = useTranslation('dashboard');
  const lang = i18n.language as Lang;
  const { user } = useSession();
  const isSecretariat = user?.role === 'SECRETARIAT';
  const [params, setParams] = useSearchParams();
  const [meta] = useQuery({ query: DashboardProgramsDocument });
  const programs = [...(meta.data?.programs ?? [])].sort((a, b) => b.fiscalYear - a.fiscalYear);
  // Default: this fiscal year's programme, else the latest.
  const programId = params.get('program') ?? (programs.find((p) => p.fiscalYear === fiscalYearNow()) ?? programs[0])?.id ?? '';
  const [board] = useQuery({ query: DashboardDocument, variables: { programId }, pause: !programId });
  const [overdue] = useQuery({ query: DashboardOverdueDocument });
  // Prefecture names: the API's (Japanese) in Japanese, the tile map's romanised ones in English.
  const names = new Map<string, string>(
    lang === 'en' ? Object.entries(TILES).map(([code, tile]) => [code, tile.shortEn]) : (meta.data?.prefectures ?? []).map((p) => [p.code, p.name]),
  );
  const d = board.data?.dashboard;
  const vendorCalls = (d?.calls ?? []).filter((c) => c.kind === 'VENDOR');
  const scoreCallId = params.get('scores') ?? vendorCalls.find((c) => c.status === 'PUBLISHED')?.id ?? vendorCalls[0]?.id ?? '';
  const [scores] = useQuery({ query: DashboardScoresDocument, variables: { callId: scoreCallId }, pause: !scoreCallId });
  const error = meta.error ?? board.error ?? overdue.error ?? scores.error;
  const set = (key: string, value: string) => {
    const p = new URLSearchParams(params);
    p.set(key, value);
    if (key === 'program') p.delete('scores');
    setParams(p);
  };

  const regionPrefecture = new Map((d?.calls ?? []).flatMap((c) => c.candidateRegions.map((r) => [r.id, r.prefectureCode] as const)));
  const callTitle = new Map((d?.calls ?? []).map((c) => [c.id, c.title]));
  const regionName = (id: string) => names.get(regionPrefecture.get(id) ?? '') ?? id;
  const progressRows: ProgressRow[] = (d?.regions ?? []).map((r) => ({
    key: `${r.callId}:${r.candidateRegionId}`,
    name:
      vendorCalls.length > 1
        ? t('progress.regionName', { name: regionName(r.candidateRegionId), call: callTitle.get(r.callId) })
        : regionName(r.candidateRegionId),
    submitted: r.proposalsSubmitted,
    draft: r.proposalsDraft,
    assigned: r.scoresAssigned,
    scored: r.scoresSubmitted,
    outcome: r.selectedVendorId
      ? t('progress.selected')
      : r.unsupportedReason
        ? t(`progress.reason.${r.unsupportedReason}`, { defaultValue: r.unsupportedReason })
        : t('progress.undecided'),
  }));
  const scoreRows: ScoreRow[] = [...(scores.data?.evaluationResults ?? [])]
    .sort((a, b) => regionName(a.candidateRegionId).localeCompare(regionName(b.candidateRegionId), 'ja') || (a.rank ?? 99) - (b.rank ?? 99))
    .map((r) => ({
      key: r.proposalId,
      name: regionName(r.candidateRegionId),
      rank: r.rank ? t('scores.rank', { n: r.rank }) : t('scores.noRank'),
      finalScore: Math.round(r.finalScore * 10) / 10,
      meanTotal: Math.round(r.meanTotal * 10) / 10,
      passed: r.passed,
    }));
  // Overdue reports of this programme's engagements (an engagement's region is one of the programme's candidate regions).
  const engagementOfReport = new Map((overdue.data?.myEngagements ?? []).flatMap((e) => e.reports.map((r) => [r.id, e] as const)));
  const overdueRows = (overdue.data?.overdueReports ?? [])
    .map((r) => ({ report: r, engagement: engagementOfReport.get(r.id) }))
    .filter((x) => x.engagement && regionPrefecture.has(x.engagement.candidateRegionId));

  return (
    <Page title={t('title')} lead={t('lead')}>
      {!isSecretariat && <p className="notice notice--info">{t('readOnly')}</p>}
      {error && <ErrorNotice error={error} />}
      <div className="field">
        <label className="field__label" htmlFor="dashboard-program">
          {t('program')}
        </label>
        <select id="dashboard-program" className="input" value={programId} onChange={(e) => set('program', e.target.value)}>
          {programs.map((p) => (
            <option key={p.id} value={p.id}>
              {t('programOption', { name: p.name, year: p.fiscalYear })}
            </option>
          ))}
        </select>
      </div>
      {board.fetching && !d && (
        <p role="status" className="loading">
          {t('common:loading')}
        </p>
      )}
      {d && (
        <>
          <section className="dashboard-section" aria-labelledby="dash-map">
            <h2 id="dash-map">{t('map.title')}</h2>
            <StatusMap rows={d.prefectures} names={names} />
            <details className="dashboard-toggle">
              <summary>{t('map.showTable')}</summary>
              <StatusTable rows={d.prefectures} names={names} />
            </details>
          </section>

          <section className="dashboard-section" aria-labelledby="dash-calls">
            <h2 id="dash-calls">{t('calls.title')}</h2>
            <table className="table" data-testid="calls-table">
              <caption className="visually-hidden">{t('calls.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('calls.call')}</th>
                  <th scope="col">{t('calls.kindCol')}</th>
                  <th scope="col">{t('calls.statusCol')}</th>
                  <th scope="col">{t('calls.closesAt')}</th>
                </tr>
              </thead>
              <tbody>
                {d.calls.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{c.title}</th>
                    <td>{t(`calls.kind.${c.kind}`)}</td>
                    <td>{t(`calls.callStatus.${c.status}`)}</td>
                    <td>{formatDateTime(c.closesAt, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <section className="dashboard-section" aria-labelledby="dash-progress">
            <h2 id="dash-progress">{t('progress.title')}</h2>
            {progressRows.length ? <ProgressChart rows={progressRows} /> : <p>{t('exports.none')}</p>}
          </section>

          <section className="dashboard-section" aria-labelledby="dash-scores">
            <h2 id="dash-scores">{t('scores.title')}</h2>
            {vendorCalls.length > 1 && (
              <div className="field">
                <label className="field__label" htmlFor="dashboard-scores-call">
                  {t('scores.call')}
                </label>
                <select id="dashboard-scores-call" className="input" value={scoreCallId} onChange={(e) => set('scores', e.target.value)}>
                  {vendorCalls.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.title}
                    </option>
                  ))}
                </select>
              </div>
            )}
            {scoreRows.length ? <ScoresChart rows={scoreRows} /> : <p>{vendorCalls.length ? t('scores.empty') : t('exports.none')}</p>}
          </section>

          <section className="dashboard-section" aria-labelledby="dash-overdue">
            <h2 id="dash-overdue">{t('overdue.title')}</h2>
            {overdueRows.length ? (
              <table className="table" data-testid="overdue-table">
                <caption>{t('overdue.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('overdue.prefecture')}</th>
                    <th scope="col">{t('overdue.vendor')}</th>
                    <th scope="col">{t('overdue.report')}</th>
                    <th scope="col">{t('overdue.due')}</th>
                  </tr>
                </thead>
                <tbody>
                  {overdueRows.map(({ report, engagement }) => (
                    <tr key={report.id}>
                      <th scope="row">{names.get(engagement!.prefectureCode) ?? engagement!.prefectureCode}</th>
                      <td>{engagement!.vendor.name}</td>
                      <td>{t(`overdue.kind.${report.kind}`)}</td>
                      <td>{formatDate(report.dueOn, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p data-testid="overdue-none">{t('overdue.none')}</p>
            )}
          </section>

          <section className="dashboard-section" aria-labelledby="dash-briefing">
            <h2 id="dash-briefing">{t('briefing.title')}</h2>
            {board.data?.briefingSessions.length ? (
              <table className="table" data-testid="briefing-table">
                <caption>{t('briefing.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('briefing.session')}</th>
                    <th scope="col">{t('briefing.startsAt')}</th>
                    <th scope="col">{t('briefing.capacity')}</th>
                    <th scope="col">{t('briefing.taken')}</th>
                    {isSecretariat && <th scope="col">{t('briefing.pending')}</th>}
                    <th scope="col">{t('briefing.open')}</th>
                    {isSecretariat && <th scope="col">{t('briefing.csv')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {board.data.briefingSessions.map((s) => (
                    <tr key={s.id}>
                      <th scope="row">{s.title}</th>
                      <td>{formatDateTime(s.startsAt, lang)}</td>
                      <td>{s.capacity}</td>
                      <td>{s.capacity - s.remainingSeats}</td>
                      {isSecretariat && <PendingCell sessionId={s.id} />}
                      <td>{s.isOpen ? t('briefing.isOpen') : t('briefing.closed')}</td>
                      {isSecretariat && (
                        <td>
                          <a href={`/exports/briefing/${s.id}.csv`} download aria-label={t('briefing.csvLabel', { title: s.title })}>
                            {t('briefing.csv')}
                          </a>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p>{t('briefing.none')}</p>
            )}
          </section>

          <section className="dashboard-section" aria-labelledby="dash-exports">
            <h2 id="dash-exports">{t('exports.title')}</h2>
            <p>{t('exports.lead')}</p>
            {vendorCalls.length ? (
              vendorCalls.map((c) => (
                <div key={c.id}>
                  <h3>{c.title}</h3>
                  <ul className="dashboard-downloads">
                    {EXPORTS.map(([file, key]) => (
                      // Same-origin links: the session cookie rides along; `download` saves instead of navigating.
                      <li key={file}>
                        <a href={`/exports/${c.id}/${file}`} download aria-label={t('exports.linkLabel', { call: c.title, file: t(`exports.${key}`) })}>
                          {t(`exports.${key}`)}
                        </a>
                      </li>
                    ))}
                  </ul>
                </div>
              ))
            ) : (
              <p>{t('exports.none')}</p>
            )}
          </section>
        </>
      )}
    </Page>
  );
}

/** The secretariat's count of registrations awaiting the e-mail confirmation (the query the ministry may not read). */
function PendingCell({ sessionId }: { sessionId: string }) {
  const [r] = useQuery({ query: DashboardBriefingRegistrationsDocument, variables: { sessionId } });
  return <td>{r.data ? r.data.briefingRegistrations.filter((x) => x.status === 'PENDING').length : ''}</td>;
}
