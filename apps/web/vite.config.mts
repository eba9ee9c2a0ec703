import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Each chunk carries only the GraphQL documents it uses. The codegen's `graphql()` looks a document up in one map of all
 * of them (src/gql/gql.ts), and the generated src/gql/graphql.ts holds them all in one module, which a bundler puts in
 * one chunk (the entry's): every feature's documents would load with the first page. This replaces each
 * `graphql(\`query Name …\`)` by an import of a module of its own holding only the generated `NameDocument`
 * (`NameFragmentDoc` for a fragment), under a private alias so that it never collides with a local constant of the same
 * name. It is the object the map would have returned (copied from graphql.ts, which the codegen checked against the
 * schema), and the type-check still sees `graphql()`.
 */
function graphqlDocumentsPerChunk(): Plugin {
  const src = join(root, 'src');
  const gql = join(src, 'gql');
  const prefix = 'virtual:rdx-gql/';
  return {
    name: 'rdx-graphql-documents-per-chunk',
    enforce: 'pre',
    resolveId: (id) => (id.startsWith(prefix) ? `\0${id}` : null),
    load(id) {
      if (!id.startsWith(`\0${prefix}`)) return null;
      const name = id.slice(prefix.length + 1);
      const generated = join(gql, 'graphql.ts');
      this.addWatchFile(generated);
      const line = readFileSync(generated, 'utf8')
        .split('\n')
        .find((l) => l.startsWith(`export const ${name} = {`));
      const value = line?.slice(`export const ${name} = `.length).replace(/ as unknown as DocumentNode<.*>;$/, '');
      if (!value?.endsWith('}')) throw new Error(`${name} is not in src/gql/graphql.ts: run npm run web:codegen`);
      return `export default ${value};\n`;
    },
    transform(code, id) {
      const file = id.split('?')[0];
      if (!file.startsWith(src + '/') || file.startsWith(gql + '/') || !/\.tsx?$/.test(file) || !code.includes('graphql(`')) return null;
      const used = new Set<string>();
      const out = code.replace(/\bgraphql\(\s*`([^`]*)`\s*\)/g, (_, body: string) => {
        const m = /^\s*(query|mutation|subscription|fragment)\s+(\w+)/.exec(body);
        if (!m) throw new Error(`${file}: a graphql() document must start with a named operation or fragment`);
        const name = m[1] === 'fragment' ? `${m[2]}FragmentDoc` : `${m[2]}Document`;
        used.add(name);
        return `__gql_${name}`;
      });
      const imports = [...used].map((n) => `import __gql_${n} from '${prefix}${n}';\n`).join('');
      // The `graphql` import itself is no longer used: dropped, so that the map of all documents is not pulled in.
      return { code: imports + out.replace(/^import \{ graphql \} from '[./]+\/gql';\n/m, ''), map: null };
    },
  };
}

const api = process.env.API_URL ?? 'http://localhost:3000';

/** The web client: built into dist/web, which the API serves at `/` (apps/api/src/web/web-client.ts). */
export default defineConfig({
  root,
  base: '/',
  plugins: [graphqlDocumentsPerChunk(), react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
  // `npm run web:dev`: Vite's dev server in front of a running API (npm run start:dev), same paths as production.
  server: {
    port: 5173,
    proxy: {
      '/graphql': { target: api, ws: true, changeOrigin: false },
      '/documents': api,
      '/exports': api,
      '/health': api,
      '/ide': api,
      '/briefing/': api,
    },
  },
});
