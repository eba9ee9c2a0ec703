import { Role } from '@app/core';
import { DataSource } from 'typeorm';
import {
  approvedVendor,
  createTestApp,
  createVendorCall,
  DEMO_RUBRIC,
  errorCode,
  gql,
  IN_VENDOR_WINDOW,
  ok,
  publishedRegions,
  saveProposal,
  signIn,
  STANDARD_ACCOUNTS,
  startVendorApplication,
  submitVendor,
  TestApp,
  panelExpert,
} from './support';

type Vendor = { vendorId: string; token: string; corporateNumber: string };

describe('the expert panel: conflicts, assignment, scoring, aggregation', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let callId: string;
  let regions: Record<string, string>;
  const vendors: Record<string, Vendor> = {};
  const proposals: Record<string, string> = {}; // `${vendor}:${prefecture}` -> proposal id
  const evaluators: Record<string, { id: string; token: string }> = {};
  let criteria: Array<{ id: string; maxPoints: number }>;

  beforeAll(async () => {
    t = await createTestApp();
    tok = { ...(await signIn(t.app, STANDARD_ACCOUNTS)) };
    const pub = await publishedRegions(t, tok.secretariat, [
      { token: tok.hyogo, prefectureCode: '28', partners: ['282090'] },
      { token: tok.nagano, prefectureCode: '20', partners: ['202011'] },
    ]);
    regions = pub.regionIds;
    t.clock.set(IN_VENDOR_WINDOW);
    callId = await createVendorCall(t.app, tok.secretariat, pub.programId, pub.regionCallId);
    criteria = ok(
      await gql(
        t.app,
        `mutation($c: [CriterionInput!]!) { setEvaluationCriteria(callId: "${callId}", criteria: $c) { id maxPoints } }`,
        { c: DEMO_RUBRIC },
        tok.secretariat,
      ),
    ).setEvaluationCriteria;
    ok(
      await gql(
        t.app,
        `mutation { updateEvaluationSettings(callId: "${callId}", input: {passThreshold: 60, evaluatorsPerProposal: 3}) { passThreshold } }`,
        {},
        tok.secretariat,
      ),
    );
    for (const [i, key] of ['a', 'b', 'c', 'd'].entries()) {
      vendors[key] = await approvedVendor(t.app, tok.secretariat, `vendor-${key}`, `10000000000${i}`);
      const app = await startVendorApplication(t.app, vendors[key].token, callId, 2);
      for (const pref of ['28', '20']) {
        const saved = ok(await saveProposal(t.app, vendors[key].token, app, regions[pref])).saveRegionProposal;
        proposals[`${key}:${pref}`] = saved.proposals.find((p: any) => p.candidateRegionId === regions[pref]).id;
      }
      t.clock.set(`2025-03-2${i}T10:00:00+09:00`); // distinct submission times for the tie-break
      ok(await submitVendor(t.app, vendors[key].token, app));
    }
    for (const n of [1, 2, 3, 4, 5]) {
      evaluators[`e${n}`] = await panelExpert(t.app, tok.secretariat, callId, {
        email: `expert${n}@univ.example.ac.jp`,
        name: `有識者${n}`,
        affiliation: '大学',
        fields: n <= 2 ? ['DX', 'local-gov'] : ['finance'],
        maxLoad: 8,
      });
    }
    // e1 used to work for vendor a: declared by 法人番号, so it holds whatever the vendor's name.
    ok(
      await gql(
        t.app,
        'mutation($i: DeclareConflictInput!) { declareConflict(input: $i) { id } }',
        { i: { corporateNumber: vendors.a.corporateNumber, kind: 'EMPLOYMENT', note: '前職' } },
        evaluators.e1.token,
      ),
    );
  });
  afterAll(() => t.close());

  const assignmentsOf = async () =>
    ok(await gql(t.app, `{ assignments(callId: "${callId}") { proposalId evaluatorId status } }`, {}, tok.secretariat)).assignments as Array<{
      proposalId: string;
      evaluatorId: string;
      status: string;
    }>;

  it('keeps conflicts to oneself and the staff; evaluators cannot declare for others', async () => {
    expect(ok(await gql(t.app, '{ conflicts { corporateNumber kind } }', {}, evaluators.e1.token)).conflicts).toEqual([
      { corporateNumber: vendors.a.corporateNumber, kind: 'EMPLOYMENT' },
    ]);
    expect(ok(await gql(t.app, '{ conflicts { id } }', {}, evaluators.e2.token)).conflicts).toEqual([]);
    expect(errorCode(await gql(t.app, '{ conflicts { id } }', {}, vendors.a.token))).toBe('FORBIDDEN');
    const forOther = await gql(
      t.app,
      'mutation($i: DeclareConflictInput!) { declareConflict(input: $i) { id } }',
      { i: { evaluatorId: evaluators.e2.id, prefectureCode: '28', kind: 'OTHER' } },
      evaluators.e1.token,
    );
    expect(errorCode(forOther)).toBe('FORBIDDEN');
  });

  it('assigns only after the deadline', async () => {
    expect(errorCode(await gql(t.app, `mutation { runAssignment(callId: "${callId}") { status } }`, {}, tok.secretariat))).toBe('INVALID_STATE');
    t.clock.set('2025-03-28T15:00:00+09:00');
  });

  it('reports each proposal it cannot cover, and why (never a bare "no solution")', async () => {
    ok(
      await gql(
        t.app,
        `mutation { updateEvaluationSettings(callId: "${callId}", input: {evaluatorsPerProposal: 5}) { evaluatorsPerProposal } }`,
        {},
        tok.secretariat,
      ),
    );
    const r = ok(
      await gql(t.app, `mutation { runAssignment(callId: "${callId}") { status uncovered { proposalId reason available needed } } }`, {}, tok.secretariat),
    ).runAssignment;
    expect(r.status).toBe('PARTIAL');
    expect(r.uncovered.map((u: any) => [u.proposalId, u.reason, u.available, u.needed]).sort()).toEqual(
      [proposals['a:28'], proposals['a:20']].sort().map((id) => [id, 'TOO_FEW_UNCONFLICTED_EVALUATORS', 4, 5]),
    );
    ok(
      await gql(
        t.app,
        `mutation { updateEvaluationSettings(callId: "${callId}", input: {evaluatorsPerProposal: 3}) { evaluatorsPerProposal } }`,
        {},
        tok.secretariat,
      ),
    );
  });

  it('gives every proposal 3 evaluators, none conflicted, with loads as even as possible', async () => {
    const r = ok(
      await gql(
        t.app,
        `mutation { runAssignment(callId: "${callId}") { status proposals assigned maxLoad minLoad uncovered { proposalId } } }`,
        {},
        tok.secretariat,
      ),
    ).runAssignment;
    expect(r).toMatchObject({ status: 'OPTIMAL', proposals: 8, assigned: 24, uncovered: [] });
    expect(r.maxLoad - r.minLoad).toBeLessThanOrEqual(1);
    const rows = await assignmentsOf();
    expect(rows).toHaveLength(24);
    for (const id of Object.values(proposals)) expect(rows.filter((a) => a.proposalId === id)).toHaveLength(3);
    expect(rows.filter((a) => a.evaluatorId === evaluators.e1.id && [proposals['a:28'], proposals['a:20']].includes(a.proposalId))).toEqual([]);
    expect(rows.every((a) => a.status === 'PROPOSED')).toBe(true);
  });

  it('refuses a conflicted pair by hand with CONFLICT_OF_INTEREST', async () => {
    const r = await gql(
      t.app,
      `mutation { assignEvaluator(proposalId: "${proposals['a:28']}", evaluatorId: "${evaluators.e1.id}") { proposalId } }`,
      {},
      tok.secretariat,
    );
    expect(errorCode(r)).toBe('CONFLICT_OF_INTEREST');
  });

  it('confirms; evaluators see only confirmed, unconflicted proposals, and a conflicted one learns nothing', async () => {
    expect(ok(await gql(t.app, '{ myAssignedProposals { id } }', {}, evaluators.e2.token)).myAssignedProposals).toEqual([]);
    expect(
      ok(await gql(t.app, `mutation { confirmAssignments(callId: "${callId}") { confirmed removedForConflict } }`, {}, tok.secretariat)).confirmAssignments,
    ).toEqual({ confirmed: 24, removedForConflict: 0 });
    const mine = ok(await gql(t.app, '{ myAssignedProposals { id vendor { name } criteria { id } } }', {}, evaluators.e1.token)).myAssignedProposals;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.map((p: any) => p.id)).not.toContain(proposals['a:28']);
    expect(mine[0].criteria).toHaveLength(5);
    // One proposal by id (nothing primed by the list): its criteria through bidding's application → its vendor call, as in the list.
    const one = ok(await gql(t.app, `{ regionProposal(id: "${mine[0].id}") { id criteria { id } myScoreSheet { id } } }`, {}, evaluators.e1.token));
    expect(one.regionProposal).toEqual({ id: mine[0].id, criteria: mine[0].criteria, myScoreSheet: null });
    expect(errorCode(await gql(t.app, `{ regionProposal(id: "${proposals['a:28']}") { id } }`, {}, evaluators.e1.token))).toBe('NOT_FOUND');
    expect(errorCode(await gql(t.app, `mutation { saveScores(proposalId: "${proposals['a:28']}", scores: []) { id } }`, {}, evaluators.e1.token))).toBe(
      'NOT_FOUND',
    );
  });

  it('re-checks conflicts on every read and at confirmation, not only when assigning', async () => {
    const rows = await assignmentsOf();
    // Whoever evaluates vendor b's proposal for 兵庫県 turns out to advise vendor b.
    const late = Object.values(evaluators).find((e) => rows.some((a) => a.evaluatorId === e.id && a.proposalId === proposals['b:28']))!;
    const e2OnB = rows.filter((a) => a.evaluatorId === late.id && [proposals['b:28'], proposals['b:20']].includes(a.proposalId));
    expect(e2OnB.length).toBeGreaterThan(0);
    ok(
      await gql(
        t.app,
        'mutation($i: DeclareConflictInput!) { declareConflict(input: $i) { id } }',
        { i: { evaluatorId: late.id, corporateNumber: vendors.b.corporateNumber, kind: 'ADVISORY' } },
        tok.secretariat,
      ),
    );
    const mine = ok(await gql(t.app, '{ myAssignedProposals { id } }', {}, late.token)).myAssignedProposals.map((p: any) => p.id);
    for (const a of e2OnB) {
      expect(mine).not.toContain(a.proposalId);
      expect(errorCode(await gql(t.app, `{ regionProposal(id: "${a.proposalId}") { id } }`, {}, late.token))).toBe('NOT_FOUND');
    }
    expect(
      ok(await gql(t.app, `mutation { confirmAssignments(callId: "${callId}") { removedForConflict } }`, {}, tok.secretariat)).confirmAssignments
        .removedForConflict,
    ).toBe(e2OnB.length);
    // Re-run to cover the gap again, then confirm.
    ok(await gql(t.app, `mutation { runAssignment(callId: "${callId}") { status } }`, {}, tok.secretariat));
    ok(await gql(t.app, `mutation { confirmAssignments(callId: "${callId}") { confirmed } }`, {}, tok.secretariat));
    const after = await assignmentsOf();
    for (const id of Object.values(proposals)) expect(after.filter((a) => a.proposalId === id)).toHaveLength(3);
  });

  describe('scoring and aggregation (hand-worked)', () => {
    const pts = (values: number[]) => criteria.map((c, i) => ({ criterionId: c.id, points: values[i], comment: `評価${i + 1}` }));
    const evaluatorsOf = async (proposalId: string) => {
      const ids = (await assignmentsOf()).filter((a) => a.proposalId === proposalId).map((a) => a.evaluatorId);
      return Object.values(evaluators).filter((e) => ids.includes(e.id));
    };
    const score = (e: { token: string }, proposalId: string, values: number[]) =>
      gql(t.app, 'mutation($p: ID!, $s: [ScoreInput!]!) { saveScores(proposalId: $p, scores: $s) { status } }', { p: proposalId, s: pts(values) }, e.token);
    const submitScores = (e: { token: string }, proposalId: string) =>
      gql(t.app, `mutation { submitScores(proposalId: "${proposalId}") { status } }`, {}, e.token);

    it('takes integers 0..max, saves drafts, locks on submit, and the secretariat can reopen (recorded)', async () => {
      const [x] = await evaluatorsOf(proposals['c:20']);
      expect(errorCode(await score(x, proposals['c:20'], [6, 4, 3, 4, 5]))).toBe('VALIDATION_FAILED');
      ok(
        await gql(
          t.app,
          'mutation($p: ID!, $s: [ScoreInput!]!) { saveScores(proposalId: $p, scores: $s) { status } }',
          { p: proposals['c:20'], s: pts([5, 4, 3, 4, 5]).slice(0, 2) },
          x.token,
        ),
      );
      expect(errorCode(await submitScores(x, proposals['c:20']))).toBe('APPLICATION_INCOMPLETE');
      ok(await score(x, proposals['c:20'], [5, 4, 3, 4, 5]));
      expect(ok(await submitScores(x, proposals['c:20'])).submitScores.status).toBe('SUBMITTED');
      expect(errorCode(await score(x, proposals['c:20'], [1, 1, 1, 1, 1]))).toBe('SCORE_LOCKED');
      const reopened = ok(
        await gql(
          t.app,
          `mutation { reopenScoreSheet(proposalId: "${proposals['c:20']}", evaluatorId: "${x.id}", reason: "記入誤りの申告") { status } }`,
          {},
          tok.secretariat,
        ),
      );
      expect(reopened.reopenScoreSheet.status).toBe('DRAFT');
      ok(await submitScores(x, proposals['c:20']));
    });

    it("shows other evaluators' scores only after one's own submission", async () => {
      const [, y] = await evaluatorsOf(proposals['c:20']);
      const q = `{ regionProposal(id: "${proposals['c:20']}") { otherScoreSheets { status scores { points } } myScoreSheet { status } } }`;
      expect(ok(await gql(t.app, q, {}, y.token)).regionProposal.otherScoreSheets).toEqual([]);
      ok(await score(y, proposals['c:20'], [4, 4, 4, 4, 4]));
      ok(await submitScores(y, proposals['c:20']));
      const seen = ok(await gql(t.app, q, {}, y.token)).regionProposal;
      expect(seen.myScoreSheet.status).toBe('SUBMITTED');
      expect(seen.otherScoreSheets).toHaveLength(1);
    });

    it('aggregates: weighted totals per evaluator, their mean, minimums, threshold and rank', async () => {
      const [, , z] = await evaluatorsOf(proposals['c:20']);
      ok(await score(z, proposals['c:20'], [3, 3, 3, 3, 3]));
      ok(await submitScores(z, proposals['c:20']));
      // vendor d in the same region: fails the minimum of criterion 1 (2 of 5) with 1 point from every evaluator.
      for (const e of await evaluatorsOf(proposals['d:20'])) {
        ok(await score(e, proposals['d:20'], [1, 5, 5, 5, 5]));
        ok(await submitScores(e, proposals['d:20']));
      }
      const results = ok(
        await gql(
          t.app,
          `{ evaluationResults(callId: "${callId}") { proposalId candidateRegionId sheetCount meanTotal bonus finalScore passed belowThreshold failedMinimums rank } }`,
          {},
          tok.secretariat,
        ),
      ).evaluationResults;
      const c20 = results.find((r: any) => r.proposalId === proposals['c:20']);
      // Weights 25/25/20/20/10, max 5: [5,4,3,4,5] → 25+20+12+16+10 = 83; [4,4,4,4,4] → 80; [3,3,3,3,3] → 60; mean 74.33.
      expect(c20.sheetCount).toBe(3);
      expect(c20.meanTotal).toBeCloseTo(223 / 3, 6);
      expect(c20).toMatchObject({ bonus: 0, passed: true, belowThreshold: false, failedMinimums: [], rank: 1 });
      const d20 = results.find((r: any) => r.proposalId === proposals['d:20']);
      // [1,5,5,5,5] → 5+25+20+20+10 = 80, above the threshold, but criterion 1's mean 1 < 2 fails it.
      expect(d20.meanTotal).toBeCloseTo(80, 6);
      expect(d20.failedMinimums).toEqual([criteria[0].id]);
      expect(d20.passed).toBe(false);
      expect(d20.rank).toBe(2); // a failing proposal ranks after every passing one, whatever its score
      expect(errorCode(await gql(t.app, `{ evaluationResults(callId: "${callId}") { rank } }`, {}, vendors.c.token))).toBe('FORBIDDEN');
    });

    it("keeps each sheet's points equal to its scores, whoever writes them (the database's triggers)", async () => {
      const db = t.app.get(DataSource);
      // Every sheet the API wrote: points = its scores, by criterion id (NULL without any).
      const stale = async () =>
        (await db.query(
          `SELECT s.id FROM score_sheets s
            WHERE s.points::jsonb IS DISTINCT FROM (SELECT jsonb_object_agg(sc.criterion_id, sc.points) FROM scores sc WHERE sc.sheet_id = s.id)`,
        )) as unknown[];
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM score_sheets WHERE points IS NOT NULL`);
      expect(n).toBeGreaterThanOrEqual(6);
      expect(await stale()).toEqual([]);
      const [x] = await evaluatorsOf(proposals['c:20']);
      const [sheet] = await db.query(`SELECT id, points FROM score_sheets WHERE proposal_id = $1 AND evaluator_id = $2`, [proposals['c:20'], x.id]);
      expect(sheet.points).toEqual(Object.fromEntries(criteria.map((c, i) => [c.id, [5, 4, 3, 4, 5][i]])));
      // Writes outside the API (an import, a script), each event, rolled back: the sheet follows its scores.
      const runner = db.createQueryRunner();
      await runner.startTransaction();
      try {
        const pointsOf = async () => (await runner.query(`SELECT points FROM score_sheets WHERE id = $1`, [sheet.id]))[0].points;
        await runner.query(`UPDATE scores SET points = 1 WHERE sheet_id = $1 AND criterion_id = $2`, [sheet.id, criteria[0].id]);
        expect((await pointsOf())[criteria[0].id]).toBe(1);
        await runner.query(`DELETE FROM scores WHERE sheet_id = $1 AND criterion_id = $2`, [sheet.id, criteria[1].id]);
        expect(Object.keys(await pointsOf()).sort()).toEqual(
          criteria
            .filter((_, i) => i !== 1)
            .map((c) => c.id)
            .sort(),
        );
        await runner.query(`INSERT INTO scores (sheet_id, criterion_id, points) VALUES ($1, $2, 2)`, [sheet.id, criteria[1].id]);
        expect((await pointsOf())[criteria[1].id]).toBe(2);
        // A bulk load with the other triggers off (session_replication_role = replica) too.
        await runner.query('SET LOCAL session_replication_role = replica');
        await runner.query(`UPDATE scores SET points = 3 WHERE sheet_id = $1 AND criterion_id = $2`, [sheet.id, criteria[1].id]);
        expect((await pointsOf())[criteria[1].id]).toBe(3);
        await runner.query(`DELETE FROM scores WHERE sheet_id = $1`, [sheet.id]);
        expect(await pointsOf()).toBeNull();
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
      expect(await stale()).toEqual([]);
    });

    it('shows the secretariat the scores still missing per evaluator and per proposal', async () => {
      const p = ok(
        await gql(
          t.app,
          `{ evaluationProgress(callId: "${callId}") { byProposal { id assigned submitted missing } byEvaluator { id missing } } }`,
          {},
          tok.secretariat,
        ),
      ).evaluationProgress;
      expect(p.byProposal.find((r: any) => r.id === proposals['c:20'])).toMatchObject({ assigned: 3, submitted: 3, missing: 0 });
      expect(p.byProposal.find((r: any) => r.id === proposals['a:28'])).toMatchObject({ assigned: 3, submitted: 0, missing: 3 });
      expect(p.byEvaluator.reduce((s: number, r: any) => s + r.missing, 0)).toBe(24 - 6);
      expect(errorCode(await gql(t.app, `{ evaluationProgress(callId: "${callId}") { byProposal { id } } }`, {}, evaluators.e1.token))).toBe('FORBIDDEN');
    });
  });

  it('lets the role table hold: evaluators cannot run assignments or see the panel', async () => {
    expect(errorCode(await gql(t.app, `mutation { runAssignment(callId: "${callId}") { status } }`, {}, evaluators.e3.token))).toBe('FORBIDDEN');
    expect(errorCode(await gql(t.app, `{ evaluationPanel(callId: "${callId}") { callId } }`, {}, evaluators.e3.token))).toBe('FORBIDDEN');
    const panel = ok(
      await gql(t.app, `{ evaluationPanel(callId: "${callId}") { members { evaluator { name fields } maxLoad } criteria { titleJa } } }`, {}, tok.ministry),
    ).evaluationPanel;
    expect(panel.members).toHaveLength(5);
    expect(panel.criteria).toHaveLength(5);
    expect(Role.EVALUATOR).toBe('EVALUATOR');
  });
});
