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
    fiscalYear
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
    $currentRound: Boolean
    $callId: ID
    $prefectureCodes: [String!]
    $issueCategories: [IssueCategory!]
    $menuItemCodes: [String!]
    $text: String
    $limit: Int!
    $offset: Int!
  ) {
    candidateRegions(
      currentRound: $currentRound
      callId: $callId
      prefectureCodes: $prefectureCodes
      issueCategories: $issueCategories
      menuItemCodes: $menuItemCodes
      text: $text
      limit: $limit
      offset: $offset
    ) {
      total
      round {
        fiscalYear
        openForBids
      }
      items {
        ...CandidateRegionSummary
      }
    }
  }
`);

/**
 * The rounds: each programme's calls, and for the vendor calls the regions they list (their ids and the region call they
 * were published for). Small: what the year filter offers and which regions are open for bids now. The default list does
 * not wait for it: the server picks the current round (`currentRound: true`).
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
  /** The rounds with candidate regions, newest first (the year filter's choices). */
  rounds: Round[];
  /** The regions a vendor call open now lists (open for bids). */
  openRegionIds: Set<string>;
}

export function readScope(data: CandidateRegionScopeQuery | undefined): Scope | undefined {
  if (!data) return undefined;
  const rounds: Round[] = [];
  const openRegionIds = new Set<string>();
  for (const p of [...data.programs].sort((a, b) => b.fiscalYear - a.fiscalYear)) {
    const regionCallIds = new Set<string>();
    for (const c of p.calls) {
      if (c.kind === 'REGION' && (c.status === 'DECIDED' || c.status === 'PUBLISHED')) regionCallIds.add(c.id);
      for (const r of c.candidateRegions) regionCallIds.add(r.callId);
    }
    const [regionCallId] = regionCallIds;
    if (!regionCallId) continue;
    const round = { fiscalYear: p.fiscalYear, regionCallId };
    rounds.push(round);
    for (const c of p.calls) if (c.kind === 'VENDOR' && c.status === 'OPEN') for (const r of c.candidateRegions) openRegionIds.add(r.id);
  }
  return { rounds, openRegionIds };
}

export interface ListFilters {
  /** The round the server shows by default (the one open for bids, else the newest: `currentRound` in libs/calls). */
  currentRound?: boolean;
  /** The region call the list is limited to (undefined, without currentRound: every year). */
  callId?: string;
  prefectureCodes?: string[];
  issueCategories?: IssueCategory[];
  menuItemCodes?: string[];
  text?: string;
}

/**
 * The round the URL asks for: by default the server's current round and every year need no scope; a given year waits
 * for it (null until then: its region call is only known from the scope).
 */
export function roundOf(params: URLSearchParams, scope: Scope | undefined): { callId?: string; currentRound?: boolean } | null {
  const fy = params.get('fy');
  if (fy === ALL_YEARS) return {};
  if (!fy) return { currentRound: true };
  if (!scope) return null;
  const round = scope.rounds.find((r) => String(r.fiscalYear) === fy);
  return round ? { callId: round.regionCallId } : {};
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
 * Started by the route's loader, beside the page's chunk: the scope and the first page of the list as the URL asks for
 * it, at once and side by side (the same variables the page will use, so urql answers the page from these requests).
 * Only a list of a given year (`?fy=2025`) waits for the scope, which knows that year's region call.
 */
export async function prefetchCandidateRegionList(client: Client, params: URLSearchParams): Promise<void> {
  const scopeRequest = client.query(CandidateRegionScopeDocument, {}).toPromise();
  const list = (filters: ListFilters) => client.query(CandidateRegionListDocument, { ...filters, limit: PAGE, offset: 0 }).toPromise();
  const now = filtersOf(params, undefined);
  if (now) {
    await Promise.all([scopeRequest, list(now)]);
    return;
  }
  const filters = filtersOf(params, readScope((await scopeRequest).data));
  if (filters) await list(filters);
}
