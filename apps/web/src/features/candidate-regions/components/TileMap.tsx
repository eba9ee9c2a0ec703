import { useTranslation } from 'react-i18next';
import { TILES } from '../../../shared/map/japan';
import '../../../shared/map/tile-map.css';

/**
 * Japan as 47 tiles: prefectures with candidate regions are buttons (coloured; a click, Enter or Space filters the list
 * by that prefecture, pressed again clears it), the others are plain tiles (not in the Tab order: nothing to choose).
 * The list under the map says the same in words (the text alternative).
 */
export function TileMap({
  counts,
  names,
  selected,
  onToggle,
}: {
  counts: Map<string, number>;
  names: Map<string, string>;
  selected: string[];
  onToggle: (code: string) => void;
}) {
  const { t, i18n } = useTranslation('candidateRegions');
  const en = i18n.language === 'en';
  const withRegions = [...counts.entries()].filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b));
  return (
    <figure className="tile-map-figure" aria-labelledby="tile-map-caption">
      <figcaption id="tile-map-caption" className="field__label">
        {t('map.caption')}
      </figcaption>
      <p className="tile-map-legend" aria-hidden="true">
        <span>
          <span className="tile-map-legend__swatch tile-map-legend__swatch--on" />
          {t('map.legendOn')}
        </span>
        <span>
          <span className="tile-map-legend__swatch tile-map-legend__swatch--off" />
          {t('map.legendOff')}
        </span>
      </p>
      <div className="tile-map" role="group" aria-label={t('map.groupLabel')} data-testid="tile-map">
        {Object.entries(TILES).map(([code, tile]) => {
          const n = counts.get(code) ?? 0;
          const style = { gridRow: tile.row + 1, gridColumn: tile.col + 1 };
          const label = en ? tile.shortEn : tile.short;
          const full = names.get(code) ?? tile.short;
          if (!n)
            return (
              <span key={code} className="tile-map__tile" style={style} aria-hidden="true">
                {label}
              </span>
            );
          return (
            <button
              key={code}
              type="button"
              className="tile-map__tile"
              style={style}
              aria-pressed={selected.includes(code)}
              aria-label={t('map.tileLabel', { name: full, count: n })}
              onClick={() => onToggle(code)}
            >
              {label}
            </button>
          );
        })}
      </div>
      <p data-testid="tile-map-text">
        {withRegions.length
          ? t('map.text', { list: withRegions.map(([c, n]) => t('map.textItem', { name: names.get(c) ?? c, count: n })).join(en ? ', ' : '、') })
          : t('map.none')}
      </p>
    </figure>
  );
}
