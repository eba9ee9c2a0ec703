import { Role } from '@app/core';
import { getNamedType } from 'graphql';
import { createClient } from 'graphql-ws';
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
} from '@app/testing';
import { ACCESS_POLICY } from '../apps/api/src/auth/access-policy';

/**
 * The authorization matrix, generated from the access table and the live schema: every principal
 * × every root query and mutation × the phases of the call. A response leaks when it carries a
 * planted marker its reader must never see; a role the table does not let in must be refused;
 * and a caller of the right role must be refused on objects that are not its own.
 */
describe('authorization matrix: every principal × every operation × every phase', () => {
  let t: TestApp;
  let w: World;
  const seen = new Map<string, Set<string>>(); // marker text → principals that read it
  let findings: string[] = [];
  const tally = { requests: 0, roleRefusals: 0, ownershipRefusals: 0, leaks: 0, internalErrors: 0 };

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(async () => {
    // One line for the reliability summary (npm run test:reliability).
    reportFigures(
      `authorization: ${w?.principals.length ?? 0} principals, ${tally.requests} requests, ${tally.roleRefusals} role refusals, ` +
        `${tally.ownershipRefusals} ownership refusals, ${tally.leaks} leaks`,
    );
    await t.close();
  });

  const allowed = (field: string, kind: 'Query' | 'Mutation' | 'Subscription', p: Principal) => {
    const policy = ACCESS_POLICY[`${kind}.${field}`] ?? {};
    return 'PUBLIC' in policy || (p.role !== 'ANONYMOUS' && p.role in policy);
  };

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

  beforeEach(() => {
    findings = [];
  });

  describe.each(PHASES)('phase: %s', (phase) => {
    beforeAll(async () => {
      if (w.phase !== phase) await w.advance(phase);
    });

    it('queries: refused to roles outside the table, and no response carries data its reader may not see', async () => {
      for (const field of rootFields(w.schema, 'query')) {
        // The first id argument is tried with every planted object it can point at, the caller's and other users'.
        const idArg = field.args.find((a) => getNamedType(a.type).name === 'ID' && poolFor(w, field, a));
        const variants: Array<PlantedId | undefined> = idArg ? poolFor(w, field, idArg)! : [undefined];
        const opFor = (choice: PlantedId | undefined) => buildOperation(w, 'query', field, (arg, pool) => (arg === idArg ? choice : pool?.[0]));
        for (const p of w.principals) {
          for (const v of variants) {
            const op = opFor(v);
            const { r, codes } = await probe(p, op, 'Query');
            if (!allowed(field.name, 'Query', p)) {
              tally.roleRefusals++;
              const expected = p.role === 'ANONYMOUS' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
              if (!codes.includes(expected) || (r.data && r.data[field.name] != null))
                findings.push(`${phase} ${p.key} Query.${field.name}: expected ${expected}, got ${codes.join(',') || 'data'}`);
            }
          }
        }
      }
      expect(findings).toEqual([]);
    });

    it('mutations: refused to roles outside the table, and to the right role on objects that are not its own', async () => {
      for (const field of rootFields(w.schema, 'mutation')) {
        const policy = ACCESS_POLICY[`Mutation.${field.name}`] ?? {};
        for (const p of w.principals) {
          if (!allowed(field.name, 'Mutation', p)) {
            // The guard refuses before any argument is looked at, whatever the arguments point at.
            const op = buildOperation(w, 'mutation', field, (_arg, pool) => pool?.[0]);
            const { r, codes } = await probe(p, op, 'Mutation');
            tally.roleRefusals++;
            const expected = p.role === 'ANONYMOUS' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
            if (!codes.includes(expected) || (r.data && r.data[field.name] != null))
              findings.push(`${phase} ${p.key} Mutation.${field.name}: expected ${expected}, got ${codes.join(',') || 'data'}`);
            continue;
          }
          const rule = p.role !== 'ANONYMOUS' ? policy[p.role as Role] : undefined;
          if (!rule || rule === 'secretariat' || rule === 'published' || rule === 'self') continue;
          // Ownership: point every id at an object of someone else of the same role.
          const peers = w.principals.filter((q) => q.role === p.role && q.key !== p.key).map((q) => q.key);
          let foreign = false;
          const op = buildOperation(w, 'mutation', field, (_arg, pool) => {
            const other = pool?.find((x) => !x.owners.includes(p.key) && x.owners.some((o) => peers.includes(o)));
            if (other) foreign = true;
            return other ?? pool?.find((x) => x.owners.includes(p.key)) ?? pool?.[0];
          });
          if (!foreign) continue;
          const { r, codes } = await probe(p, op, 'Mutation');
          tally.ownershipRefusals++;
          if (!codes.length || (r.data && r.data[field.name] != null)) findings.push(`${phase} ${p.key} Mutation.${field.name} succeeded on another's object`);
        }
      }
      expect(findings).toEqual([]);
    });
  });

  it('subscriptions: refused over graphql-ws to roles outside the table, kept open for the roles in it', async () => {
    await t.app.listen(0, '127.0.0.1');
    const url = `ws://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/graphql`;
    const fields = Object.values(w.schema.getSubscriptionType()!.getFields());
    for (const p of w.principals) {
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
              const timer = setTimeout(() => resolve({ field: f.name, codes: [] }), 1500); // still open: accepted
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
      for (const o of outcomes) {
        tally.requests++;
        const ok = allowed(o.field, 'Subscription', p);
        if (!ok) tally.roleRefusals++;
        if (ok && o.codes.length) findings.push(`${p.key} Subscription.${o.field}: refused (${o.codes.join(',')}) but the table lets it in`);
        if (!ok && !o.codes.some((c) => c === 'FORBIDDEN' || c === 'UNAUTHENTICATED' || c.startsWith('close:4')))
          findings.push(`${p.key} Subscription.${o.field}: not refused`);
      }
    }
    expect(findings).toEqual([]);
  });

  it('reached the planted data: every marker was read by a principal allowed to read it', () => {
    const unread = w.markers.flatMap((m) => m.readableBy.filter((r) => !seen.get(m.text)?.has(r.key)).map((r) => `${r.key} never read ${m.what}`));
    expect(unread).toEqual([]);
    expect(w.principals.length).toBeGreaterThanOrEqual(10);
    expect(tally.internalErrors).toBe(0);
  });
});
