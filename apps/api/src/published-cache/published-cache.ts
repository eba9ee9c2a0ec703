import type { ApolloServerPlugin, GraphQLRequestContext, GraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { getNamedType, GraphQLSchema, isObjectType, Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import { Clock, DataVersionReader } from '@app/core';
import type { GqlContext } from '../graphql/context';

/**
 * The fields whose value is the same for every reader (published data: no rule in ACCESS_POLICY, nothing resolved from
 * the reader). An operation is answered from memory only when every field it selects is listed here; anything else
 * (PartnerMunicipality.memorandum, Inquiry.asker, any field added later) executes as usual. Listed, not derived, so that
 * a new personal field is never cached by accident.
 */
const PUBLISHED_FIELDS: Record<string, ReadonlySet<string>> = {
  // callResults: the same for every reader of a role (staff also see an approved run; CallResults.run and Match.score …
  // are staff-only object fields, not listed below).
  Query: new Set(['candidateRegions', 'candidateRegion', 'callResults']),
  CallResults: new Set(['matches', 'unsupported']),
  Match: new Set(['candidateRegion', 'candidateRegionId', 'id', 'proposalId', 'runId', 'source', 'status', 'vendorId']),
  UnsupportedRegion: new Set(['candidateRegionId', 'detail', 'detailJa', 'reason', 'reasonJa']),
  CandidateRegionPage: new Set(['items', 'round', 'total']),
  CandidateRound: new Set(['fiscalYear', 'openForBids', 'regionCallId']),
  CandidateRegion: new Set([
    'bonusPoints',
    'budgetCapYen',
    'callId',
    'fiscalYear',
    'id',
    'isRepeat',
    'participationRatio',
    'partners',
    'prefecture',
    'prefectureCode',
    'prefectureIssues',
    'publishedAt',
    'publishedInquiries',
    'structureMode',
  ]),
  PartnerMunicipality: new Set(['desiredSupport', 'id', 'issues', 'municipality', 'municipalityCode']),
  Prefecture: new Set(['code', 'kana', 'lgCode', 'municipalityCount', 'name']),
  Municipality: new Set(['isBasic', 'kana', 'kind', 'lgCode', 'name', 'prefecture', 'prefectureCode']),
  RegionalIssue: new Set(['category', 'description', 'id', 'title']),
  DesiredSupport: new Set(['detailCodes', 'menuItemCode', 'note']),
  Inquiry: new Set(['answer', 'answeredAt', 'askedAt', 'callId', 'candidateRegionId', 'id', 'publishedAt', 'question']),
};

/** Whether every field of the selection (fragments included) is published data. */
export function selectsOnlyPublished(
  schema: GraphQLSchema,
  document: DocumentNode,
  typeName: string,
  set: SelectionSetNode,
  seen = new Set<string>(),
): boolean {
  const type = schema.getType(typeName);
  const allowed = PUBLISHED_FIELDS[typeName];
  if (!type || !isObjectType(type) || !allowed) return false;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) {
      if (s.name.value === '__typename') continue;
      if (!allowed.has(s.name.value)) return false;
      if (s.directives?.some((d) => d.name.value !== 'include' && d.name.value !== 'skip')) return false;
      const field = type.getFields()[s.name.value];
      if (!field) return false;
      if (s.selectionSet && !selectsOnlyPublished(schema, document, getNamedType(field.type).name, s.selectionSet, seen)) return false;
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      if (!selectsOnlyPublished(schema, document, s.typeCondition?.name.value ?? typeName, s.selectionSet, seen)) return false;
    } else {
      if (seen.has(s.name.value)) continue;
      seen.add(s.name.value);
      const f = document.definitions.find((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === s.name.value);
      if (!f || !selectsOnlyPublished(schema, document, f.typeCondition.name.value, f.selectionSet, seen)) return false;
    }
  }
  return true;
}

const MAX_ENTRIES = 5_000;

interface Entry {
  data: Record<string, unknown>;
  /** The response body as Apollo sends it (`JSON.stringify` of `{ data }` and a newline, UTF-8), for the fast path. */
  body: Buffer;
  validUntil?: Date;
}

/**
 * Whole responses of published data, kept in this process under the published data's version (DataVersionReader):
 * each read first reads the versions (one statement per request, shared with the sign-in check's actor version); a newer version empties the cache, so a change committed on any
 * instance is seen on the next read everywhere — by construction, not by a time to live. Keyed by the reader's role
 * (anonymous included), the operation's text, its name and its variables: nothing of a single reader is in it.
 */
@Injectable()
export class PublishedResponseCache {
  private readonly versions: DataVersionReader;
  private current = -1n;
  private entries = new Map<string, Entry>();
  /** Answers sent by PublishedFastPathMiddleware since start-up (for tests and a glance at a running server). */
  servedBeforeApollo = 0;

  constructor(
    db: DataSource,
    private readonly clock: Clock,
  ) {
    this.versions = DataVersionReader.of(db);
  }

  /** The published data's version as of this request (read once per request, whoever asks first). */
  async readVersion(req: object): Promise<bigint> {
    return (await this.versions.forRequest(req)).published;
  }

  /**
   * The response kept under this version, if any (an older version read by a racing request neither reads nor writes).
   * An answer that depends on the clock (`candidateRegions(currentRound: true)`: a vendor call opening at its opensAt
   * changes the round with no write, so no version bump) was kept with the instant it may change, and is not served
   * from then on. Kept rather than excluded (the page's default list is the most read) and not keyed on the time
   * (the key would need the calls read before the cache answers); the expiry is that key's time part: the answer
   * holds from its reading until the next opening, decided by the resolver that read the calls.
   */
  get(version: bigint, key: string): Entry | undefined {
    if (version > this.current) {
      this.current = version;
      this.entries = new Map();
    }
    if (version !== this.current) return undefined;
    const entry = this.entries.get(key);
    if (entry?.validUntil && this.clock.now().getTime() >= entry.validUntil.getTime()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Whether an answer is kept under this key in any version (no version read: the fast path's cheap first test). */
  mayHave(key: string): boolean {
    return this.entries.has(key);
  }

  set(version: bigint, key: string, data: Record<string, unknown>, validUntil?: Date): void {
    if (version !== this.current) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries = new Map();
    this.entries.set(key, { data, body: Buffer.from(`${JSON.stringify({ data })}\n`), validUntil });
  }

  plugin(): ApolloServerPlugin<GqlContext> {
    return {
      requestDidStart: async () => {
        let pending: { version: bigint; key: string } | undefined;
        return {
          responseForOperation: async (rc: GraphQLRequestContext<GqlContext>): Promise<GraphQLResponse | null> => {
            const key = this.keyOf(rc);
            if (key === undefined) return null;
            const version = await this.readVersion(rc.contextValue.req);
            const data = this.get(version, key)?.data;
            if (data !== undefined) return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data } } };
            pending = { version, key };
            return null;
          },
          willSendResponse: async ({ response, contextValue }) => {
            if (!pending || response.body.kind !== 'single') return;
            const { data, errors } = response.body.singleResult;
            if (!errors && data && (response.http.status ?? 200) === 200) this.set(pending.version, pending.key, data, contextValue.publishedValidUntil);
          },
        };
      },
    };
  }

  /** The cache key of a query over HTTP that selects published data only; undefined for anything else. */
  private keyOf({ operation, document, request, contextValue, schema }: GraphQLRequestContext<GqlContext>): string | undefined {
    if (!operation || !document || operation.operation !== 'query' || contextValue.ws || typeof request.query !== 'string') return undefined;
    // The guard would answer a failed account read with an internal error: let it.
    if ((contextValue.req as { authError?: unknown }).authError) return undefined;
    // `{ __typename }` alone (a health probe, W1) has nothing to keep: no version read for it.
    if (operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value === '__typename')) return undefined;
    if (!selectsOnlyPublished(schema, document, 'Query', operation.selectionSet)) return undefined;
    return publishedKey(contextValue.req.user?.role, request.operationName, request.query, request.variables);
  }
}

/** The key of a published answer: the reader's role (anonymous included), the operation's name, its text and variables. */
export function publishedKey(role: string | undefined, operationName: unknown, query: string, variables: unknown): string {
  return `${role ?? 'ANONYMOUS'}\n${typeof operationName === 'string' ? operationName : ''}\n${query}\n${JSON.stringify(variables ?? {})}`;
}
