import type { Client } from 'urql';
import { graphql } from '../../gql';
import type { CandidateRegionScopeQuery, IssueCategory } from '../../gql/graphql';
import { BLOCKS } from '../../shared/map/japan';

/**
 * The candidate-region list's queries and how the URL's filters become their variables. Part of the entry chunk (not
 * of the lazily loaded page), so that the route's loader starts the queries while the page's chunk is still on its way
 * (prefetchCandidateRegionList): the page then finds them in flight or in the cache.
 */

/** What a region's card shows; the region's own page asks for it and more. */
export const CandidateRegionSummaryFragment = graphql(`
  fragment CandidateRegionSummary on CandidateRegion {
    id
    callId
    prefectureCode
    budgetCapYen
    isRepeat
    publishedAt
    prefecture {
      code
      name
    }
    partners {
      id
      municipality {
        lgCode
        name
      }
      issues {
        id
        category
        title
      }
      desiredSupport {
        menuItemCode
      }
    }
  }
`);

export const CandidateRegionListDocument = graphql(`
  query CandidateRegionList(
    $callId: ID
    $prefectureCodes: [String!]
    $issueCategories: [IssueCategory!]
    $menuItemCodes: [String!]
    $text: String
    $limit: Int!
    $offset: Int!
  ) {
    candidateRegions(
      callId: $callId
      prefectureCodes: $prefectureCodes
      issueCategories: $issueCategories
      menuItemCodes: $menuItemCodes
      text: $text
      limit: $limit
      offset: $offset
    ) {
      total
      items {
        ...CandidateRegionSummary
      }
    }
  }
`);

/**
 * The rounds: each programme's calls, and for the vendor calls the regions they list (their ids and the region call they
 * were published for). Small: what the year filter offers and which regions are open for bids now.
 */
export const CandidateRegionScopeDocument = graphql(`
  query CandidateRegionScope {
    programs {
      id
      fiscalYear
      calls {
        id
        kind
        status
        candidateRegions {
          id
          callId
        }
      }
    }
  }
`);

export const PAGE = 20;

/** The `fy` URL parameter: absent = the round open for bids now; `all` = every year; a fiscal year = that year's round. */
export const ALL_YEARS = 'all';

export interface Round {
  fiscalYear: number;
  /** The region call whose published candidate regions this round's vendor calls list. */
  regionCallId: string;
}

export interface Scope {
  /** The rounds with candidate regions, newest first. */
  rounds: Round[];
  /** The round shown by default: the one with a vendor call open for bids, else the newest. */
  current: Round | undefined;
  /** Whether `current` has a vendor call open for bids. */
  currentIsOpen: boolean;
  /** The regions a vendor call open now lists (open for bids). */
  openRegionIds: Set<string>;
  fiscalYearOfCall: Map<string, number>;
}

export function readScope(data: CandidateRegionScopeQuery | undefined): Scope | undefined {
  if (!data) return undefined;
  const rounds: Round[] = [];
  const openRegionIds = new Set<string>();
  const fiscalYearOfCall = new Map<string, number>();
  let open: Round | undefined;
  for (const p of [...data.programs].sort((a, b) => b.fiscalYear - a.fiscalYear)) {
    for (const c of p.calls) fiscalYearOfCall.set(c.id, p.fiscalYear);
    const regionCallIds = new Set<string>();
    for (const c of p.calls) {
      if (c.kind === 'REGION' && (c.status === 'DECIDED' || c.status === 'PUBLISHED')) regionCallIds.add(c.id);
      for (const r of c.candidateRegions) regionCallIds.add(r.callId);
    }
    const [regionCallId] = regionCallIds;
    if (!regionCallId) continue;
    const round = { fiscalYear: p.fiscalYear, regionCallId };
    rounds.push(round);
    for (const c of p.calls)
      if (c.kind === 'VENDOR' && c.status === 'OPEN' && c.candidateRegions.length) {
        for (const r of c.candidateRegions) openRegionIds.add(r.id);
        open ??= round;
      }
  }
  return { rounds, current: open ?? rounds[0], currentIsOpen: !!open, openRegionIds, fiscalYearOfCall };
}

export interface ListFilters {
  /** The region call the list is limited to (undefined: every year). */
  callId?: string;
  prefectureCodes?: string[];
  issueCategories?: IssueCategory[];
  menuItemCodes?: string[];
  text?: string;
}

/** The round the URL asks for: null while the scope is not known yet (the list waits for it). */
export function roundOf(params: URLSearchParams, scope: Scope | undefined): { callId?: string } | null {
  const fy = params.get('fy');
  if (fy === ALL_YEARS) return {};
  if (!scope) return null;
  if (fy) {
    const round = scope.rounds.find((r) => String(r.fiscalYear) === fy);
    return round ? { callId: round.regionCallId } : {};
  }
  return scope.current ? { callId: scope.current.regionCallId } : {};
}

/** The list's filters from the URL (the map's are the same without the prefecture and the block). */
export function filtersOf(params: URLSearchParams, scope: Scope | undefined): ListFilters | null {
  const round = roundOf(params, scope);
  if (!round) return null;
  const pref = params.getAll('pref');
  const blockCodes = BLOCKS.find((b) => b.key === params.get('block'))?.codes;
  const cats = params.getAll('cat') as IssueCategory[];
  const menu = params.getAll('menu');
  const text = params.get('q') ?? '';
  return {
    ...round,
    prefectureCodes: pref.length ? pref : blockCodes,
    issueCategories: cats.length ? cats : undefined,
    menuItemCodes: menu.length ? menu : undefined,
    text: text || undefined,
  };
}

/**
 * Started by the route's loader, beside the page's chunk: the scope, then the first page of the list as the URL asks
 * for it (the same variables the page will use, so urql answers the page from this request).
 */
export async function prefetchCandidateRegionList(client: Client, params: URLSearchParams): Promise<void> {
  const fy = params.get('fy');
  const scopeRequest = client.query(CandidateRegionScopeDocument, {}).toPromise();
  // "All years" needs no scope: that list starts at once.
  const scope = fy === ALL_YEARS ? undefined : readScope((await scopeRequest).data);
  const filters = filtersOf(params, scope);
  if (filters) await client.query(CandidateRegionListDocument, { ...filters, limit: PAGE, offset: 0 }).toPromise();
}
