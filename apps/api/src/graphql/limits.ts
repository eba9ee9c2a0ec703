import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { NextFunction, Request, Response } from 'express';
import {
  ASTVisitor,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLError,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
} from 'graphql';
import { DomainError } from '@app/core';

/**
 * The size limits of one GraphQL request, in one place. Measured on every operation the tests,
 * fixtures, demo and bench send (283 documents, November 2025): depth at most 5, cost at most
 * 119, 90 tokens, 595 characters, no aliases or directives; GraphiQL's introspection query is
 * 184 tokens and 2,075 characters and nests fields 15 deep (introspection has its own depth limit, is
 * not counted for cost, and is off in production). The limits leave room for a real client (a dashboard aliasing a few lists,
 * @include on form sections) while refusing documents built to exhaust the server.
 */
export const QUERY_LIMITS = {
  /** Nesting of selections (the schema's useful paths need 5; cycles such as call → program → calls stop here). */
  depth: 8,
  /** Aliased fields per operation, __typename included: one field fetched many times over is the classic amplification. */
  aliases: 15,
  /**
   * Nesting of fields under `__schema` (fragments flattened), outside production: the standard introspection query of
   * graphql-js and GraphiQL (TypeRef: nine levels of ofType) is exactly 15; anything deeper only costs the server.
   */
  introspectionDepth: 15,
  /** graphql-armor's cost (object 2, scalar 1, ×1.5 per level): about 8 times the largest real operation. */
  cost: 1000,
  /** Lexical tokens, counted while parsing so that a huge document is abandoned early. */
  tokens: 1000,
  /** @include/@skip and the like per operation. */
  directives: 10,
  /** Characters of the query text, checked before parsing. */
  characters: 20_000,
} as const;

export type QueryLimit = keyof typeof QUERY_LIMITS;

const LIMIT_MESSAGES: Record<QueryLimit, { ja: string; en: string }> = {
  depth: { ja: 'クエリの入れ子が深すぎます', en: 'The query is nested too deeply' },
  aliases: { ja: 'クエリの別名（エイリアス）が多すぎます', en: 'The query uses too many aliases' },
  introspectionDepth: { ja: 'スキーマ照会（イントロスペクション）の入れ子が深すぎます', en: 'The introspection query is nested too deeply' },
  cost: { ja: 'クエリの取得量（コスト）が大きすぎます', en: 'The query costs too much' },
  tokens: { ja: 'クエリのトークン数が多すぎます', en: 'The query has too many tokens' },
  directives: { ja: 'クエリのディレクティブが多すぎます', en: 'The query uses too many directives' },
  characters: { ja: 'クエリの文字数が多すぎます', en: 'The query text is too long' },
};

/** The typed error for a request over one of the limits. */
export function queryTooComplex(limit: QueryLimit): DomainError {
  const max = QUERY_LIMITS[limit];
  const m = LIMIT_MESSAGES[limit];
  return new DomainError('QUERY_TOO_COMPLEX', { limit, max }, { ja: `${m.ja}（上限 ${max}）。`, en: `${m.en} (limit ${max}).` });
}

/** A validation error that carries a DomainError, so that formatError gives it its code and messages. */
export function validationError(error: DomainError, nodes?: GraphQLError['nodes']): GraphQLError {
  return new GraphQLError(error.messages.en, { nodes, originalError: error });
}

const reject =
  (limit: QueryLimit) =>
  (ctx: ValidationContext | null): void =>
    ctx?.reportError(validationError(queryTooComplex(limit)));

/**
 * graphql-armor's depth, alias, cost and directive rules with the limits above; a rejection is
 * reported as QUERY_TOO_COMPLEX instead of armor's untyped error. Armor's own token plugin and
 * field-suggestion plugin are not used: the first throws from a plugin hook, which Apollo turns
 * into a 500 (tokens are counted by graphql-js's parser instead, see `parseOptions`), the second
 * misses the enum-value suggestions (see hideSuggestionsPlugin).
 */
export function armorValidationRules(): ValidationRule[] {
  const armor = new ApolloArmor({
    maxDepth: { n: QUERY_LIMITS.depth, ignoreIntrospection: true, propagateOnRejection: false, onReject: [reject('depth')] },
    // Armor's default allow-list would let `a1: __typename …` and `__typename: someField` through uncounted.
    maxAliases: { n: QUERY_LIMITS.aliases, allowList: [], propagateOnRejection: false, onReject: [reject('aliases')] },
    costLimit: { maxCost: QUERY_LIMITS.cost, ignoreIntrospection: true, propagateOnRejection: false, onReject: [reject('cost')] },
    maxDirectives: { n: QUERY_LIMITS.directives, propagateOnRejection: false, onReject: [reject('directives')] },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  });
  return armor.protect().validationRules as ValidationRule[];
}

/** How deep fields nest below a selection set, fragments flattened (a fragment cycle is GraphQL's own error). */
function fieldDepth(
  set: SelectionSetNode | undefined,
  fragments: (name: string) => FragmentDefinitionNode | null | undefined,
  open = new Set<string>(),
): number {
  if (!set) return 0;
  let depth = 0;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) depth = Math.max(depth, 1 + fieldDepth(s.selectionSet, fragments, open));
    else if (s.kind === Kind.INLINE_FRAGMENT) depth = Math.max(depth, fieldDepth(s.selectionSet, fragments, open));
    else if (!open.has(s.name.value)) {
      const inner = new Set(open).add(s.name.value);
      depth = Math.max(depth, fieldDepth(fragments(s.name.value)?.selectionSet, fragments, inner));
    }
  }
  return depth;
}

/**
 * Armor's depth rule skips `__schema` (so that GraphiQL's introspection passes the depth limit of 8): this rule
 * bounds it instead, by the depth of the standard introspection query. (graphql-js's own
 * MaxIntrospectionDepthRule bounds only the nesting of lists such as fields → type → fields.)
 */
export const introspectionDepthRule: ValidationRule = (ctx: ValidationContext): ASTVisitor => ({
  OperationDefinition(node) {
    const fragments = (name: string) => ctx.getFragment(name);
    const schemaFields = fieldsOf(node.selectionSet, fragments).filter((f) => f.name.value === '__schema');
    const depth = Math.max(0, ...schemaFields.map((f) => 1 + fieldDepth(f.selectionSet, fragments)));
    if (depth > QUERY_LIMITS.introspectionDepth) ctx.reportError(validationError(queryTooComplex('introspectionDepth'), [node]));
  },
});

/** graphql-js stops parsing past this many tokens ("Document contains more than N tokens"). */
export const parseOptions = { maxTokens: QUERY_LIMITS.tokens };

/** Recognises graphql-js's token-limit syntax error, to report it as QUERY_TOO_COMPLEX. */
export const isTokenLimitError = (message: string): boolean => /contains more th(?:an|at) \d+ tokens/.test(message); // graphql-js 16 writes "more that"

/** The fields a selection set asks for at its own level, through fragments. */
function fieldsOf(set: SelectionSetNode, fragments: (name: string) => FragmentDefinitionNode | null | undefined, seen = new Set<string>()): FieldNode[] {
  return set.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return s.name.value === '__typename' ? [] : [s];
    if (s.kind === Kind.INLINE_FRAGMENT) return fieldsOf(s.selectionSet, fragments, seen);
    if (seen.has(s.name.value)) return [];
    seen.add(s.name.value);
    const fragment = fragments(s.name.value);
    return fragment ? fieldsOf(fragment.selectionSet, fragments, seen) : [];
  });
}

/** The root fields of an operation (through fragments; __typename aside). */
export function rootFields(operation: OperationDefinitionNode, fragments: (name: string) => FragmentDefinitionNode | null | undefined): FieldNode[] {
  return fieldsOf(operation.selectionSet, fragments);
}

/**
 * One root field per mutation: each mutation is then its own unit of authorisation, rate
 * counting and failure, and a request cannot chain many writes past the per-request checks.
 */
export const oneMutationPerRequestRule: ValidationRule = (ctx: ValidationContext): ASTVisitor => ({
  OperationDefinition(node) {
    if (node.operation !== 'mutation') return;
    const fields = rootFields(node, (name) => ctx.getFragment(name));
    if (fields.length > 1) ctx.reportError(validationError(new DomainError('ONE_MUTATION_PER_REQUEST', { fields: fields.length }), [node]));
  },
});

/** Every rule this API adds to GraphQL's own validation. */
export function limitValidationRules(): ValidationRule[] {
  return [...armorValidationRules(), introspectionDepthRule, oneMutationPerRequestRule];
}

/**
 * In production, "Did you mean …?" hints (fields, arguments, types, enum values) would let a
 * stranger read the schema that introspection hides; they are cut from every error message.
 */
export function hideSuggestionsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const e of errors) (e as { message: string }).message = stripSuggestions(e.message);
        },
      };
    },
  };
}

export const stripSuggestions = (message: string): string => message.replace(/\s*Did you mean [^?]*\?/g, '');

/**
 * The character limit, before the query is even parsed (the JSON body itself is capped at 1 MB by
 * the body parser). Answers as GraphQL would, with the typed error.
 */
export function queryLengthLimit(req: Request, res: Response, next: NextFunction): void {
  const body = req.body as unknown;
  const queries = [
    ...(Array.isArray(body) ? body : [body]).map((b) => (b as { query?: unknown } | undefined)?.query),
    (req.query as Record<string, unknown> | undefined)?.query,
  ];
  if (!queries.some((q) => typeof q === 'string' && q.length > QUERY_LIMITS.characters)) return next();
  const e = queryTooComplex('characters');
  res.status(400).json({
    errors: [{ message: e.messages.en, extensions: { code: e.code, messageJa: e.messages.ja, messageEn: e.messages.en, details: e.details } }],
  });
}
