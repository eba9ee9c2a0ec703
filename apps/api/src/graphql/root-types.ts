import { GraphQLSchema } from 'graphql';

/**
 * The root types' descriptions: code-first @nestjs/graphql builds Query, Mutation and Subscription itself and gives them
 * none, so they are set here, on the schema the API serves and `npm run schema:write` prints (issue 16: every type
 * described).
 */
export const ROOT_TYPE_DESCRIPTIONS = {
  Query:
    'Reads. Published data (programmes, calls, candidate regions, master data, briefing sessions, receipt checks) is open to anyone; every other field needs a signed-in account of a role the access policy lets in, and each reader gets only its own part (refused: UNAUTHENTICATED or FORBIDDEN). Times are ISO 8601 in UTC; deadlines are compared in Japan time (Asia/Tokyo).',
  Mutation:
    'Changes, one mutation field per request (ONE_MUTATION_PER_REQUEST otherwise). Sign-in, password reset, vendor registration and briefing sign-up are open to anyone; every other field needs a signed-in account of a role the access policy lets in. An error carries extensions.code, messageJa and messageEn. A date-time given without an offset is read as Japan time.',
  Subscription:
    'Live events over graphql-ws (connectionParams { authorization: "Bearer …" } or the session cookie): each subscriber receives only the events about what it may read.',
} as const;

export function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (type && type.name in ROOT_TYPE_DESCRIPTIONS) type.description = ROOT_TYPE_DESCRIPTIONS[type.name as keyof typeof ROOT_TYPE_DESCRIPTIONS];
  }
  return schema;
}
