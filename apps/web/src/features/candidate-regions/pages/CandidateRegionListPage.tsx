import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../../gql';
import type { IssueCategory } from '../../../gql/graphql';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { formatDate, type Lang } from '../../../shared/format/jst';
import { formatYen } from '../../../shared/format/yen';
import { nfkc } from '../../../shared/format/normalize';
import { Page } from '../../../shared/layout/Page';
import { BLOCKS, ISSUE_CATEGORIES } from '../../../shared/map/japan';
import { ALL_YEARS, CandidateRegionListDocument, CandidateRegionScopeDocument, filtersOf, PAGE, readScope } from '../list-query';
import { TileMap } from '../components/TileMap';
import '../../../shared/map/tile-map.css';

/** For the map: which prefectures have regions under the other filters (the prefecture filter left out). */
const MapDocument = graphql(`
  query CandidateRegionMap($currentRound: Boolean, $callId: ID, $issueCategories: [IssueCategory!], $menuItemCodes: [String!], $text: String) {
    candidateRegions(currentRound: $currentRound, callId: $callId, issueCategories: $issueCategories, menuItemCodes: $menuItemCodes, text: $text, limit: 100) {
      total
      items {
        id
        prefectureCode
      }
    }
  }
`);

/** The current round (for the year filter's default choice) when the list shows another year. */
const CurrentRoundDocument = graphql(`
  query CandidateRegionCurrentRound {
    candidateRegions(currentRound: true, limit: 1) {
      round {
        fiscalYear
        openForBids
      }
    }
  }
`);

const ReferenceDocument = graphql(`
  query CandidateRegionReference {
    prefectures {
      code
      name
    }
    supportMenu {
      code
      titleJa
      titleEn
      required
    }
  }
`);

export function CandidateRegionListPage() {
  const { t, i18n } = useTranslation('candidateRegions');
  const lang = i18n.language as Lang;
  const [params, setParams] = useSearchParams();
  const pref = params.getAll('pref');
  const block = params.get('block') ?? '';
  const cats = params.getAll('cat') as IssueCategory[];
  const menu = params.getAll('menu');
  const text = params.get('q') ?? '';
  const [typed, setTyped] = useState(text);
  const [limit, setLimit] = useState(PAGE);

  const fy = params.get('fy') ?? '';

  // The list's queries were started by the route's loader (list-query.ts): these find them in flight or answered.
  const [scopeResult] = useQuery({ query: CandidateRegionScopeDocument });
  const scope = useMemo(() => readScope(scopeResult.data), [scopeResult.data]);
  const filters = filtersOf(params, scope);
  const [list] = useQuery({
    query: CandidateRegionListDocument,
    variables: { ...(filters ?? {}), limit, offset: 0 },
    pause: !filters,
  });
  const page = list.data?.candidateRegions;
  // The map counts the regions under the other filters (the prefecture and the block left out). Without those two, the
  // list itself has them when it holds them all: the map's query is then not sent.
  const narrowed = pref.length > 0 || !!block;
  const listHasAll = !!page && page.items.length >= page.total;
  const [map] = useQuery({
    query: MapDocument,
    variables: {
      currentRound: filters?.currentRound,
      callId: filters?.callId,
      issueCategories: filters?.issueCategories,
      menuItemCodes: filters?.menuItemCodes,
      text: filters?.text,
    },
    pause: !filters || (!narrowed && (!page || listHasAll)),
  });
  const [ref] = useQuery({ query: ReferenceDocument });
  const [currentRound] = useQuery({ query: CurrentRoundDocument, pause: !fy });
  // The server's choice: the list's own when it shows the default round.
  const current = fy ? currentRound.data?.candidateRegions : page;

  const blockCodes = BLOCKS.find((b) => b.key === block)?.codes;
  const names = useMemo(() => new Map((ref.data?.prefectures ?? []).map((p) => [p.code, p.name])), [ref.data]);
  const menuTitle = (code: string) => {
    const item = ref.data?.supportMenu.find((s) => s.code === code);
    return item ? (lang === 'en' ? item.titleEn : item.titleJa) : code;
  };
  const mapItems = !narrowed && listHasAll ? page?.items : map.data?.candidateRegions.items;
  const counts = useMemo(() => {
    const m = new Map<string, number>();
    for (const r of mapItems ?? []) {
      if (blockCodes && !blockCodes.includes(r.prefectureCode)) continue;
      m.set(r.prefectureCode, (m.get(r.prefectureCode) ?? 0) + 1);
    }
    return m;
  }, [mapItems, blockCodes]);

  function update(change: (p: URLSearchParams) => void) {
    const next = new URLSearchParams(params);
    change(next);
    setLimit(PAGE);
    // The filters are controlled by the URL: without flushSync the navigation renders in a transition, and a clicked
    // checkbox shows its old state until that transition commits (seconds on a loaded machine).
    setParams(next, { replace: true, flushSync: true });
  }
  const setMany = (key: string, values: string[]) =>
    update((p) => {
      p.delete(key);
      for (const v of values) p.append(key, v);
    });
  const toggle = (key: string, value: string, list: string[]) => setMany(key, list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);

  function search(e: FormEvent) {
    e.preventDefault();
    // 全角英数・全角空白 are folded to 半角 (NFKC) so that 「ＤＸ（全角空白）推進」 finds what 「DX 推進」 finds.
    const q = nfkc(typed).replace(/\s+/g, ' ').trim();
    update((p) => (q ? p.set('q', q) : p.delete('q')));
  }

  const fiscalYearLabel = (year: number) => (lang === 'en' ? `FY${year}` : `令和${year - 2018}年度`);

  return (
    <Page title={t('title')} lead={t('lead')}>
      <div className="region-layout">
        <form className="region-filters" aria-label={t('filters')} onSubmit={search} role="search">
          <h2>{t('filters')}</h2>
          <div className="field">
            <label className="field__label" htmlFor="q">
              {t('text')}
            </label>
            <p className="field__hint" id="q-hint">
              {t('textHint')}
            </p>
            <input id="q" className="input" type="search" aria-describedby="q-hint" value={typed} onChange={(e) => setTyped(e.target.value)} />
            <div className="button-row">
              <button type="submit" className="button button--secondary">
                {t('search')}
              </button>
            </div>
          </div>
          <div className="field">
            <label className="field__label" htmlFor="fy">
              {t('year')}
            </label>
            <select
              id="fy"
              className="input"
              value={fy}
              onChange={(e) =>
                update((p) => {
                  if (e.target.value) p.set('fy', e.target.value);
                  else p.delete('fy');
                })
              }
            >
              <option value="">
                {current?.round
                  ? t(current.round.openForBids ? 'currentYear' : 'latestYear', { year: fiscalYearLabel(current.round.fiscalYear) })
                  : t(current ? 'allYears' : 'year')}
              </option>
              {(scope?.rounds ?? []).map((r) => (
                <option key={r.fiscalYear} value={String(r.fiscalYear)}>
                  {fiscalYearLabel(r.fiscalYear)}
                </option>
              ))}
              <option value={ALL_YEARS}>{t('allYears')}</option>
            </select>
          </div>
          <div className="field">
            <label className="field__label" htmlFor="pref">
              {t('prefecture')}
            </label>
            <select
              id="pref"
              className="input"
              value={pref.length === 1 ? pref[0] : ''}
              onChange={(e) =>
                update((p) => {
                  p.delete('pref');
                  p.delete('block');
                  if (e.target.value) p.append('pref', e.target.value);
                })
              }
            >
              <option value="">{t('anyPrefecture')}</option>
              {(ref.data?.prefectures ?? []).map((p) => (
                <option key={p.code} value={p.code}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field__label" htmlFor="block">
              {t('block')}
            </label>
            <select
              id="block"
              className="input"
              value={block}
              onChange={(e) =>
                update((p) => {
                  p.delete('pref');
                  if (e.target.value) p.set('block', e.target.value);
                  else p.delete('block');
                })
              }
            >
              <option value="">{t('anyBlock')}</option>
              {BLOCKS.map((b) => (
                <option key={b.key} value={b.key}>
                  {t(`blocks.${b.key}`)}
                </option>
              ))}
            </select>
          </div>
          <fieldset>
            <legend>{t('category')}</legend>
            {ISSUE_CATEGORIES.map((c) => (
              <div key={c} className="choice">
                <input type="checkbox" id={`cat-${c}`} checked={cats.includes(c)} onChange={() => toggle('cat', c, cats)} />{' '}
                <label htmlFor={`cat-${c}`}>{t(`categories.${c}`)}</label>
              </div>
            ))}
          </fieldset>
          <fieldset>
            <legend>{t('menu')}</legend>
            {(ref.data?.supportMenu ?? []).map((m) => (
              <div key={m.code} className="choice">
                <input type="checkbox" id={`menu-${m.code}`} checked={menu.includes(m.code)} onChange={() => toggle('menu', m.code, menu)} />{' '}
                <label htmlFor={`menu-${m.code}`}>{lang === 'en' ? m.titleEn : m.titleJa}</label>
              </div>
            ))}
          </fieldset>
          <button
            type="button"
            className="button button--text"
            onClick={() => {
              setTyped('');
              setLimit(PAGE);
              setParams(new URLSearchParams(), { replace: true, flushSync: true });
            }}
          >
            {t('clear')}
          </button>
        </form>
        <div>
          <TileMap
            counts={counts}
            names={names}
            selected={pref}
            onToggle={(code) =>
              update((p) => {
                p.delete('block');
                const now = p.getAll('pref');
                p.delete('pref');
                for (const c of now.includes(code) ? now.filter((x) => x !== code) : [...now, code]) p.append('pref', c);
              })
            }
          />
          {list.error && <ErrorNotice error={list.error} onRetry={() => window.location.reload()} />}
          <h2 aria-live="polite" data-testid="region-count">
            {page ? t('results', { count: page.total }) : ''}
          </h2>
          {page && !page.total && <p>{t('noResults')}</p>}
          <ul className="region-list" data-testid="candidate-region-list" aria-busy={list.fetching}>
            {page?.items.map((r) => {
              const categories = [...new Set(r.partners.flatMap((p) => p.issues.map((i) => i.category)))];
              const desired = [...new Set(r.partners.flatMap((p) => p.desiredSupport.map((d) => d.menuItemCode)))];
              return (
                <li key={r.id} className="card" data-testid="candidate-region">
                  <h3>
                    <Link to={`/candidate-regions/${r.id}`} aria-label={t('open', { name: `${fiscalYearLabel(r.fiscalYear)} ${r.prefecture.name}` })}>
                      {r.prefecture.name}
                    </Link>{' '}
                    <span className="tag">{fiscalYearLabel(r.fiscalYear)}</span> {r.isRepeat && <span className="tag">{t('repeat')}</span>}{' '}
                    {scope?.openRegionIds.has(r.id) && <span className="tag">{t('openForBids')}</span>}
                  </h3>
                  <dl>
                    <dt>{t('partners')}</dt>
                    <dd>{r.partners.map((p) => p.municipality.name).join('、')}</dd>
                    <dt>{t('issues')}</dt>
                    <dd>
                      {categories.map((c) => t(`categories.${c}`)).join('、')}
                      {categories.length ? '：' : ''}
                      {r.partners
                        .flatMap((p) => p.issues.map((i) => i.title))
                        .slice(0, 3)
                        .join('／')}
                    </dd>
                    <dt>{t('desired')}</dt>
                    <dd>{desired.map(menuTitle).join('、')}</dd>
                    <dt>{t('cap')}</dt>
                    <dd>{r.budgetCapYen === null || r.budgetCapYen === undefined ? t('noCap') : formatYen(r.budgetCapYen, lang)}</dd>
                    <dt>{t('publishedAt')}</dt>
                    <dd>{formatDate(r.publishedAt, lang)}</dd>
                  </dl>
                </li>
              );
            })}
          </ul>
          {page && page.items.length < page.total && (
            <button type="button" className="button button--secondary" onClick={() => setLimit((l) => Math.min(100, l + PAGE))}>
              {t('more')}
            </button>
          )}
        </div>
      </div>
    </Page>
  );
}
