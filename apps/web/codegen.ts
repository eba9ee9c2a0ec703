import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed operations from the committed schema.graphql (run from the repository root: `npm run web:codegen`). An operation
 * that does not validate against the schema fails the generation, and so the build. The output (src/gql/) is generated,
 * never committed.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['apps/web/src/**/*.{ts,tsx}', '!apps/web/src/gql/**'],
  ignoreNoDocuments: true,
  generates: {
    'apps/web/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string' } },
    },
  },
};

export default config;
