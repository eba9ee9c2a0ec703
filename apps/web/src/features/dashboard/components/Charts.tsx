import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface ProgressRow {
  key: string;
  name: string;
  submitted: number;
  draft: number;
  assigned: number;
  scored: number;
  outcome: string;
}

export interface ScoreRow {
  key: string;
  name: string;
  rank: string;
  finalScore: number;
  meanTotal: number;
  passed: boolean;
}

/**
 * A chart is an image named by its summary (the bars' values in words), and the table right under it carries every
 * value: the table is the text alternative, so the chart's own SVG stays out of the accessibility tree.
 */
function ChartFrame({ label, testId, rows, children }: { label: string; testId: string; rows: number; children: React.ReactElement }) {
  // Horizontal bars, one band per row: long Japanese names stay readable on the category axis.
  return (
    <div className="chart" role="img" aria-label={label} data-testid={testId} style={{ height: 90 + rows * 56 }}>
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </div>
  );
}

/** Proposals per region of the programme's vendor calls (submitted, draft) and the evaluations submitted of those assigned. */
export function ProgressChart({ rows }: { rows: ProgressRow[] }) {
  const { t } = useTranslation('dashboard');
  const summary = rows
    .map((r) => t('progress.chartItem', { name: r.name, submitted: r.submitted, scored: r.scored, assigned: r.assigned }))
    .join(t('listSeparator'));
  return (
    <>
      <ChartFrame label={t('progress.chartLabel', { summary })} testId="progress-chart" rows={rows.length}>
        <BarChart data={rows} layout="vertical" accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="name" width={300} interval={0} tick={{ fontSize: 13 }} />
          <Tooltip />
          <Legend />
          <Bar dataKey="submitted" name={t('progress.submitted')} fill="var(--c-key)" isAnimationActive={false} />
          <Bar dataKey="draft" name={t('progress.draft')} fill="var(--color-neutral-solid-gray-420)" isAnimationActive={false} />
          <Bar dataKey="assigned" name={t('progress.assigned')} fill="var(--color-primitive-yellow-700)" isAnimationActive={false} />
          <Bar dataKey="scored" name={t('progress.scored')} fill="var(--color-primitive-green-800)" isAnimationActive={false} />
        </BarChart>
      </ChartFrame>
      <table className="table" data-testid="progress-table">
        <caption>{t('progress.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('progress.region')}</th>
            <th scope="col">{t('progress.submitted')}</th>
            <th scope="col">{t('progress.draft')}</th>
            <th scope="col">{t('progress.assigned')}</th>
            <th scope="col">{t('progress.scored')}</th>
            <th scope="col">{t('progress.outcome')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.name}</th>
              <td>{r.submitted}</td>
              <td>{r.draft}</td>
              <td>{r.assigned}</td>
              <td>{r.scored}</td>
              <td>{r.outcome}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The final score (0–100) of every evaluated proposal of one vendor call, by region and rank. */
export function ScoresChart({ rows }: { rows: ScoreRow[] }) {
  const { t } = useTranslation('dashboard');
  const summary = rows.map((r) => t('scores.chartItem', { name: r.name, rank: r.rank, score: r.finalScore })).join(t('listSeparator'));
  return (
    <>
      <ChartFrame label={t('scores.chartLabel', { summary })} testId="scores-chart" rows={rows.length}>
        <BarChart
          data={rows.map((r) => ({ ...r, label: `${r.name} ${r.rank}` }))}
          layout="vertical"
          accessibilityLayer={false}
          margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" domain={[0, 100]} />
          <YAxis type="category" dataKey="label" width={160} interval={0} tick={{ fontSize: 13 }} />
          <Tooltip />
          <Legend />
          <Bar dataKey="finalScore" name={t('scores.final')} fill="var(--c-key)" isAnimationActive={false} />
          <Bar dataKey="meanTotal" name={t('scores.mean')} fill="var(--color-neutral-solid-gray-420)" isAnimationActive={false} />
        </BarChart>
      </ChartFrame>
      <table className="table" data-testid="scores-table">
        <caption>{t('scores.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('scores.proposal')}</th>
            <th scope="col">{t('scores.final')}</th>
            <th scope="col">{t('scores.mean')}</th>
            <th scope="col">{t('scores.passed')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">
                {r.name} {r.rank}
              </th>
              <td>{r.finalScore}</td>
              <td>{r.meanTotal}</td>
              <td>{r.passed ? t('scores.pass') : t('scores.fail')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
