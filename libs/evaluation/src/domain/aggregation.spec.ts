import { aggregate, CriterionDef, ProposalInput, ProposalResult, SheetInput, weightedTotal } from './aggregation';
import { compareProposalRank } from '@app/core/util/proposal-rank';

const at = (iso: string) => new Date(iso);
const proposal = (proposalId: string, regionId = 'R1', submittedAt = '2025-05-01T09:00:00+09:00', bonusPoints = 0): ProposalInput => ({
  proposalId,
  regionId,
  submittedAt: at(submittedAt),
  bonusPoints,
});
const byId = (results: ProposalResult[]) => Object.fromEntries(results.map((r) => [r.proposalId, r]));
const plain = { passThreshold: 60, normalise: false, applyBonus: false };

describe('aggregation of score sheets', () => {
  // Weights 30/25/20/15/10 (Σ 100), every criterion 0..5 points.
  const five: CriterionDef[] = [
    { id: 'c1', weight: 30, maxPoints: 5, minPoints: null },
    { id: 'c2', weight: 25, maxPoints: 5, minPoints: null },
    { id: 'c3', weight: 20, maxPoints: 5, minPoints: null },
    { id: 'c4', weight: 15, maxPoints: 5, minPoints: null },
    { id: 'c5', weight: 10, maxPoints: 5, minPoints: 2 },
  ];
  const pts = (c1: number, c2: number, c3: number, c4: number, c5: number) => ({ c1, c2, c3, c4, c5 });

  it('weighted total: Σ points/max × weight, scaled so that the weights add up to 100', () => {
    // 5/5·30 + 4/5·25 + 3/5·20 + 4/5·15 + 2/5·10 = 30 + 20 + 12 + 12 + 4 = 78
    expect(weightedTotal(five, pts(5, 4, 3, 4, 2))).toBeCloseTo(78, 10);
    expect(weightedTotal(five, pts(5, 5, 5, 5, 5))).toBeCloseTo(100, 10);
    // Weights 3/2/1 (Σ 6): 100 × (4/5·3 + 1/5·2 + 5/5·1) / 6 = 100 × 3.8 / 6 = 63.33…
    const small: CriterionDef[] = [
      { id: 'a', weight: 3, maxPoints: 5, minPoints: null },
      { id: 'b', weight: 2, maxPoints: 5, minPoints: null },
      { id: 'c', weight: 1, maxPoints: 5, minPoints: null },
    ];
    expect(weightedTotal(small, { a: 4, b: 1, c: 5 })).toBeCloseTo(63.3333333, 6);
  });

  it('a sheet must score every criterion with integer points in range', () => {
    expect(() => weightedTotal(five, { c1: 5, c2: 4, c3: 3, c4: 4 })).toThrow(/c5/);
    expect(() => weightedTotal(five, pts(6, 4, 3, 4, 2))).toThrow(RangeError);
    expect(() => weightedTotal(five, pts(4.5, 4, 3, 4, 2))).toThrow(RangeError);
    expect(() => weightedTotal(five, { ...pts(5, 4, 3, 4, 2), c9: 1 })).toThrow(/c9/);
  });

  it('two evaluators: totals, panel means, threshold', () => {
    const sheets: SheetInput[] = [
      // P1, A: 30 + 20 + 12 + 12 + 4 = 78;  B: 4/5·30 + 4/5·25 + 4/5·20 + 3/5·15 + 3/5·10 = 24 + 20 + 16 + 9 + 6 = 75
      { proposalId: 'P1', evaluatorId: 'A', points: pts(5, 4, 3, 4, 2) },
      { proposalId: 'P1', evaluatorId: 'B', points: pts(4, 4, 4, 3, 3) },
      // P2, A: 3/5 of everything = 60;  B: 12 + 15 + 8 + 9 + 4 = 48
      { proposalId: 'P2', evaluatorId: 'B', points: pts(2, 3, 2, 3, 2) },
      { proposalId: 'P2', evaluatorId: 'A', points: pts(3, 3, 3, 3, 3) },
    ];
    const r = byId(aggregate(five, [proposal('P1'), proposal('P2')], sheets, plain));

    expect(r.P1.evaluatorTotals.map((t) => t.evaluatorId)).toEqual(['A', 'B']);
    expect(r.P1.evaluatorTotals[0].raw).toBeCloseTo(78, 10);
    expect(r.P1.evaluatorTotals[1].raw).toBeCloseTo(75, 10);
    expect(r.P1.evaluatorTotals[1].adjusted).toBe(r.P1.evaluatorTotals[1].raw);
    expect(r.P1.meanTotal).toBeCloseTo(76.5, 10); // (78 + 75) / 2
    expect(r.P1.criterionMeans).toEqual({ c1: 4.5, c2: 4, c3: 3.5, c4: 3.5, c5: 2.5 });
    expect(r.P1).toMatchObject({ sheetCount: 2, belowThreshold: false, failedMinimums: [], passed: true, bonus: 0, rank: 1 });

    expect(r.P2.evaluatorTotals.map((t) => t.evaluatorId)).toEqual(['A', 'B']);
    expect(r.P2.meanTotal).toBeCloseTo(54, 10); // (60 + 48) / 2 < 60
    expect(r.P2).toMatchObject({ belowThreshold: true, failedMinimums: [], passed: false, rank: 2 });
    expect(r.P2.finalScore).toBeCloseTo(54, 10);
  });

  describe('EU style: every criterion at least 3 of 5 and the total at least 10 of 15', () => {
    // Three equal criteria 0..5, minimum 3 each; "10 of 15" on the 0..100 scale is 100 × 10/15 = 66.67.
    const eu: CriterionDef[] = ['excellence', 'impact', 'implementation'].map((id) => ({ id, weight: 1, maxPoints: 5, minPoints: 3 }));
    const threshold = (100 * 10) / 15;
    const sheet = (proposalId: string, evaluatorId: string, excellence: number, impact: number, implementation: number): SheetInput => ({
      proposalId,
      evaluatorId,
      points: { excellence, impact, implementation },
    });
    const results = byId(
      aggregate(
        eu,
        ['strong-but-gap', 'on-the-line', 'split-panel', 'weak'].map((id) => proposal(id)),
        [
          // 5 + 5 + 2 = 12 of 15 = 80 ≥ 66.67, but implementation 2 < 3.
          sheet('strong-but-gap', 'A', 5, 5, 2),
          sheet('strong-but-gap', 'B', 5, 5, 2),
          // 3 + 3 + 4 = 10 of 15: exactly on the threshold, passes.
          sheet('on-the-line', 'A', 3, 3, 4),
          sheet('on-the-line', 'B', 3, 3, 4),
          // A gives implementation 2, B gives 4: the panel mean 3 is what counts. Totals (4+4+2)=10 and (4+4+4)=12 → 73.33.
          sheet('split-panel', 'A', 4, 4, 2),
          sheet('split-panel', 'B', 4, 4, 4),
          // 3 + 3 + 3 = 9 of 15 = 60: every minimum met, total too low.
          sheet('weak', 'A', 3, 3, 3),
          sheet('weak', 'B', 3, 3, 3),
        ],
        { passThreshold: threshold, normalise: false, applyBonus: false },
      ),
    );

    it('a criterion minimum fails a proposal whose total passes', () => {
      expect(results['strong-but-gap'].meanTotal).toBeCloseTo(80, 10);
      expect(results['strong-but-gap']).toMatchObject({ belowThreshold: false, failedMinimums: ['implementation'], passed: false });
    });

    it('a total exactly on the threshold passes', () => {
      expect(results['on-the-line'].meanTotal).toBeCloseTo(66.6666667, 6);
      expect(results['on-the-line']).toMatchObject({ belowThreshold: false, failedMinimums: [], passed: true });
    });

    it('minimums apply to the panel mean, not to single sheets', () => {
      expect(results['split-panel'].criterionMeans.implementation).toBe(3);
      expect(results['split-panel'].meanTotal).toBeCloseTo(73.3333333, 6); // (66.67 + 80) / 2
      expect(results['split-panel'].passed).toBe(true);
    });

    it('minimums met, total below the threshold', () => {
      expect(results.weak.meanTotal).toBeCloseTo(60, 10);
      expect(results.weak).toMatchObject({ belowThreshold: true, failedMinimums: [], passed: false });
    });
  });

  describe('normalisation of harsh and lenient graders', () => {
    // One criterion 0..10 of weight 1, so a sheet total is 10 × points.
    const one: CriterionDef[] = [{ id: 'q', weight: 1, maxPoints: 10, minPoints: null }];
    const sheet = (proposalId: string, evaluatorId: string, q: number): SheetInput => ({ proposalId, evaluatorId, points: { q } });

    it('z-score per evaluator, rescaled to the mean and population SD of all sheets', () => {
      // Harsh H: P1 40, P2 60.  Lenient L: P1 80, P2 90.  S scored P1 only: 50.
      // All raw totals 40, 60, 80, 90, 50: μ = 320/5 = 64.
      //   deviations −24, −4, 16, 26, −14 → squares 576 + 16 + 256 + 676 + 196 = 1720 → σ² = 344, σ = 18.5472
      // H: μ_H = 50, σ_H = 10 → P1 64 + 18.5472 × (−1) = 45.4528, P2 64 + 18.5472 = 82.5472
      // L: μ_L = 85, σ_L = 5  → P1 64 + 18.5472 × (−1) = 45.4528, P2 82.5472 (the two graders now agree)
      // S: a single sheet → 50 − 50 + 64 = 64
      // P1 = (45.4528 + 45.4528 + 64) / 3 = 51.6352;  P2 = 82.5472.  Raw means were 56.67 and 75.
      const sheets = [sheet('P1', 'H', 4), sheet('P2', 'H', 6), sheet('P1', 'L', 8), sheet('P2', 'L', 9), sheet('P1', 'S', 5)];
      const proposals = [proposal('P1'), proposal('P2')];
      const options = { passThreshold: 55, normalise: true, applyBonus: false };
      const r = byId(aggregate(one, proposals, sheets, options));
      const sigma = Math.sqrt(344);
      expect(sigma).toBeCloseTo(18.5472, 4);

      const p1 = Object.fromEntries(r.P1.evaluatorTotals.map((t) => [t.evaluatorId, t]));
      expect(p1.H).toMatchObject({ raw: 40 });
      expect(p1.H.adjusted).toBeCloseTo(64 - sigma, 10);
      expect(p1.L.adjusted).toBeCloseTo(64 - sigma, 10);
      expect(p1.S.adjusted).toBeCloseTo(64, 10);
      expect(r.P1.meanTotal).toBeCloseTo(51.6352, 4);
      expect(r.P2.meanTotal).toBeCloseTo(64 + sigma, 10);

      const raw = byId(aggregate(one, proposals, sheets, { ...options, normalise: false }));
      expect(raw.P1.meanTotal).toBeCloseTo(56.6666667, 6);
      expect(raw.P2.meanTotal).toBeCloseTo(75, 10);
      // Normalisation pushes P1 below a threshold of 55.
      expect(raw.P1.passed).toBe(true);
      expect(r.P1.passed).toBe(false);
    });

    it('an evaluator who gave every proposal the same total is only shifted', () => {
      // E: 50, 50 (σ_E = 0).  F: 60, 80.  All: 50, 50, 60, 80 → μ = 60, σ² = (100 + 100 + 0 + 400) / 4 = 150.
      // E → 50 − 50 + 60 = 60 twice.  F: μ_F = 70, σ_F = 10 → 60 ∓ √150 = 47.7526 / 72.2474.
      const r = byId(
        aggregate(one, [proposal('P1'), proposal('P2')], [sheet('P1', 'E', 5), sheet('P2', 'E', 5), sheet('P1', 'F', 6), sheet('P2', 'F', 8)], {
          ...plain,
          normalise: true,
        }),
      );
      expect(r.P1.evaluatorTotals.map((t) => t.adjusted)).toEqual([expect.closeTo(60, 10), expect.closeTo(60 - Math.sqrt(150), 10)]);
      expect(r.P2.evaluatorTotals.map((t) => t.adjusted)).toEqual([expect.closeTo(60, 10), expect.closeTo(60 + Math.sqrt(150), 10)]);
    });

    it('when every sheet has the same total there is nothing to correct', () => {
      const r = aggregate(one, [proposal('P1'), proposal('P2')], [sheet('P1', 'E', 7), sheet('P2', 'F', 7), sheet('P2', 'E', 7)], {
        ...plain,
        normalise: true,
      });
      expect(r.flatMap((p) => p.evaluatorTotals.map((t) => t.adjusted))).toEqual([70, 70, 70]);
    });
  });

  describe('bonus', () => {
    const one: CriterionDef[] = [{ id: 'q', weight: 1, maxPoints: 100, minPoints: null }];
    const proposals = [proposal('P1', 'R1', '2025-05-01T09:00:00+09:00', 5), proposal('P2', 'R1', '2025-05-01T09:00:00+09:00', 0)];
    const sheets: SheetInput[] = [
      { proposalId: 'P1', evaluatorId: 'A', points: { q: 58 } },
      { proposalId: 'P2', evaluatorId: 'A', points: { q: 61 } },
    ];

    it('is added to the final score, but does not make a proposal pass nor rank it above a passing one', () => {
      const r = byId(aggregate(one, proposals, sheets, { ...plain, applyBonus: true }));
      // P1: 58 + 5 = 63 > P2: 61 + 0, but P1 is below the threshold (tested without the bonus) and P2 passes.
      expect(r.P1).toMatchObject({ meanTotal: 58, bonus: 5, finalScore: 63, belowThreshold: true, passed: false, rank: 2 });
      expect(r.P2).toMatchObject({ meanTotal: 61, bonus: 0, finalScore: 61, passed: true, rank: 1 });
    });

    it('is ignored when not applied', () => {
      const r = byId(aggregate(one, proposals, sheets, plain));
      expect(r.P1).toMatchObject({ bonus: 0, finalScore: 58, rank: 2 });
      expect(r.P2).toMatchObject({ finalScore: 61, rank: 1 });
    });
  });

  describe('ranking within a region and its tie-break', () => {
    const one: CriterionDef[] = [{ id: 'q', weight: 1, maxPoints: 10, minPoints: null }];
    const proposals = [
      proposal('p-late', 'R1', '2025-05-01T10:00:00+09:00'),
      proposal('p-b', 'R1', '2025-05-01T09:00:00+09:00'),
      proposal('p-a', 'R1', '2025-05-01T09:00:00+09:00'),
      proposal('p-early', 'R1', '2025-05-01T08:00:00+09:00'),
      proposal('p-high', 'R1', '2025-05-01T11:00:00+09:00'),
      proposal('p-unscored', 'R1', '2025-05-01T07:00:00+09:00'),
      proposal('p-other', 'R2', '2025-05-01T12:00:00+09:00'),
    ];
    const sheets: SheetInput[] = [
      { proposalId: 'p-high', evaluatorId: 'A', points: { q: 9 } }, // 90
      { proposalId: 'p-late', evaluatorId: 'A', points: { q: 8 } }, // 80, 10:00
      { proposalId: 'p-early', evaluatorId: 'A', points: { q: 8 } }, // 80, 08:00
      { proposalId: 'p-a', evaluatorId: 'A', points: { q: 8 } }, // 80, 09:00
      { proposalId: 'p-b', evaluatorId: 'A', points: { q: 8 } }, // 80, 09:00
      { proposalId: 'p-other', evaluatorId: 'A', points: { q: 5 } }, // 50, alone in R2
    ];

    it('score first, then earlier submission, then the smaller id; each region on its own; unscored not ranked', () => {
      const r = byId(aggregate(one, proposals, sheets, plain));
      expect(['p-high', 'p-early', 'p-a', 'p-b', 'p-late'].map((id) => r[id].rank)).toEqual([1, 2, 3, 4, 5]);
      expect(r['p-other'].rank).toBe(1);
      expect(r['p-unscored']).toMatchObject({ rank: null, sheetCount: 0, meanTotal: 0, passed: false, criterionMeans: {}, failedMinimums: [] });
    });

    it('does not depend on the order of the input', () => {
      const forward = aggregate(one, proposals, sheets, plain);
      const backward = aggregate(one, [...proposals].reverse(), [...sheets].reverse(), plain);
      expect(byId(backward)).toEqual(byId(forward));
      expect(backward.map((r) => r.proposalId)).toEqual([...proposals].reverse().map((p) => p.proposalId));
    });

    it('compareProposalRank on its own, with floating-point noise and differences below 0.01 in the scores', () => {
      const nine = at('2025-05-01T09:00:00+09:00');
      const ten = at('2025-05-01T10:00:00+09:00');
      // 0.1 + 0.2 = 0.30000000000000004: the same score as 0.3, so the submission time decides.
      expect(compareProposalRank({ id: 'x', score: 0.1 + 0.2, submittedAt: ten }, { id: 'y', score: 0.3, submittedAt: nine })).toBeGreaterThan(0);
      // Below a hundredth of a point it is a tie as well (scores are published with two decimals): the earlier wins.
      expect(compareProposalRank({ id: 'x', score: 70.004, submittedAt: ten }, { id: 'y', score: 70, submittedAt: nine })).toBeGreaterThan(0);
      expect(compareProposalRank({ id: 'x', score: 70.005, submittedAt: ten }, { id: 'y', score: 70, submittedAt: nine })).toBeLessThan(0);
      expect(compareProposalRank({ id: 'x', score: 70, submittedAt: ten }, { id: 'y', score: 69.5, submittedAt: nine })).toBeLessThan(0);
      expect(compareProposalRank({ id: 'b', score: 70, submittedAt: nine }, { id: 'a', score: 70, submittedAt: at(nine.toISOString()) })).toBeGreaterThan(0);
      expect(compareProposalRank({ id: 'a', score: 70, submittedAt: nine }, { id: 'a', score: 70, submittedAt: nine })).toBe(0);
    });
  });

  it('rejects sheets for unknown proposals and duplicate sheets', () => {
    const one: CriterionDef[] = [{ id: 'q', weight: 1, maxPoints: 10, minPoints: null }];
    expect(() => aggregate(one, [proposal('P1')], [{ proposalId: 'P9', evaluatorId: 'A', points: { q: 1 } }], plain)).toThrow(/P9/);
    const twice: SheetInput = { proposalId: 'P1', evaluatorId: 'A', points: { q: 1 } };
    expect(() => aggregate(one, [proposal('P1')], [twice, twice], plain)).toThrow(/two sheets/);
  });
});
