import { defaultFieldResolver, GraphQLFieldResolver, GraphQLOutputType, GraphQLSchema, isListType, isNonNullType, isObjectType } from 'graphql';
import type { MaybeActor } from '@app/core';
import type { GqlContext } from '../graphql/context';
import { ACCESS_POLICY, FieldPolicy, PUBLIC, ROOT_TYPES, Rule } from './access-policy';

/* eslint-disable @typescript-eslint/no-explicit-any -- a field's source is whatever its parent resolver returned */

/** The ownership rule of a sensitive object field, asked once its role is let in: through the access layer, batched per request. */
type ObjectRule = (source: any, actor: NonNullable<MaybeActor>, ctx: GqlContext) => boolean | Promise<boolean>;

/** Rules that hold for every object the role reaches (the staff, published data): no question to ask. */
const UNCONDITIONAL: ReadonlySet<Rule> = new Set<Rule>([Rule.ALL, Rule.READ_ONLY, Rule.PUBLISHED]);

/**
 * For each sensitive object field of ACCESS_POLICY whose table names an ownership rule (not ALL/READ_ONLY): the
 * set-based check of the access layer that decides it for the object at hand. A field in the table whose rule needs a
 * check and has none here fails at start-up (`enforceObjectFieldPolicy`), so the table and the checks cannot drift.
 */
export const OBJECT_FIELD_RULES: Record<string, ObjectRule> = {
  // A prefecture reads the contacts of its own applications (AccessService.canReadContacts).
  'RegionApplication.contacts': (app: { id: string; prefectureCode: string }, actor, ctx) => ctx.loaders.allowed('canReadContacts', actor).load(app),
  // The prefecture and the partner the memorandum was made with (AccessService.canReadMemorandum); none uploaded: null anyway.
  'PartnerMunicipality.memorandum': (p: { memorandumDocumentId: string | null }, actor, ctx) =>
    !p.memorandumDocumentId || ctx.loaders.allowed('canReadMemorandum', actor).load(p.memorandumDocumentId),
  // An evaluator's sheets of a proposal behind a confirmed, unconflicted assignment (AccessService.canScoreProposal, one check per list).
  // An evaluator's list checked each proposal before it returned (`myAssignedProposals`): the answer is known, no promise.
  'RegionProposal.myScoreSheet': (p: { id: string }, actor, ctx) =>
    ctx.loaders.allowedNow('canScoreProposal', p.id) ?? ctx.loaders.allowed('canScoreProposal', actor).load(p.id),
  'RegionProposal.otherScoreSheets': (p: { id: string }, actor, ctx) => ctx.loaders.allowed('canScoreProposal', actor).load(p.id),
  // Whoever reads the application reads its requirement list (its parent); when the checks show is the parent's rule.
  'RequirementStatus.met': () => true,
};

/** What a refused object field reads as: an empty list or null, so that one hidden field does not fail a page. */
function refusal(type: GraphQLOutputType): [] | null {
  const t = isNonNullType(type) ? type.ofType : type;
  return isListType(t) ? [] : null;
}

/** The role from the table, then the field's rule from the access layer (a boolean when it is known without asking). */
export function mayReadObjectField(key: string, policy: FieldPolicy, source: unknown, ctx: GqlContext): boolean | Promise<boolean> {
  if (PUBLIC in policy) return true;
  const actor = (ctx.req?.user ?? null) as MaybeActor;
  if (!actor) return false;
  const rule = policy[actor.role];
  if (!rule) return false;
  if (UNCONDITIONAL.has(rule)) return true;
  return OBJECT_FIELD_RULES[key](source, actor, ctx);
}

/**
 * Enforces the object-field entries of ACCESS_POLICY in one place: only the fields listed are wrapped (the root fields
 * are the guard's), so the hot fields of list pages run as they were. A refused field reads as empty, as before.
 */
export function enforceObjectFieldPolicy(schema: GraphQLSchema): GraphQLSchema {
  const listed = Object.entries(ACCESS_POLICY).filter(([key]) => !(ROOT_TYPES as readonly string[]).includes(key.split('.')[0]));
  for (const [key, policy] of listed) {
    const needsRule = Object.values(policy).some((r) => !UNCONDITIONAL.has(r));
    if (needsRule && !OBJECT_FIELD_RULES[key]) throw new Error(`ACCESS_POLICY: object field ${key} names an ownership rule and has no check`);
  }
  for (const [key, policy] of listed) {
    const [typeName, fieldName] = key.split('.');
    const type = schema.getType(typeName);
    const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
    if (!field) throw new Error(`ACCESS_POLICY: ${key} is not a field of the schema`);
    const resolve: GraphQLFieldResolver<unknown, GqlContext> = field.resolve ?? defaultFieldResolver;
    const empty = refusal(field.type);
    // The schema is built for this app alone, so its fields are wrapped where they are. A decision known at once is
    // applied at once: a promise per object would make graphql-js complete every object of a list through one (W4).
    field.resolve = (source, args, ctx: GqlContext, info) => {
      const may = mayReadObjectField(key, policy, source, ctx);
      if (typeof may === 'boolean') return may ? resolve(source, args, ctx, info) : empty;
      return may.then((ok) => (ok ? resolve(source, args, ctx, info) : empty));
    };
  }
  return schema;
}
