import {
  approvedVendor,
  createTestApp,
  createVendorCall,
  gql,
  IN_VENDOR_WINDOW,
  ok,
  panelExpert,
  publishedRegions,
  saveProposal,
  signIn,
  STANDARD_ACCOUNTS,
  startVendorApplication,
  submitVendor,
  TestApp,
} from './support';

/**
 * One ranking through GraphQL: the evaluation's ranks, the matching model's choice and the awarding order after a
 * decline follow compareProposalRank. Regression: B and C score 79.9992 and 80.0002 (both 80.00 as published); the
 * evaluation ranked C above B on the raw score, the model counted both as 80.00 and took the earlier B, and after a
 * decline the awarding order offered C on the raw score, so the model and the awarding order disagreed.
 */
describe('one ranking: evaluation, matching and the awarding order agree on a near-tie', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let callId: string;
  let regionId: string;
  const proposals: Record<string, string> = {};
  // Criterion X: weight 1000 of 1000.01, 0..100 points; Y: weight 0.01, 0..1 point (one point of Y ≈ 0.001 points).
  // T: X 100, Y 1 = 100; B: X 80, Y 0 = 79.9992; C: X 80, Y 1 = 80.0002 (C is 0.001 above B, both 80.00).
  const POINTS: Record<string, [number, number]> = { T: [100, 1], B: [80, 0], C: [80, 1] };
  const BUDGET: Record<string, number> = { T: 40_000_000, B: 30_000_000, C: 30_000_000 };
  // B submits before C: on a tie in hundredths of a point the earlier submission ranks first.
  const SUBMITTED: Record<string, string> = { T: '2025-03-15T09:00:00+09:00', B: '2025-03-15T10:00:00+09:00', C: '2025-03-15T11:00:00+09:00' };
  const name = (proposalId: string) => Object.entries(proposals).find(([, id]) => id === proposalId)![0];

  beforeAll(async () => {
    t = await createTestApp();
    tok = await signIn(t.app, STANDARD_ACCOUNTS);
    const pub = await publishedRegions(t, tok.secretariat, [{ token: tok.hyogo, prefectureCode: '28', partners: ['282090'] }]);
    regionId = pub.regionIds['28'];
    t.clock.set(IN_VENDOR_WINDOW);
    callId = await createVendorCall(t.app, tok.secretariat, pub.programId, pub.regionCallId);
    const criteria = ok(
      await gql(
        t.app,
        `mutation($c: [CriterionInput!]!) { setEvaluationCriteria(callId: "${callId}", criteria: $c) { id } }`,
        {
          c: [
            { titleJa: '提案内容', titleEn: 'Proposal', weight: 1000, maxPoints: 100 },
            { titleJa: '加点', titleEn: 'Extra', weight: 0.01, maxPoints: 1 },
          ],
        },
        tok.secretariat,
      ),
    ).setEvaluationCriteria;
    ok(
      await gql(
        t.app,
        `mutation { updateEvaluationSettings(callId: "${callId}", input: {passThreshold: 60, evaluatorsPerProposal: 1}) { passThreshold } }`,
        {},
        tok.secretariat,
      ),
    );
    for (const [i, v] of ['T', 'B', 'C'].entries()) {
      const vendor = await approvedVendor(t.app, tok.secretariat, `rank-${v}`, `70000000000${i}`);
      const app = await startVendorApplication(t.app, vendor.token, callId, 1);
      const saved = ok(await saveProposal(t.app, vendor.token, app, regionId, { budgetYen: BUDGET[v] })).saveRegionProposal;
      proposals[v] = saved.proposals[0].id;
      t.clock.set(SUBMITTED[v]);
      ok(await submitVendor(t.app, vendor.token, app));
    }
    const expert = await panelExpert(t.app, tok.secretariat, callId, { email: 'rank-expert@univ.example.ac.jp', name: '委員', fields: ['DX'] });
    t.clock.set('2025-03-28T15:00:00+09:00');
    ok(await gql(t.app, `mutation { closeCall(id: "${callId}") { status } }`, {}, tok.secretariat));
    ok(await gql(t.app, `mutation { runAssignment(callId: "${callId}") { status } }`, {}, tok.secretariat));
    ok(await gql(t.app, `mutation { confirmAssignments(callId: "${callId}") { confirmed } }`, {}, tok.secretariat));
    for (const p of ok(await gql(t.app, '{ myAssignedProposals { id } }', {}, expert.token)).myAssignedProposals) {
      const points = POINTS[name(p.id)];
      const scores = criteria.map((c: { id: string }, k: number) => ({ criterionId: c.id, points: points[k] }));
      ok(await gql(t.app, 'mutation($p: ID!, $s: [ScoreInput!]!) { saveScores(proposalId: $p, scores: $s) { id } }', { p: p.id, s: scores }, expert.token));
      ok(await gql(t.app, `mutation { submitScores(proposalId: "${p.id}") { status } }`, {}, expert.token));
    }
  });
  afterAll(() => t.close());

  it('the evaluation ranks the near-tie as a tie: the earlier submission (B) second', async () => {
    const results = ok(await gql(t.app, `{ evaluationResults(callId: "${callId}") { proposalId finalScore rank } }`, {}, tok.secretariat)).evaluationResults;
    const byName = Object.fromEntries(results.map((r: any) => [name(r.proposalId), r]));
    expect(byName.C.finalScore - byName.B.finalScore).toBeGreaterThan(0);
    expect(byName.C.finalScore - byName.B.finalScore).toBeLessThan(0.01);
    expect([byName.T.rank, byName.B.rank, byName.C.rank]).toEqual([1, 2, 3]);
  });

  it('the matching model takes the proposal the evaluation ranks best among those it can take', async () => {
    // With 35,000,000 yen, T (40,000,000) cannot be taken: the model chooses between B and C.
    const run = ok(
      await gql(
        t.app,
        `mutation { runMatching(input: {callId: "${callId}", budgetYen: 35000000}) { matches { proposalId rankInRegion } } }`,
        {},
        tok.secretariat,
      ),
    ).runMatching;
    expect(run.matches.map((m: any) => [name(m.proposalId), m.rankInRegion])).toEqual([['B', 2]]);
  });

  it('after a decline, the awarding order offers the next in the same ranking', async () => {
    const run = ok(
      await gql(t.app, `mutation { runMatching(input: {callId: "${callId}"}) { id matches { id proposalId rankInRegion } } }`, {}, tok.secretariat),
    ).runMatching;
    expect(run.matches.map((m: any) => [name(m.proposalId), m.rankInRegion])).toEqual([['T', 1]]);
    ok(await gql(t.app, `mutation { approveMatching(runId: "${run.id}") { status } }`, {}, tok.secretariat));
    ok(await gql(t.app, `mutation { publishMatching(runId: "${run.id}") { status } }`, {}, tok.secretariat));
    const offered = ok(
      await gql(t.app, `mutation { withdrawSelection(matchId: "${run.matches[0].id}", reason: "辞退届の受理") { proposalId source } }`, {}, tok.secretariat),
    ).withdrawSelection;
    expect({ ...offered, proposalId: name(offered.proposalId) }).toEqual({ proposalId: 'B', source: 'AWARD_ORDER' });
    // And once B declines too, C.
    const after = ok(await gql(t.app, `{ matchingRun(id: "${run.id}") { matches { id proposalId status } } }`, {}, tok.secretariat)).matchingRun;
    const b = after.matches.find((m: any) => m.proposalId === proposals.B && m.status === 'SELECTED');
    const next = ok(
      await gql(t.app, `mutation { withdrawSelection(matchId: "${b.id}", reason: "辞退届の受理") { proposalId } }`, {}, tok.secretariat),
    ).withdrawSelection;
    expect(name(next.proposalId)).toBe('C');
  });
});
