import fc from 'fast-check';
import { compareProposalRank } from '@app/core';
import { aggregate, CriterionDef, ProposalInput, SheetInput } from '@app/evaluation';
import { MatchingInput, MatchingProposal, nextInAwardingOrder, solveGreedy, solveOptimal, solveOptimalWithDiagnostics } from './matching-model';

/**
 * One ranking (compareProposalRank) behind the evaluation's ranks, the matching model's order (optimum, objective
 * weights, simple policy) and the awarding order after declines: for random scores with ties and near-ties (below
 * 0.01 points, exactly 0.005 apart, floating-point noise) and tied submission times, the three orders are the same.
 */
const T0 = Date.UTC(2025, 3, 1);
const REGION = 'R1';
// One criterion; the sheet gives 60 (the threshold) or 40 (fails), and the bonus carries the rest of the score.
const CRITERIA: CriterionDef[] = [{ id: 'q', weight: 1, maxPoints: 100, minPoints: null }];
const OPTIONS = { passThreshold: 50, normalise: false, applyBonus: true };
// Near the hundredths' rounding line on purpose: 0.005 rounds up, 0.00499 down, 0.004 and 0.009 tie with a neighbour.
const FRACTIONS = [0, 0.001, 0.004, 0.00499, 0.0049999999, 0.005, 0.0051, 0.009, 0.01, 0.015, 0.1 + 0.2 - 0.3];

const scoreSet = fc.array(
  fc.record({
    whole: fc.integer({ min: 0, max: 3 }),
    fraction: fc.constantFrom(...FRACTIONS),
    minute: fc.nat(2),
    passes: fc.integer({ min: 0, max: 9 }).map((x) => x < 8),
  }),
  { minLength: 1, maxLength: 6 },
);

type Drawn = Array<{ whole: number; fraction: number; minute: number; passes: boolean }>;

/** The evaluation's ranks, and the same proposals as the matching reads them (score = finalScore, as MatchingService.inputs). */
function evaluate(drawn: Drawn): { evaluationOrder: string[]; input: MatchingInput } {
  const proposals: ProposalInput[] = drawn.map((d, i) => ({
    proposalId: `p${i}`,
    regionId: REGION,
    submittedAt: new Date(T0 + d.minute * 60_000),
    bonusPoints: d.whole + d.fraction,
  }));
  const sheets: SheetInput[] = drawn.map((d, i) => ({ proposalId: `p${i}`, evaluatorId: 'E1', points: { q: d.passes ? 60 : 40 } }));
  const results = aggregate(CRITERIA, proposals, sheets, OPTIONS);
  const evaluationOrder = results
    .filter((r) => r.passed)
    .sort((a, b) => a.rank! - b.rank!)
    .map((r) => r.proposalId);
  const matchingProposals: MatchingProposal[] = results.map((r, i) => ({
    id: r.proposalId,
    regionId: REGION,
    vendorId: `v${i}`,
    score: r.finalScore,
    passed: r.passed,
    excluded: false,
    budgetYen: 1_000_000,
    submittedAt: proposals[i].submittedAt,
  }));
  const input: MatchingInput = { regionIds: [REGION], vendors: matchingProposals.map((p) => ({ id: p.vendorId, capacity: 1 })), proposals: matchingProposals };
  return { evaluationOrder, input };
}

/** The order the model ranks the region in: its choice, then its choice without that proposal, and so on. */
async function modelOrder(input: MatchingInput, solve: (i: MatchingInput) => Promise<string | undefined>): Promise<string[]> {
  const order: string[] = [];
  for (;;) {
    const chosen = await solve({ ...input, proposals: input.proposals.filter((p) => !order.includes(p.id)) });
    if (chosen === undefined) return order;
    order.push(chosen);
  }
}

/** Objective weights c_x in variable order (x1, x2, … are the candidates in rank order). */
function objectiveWeights(lp: string): number[] {
  const objective = lp.slice(lp.indexOf('obj:'), lp.search(/\n(Subject To|Bounds)/));
  return [...objective.matchAll(/([\d.]+) x(\d+)/g)].sort((a, b) => Number(a[2]) - Number(b[2])).map((m) => Number(m[1]));
}

describe('one ranking: evaluation, matching model and awarding order agree', () => {
  it('for random scores with ties and near-ties', async () => {
    await fc.assert(
      fc.asyncProperty(scoreSet, async (drawn) => {
        const { evaluationOrder, input } = evaluate(drawn);
        const eligibleProposals = input.proposals.filter((p) => p.passed);
        expect([...eligibleProposals].sort(compareProposalRank).map((p) => p.id)).toEqual(evaluationOrder);

        // The optimum and the simple policy, asked again and again.
        expect(await modelOrder(input, async (i) => (await solveOptimal(i)).matches[0]?.proposalId)).toEqual(evaluationOrder);
        expect(await modelOrder(input, async (i) => solveGreedy(i).matches[0]?.proposalId)).toEqual(evaluationOrder);
        // The objective weights fall strictly in rank order: the conversion of scores keeps the ranking.
        const { diagnostics } = await solveOptimalWithDiagnostics(input);
        const weights = objectiveWeights(diagnostics.lp);
        expect(weights).toHaveLength(evaluationOrder.length);
        weights.slice(1).forEach((w, k) => expect(w).toBeLessThan(weights[k]));

        // The awarding order: each selected vendor declines in turn.
        const awarding: string[] = [];
        const refused = new Set<string>();
        for (let next = nextInAwardingOrder(input, REGION, refused, new Map()); next; next = nextInAwardingOrder(input, REGION, refused, new Map())) {
          awarding.push(next.id);
          refused.add(next.vendorId);
        }
        expect(awarding).toEqual(evaluationOrder);
      }),
      { numRuns: 150 },
    );
  });

  it('hand cases at the hundredths: below 0.01 is a tie (the earlier wins), exactly 0.005 apart rounds half up', async () => {
    const early = new Date(T0);
    const late = new Date(T0 + 60_000);
    const input = (a: number, b: number): MatchingInput => ({
      regionIds: [REGION],
      vendors: [
        { id: 'va', capacity: 1 },
        { id: 'vb', capacity: 1 },
      ],
      proposals: [
        { id: 'a', regionId: REGION, vendorId: 'va', score: a, passed: true, excluded: false, budgetYen: 0, submittedAt: late },
        { id: 'b', regionId: REGION, vendorId: 'vb', score: b, passed: true, excluded: false, budgetYen: 0, submittedAt: early },
      ],
    });
    const first = (i: MatchingInput) => nextInAwardingOrder(i, REGION, new Set(), new Map())?.id;
    for (const [a, b, winner] of [
      [80.004, 80, 'b'], // 80.00 both: the earlier submission
      [80.00499, 80, 'b'],
      [80.005, 80, 'a'], // 80.01 against 80.00
      [80.0049999999, 80, 'a'], // noise below 10⁻⁶ is removed first: 80.005
      [80.01, 80.005, 'b'], // 80.01 both
      [0.1 + 0.2, 0.3, 'b'],
    ] as Array<[number, number, string]>) {
      expect([first(input(a, b)), (await solveOptimal(input(a, b))).matches[0].proposalId, solveGreedy(input(a, b)).matches[0].proposalId]).toEqual([
        winner,
        winner,
        winner,
      ]);
    }
  });
});
