import fc from 'fast-check';
import {
  MatchingInput,
  MatchingProposal,
  MatchingSolution,
  UnsupportedReason,
  compareSolutions,
  eligible,
  explainUnsupported,
  inputDigest,
  LpRequest,
  solveGreedy,
  solveLpHere,
  solveOptimal,
  solveOptimalWithDiagnostics,
  useLpSolver,
} from './matching-model';
import { withHighs } from '@app/core/solver/highs';
import { canonicalJson, mulberry32, sha256Hex } from '@app/core';
import { generateNationalInstance } from './national-scale';

const T0 = Date.UTC(2025, 3, 1);
const MILLION = 1_000_000;

function proposal(id: string, regionId: string, vendorId: string, score: number, extra: Partial<MatchingProposal> = {}): MatchingProposal {
  return { id, regionId, vendorId, score, passed: true, excluded: false, budgetYen: MILLION, submittedAt: new Date(T0), ...extra };
}
const vendors = (...specs: Array<[string, number]>) => specs.map(([id, capacity]) => ({ id, capacity }));
const pairs = (s: MatchingSolution) => s.matches.map((m) => `${m.regionId}:${m.proposalId}`);
const reasons = (s: MatchingSolution) => Object.fromEntries(s.unsupported.map((u) => [u.regionId, u.reason]));

describe('region–vendor matching', () => {
  describe('hand cases', () => {
    it('eligible means passed and not excluded', () => {
      expect(eligible(proposal('P', 'A', 'V', 50))).toBe(true);
      expect(eligible(proposal('P', 'A', 'V', 50, { passed: false }))).toBe(false);
      expect(eligible(proposal('P', 'A', 'V', 50, { excluded: true }))).toBe(false);
    });

    it('explains each reason code, with the numbers', async () => {
      const input: MatchingInput = {
        regionIds: ['A', 'B', 'C', 'D', 'E', 'F'],
        vendors: vendors(['V1', 1], ['V2', 1], ['V3', 5]),
        proposals: [
          // A: nothing submitted.
          proposal('B1', 'B', 'V2', 90, { excluded: true }),
          proposal('B2', 'B', 'V3', 40, { excluded: true, passed: false }),
          proposal('C1', 'C', 'V2', 30, { passed: false }),
          proposal('C2', 'C', 'V3', 95, { excluded: true }),
          // D and E both depend on V1 (capacity 1): D scores higher and keeps it.
          proposal('D1', 'D', 'V1', 90, { budgetYen: 2 * MILLION }),
          proposal('E1', 'E', 'V1', 80, { budgetYen: 2 * MILLION }),
          // V3 has room, but ¥2M + ¥5M is over the ¥6M budget.
          proposal('F1', 'F', 'V3', 70, { budgetYen: 5 * MILLION }),
        ],
        budgetYen: 6 * MILLION,
      };
      for (const solution of [await solveOptimal(input), solveGreedy(input)]) {
        expect(pairs(solution)).toEqual(['D:D1']);
        expect(reasons(solution)).toEqual({
          A: 'NO_PROPOSALS',
          B: 'ALL_WITHDRAWN_OR_EXCLUDED',
          C: 'ALL_BELOW_THRESHOLD',
          E: 'LOST_TO_CAPACITY',
          F: 'OVER_BUDGET',
        });
        const detail = Object.fromEntries(solution.unsupported.map((u) => [u.regionId, u.detail]));
        expect(detail.B).toContain('All 2 proposals');
        expect(detail.C).toContain('None of the 1 proposal still in the running passed the evaluation threshold (1 more excluded)');
        expect(detail.E).toContain('V1 (capacity 1, selected for D)');
        expect(detail.F).toContain('(¥5,000,000) on top of ¥2,000,000 already selected is ¥7,000,000, over ¥6,000,000');
      }
    });

    it('a vendor takes at most its capacity; the optimum gives the rest to the best alternative', async () => {
      const input: MatchingInput = {
        regionIds: ['A', 'B', 'C'],
        vendors: vendors(['V1', 2], ['V2', 1]),
        proposals: [
          proposal('A1', 'A', 'V1', 90),
          proposal('B1', 'B', 'V1', 85),
          proposal('C1', 'C', 'V1', 80),
          proposal('A2', 'A', 'V2', 40),
          proposal('C2', 'C', 'V2', 50),
        ],
      };
      const solution = await solveOptimal(input);
      // V2 in C (90 + 85 + 50 = 225) beats V2 in A (85 + 80 + 40 = 205).
      expect(pairs(solution)).toEqual(['A:A1', 'B:B1', 'C:C2']);
      expect(solution.objective).toEqual({ regionsSupported: 3, totalScore: 225, totalBudgetYen: 3 * MILLION });
      expect(solution).toMatchObject({ policy: 'OPTIMAL', status: 'OPTIMAL', gap: 0, unsupported: [] });
    });

    it('with a budget, two cheaper proposals beat one expensive top score (greedy keeps the top score)', async () => {
      const input: MatchingInput = {
        regionIds: ['A', 'B'],
        vendors: vendors(['V1', 1], ['V2', 1], ['V3', 1]),
        proposals: [
          proposal('A1', 'A', 'V1', 90, { budgetYen: 6 * MILLION }),
          proposal('A2', 'A', 'V2', 60, { budgetYen: 2 * MILLION }),
          proposal('B1', 'B', 'V3', 80, { budgetYen: 5 * MILLION }),
        ],
        budgetYen: 8 * MILLION,
      };
      const { solution, diagnostics } = await solveOptimalWithDiagnostics(input);
      expect(pairs(solution)).toEqual(['A:A2', 'B:B1']);
      expect(solution.objective).toEqual({ regionsSupported: 2, totalScore: 140, totalBudgetYen: 7 * MILLION });
      expect(solution).toMatchObject({ status: 'OPTIMAL', gap: 0 });
      // The warm start (most regions at least cost: A2 + B1, ¥7M) fits the budget.
      expect(diagnostics).toMatchObject({ model: 'MIP', warmStart: true });

      const greedy = solveGreedy(input);
      expect(pairs(greedy)).toEqual(['A:A1']);
      expect(greedy.unsupported).toEqual([
        {
          regionId: 'B',
          reason: 'OVER_BUDGET',
          detail: expect.stringContaining('over ¥8,000,000'),
          detailJa: expect.stringContaining('予算8,000,000円を超えます'),
        },
      ]);
      expect(greedy).toMatchObject({ policy: 'GREEDY', status: 'GREEDY', gap: null });
    });

    it('classic case: greedy gives the shared vendor to its best region and loses the other, the optimum covers both', async () => {
      // V (capacity 1) is best in A and B; A has only V, B also has W.
      const input: MatchingInput = {
        regionIds: ['A', 'B'],
        vendors: vendors(['V', 1], ['W', 1]),
        proposals: [proposal('AV', 'A', 'V', 70), proposal('BV', 'B', 'V', 90), proposal('BW', 'B', 'W', 60)],
      };
      const optimal = await solveOptimal(input);
      const greedy = solveGreedy(input);
      expect(pairs(optimal)).toEqual(['A:AV', 'B:BW']);
      expect(pairs(greedy)).toEqual(['B:BV']);
      expect(greedy.unsupported).toEqual([
        {
          regionId: 'A',
          reason: 'LOST_TO_CAPACITY',
          detail: expect.stringContaining('V (capacity 1, selected for B)'),
          detailJa: expect.stringContaining('V（支援可能数1、Bで選定）'),
        },
      ]);
      expect(compareSolutions(optimal, greedy)).toEqual({ sameMatches: 0, onlyInA: ['AV', 'BW'], onlyInB: ['BV'], regionsDelta: 1, scoreDelta: 40 });
      expect(compareSolutions(optimal, optimal)).toEqual({ sameMatches: 2, onlyInA: [], onlyInB: [], regionsDelta: 0, scoreDelta: 0 });
    });

    it('ties: higher score at 0.01 resolution, then earlier submission, then smaller id', async () => {
      const base = { regionIds: ['A'], vendors: vendors(['V1', 1], ['V2', 1], ['V3', 1]) };
      const cases: Array<[MatchingProposal[], string]> = [
        // 0.01 points outweighs any tie-break.
        [[proposal('P1', 'A', 'V1', 80, { submittedAt: new Date(T0) }), proposal('P2', 'A', 'V2', 80.01, { submittedAt: new Date(T0 + 60_000) })], 'P2'],
        [[proposal('P1', 'A', 'V1', 80, { submittedAt: new Date(T0 + 60_000) }), proposal('P2', 'A', 'V2', 80, { submittedAt: new Date(T0) })], 'P2'],
        [[proposal('P2', 'A', 'V1', 80), proposal('P1', 'A', 'V2', 80), proposal('P3', 'A', 'V3', 80)], 'P1'],
        // Below 0.005 points scores are equal: the earlier submission wins.
        [[proposal('P1', 'A', 'V1', 80.004, { submittedAt: new Date(T0 + 60_000) }), proposal('P2', 'A', 'V2', 80.001, { submittedAt: new Date(T0) })], 'P2'],
      ];
      for (const [proposals, winner] of cases) {
        expect((await solveOptimal({ ...base, proposals })).matches.map((m) => m.proposalId)).toEqual([winner]);
        expect(solveGreedy({ ...base, proposals }).matches.map((m) => m.proposalId)).toEqual([winner]);
      }
    });

    it('more regions first, then score', async () => {
      // {A:P1} scores 100; {A:P2, B:P3} only 2 + 2, but covers two regions.
      const input: MatchingInput = {
        regionIds: ['A', 'B'],
        vendors: vendors(['V1', 1], ['V2', 1]),
        proposals: [proposal('P1', 'A', 'V1', 100), proposal('P2', 'A', 'V2', 2), proposal('P3', 'B', 'V1', 2)],
      };
      expect(pairs(await solveOptimal(input))).toEqual(['A:P2', 'B:P3']);
    });

    it('without a budget it is solved as an LP whose vertex is integral', async () => {
      const input = generateNationalInstance(7, { regions: 60, vendors: 50, proposals: 500 });
      const { solution, diagnostics } = await solveOptimalWithDiagnostics(input);
      expect(diagnostics).toMatchObject({ model: 'LP', fellBackToMip: false, dropped: 0, added: 0 });
      expect(diagnostics.maxFractionality).toBeLessThanOrEqual(1e-9);
      expect(diagnostics.lp).toMatch(/^ obj: [\d.]+ x1 \+/m);
      expect(diagnostics.lp).not.toContain('Binaries');
      expect(diagnostics.lp).not.toMatch(/[PRV]\d{2}/); // short names only, never raw ids
      expect(solution.status).toBe('OPTIMAL');
    });

    it('hands HiGHS the very model its text describes (columns, rows, order, doubles), LP and MIP', async () => {
      const cases: MatchingInput[] = [
        generateNationalInstance(7, { regions: 60, vendors: 50, proposals: 500 }),
        generateNationalInstance(5, { regions: 80, vendors: 60, proposals: 700, integerScores: true }),
      ];
      const unlimited = await solveOptimal(cases[1]);
      cases.push({ ...cases[1], budgetYen: Math.round(0.6 * unlimited.objective.totalBudgetYen) });
      const models: string[] = [];
      for (const input of cases) {
        const seen: LpRequest[] = [];
        useLpSolver((r) => (seen.push(r), solveLpHere(r)));
        let lp: string;
        let model: string;
        try {
          ({
            diagnostics: { lp, model },
          } = await solveOptimalWithDiagnostics(input));
        } finally {
          useLpSolver(solveLpHere);
        }
        models.push(model);
        const handed = seen.at(-1)!.model;
        const read = await withHighs((highs) =>
          highs.withModel((m) => {
            m.readModel({ format: 'lp', data: lp });
            return { data: m.getLp('csc'), infinity: highs.infinity };
          }),
        );
        const { data } = read;
        expect(data.sense).toBe(-1); // maximise
        expect(data.numCols).toBe(handed.numCols);
        expect(Array.from(data.colCost)).toEqual(Array.from(handed.colCost));
        expect(Array.from(data.colLower).every((x) => x === 0) && Array.from(data.colUpper).every((x) => x === 1)).toBe(true);
        expect(Array.from(data.rowUpper)).toEqual(Array.from(handed.rowUpper));
        expect(Array.from(data.rowLower).every((x) => x === -read.infinity)).toBe(true);
        expect(Array.from(data.matrix.starts)).toEqual(Array.from(handed.starts));
        expect(Array.from(data.matrix.indices)).toEqual(Array.from(handed.indices));
        expect(Array.from(data.matrix.values)).toEqual(Array.from(handed.values));
        expect(Array.from(data.integrality ?? []).some((t) => t !== 0)).toBe(handed.integer);
      }
      expect(models).toEqual(['LP', 'LP', 'MIP']);
    });

    it('stopped by the time limit, the result is still feasible, maximal and explained', async () => {
      const instance = generateNationalInstance(3, { regions: 400, vendors: 450, proposals: 4600 });
      const unlimited = await solveOptimal(instance);
      const input = { ...instance, budgetYen: Math.round(0.6 * unlimited.objective.totalBudgetYen), timeLimitSeconds: 0.05 };
      const { solution, diagnostics } = await solveOptimalWithDiagnostics(input);
      expect(['OPTIMAL', 'TIME_LIMIT']).toContain(solution.status);
      expectFeasible(input, solution);
      expect(solution.matches.length + solution.unsupported.length).toBe(input.regionIds.length);
      // Without an LP solution in time there is no bound, hence no gap.
      if (solution.gap !== null) expect(solution.gap).toBeGreaterThanOrEqual(0);
      if (solution.status === 'OPTIMAL') expect(solution.gap).toBe(0);
      expect(diagnostics.dropped).toBe(0);
    });

    it('nothing to solve: every region is explained', async () => {
      const input: MatchingInput = { regionIds: ['B', 'A'], vendors: vendors(['V', 1]), proposals: [proposal('P', 'A', 'V', 50, { passed: false })] };
      const solution = await solveOptimal(input);
      expect(solution).toMatchObject({ status: 'OPTIMAL', matches: [], gap: 0, objective: { regionsSupported: 0, totalScore: 0, totalBudgetYen: 0 } });
      expect(reasons(solution)).toEqual({ A: 'ALL_BELOW_THRESHOLD', B: 'NO_PROPOSALS' });
    });

    it('ignores proposals for regions not listed; rejects inconsistent input', async () => {
      const ok: MatchingInput = { regionIds: ['A'], vendors: vendors(['V', 1]), proposals: [proposal('P1', 'A', 'V', 50), proposal('P2', 'Z', 'V', 99)] };
      expect(pairs(await solveOptimal(ok))).toEqual(['A:P1']);
      expect(() => solveGreedy({ ...ok, regionIds: ['A', 'A'] })).toThrow('region A is listed twice');
      expect(() => solveGreedy({ ...ok, proposals: [proposal('P1', 'A', 'X', 50)] })).toThrow('vendor X');
      expect(() => solveGreedy({ ...ok, vendors: vendors(['V', 1.5]) })).toThrow('capacity');
      expect(() => solveGreedy({ ...ok, budgetYen: -1 })).toThrow('budgetYen');
      await expect(solveOptimal({ ...ok, proposals: [proposal('P1', 'A', 'V', Number.NaN)] })).rejects.toThrow('score');
      await expect(solveOptimal({ ...ok, timeLimitSeconds: 0 })).rejects.toThrow('timeLimitSeconds');
    });

    it('explainUnsupported refuses matches that leave a region able to take a proposal', () => {
      const input: MatchingInput = { regionIds: ['A'], vendors: vendors(['V', 1]), proposals: [proposal('P1', 'A', 'V', 50)] };
      expect(() => explainUnsupported(input, [])).toThrow('could still take proposal P1');
    });

    it('inputDigest is canonical: order, absent budget and default time limit do not matter, content does', () => {
      const input: MatchingInput = {
        regionIds: ['A', 'B'],
        vendors: vendors(['V1', 1], ['V2', 2]),
        proposals: [proposal('P1', 'A', 'V1', 50), proposal('P2', 'B', 'V2', 60)],
      };
      const digest = inputDigest(input);
      expect(digest).toMatch(/^[0-9a-f]{64}$/);
      const reordered = {
        regionIds: ['B', 'A'],
        vendors: [...input.vendors].reverse(),
        proposals: [...input.proposals].reverse(),
        budgetYen: null,
        timeLimitSeconds: 60,
      };
      expect(inputDigest(reordered)).toBe(digest);
      expect(inputDigest({ ...input, proposals: [proposal('P1', 'A', 'V1', 50.5), input.proposals[1]] })).not.toBe(digest);
      expect(inputDigest({ ...input, budgetYen: 0 })).not.toBe(digest);
    });

    it('inputDigest is the SHA-256 of the generic canonical JSON of the input (written out field by field for speed)', () => {
      const reference = (input: MatchingInput) =>
        sha256Hex(
          canonicalJson({
            regionIds: [...input.regionIds].sort(),
            vendors: [...input.vendors].sort((a, b) => (a.id < b.id ? -1 : 1)).map((v) => ({ id: v.id, capacity: v.capacity })),
            proposals: [...input.proposals]
              .sort((a, b) => (a.id < b.id ? -1 : 1))
              .map((p) => ({
                id: p.id,
                regionId: p.regionId,
                vendorId: p.vendorId,
                score: p.score,
                passed: p.passed,
                excluded: p.excluded,
                ...(p.notEvaluated ? { notEvaluated: true } : {}),
                budgetYen: p.budgetYen,
                submittedAt: p.submittedAt,
              })),
            budgetYen: input.budgetYen ?? null,
            timeLimitSeconds: input.timeLimitSeconds ?? 60,
          }),
        );
      const national = generateNationalInstance(5);
      expect(inputDigest(national)).toBe(reference(national));
      const odd: MatchingInput = {
        regionIds: ['B', 'A"\\', '東京'],
        vendors: vendors(['V2', 0], ['V1', 3]),
        proposals: [
          proposal('P2', 'B', 'V2', 0.1 + 0.2, { notEvaluated: true, passed: false }),
          proposal('P1', '東京', 'V1', -0, { excluded: true, budgetYen: 0 }),
        ],
        budgetYen: 5 * MILLION,
        timeLimitSeconds: 0.5,
      };
      expect(inputDigest(odd)).toBe(reference(odd));
    });

    it('the national instance is reproducible from its seed', () => {
      const a = generateNationalInstance(42);
      expect(a.regionIds).toHaveLength(1741);
      expect(a.vendors).toHaveLength(2000);
      expect(a.proposals).toHaveLength(20000);
      const small = { regions: 50, vendors: 40, proposals: 400 };
      expect(inputDigest(generateNationalInstance(42, small))).toBe(inputDigest(generateNationalInstance(42, small)));
      expect(inputDigest(generateNationalInstance(43, small))).not.toBe(inputDigest(generateNationalInstance(42, small)));
      const passed = a.proposals.filter((p) => p.passed).length / a.proposals.length;
      expect(passed).toBeGreaterThan(0.87);
      expect(passed).toBeLessThan(0.93);
      expect(a.vendors.every((v) => v.capacity >= 1 && v.capacity <= 5)).toBe(true);
      expect(generateNationalInstance(42, { ...small, integerScores: true }).proposals.every((p) => Number.isInteger(p.score))).toBe(true);
    });
  });

  describe('properties on random small instances', () => {
    const RUNS = { numRuns: 200 };

    /** ≤ 6 regions, ≤ 5 vendors, ≤ 14 proposals, capacities 1..3, integer scores with many ties, budget in half the cases. */
    const instanceArb = fc
      .record({
        regions: fc.integer({ min: 1, max: 6 }),
        capacities: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 5 }),
        proposals: fc.array(
          fc.record({
            region: fc.nat(5),
            vendor: fc.nat(4),
            score: fc.oneof(fc.constantFrom(50, 70, 90), fc.integer({ min: 0, max: 100 })),
            passed: fc.integer({ min: 0, max: 9 }).map((x) => x < 8),
            excluded: fc.integer({ min: 0, max: 9 }).map((x) => x < 1),
            budget: fc.integer({ min: 1, max: 10 }),
            minute: fc.nat(3),
          }),
          { maxLength: 14 },
        ),
        budget: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
        shuffle: fc.integer(),
      })
      .map(({ regions, capacities, proposals, budget, shuffle }) => {
        const input: MatchingInput = {
          regionIds: Array.from({ length: regions }, (_, i) => `R${i}`),
          vendors: capacities.map((capacity, i) => ({ id: `V${i}`, capacity })),
          proposals: proposals.map((p, i) => ({
            id: `P${String(i).padStart(2, '0')}`,
            regionId: `R${p.region % regions}`,
            vendorId: `V${p.vendor % capacities.length}`,
            score: p.score,
            passed: p.passed,
            excluded: p.excluded,
            budgetYen: p.budget * MILLION,
            submittedAt: new Date(T0 + p.minute * 60_000),
          })),
          budgetYen: budget === null ? null : budget * MILLION,
        };
        return { input, shuffle };
      });

    it('(a) the optimum satisfies every constraint (and without a budget the LP vertex is integral)', async () => {
      await fc.assert(
        fc.asyncProperty(instanceArb, async ({ input }) => {
          const { solution, diagnostics } = await solveOptimalWithDiagnostics(input);
          expectFeasible(input, solution);
          expect(solution.status).toBe('OPTIMAL');
          expect(solution.gap).toBe(0);
          if (input.budgetYen === null && diagnostics.variables > 0)
            expect(diagnostics).toMatchObject({ model: 'LP', fellBackToMip: false, dropped: 0, added: 0 });
        }),
        RUNS,
      );
    });

    it('(b) it is optimal against exhaustive search: regions supported, then total score', async () => {
      await fc.assert(
        fc.asyncProperty(instanceArb, async ({ input }) => {
          const solution = await solveOptimal(input);
          const best = exhaustiveBest(input);
          expect([solution.objective.regionsSupported, solution.objective.totalScore]).toEqual([best.regions, best.score]);
        }),
        RUNS,
      );
    });

    it('(c) it is deterministic, and permuting the input arrays gives the same matches', async () => {
      await fc.assert(
        fc.asyncProperty(instanceArb, async ({ input, shuffle }) => {
          const first = await solveOptimal(input);
          const second = await solveOptimal(input);
          expect({ ...second, seconds: 0 }).toEqual({ ...first, seconds: 0 });
          const random = mulberry32(shuffle);
          const permuted: MatchingInput = {
            ...input,
            regionIds: shuffled(input.regionIds, random),
            vendors: shuffled(input.vendors, random),
            proposals: shuffled(input.proposals, random),
          };
          const third = await solveOptimal(permuted);
          expect(third.matches).toEqual(first.matches);
          expect(third.unsupported).toEqual(first.unsupported);
          expect(solveGreedy(permuted).matches).toEqual(solveGreedy(input).matches);
          expect(inputDigest(permuted)).toBe(inputDigest(input));
        }),
        RUNS,
      );
    });

    it('(d) every region is matched or flagged exactly once, with the reason recomputed independently', async () => {
      await fc.assert(
        fc.asyncProperty(instanceArb, async ({ input }) => {
          for (const solution of [await solveOptimal(input), solveGreedy(input)]) {
            const seen = [...solution.matches.map((m) => m.regionId), ...solution.unsupported.map((u) => u.regionId)].sort();
            expect(seen).toEqual([...input.regionIds].sort());
            for (const u of solution.unsupported) expect(u.reason).toBe(expectedReason(input, solution, u.regionId));
          }
        }),
        RUNS,
      );
    });

    it('(e) greedy is feasible and never better than the optimum', async () => {
      await fc.assert(
        fc.asyncProperty(instanceArb, async ({ input }) => {
          const greedy = solveGreedy(input);
          expectFeasible(input, greedy);
          const optimal = await solveOptimal(input);
          const g = greedy.objective;
          const o = optimal.objective;
          expect(g.regionsSupported < o.regionsSupported || (g.regionsSupported === o.regionsSupported && g.totalScore <= o.totalScore)).toBe(true);
        }),
        RUNS,
      );
    });
  });
});

function expectFeasible(input: MatchingInput, solution: MatchingSolution): void {
  const byId = new Map(input.proposals.map((p) => [p.id, p]));
  const regions = new Set<string>();
  const load = new Map<string, number>();
  let spent = 0;
  let score = 0;
  for (const m of solution.matches) {
    const p = byId.get(m.proposalId)!;
    expect(m).toEqual({ regionId: p.regionId, proposalId: p.id, vendorId: p.vendorId, score: p.score });
    expect(eligible(p)).toBe(true);
    expect(input.regionIds).toContain(p.regionId);
    expect(regions.has(p.regionId)).toBe(false);
    regions.add(p.regionId);
    load.set(p.vendorId, (load.get(p.vendorId) ?? 0) + 1);
    spent += p.budgetYen;
    score += p.score;
  }
  for (const v of input.vendors) expect(load.get(v.id) ?? 0).toBeLessThanOrEqual(v.capacity);
  if (input.budgetYen != null) expect(spent).toBeLessThanOrEqual(input.budgetYen);
  expect(solution.matches.map((m) => m.regionId)).toEqual([...regions].sort());
  expect(solution.objective).toEqual({ regionsSupported: regions.size, totalScore: expect.closeTo(score, 6), totalBudgetYen: spent });
}

/** Best (regions, score) over every feasible selection: each region takes one eligible proposal or none. */
function exhaustiveBest(input: MatchingInput): { regions: number; score: number } {
  const capacity = new Map(input.vendors.map((v) => [v.id, v.capacity]));
  const options = input.regionIds.map((r) => input.proposals.filter((p) => p.regionId === r && eligible(p)));
  const used = new Map<string, number>();
  let best = { regions: 0, score: 0 };
  const visit = (i: number, regions: number, score: number, spent: number): void => {
    if (i === options.length) {
      if (regions > best.regions || (regions === best.regions && score > best.score)) best = { regions, score };
      return;
    }
    visit(i + 1, regions, score, spent);
    for (const p of options[i]) {
      const load = used.get(p.vendorId) ?? 0;
      if (load >= capacity.get(p.vendorId)! || (input.budgetYen != null && spent + p.budgetYen > input.budgetYen)) continue;
      used.set(p.vendorId, load + 1);
      visit(i + 1, regions + 1, score + p.score, spent + p.budgetYen);
      used.set(p.vendorId, load);
    }
  };
  visit(0, 0, 0, 0);
  return best;
}

/** The reason code from its definition, written apart from the implementation. */
function expectedReason(input: MatchingInput, solution: MatchingSolution, regionId: string): UnsupportedReason {
  const own = input.proposals.filter((p) => p.regionId === regionId);
  if (own.length === 0) return 'NO_PROPOSALS';
  if (own.every((p) => p.excluded)) return 'ALL_WITHDRAWN_OR_EXCLUDED';
  const candidates = own.filter((p) => p.passed && !p.excluded);
  if (candidates.length === 0) return 'ALL_BELOW_THRESHOLD';
  const load = (vendorId: string) => solution.matches.filter((m) => m.vendorId === vendorId).length;
  const capacity = (vendorId: string) => input.vendors.find((v) => v.id === vendorId)!.capacity;
  const withRoom = candidates.filter((p) => load(p.vendorId) < capacity(p.vendorId));
  if (withRoom.length === 0) return 'LOST_TO_CAPACITY';
  const spent = solution.matches.reduce((sum, m) => sum + input.proposals.find((p) => p.id === m.proposalId)!.budgetYen, 0);
  // Both policies leave no region that could still be served: what remains must be the budget.
  expect(input.budgetYen != null && withRoom.every((p) => spent + p.budgetYen > input.budgetYen!)).toBe(true);
  return 'OVER_BUDGET';
}

function shuffled<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
