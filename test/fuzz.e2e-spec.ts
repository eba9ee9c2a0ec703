import fc from 'fast-check';
import { getNamedType, GraphQLField } from 'graphql';
import { buildOperation, buildWorld, createTestApp, reportFigures, leaks, Principal, rootFields, send, TestApp, World } from './support';

/**
 * Valid and malformed operations over the live schema, from every principal: wrong types, huge
 * strings, unicode edge cases, deep nesting, bad ids and other users' ids. Whatever arrives, the
 * answer is a typed error or data the caller may see: never a 5xx, never INTERNAL_SERVER_ERROR,
 * never a planted marker outside its readers. 2,000 operations here; `npm run test:fuzz` runs 50,000.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  '👨‍👩‍👧‍👦'.repeat(50),
  'e\u0301\u0301\u0301',
  '\u200b\u200c\u200d\ufeff',
  '𠮷野家',
  "'; DROP TABLE region_applications; --",
  '$1',
  '{"$gt": ""}',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '%00%0d%0a',
  '９９９９９９',
  'NaN',
  '-0',
  '1e309',
];
const BAD_IDS = ['not-a-uuid', '', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', "1' OR '1'='1", '\u0000', '1'.repeat(5000)];

type Mode = 'valid' | 'foreignIds' | 'wrongType' | 'hugeString' | 'nastyString' | 'badId' | 'deepNesting' | 'truncated' | 'unknownField';
const MODES: Mode[] = ['valid', 'foreignIds', 'wrongType', 'hugeString', 'nastyString', 'badId', 'deepNesting', 'truncated', 'unknownField'];

describe('fuzzing the live schema', () => {
  let t: TestApp;
  let w: World;
  const tally = { sent: 0, fiveHundreds: 0, internal: 0, untyped: 0, leaks: 0 };

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    await w.advance('evaluating');
  });
  afterAll(async () => {
    reportFigures(
      `fuzz: ${tally.sent} operations, ${tally.fiveHundreds} HTTP 5xx, ${tally.internal} INTERNAL_SERVER_ERROR, ${tally.untyped} untyped errors, ${tally.leaks} leaks of planted data`,
    );
    await t.close();
  });

  /** Rewrites the variables (or the text) of a valid operation into the malformed shape a mode asks for. */
  function shape(mode: Mode, op: { text: string; variables: Record<string, unknown> }, field: GraphQLField<unknown, unknown>, rnd: number) {
    const vars = structuredClone(op.variables);
    const keys = Object.keys(vars);
    const key = keys[rnd % Math.max(keys.length, 1)];
    const deepReplace = (v: unknown, f: (s: unknown) => unknown): unknown =>
      Array.isArray(v)
        ? v.map((x) => deepReplace(x, f))
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deepReplace(x, f)]))
          : f(v);
    switch (mode) {
      case 'wrongType':
        if (key) vars[key] = [42, 'text', true, { nested: 1 }, [1, 2], null, 1.5][rnd % 7];
        return { text: op.text, variables: vars };
      case 'hugeString':
        return {
          text: op.text,
          variables: deepReplace(vars, (s) => (typeof s === 'string' ? 'あ'.repeat(100_000 + (rnd % 1000)) : s)) as Record<string, unknown>,
        };
      case 'nastyString':
        return {
          text: op.text,
          variables: deepReplace(vars, (s) => (typeof s === 'string' ? NASTY_STRINGS[rnd % NASTY_STRINGS.length] : s)) as Record<string, unknown>,
        };
      case 'badId': {
        const idArgs = field.args.filter((a) => getNamedType(a.type).name === 'ID').map((a) => a.name);
        for (const k of idArgs) vars[k] = Array.isArray(vars[k]) ? [BAD_IDS[rnd % BAD_IDS.length]] : BAD_IDS[rnd % BAD_IDS.length];
        return { text: op.text, variables: vars };
      }
      case 'deepNesting': {
        // Far deeper than any client needs: nested fragments, a cycle through the schema (Program ⇄ Call), or nested input lists.
        const depth = 8 + (rnd % 40);
        if (rnd % 3 === 0) return { text: `query { ${'... on Query { '.repeat(depth)}__typename${' }'.repeat(depth)} }`, variables: {} };
        if (rnd % 3 === 1) return { text: `query { programs { ${'calls { program { '.repeat(depth)}id${' } }'.repeat(depth)} } }`, variables: {} };
        let nested: unknown = 'x';
        for (let d = 0; d < depth * 20; d++) nested = [nested];
        if (key) vars[key] = nested;
        return { text: op.text, variables: vars };
      }
      case 'truncated':
        return { text: op.text.slice(0, Math.max(1, rnd % op.text.length)), variables: vars };
      case 'unknownField':
        return { text: op.text.replace(/\{ /, '{ noSuchField_x ').replace(field.name, `${field.name}`), variables: vars };
      default:
        return op;
    }
  }

  it(
    `answers ${RUNS} generated operations with typed errors or data the caller may see`,
    async () => {
      const queries = rootFields(w.schema, 'query');
      const mutations = rootFields(w.schema, 'mutation');
      // The secretariat only reads here: its random writes would rearrange the world the markers describe.
      const writers = w.principals.filter((p) => p.key !== 'secretariat');
      const arb = fc.record({
        principal: fc.constantFrom(...w.principals),
        mutation: fc.boolean(),
        fieldIndex: fc.nat(),
        mode: fc.constantFrom(...MODES),
        picks: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
        rnd: fc.nat(),
      });
      const failures: string[] = [];
      await fc
        .assert(
          fc.asyncProperty(arb, async ({ principal, mutation, fieldIndex, mode, picks, rnd }) => {
            const p: Principal = mutation && principal.key === 'secretariat' ? writers[rnd % writers.length] : principal;
            const fields = mutation ? mutations : queries;
            const field = fields[fieldIndex % fields.length];
            let n = 0;
            const base = buildOperation(w, mutation ? 'mutation' : 'query', field, (arg, pool) => {
              if (!pool?.length) return undefined;
              const own = pool.filter((x) => x.owners.includes(p.key));
              const others = pool.filter((x) => !x.owners.includes(p.key));
              const from = mode === 'foreignIds' && others.length ? others : own.length && picks[n % 8] % 2 ? own : pool;
              return from[picks[n++ % 8] % from.length];
            });
            const op = shape(mode, base, field, rnd);
            const r = await send(w, p, op);
            tally.sent++;
            const problems: string[] = [];
            if (r.status >= 500) {
              tally.fiveHundreds++;
              problems.push(`HTTP ${r.status}`);
            }
            for (const e of r.errors ?? []) {
              const code = e.extensions?.code;
              if (code === 'INTERNAL_SERVER_ERROR') {
                tally.internal++;
                problems.push('INTERNAL_SERVER_ERROR');
              } else if (!code || !e.extensions?.messageJa || !e.extensions?.messageEn) {
                tally.untyped++;
                problems.push(`untyped error: ${JSON.stringify(e).slice(0, 200)}`);
              }
            }
            for (const m of leaks(w, p, JSON.stringify(r.data ?? null))) {
              tally.leaks++;
              problems.push(`leaked ${m.what}`);
            }
            if (problems.length)
              failures.push(`${p.key} ${mode} ${field.name}: ${problems.join('; ')} :: ${op.text.slice(0, 300)} ${JSON.stringify(op.variables).slice(0, 300)}`);
            return problems.length === 0;
          }),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        )
        .catch((e: Error) => {
          throw new Error(`${e.message.split('\n').slice(0, 4).join('\n')}\n${failures.slice(0, 10).join('\n')}`);
        });
      expect(tally.sent).toBeGreaterThanOrEqual(RUNS);
    },
    60_000 + RUNS * 50,
  );
});
