import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType } from 'graphql';

/**
 * Issue 16, "a schema its clients can read": every type, field, argument and enum value described. The ratchet has
 * reached zero, so it is now the rule: a new type, field, argument or enum value without a description fails here (and
 * in `npm run lint`, whose GraphQL rules check schema.graphql the same way). The root types (Query, Mutation,
 * Subscription), which code-first NestJS gives no description, are described in apps/api/src/graphql/root-types.ts.
 */
const MOST_UNDESCRIBED = { types: 0, fields: 0, arguments: 0, enumValues: 0 };

describe('the schema describes itself (ratchet)', () => {
  const schema = buildSchema(readFileSync(join(__dirname, '..', 'schema.graphql'), 'utf8'));
  const missing = { types: [] as string[], fields: [] as string[], arguments: [] as string[], enumValues: [] as string[] };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || (isScalarType(type) && ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name))) continue;
    if (!type.description) missing.types.push(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!field.description) missing.fields.push(`${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) if (!arg.description) missing.arguments.push(`${type.name}.${field.name}(${arg.name})`);
      }
    }
    if (isEnumType(type)) for (const v of type.getValues()) if (!v.description) missing.enumValues.push(`${type.name}.${v.name}`);
  }

  it.each(Object.keys(MOST_UNDESCRIBED) as Array<keyof typeof MOST_UNDESCRIBED>)('has no more undescribed %s than before', (kind) => {
    expect(missing[kind].length).toBeLessThanOrEqual(MOST_UNDESCRIBED[kind]);
  });

  it('names every enum value in CONSTANT_CASE', () => {
    const bad = Object.values(schema.getTypeMap())
      .filter(isEnumType)
      .filter((e) => !e.name.startsWith('__'))
      .flatMap((e) =>
        e
          .getValues()
          .filter((v) => !/^[A-Z][A-Z0-9_]*$/.test(v.name))
          .map((v) => `${e.name}.${v.name}`),
      );
    expect(bad).toEqual([]);
  });
});
