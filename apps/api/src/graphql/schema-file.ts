import { INestApplicationContext } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';

export const SCHEMA_FILE = 'schema.graphql';

/** The schema as committed in schema.graphql: sorted, so that a diff shows only real changes. */
export function printApiSchema(app: INestApplicationContext): string {
  const header = '# Generated from the code-first schema by `npm run schema:write`. Do not edit by hand.\n\n';
  return header + printSchema(lexicographicSortSchema(app.get(GraphQLSchemaHost).schema)) + '\n';
}
