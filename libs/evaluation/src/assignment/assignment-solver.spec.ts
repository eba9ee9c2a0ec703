import { mulberry32 } from '@app/core';
import { AssignmentProblem, AssignmentResult, solveAssignment } from './assignment-solver';

type Evaluator = AssignmentProblem['evaluators'][number];
const evaluator = (id: string, fields: string[] = [], minLoad = 0, maxLoad = 100): Evaluator => ({ id, minLoad, maxLoad, fields });
const proposals = (...ids: string[]) => ids.map((id) => ({ id }));
const assigned = (result: AssignmentResult, proposalId: string) => result.pairs.filter((x) => x.proposalId === proposalId).map((x) => x.evaluatorId);

describe('evaluator assignment (HiGHS)', () => {
  describe('small hand cases', () => {
    it('k evaluators per proposal, never a conflicted pair', async () => {
      const result = await solveAssignment({
        proposals: proposals('P1', 'P2'),
        evaluators: [evaluator('E1'), evaluator('E2'), evaluator('E3')],
        conflicts: [{ proposalId: 'P1', evaluatorId: 'E1' }],
        perProposal: 2,
      });
      expect(result.status).toBe('OPTIMAL');
      expect(assigned(result, 'P1')).toEqual(['E2', 'E3']);
      expect(assigned(result, 'P2')).toHaveLength(2);
      // 4 assignments over 3 evaluators: loads 2/1/1 in some order.
      expect(result.maxLoad - result.minLoad).toBe(1);
      expect(result.uncovered).toEqual([]);
    });

    it('even loads: 6 proposals × 2 over 3 evaluators is 4 each', async () => {
      const result = await solveAssignment({
        proposals: proposals('P1', 'P2', 'P3', 'P4', 'P5', 'P6'),
        evaluators: [evaluator('E1'), evaluator('E2'), evaluator('E3')],
        conflicts: [],
        perProposal: 2,
      });
      expect(result.loads).toEqual({ E1: 4, E2: 4, E3: 4 });
      expect(result).toMatchObject({ status: 'OPTIMAL', maxLoad: 4, minLoad: 4, solverStatus: 'Optimal' });
    });

    it('a required field is covered by an evaluator who holds it, even against balance', async () => {
      // E2 (the only finance evaluator) is confirmed on P1; balance alone would give P2 to E1 (loads 1/1),
      // the field row makes it E2 (loads 0/2).
      const result = await solveAssignment({
        proposals: [{ id: 'P1' }, { id: 'P2', requiredField: 'finance' }],
        evaluators: [evaluator('E1', ['DX']), evaluator('E2', ['finance'])],
        conflicts: [],
        perProposal: 1,
        fixed: [{ proposalId: 'P1', evaluatorId: 'E2' }],
      });
      expect(result.status).toBe('OPTIMAL');
      expect(assigned(result, 'P2')).toEqual(['E2']);
      expect(result.loads).toEqual({ E1: 0, E2: 2 });
    });

    it('too few unconflicted evaluators: covered as far as possible and reported', async () => {
      const result = await solveAssignment({
        proposals: proposals('P1', 'P2'),
        evaluators: [evaluator('E1'), evaluator('E2'), evaluator('E3')],
        conflicts: [
          { proposalId: 'P1', evaluatorId: 'E1' },
          { proposalId: 'P1', evaluatorId: 'E2' },
        ],
        perProposal: 2,
      });
      expect(result.status).toBe('PARTIAL');
      expect(assigned(result, 'P1')).toEqual(['E3']);
      expect(assigned(result, 'P2')).toHaveLength(2);
      expect(result.uncovered).toEqual([
        { proposalId: 'P1', reason: 'TOO_FEW_UNCONFLICTED_EVALUATORS', detail: expect.stringContaining('only 1 of 3'), available: 1, needed: 2 },
      ]);
    });

    it('no evaluator of the required field: reported, the proposal still gets k evaluators', async () => {
      const result = await solveAssignment({
        proposals: [
          { id: 'P1', requiredField: 'legal' },
          { id: 'P2', requiredField: 'finance' },
        ],
        evaluators: [evaluator('E1', ['DX']), evaluator('E2', ['finance']), evaluator('E3', ['DX'])],
        conflicts: [{ proposalId: 'P2', evaluatorId: 'E2' }],
        perProposal: 2,
      });
      expect(result.status).toBe('PARTIAL');
      expect(assigned(result, 'P1')).toHaveLength(2);
      expect(assigned(result, 'P2')).toEqual(['E1', 'E3']);
      expect(result.uncovered).toEqual([
        { proposalId: 'P1', reason: 'NO_EVALUATOR_OF_REQUIRED_FIELD', detail: 'no evaluator holds the required field "legal"', available: 0, needed: 1 },
        { proposalId: 'P2', reason: 'NO_EVALUATOR_OF_REQUIRED_FIELD', detail: expect.stringContaining('have a conflict'), available: 0, needed: 1 },
      ]);
    });

    it('maximum loads too small: the assignments that fit, the shortfall spread and reported with the numbers', async () => {
      // 4 proposals × 2 = 8 assignments, 3 evaluators × max 2 = 6.
      const result = await solveAssignment({
        proposals: proposals('P1', 'P2', 'P3', 'P4'),
        evaluators: [evaluator('E1', [], 0, 2), evaluator('E2', [], 0, 2), evaluator('E3', [], 0, 2)],
        conflicts: [],
        perProposal: 2,
      });
      expect(result.status).toBe('PARTIAL');
      expect(result.pairs).toHaveLength(6);
      expect(result.loads).toEqual({ E1: 2, E2: 2, E3: 2 });
      // Two proposals one short each, rather than one with no evaluator at all.
      expect(result.uncovered).toHaveLength(2);
      for (const u of result.uncovered) {
        expect(u).toMatchObject({ reason: 'LOAD_LIMITS', available: 1, needed: 2 });
        expect(u.detail).toContain('can take 6 assignments in all');
        expect(u.detail).toContain('8 are needed');
      }
      expect(result.notes).toEqual([expect.stringContaining('6 assignments in all')]);
    });

    it('minimum loads above the work there is: every proposal covered, the minimums relaxed and reported', async () => {
      // 2 proposals × 1 = 2 assignments, Σ minLoad = 3.
      const result = await solveAssignment({
        proposals: proposals('P1', 'P2'),
        evaluators: [evaluator('E1', [], 1, 5), evaluator('E2', [], 1, 5), evaluator('E3', [], 1, 5)],
        conflicts: [],
        perProposal: 1,
      });
      expect(result.status).toBe('PARTIAL');
      expect(result.pairs).toHaveLength(2);
      expect(result.uncovered).toEqual([]);
      expect(result.minLoadShortfalls).toEqual([{ evaluatorId: expect.any(String), minLoad: 1, load: 0 }]);
      expect(result.notes).toEqual(['The minimum loads add up to 3, more than the 2 assignments to make.']);
    });

    it('load limits that only the solver finds infeasible: the one finance evaluator can take one of two finance proposals', async () => {
      const result = await solveAssignment({
        proposals: [
          { id: 'P1', requiredField: 'finance' },
          { id: 'P2', requiredField: 'finance' },
        ],
        evaluators: [evaluator('E1', ['DX']), evaluator('E2', ['DX']), evaluator('F', ['finance'], 0, 1)],
        conflicts: [],
        perProposal: 2,
      });
      expect(result.status).toBe('PARTIAL');
      expect(result.pairs).toHaveLength(4);
      expect(result.loads.F).toBe(1);
      expect(result.uncovered).toEqual([
        { proposalId: expect.any(String), reason: 'LOAD_LIMITS', detail: expect.stringContaining('"finance"'), available: 0, needed: 1 },
      ]);
      expect(result.notes[0]).toMatch(/cannot all be met together/);
      expect(result.lp).toContain('elastic model');
    });

    it('keeps confirmed pairs', async () => {
      const problem: AssignmentProblem = {
        proposals: proposals('P1', 'P2', 'P3'),
        evaluators: [evaluator('E1'), evaluator('E2'), evaluator('E3')],
        conflicts: [],
        perProposal: 1,
      };
      const free = await solveAssignment(problem);
      const other = ['E1', 'E2', 'E3'].find((e) => e !== assigned(free, 'P1')[0])!;
      const fixed = await solveAssignment({ ...problem, fixed: [{ proposalId: 'P1', evaluatorId: other }] });
      expect(assigned(fixed, 'P1')).toEqual([other]);
      expect(fixed).toMatchObject({ status: 'OPTIMAL', maxLoad: 1, minLoad: 1 });
    });

    it('a confirmed pair later declared a conflict is dropped; confirmed pairs beyond maxLoad are kept, nothing added', async () => {
      const problem: AssignmentProblem = {
        proposals: proposals('P1', 'P2', 'P3'),
        evaluators: [evaluator('E1', [], 0, 1), evaluator('E2')],
        conflicts: [{ proposalId: 'P1', evaluatorId: 'E2' }],
        perProposal: 1,
        fixed: [
          { proposalId: 'P1', evaluatorId: 'E2' },
          { proposalId: 'P2', evaluatorId: 'E1' },
          { proposalId: 'P3', evaluatorId: 'E1' },
        ],
      };
      const result = await solveAssignment(problem);
      // E1 is full with its two confirmed pairs, E2 conflicts with P1: P1 stays without an evaluator.
      expect(result.pairs).toEqual([
        { proposalId: 'P2', evaluatorId: 'E1' },
        { proposalId: 'P3', evaluatorId: 'E1' },
      ]);
      expect(result.uncovered).toEqual([expect.objectContaining({ proposalId: 'P1', reason: 'LOAD_LIMITS', available: 0, needed: 1 })]);
      expect(result.notes).toEqual(
        expect.arrayContaining([
          'Confirmed pair P1/E2 is declared a conflict: not kept.',
          'Evaluator E1 has 2 confirmed pairs, more than maxLoad 1: the confirmed pairs are kept and nothing is added.',
        ]),
      );
    });

    it('rejects malformed input', async () => {
      const problem: AssignmentProblem = { proposals: proposals('P1'), evaluators: [evaluator('E1')], conflicts: [], perProposal: 1 };
      await expect(solveAssignment({ ...problem, evaluators: [evaluator('E1'), evaluator('E1')] })).rejects.toThrow(/twice/);
      await expect(solveAssignment({ ...problem, evaluators: [evaluator('E1', [], 3, 2)] })).rejects.toThrow(RangeError);
      await expect(solveAssignment({ ...problem, perProposal: -1 })).rejects.toThrow(RangeError);
    });

    it('nothing to solve: no evaluators at all', async () => {
      const result = await solveAssignment({ proposals: proposals('P1'), evaluators: [], conflicts: [], perProposal: 3 });
      expect(result).toMatchObject({ status: 'PARTIAL', pairs: [], lp: '', maxLoad: 0, minLoad: 0 });
      expect(result.uncovered).toEqual([expect.objectContaining({ proposalId: 'P1', reason: 'TOO_FEW_UNCONFLICTED_EVALUATORS', available: 0, needed: 3 })]);
    });

    it('the model text names variables by index, never by raw id', async () => {
      const uuid = '3f2b8c1e-9a4d-4e6b-8f00-1c2d3e4f5a6b';
      const result = await solveAssignment({ proposals: [{ id: uuid }], evaluators: [evaluator('E1'), evaluator('E2')], conflicts: [], perProposal: 1 });
      expect(result.lp).not.toContain(uuid);
      expect(result.lp).toMatch(/\bx_0_[01]\b/);
      expect(result.pairs).toEqual([{ proposalId: uuid, evaluatorId: expect.any(String) }]);
    });
  });

  describe('generated instance: 40 regions, 200 proposals, 15 evaluators', () => {
    const FIELDS = ['DX', 'finance', 'local-gov'];
    // Seeded, so that the instance is the same on every run.
    const random = mulberry32(20250501);
    const problem: AssignmentProblem = {
      // Proposal i belongs to region i % 40; every seventh needs a field.
      proposals: Array.from({ length: 200 }, (_, i) => ({
        id: `region-${String(i % 40).padStart(2, '0')}/proposal-${String(i).padStart(3, '0')}`,
        requiredField: i % 7 === 0 ? FIELDS[i % 3] : null,
      })),
      // Each evaluator holds one field, every fourth a second one.
      evaluators: Array.from({ length: 15 }, (_, i) => ({
        id: `evaluator-${String(i).padStart(2, '0')}`,
        minLoad: 30,
        maxLoad: 60,
        fields: i % 4 === 0 ? [FIELDS[i % 3], FIELDS[(i + 1) % 3]] : [FIELDS[i % 3]],
      })),
      conflicts: [],
      perProposal: 3,
    };
    for (const p of problem.proposals) for (const e of problem.evaluators) if (random() < 0.1) problem.conflicts.push({ proposalId: p.id, evaluatorId: e.id });

    let result: AssignmentResult;
    beforeAll(async () => {
      result = await solveAssignment(problem);
    });

    it('is a full, optimal assignment', () => {
      expect(problem.conflicts.length).toBeGreaterThan(200); // about 10% of 3000 pairs
      expect(result).toMatchObject({ status: 'OPTIMAL', uncovered: [], minLoadShortfalls: [], notes: [] });
      expect(result.pairs).toHaveLength(600);
    });

    it('gives every proposal exactly 3 distinct evaluators', () => {
      for (const p of problem.proposals) expect(new Set(assigned(result, p.id)).size).toBe(3);
    });

    it('never assigns a conflicted pair', () => {
      const conflicted = new Set(problem.conflicts.map((c) => `${c.proposalId} ${c.evaluatorId}`));
      expect(result.pairs.filter((x) => conflicted.has(`${x.proposalId} ${x.evaluatorId}`))).toEqual([]);
    });

    it('keeps loads within the limits and within 1 of each other', () => {
      const loads = Object.values(result.loads);
      expect(loads).toHaveLength(15);
      for (const load of loads) expect(load).toBeGreaterThanOrEqual(30);
      for (const load of loads) expect(load).toBeLessThanOrEqual(60);
      expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
      expect(result.maxLoad - result.minLoad).toBeLessThanOrEqual(1);
    });

    it('satisfies the required fields', () => {
      const fieldsOf = new Map(problem.evaluators.map((e) => [e.id, e.fields]));
      for (const p of problem.proposals.filter((x) => x.requiredField)) {
        expect(assigned(result, p.id).some((e) => fieldsOf.get(e)!.includes(p.requiredField!))).toBe(true);
      }
    });

    it('is deterministic: the same on a second run, and whatever the order of the input', async () => {
      const again = await solveAssignment(problem);
      expect(again).toEqual(result);
      const shuffled = await solveAssignment({
        ...problem,
        proposals: [...problem.proposals].reverse(),
        evaluators: [...problem.evaluators].reverse(),
        conflicts: [...problem.conflicts].reverse(),
      });
      expect(shuffled.pairs).toEqual(result.pairs);
    });
  });
});
