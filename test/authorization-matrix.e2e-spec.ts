import { getNamedType, GraphQLArgument } from 'graphql';
import { createClient } from 'graphql-ws';
import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import {
  buildOperation,
  buildWorld,
  createTestApp,
  reportFigures,
  leaks,
  PHASES,
  PlantedId,
  poolFor,
  Principal,
  rootFields,
  send,
  TestApp,
  World,
} from './support';
import { EXPECTED, FieldRule, Outcome, PlantedFacts, PRINCIPAL_KEYS, PrincipalKey } from './fixtures/expected-visibility';

/**
 * The authorization matrix: every principal × every root query, mutation and subscription × the phases of the call,
 * compared with what the rules of the call say (test/fixtures/expected-visibility.ts, written from DOMAIN.md, not
 * from the access table). A role the rules do not let in must be refused; a query by id must return the object to
 * those who may read it and hide it (FORBIDDEN or NOT_FOUND, nothing else) from the others; a mutation on an object
 * that is not the caller's must be refused the same way, and every such probe must find a foreign object (a probe
 * with nothing to aim at fails). Every response is also scanned for planted markers its reader may not see.
 */
/**
 * Valid values for the arguments an ownership probe does not aim with: a probe refused by input validation never
 * reaches the ownership check and would prove nothing (the generated samples are type-correct, not always valid).
 */
const VALID_ARGS: Record<string, Record<string, unknown>> = {
  addContact: { contact: { name: '担当 太郎', department: 'デジタル推進課', email: 'probe@pref.example.lg.jp', consentToPersonalDataTerms: true } },
  declareRequirements: { declarations: [{ number: 1, declared: true, evidence: '根拠' }] },
  recordRequirementChecks: { checks: [{ requirement: 1, met: true, note: '確認' }] },
  saveRegionProposal: {
    proposal: {
      approach: '提案',
      menuItemCodes: ['DX_STRUCTURE'],
      team: [{ name: '伴走 一郎', role: '統括', qualifications: '' }],
      schedule: '4月〜',
      budgetYen: 10_000_000,
    },
  },
  setDesiredSupport: { items: [{ menuItemCode: 'DX_STRUCTURE' }] },
  scheduleMeeting: { input: { scheduledAt: '2025-06-01T10:00', agenda: '議題', mode: 'ONLINE' } },
  submitReport: { input: { body: '報告', progress: [] } },
  updateEngagementPlan: { input: {} },
};

describe('authorization matrix: every principal × every operation × every phase', () => {
  let t: TestApp;
  let w: World;
  const seen = new Map<string, Set<string>>(); // marker text → principals that read it
  let findings: string[] = [];
  const tally = { requests: 0, roleRefusals: 0, objectProbes: 0, ownershipProbes: 0, absentProbes: 0, leaks: 0, internalErrors: 0 };

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(async () => {
    // One line for the reliability summary (npm run test:reliability).
    reportFigures(
      `authorization: ${w?.principals.length ?? 0} principals, ${Object.keys(EXPECTED).length} root fields, ${PHASES.length} phases, ` +
        `${tally.requests} requests, ${tally.roleRefusals} role refusals, ${tally.objectProbes} object reads by id, ` +
        `${tally.ownershipProbes + tally.absentProbes} ownership probes (${tally.absentProbes} on objects not yet existing), ${tally.leaks} leaks, ` +
        `expected visibility from test/fixtures/expected-visibility.ts`,
    );
    await t.close();
  });

  const ruleOf = (kind: 'Query' | 'Mutation' | 'Subscription', field: string): FieldRule | undefined => EXPECTED[`${kind}.${field}`];
  const allowed = (rule: FieldRule | undefined, p: Principal) => !!rule?.who.includes(p.key as PrincipalKey);
  const facts = (o: PlantedId): PlantedFacts => ({ parties: o.owners, awarded: w.awardedProposalIds.has(o.id) });
  const hiddenCodes = (codes: string[]) => codes.some((c) => c === 'FORBIDDEN' || c === 'NOT_FOUND');
  const at = (phase: string, from?: string) => !from || PHASES.indexOf(phase as never) >= PHASES.indexOf(from as never);

  async function probe(p: Principal, op: ReturnType<typeof buildOperation>, kind: 'Query' | 'Mutation') {
    const r = await send(w, p, op);
    tally.requests++;
    const body = JSON.stringify(r.data ?? null);
    const codes = (r.errors ?? []).map((e) => e.extensions?.code as string);
    if (r.status >= 500 || codes.includes('INTERNAL_SERVER_ERROR')) {
      tally.internalErrors++;
      findings.push(`${w.phase} ${p.key} ${op.field}: ${r.status} ${codes.join(',')}`);
    }
    for (const m of leaks(w, p, body)) {
      tally.leaks++;
      findings.push(`${w.phase} ${p.key} ${kind}.${op.field} leaked ${m.what}`);
    }
    for (const m of w.markers) if (body.includes(m.text)) (seen.get(m.text) ?? seen.set(m.text, new Set()).get(m.text)!).add(p.key);
    return { r, codes };
  }

  /** How many ownership probes the rules call for in one phase: every (principal, mutation) with an ownership rule. */
  const ownershipPlanned = () =>
    Object.entries(EXPECTED)
      .filter(([k, r]) => k.startsWith('Mutation.') && r.owned)
      .reduce((n, [, r]) => n + r.who.filter((p) => !r.owned!.all?.includes(p)).length, 0);
  const phaseTally = { ownership: 0 };

  beforeEach(() => {
    findings = [];
  });

  it('the expected visibility covers every root field of the schema, and nothing the schema lacks', () => {
    const schemaFields = (['Query', 'Mutation', 'Subscription'] as const).flatMap((kind) => {
      const type = kind === 'Query' ? w.schema.getQueryType() : kind === 'Mutation' ? w.schema.getMutationType() : w.schema.getSubscriptionType();
      return Object.keys(type!.getFields()).map((f) => `${kind}.${f}`);
    });
    expect(schemaFields.filter((f) => !EXPECTED[f])).toEqual([]);
    expect(Object.keys(EXPECTED).filter((f) => !schemaFields.includes(f))).toEqual([]);
    expect(w.principals.map((p) => p.key)).toEqual(PRINCIPAL_KEYS);
  });

  describe.each(PHASES)('phase: %s', (phase) => {
    beforeAll(async () => {
      if (w.phase !== phase) await w.advance(phase);
      phaseTally.ownership = 0;
    });

    it('queries: refused to roles outside the rules; by id, read by those who may and hidden from the others; no response carries data its reader may not see', async () => {
      for (const field of rootFields(w.schema, 'query')) {
        const rule = ruleOf('Query', field.name);
        // The first id argument is tried with every planted object it can point at, the caller's and other users'.
        const idArg = field.args.find((a) => getNamedType(a.type).name === 'ID' && (poolFor(w, field, a) || a.name === 'id'));
        const pool = idArg && poolFor(w, field, idArg);
        const variants: Array<PlantedId | undefined> = pool ?? [undefined];
        const opFor = (choice: PlantedId | undefined) => buildOperation(w, 'query', field, (arg, pl) => (arg === idArg ? choice : pl?.[0]));
        for (const p of w.principals) {
          for (const v of variants) {
            const { r, codes } = await probe(p, opFor(v), 'Query');
            const data = r.data ? r.data[field.name] : null;
            if (!allowed(rule, p)) {
              tally.roleRefusals++;
              const expected = p.role === 'ANONYMOUS' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
              if (!codes.includes(expected) || data != null)
                findings.push(`${phase} ${p.key} Query.${field.name}: expected ${expected}, got ${codes.join(',') || 'data'}`);
              continue;
            }
            if (!rule!.read || !idArg) continue;
            // An id that points at nothing planted (a fresh id) must read as not found.
            const expected: Outcome = v ? rule!.read(p.key as PrincipalKey, facts(v), phase) : 'hidden';
            tally.objectProbes++;
            const got =
              data != null && !hiddenCodes(codes) ? 'read' : hiddenCodes(codes) && data == null ? 'hidden' : codes.length && data == null ? 'not-yet' : 'other';
            if (got !== expected)
              findings.push(
                `${phase} ${p.key} Query.${field.name}(${v ? v.owners.join('+') || 'public' : 'fresh id'}): expected ${expected}, got ${got} ${codes.join(',')}`,
              );
          }
        }
      }
      expect(findings).toEqual([]);
    });

    it('mutations: refused to roles outside the rules, and to the right role on every object that is not its own (FORBIDDEN or NOT_FOUND)', async () => {
      for (const field of rootFields(w.schema, 'mutation')) {
        const rule = ruleOf('Mutation', field.name);
        for (const p of w.principals) {
          if (!allowed(rule, p)) {
            // The guard refuses before any argument is looked at, whatever the arguments point at.
            const op = buildOperation(w, 'mutation', field, (_arg, pool) => pool?.[0]);
            const { r, codes } = await probe(p, op, 'Mutation');
            tally.roleRefusals++;
            const expected = p.role === 'ANONYMOUS' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
            if (!codes.includes(expected) || (r.data && r.data[field.name] != null))
              findings.push(`${phase} ${p.key} Mutation.${field.name}: expected ${expected}, got ${codes.join(',') || 'data'}`);
            continue;
          }
          const own = rule!.owned;
          if (!own || own.all?.includes(p.key as PrincipalKey)) continue;
          const mine = (o: PlantedId) => own.mine(p.key as PrincipalKey, facts(o));
          const others = (_arg: GraphQLArgument, pool: PlantedId[] | undefined) => pool?.find((x) => x.owners.includes(p.key)) ?? pool?.[0];
          let target: PlantedId | undefined;
          if (at(phase, own.from)) {
            target = (own.pool ? w.pools[own.pool] : w.pools[own.arg])?.find((o) => !mine(o));
            if (!target) {
              findings.push(`${phase} ${p.key} Mutation.${field.name}: no foreign ${own.arg} to probe (the world must plant one)`);
              continue;
            }
            tally.ownershipProbes++;
          } else tally.absentProbes++; // no such object yet in this phase: a fresh id must be refused
          phaseTally.ownership++;
          const op = buildOperation(w, 'mutation', field, (arg, pool) =>
            arg.name === own.arg ? (target ?? { id: randomUUID(), owners: [] }) : others(arg, pool),
          );
          for (const [arg, value] of Object.entries(VALID_ARGS[field.name] ?? {})) if (arg in op.variables) op.variables[arg] = value;
          const { r, codes } = await probe(p, op, 'Mutation');
          if (!hiddenCodes(codes) || (r.data && r.data[field.name] != null))
            findings.push(
              `${phase} ${p.key} Mutation.${field.name} on ${target ? `an object of ${target.owners.join('+')}` : 'an object that does not exist'}: expected FORBIDDEN or NOT_FOUND, got ${codes.join(',') || 'data'}`,
            );
        }
      }
      expect(findings).toEqual([]);
      // Every ownership rule was probed: none skipped for want of a foreign object.
      expect(phaseTally.ownership).toBe(ownershipPlanned());
    });
  });

  it('subscriptions: refused over graphql-ws to roles outside the rules, kept open for the roles in them', async () => {
    await t.app.listen(0, '127.0.0.1');
    const url = `ws://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/graphql`;
    const fields = Object.values(w.schema.getSubscriptionType()!.getFields());
    // One socket per principal, all at once (an accepted subscription is only known by waiting).
    const perPrincipal = await Promise.all(
      w.principals.map(async (p) => {
        const client = createClient({
          url,
          webSocketImpl: WebSocket,
          connectionParams: p.token ? { authorization: `Bearer ${p.token}` } : {},
          retryAttempts: 0,
        });
        const outcomes = await Promise.all(
          fields.map(
            (f) =>
              new Promise<{ field: string; codes: string[] }>((resolve) => {
                const op = buildOperation(w, 'query', f as never, (_arg, pool) => pool?.[0]);
                const text = op.text.replace(/^query/, 'subscription');
                const timer = setTimeout(() => resolve({ field: f.name, codes: [] }), 3000); // still open after 3 s: accepted
                client.subscribe(
                  { query: text, variables: op.variables },
                  {
                    next: () => undefined,
                    error: (e) => {
                      clearTimeout(timer);
                      const list = Array.isArray(e) ? e : [e];
                      resolve({ field: f.name, codes: list.map((x: any) => x?.extensions?.code ?? (x?.code ? `close:${x.code}` : 'error')) });
                    },
                    complete: () => undefined,
                  },
                );
              }),
          ),
        );
        await client.dispose();
        return { p, outcomes };
      }),
    );
    for (const { p, outcomes } of perPrincipal) {
      for (const o of outcomes) {
        tally.requests++;
        const ok = allowed(ruleOf('Subscription', o.field), p);
        if (!ok) tally.roleRefusals++;
        if (ok && o.codes.length) findings.push(`${p.key} Subscription.${o.field}: refused (${o.codes.join(',')}) but the rules let it in`);
        if (!ok && !o.codes.some((c) => c === 'FORBIDDEN' || c === 'UNAUTHENTICATED' || c.startsWith('close:4')))
          findings.push(`${p.key} Subscription.${o.field}: not refused`);
      }
    }
    expect(findings).toEqual([]);
  });

  it('reached the planted data: every marker was read by a principal allowed to read it; the counts add up', () => {
    const unread = w.markers.flatMap((m) => m.readableBy.filter((r) => !seen.get(m.text)?.has(r.key)).map((r) => `${r.key} never read ${m.what}`));
    expect(unread).toEqual([]);
    expect(tally.internalErrors).toBe(0);
    expect(tally.leaks).toBe(0);
    // The counts: 12 principals, every root field, every ownership rule in every phase, reads by id in every phase.
    expect(w.principals).toHaveLength(12);
    expect(tally.ownershipProbes + tally.absentProbes).toBe(ownershipPlanned() * PHASES.length);
    expect(tally.ownershipProbes).toBeGreaterThan(0);
    expect(tally.objectProbes).toBeGreaterThan(100);
    expect(tally.requests).toBeGreaterThan(4000);
  });
});
