import { useTranslation } from 'react-i18next';
import type { PrefectureSupport } from '../../../gql/graphql';
import { TILES } from '../../../shared/map/japan';
import '../../../shared/map/tile-map.css';

export const SUPPORT_STATUSES: PrefectureSupport[] = ['SUPPORTED', 'UNSUPPORTED', 'PENDING', 'NO_APPLICATION'];

/**
 * The 47 prefectures as tiles (the candidate regions' tile map), each coloured AND marked by its support status (● × … －)
 * so that colour is never the only cue; each tile is an image named "兵庫県：支援あり". The legend and the table under the
 * map say the same in words.
 */
export function StatusMap({
  rows,
  names,
}: {
  rows: Array<{ prefectureCode: string; status: PrefectureSupport; candidateRegions: number }>;
  names: Map<string, string>;
}) {
  const { t, i18n } = useTranslation('dashboard');
  const en = i18n.language === 'en';
  const byCode = new Map(rows.map((r) => [r.prefectureCode, r]));
  const counts = Object.fromEntries(SUPPORT_STATUSES.map((s) => [s, rows.filter((r) => r.status === s).length]));
  return (
    <figure className="status-map" aria-labelledby="status-map-caption">
      <figcaption id="status-map-caption">
        <span className="visually-hidden">{t('map.title')}：</span>
        <span data-testid="status-map-summary">{t('map.summary', counts)}</span>
      </figcaption>
      <div className="status-map__legend">
        <p className="status-map__legend-title" id="status-map-legend">
          {t('map.legend')}
        </p>
        <ul aria-labelledby="status-map-legend">
          {SUPPORT_STATUSES.map((s) => (
            <li key={s}>
              <span className={`status-tile status-tile--${s} status-map__swatch`} aria-hidden="true">
                {t(`statusMark.${s}`)}
              </span>
              {t(`status.${s}`)}
            </li>
          ))}
        </ul>
        <p className="field__hint">{t('map.legendNote')}</p>
      </div>
      <div className="tile-map" role="group" aria-label={t('map.groupLabel')} data-testid="status-map">
        {Object.entries(TILES).map(([code, tile]) => {
          const status = byCode.get(code)?.status ?? 'NO_APPLICATION';
          return (
            <span
              key={code}
              role="img"
              className={`tile-map__tile status-tile status-tile--${status}`}
              style={{ gridRow: tile.row + 1, gridColumn: tile.col + 1 }}
              aria-label={t('map.tile', { name: names.get(code) ?? tile.short, status: t(`status.${status}`) })}
              data-status={status}
            >
              {en ? tile.shortEn : tile.short}
              <span aria-hidden="true">{t(`statusMark.${status}`)}</span>
            </span>
          );
        })}
      </div>
    </figure>
  );
}

/** The map's text alternative: the prefectures with a candidate region first, then the rest, in code order. */
export function StatusTable({
  rows,
  names,
}: {
  rows: Array<{ prefectureCode: string; status: PrefectureSupport; candidateRegions: number }>;
  names: Map<string, string>;
}) {
  const { t } = useTranslation('dashboard');
  const ordered = [...rows].sort(
    (a, b) => Number(b.status !== 'NO_APPLICATION') - Number(a.status !== 'NO_APPLICATION') || a.prefectureCode.localeCompare(b.prefectureCode),
  );
  return (
    <table className="table" data-testid="status-table">
      <caption>{t('map.tableCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('map.prefecture')}</th>
          <th scope="col">{t('map.statusCol')}</th>
          <th scope="col">{t('map.regions')}</th>
        </tr>
      </thead>
      <tbody>
        {ordered.map((r) => (
          <tr key={r.prefectureCode}>
            <th scope="row">{names.get(r.prefectureCode) ?? r.prefectureCode}</th>
            <td>
              <span aria-hidden="true">{t(`statusMark.${r.status}`)} </span>
              {t(`status.${r.status}`)}
            </td>
            <td>{r.candidateRegions}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
