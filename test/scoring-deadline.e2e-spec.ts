import { DataSource } from 'typeorm';
import {
  approvedVendor,
  createTestApp,
  createVendorCall,
  errorCode,
  gql,
  IN_VENDOR_WINDOW,
  ok,
  panelExpert,
  publishedRegions,
  saveProposal,
  setRubric,
  signIn,
  STANDARD_ACCOUNTS,
  startVendorApplication,
  submitVendor,
  TestApp,
} from './support';

/** Issue 14 item 1: the scoring deadline, set and moved by the secretariat, seen by evaluators, enforced on scores. */
describe('the scoring deadline of a vendor call', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let callId: string;
  let proposalId: string;
  let criteria: Array<{ id: string }>;
  let expert: { id: string; token: string };
  let vendorToken: string;

  const setDeadline = (at: string, token: string) =>
    gql(t.app, 'mutation($c: ID!, $d: String!) { setScoringDeadline(callId: $c, scoringDeadline: $d) { scoringDeadline } }', { c: callId, d: at }, token);
  const scoreAll = (points: number) =>
    gql(
      t.app,
      'mutation($p: ID!, $s: [ScoreInput!]!) { saveScores(proposalId: $p, scores: $s) { id } }',
      { p: proposalId, s: criteria.map((c) => ({ criterionId: c.id, points, comment: '妥当' })) },
      expert.token,
    );
  const submit = () => gql(t.app, 'mutation($p: ID!) { submitScores(proposalId: $p) { status } }', { p: proposalId }, expert.token);

  beforeAll(async () => {
    t = await createTestApp();
    tok = await signIn(t.app, STANDARD_ACCOUNTS);
    const pub = await publishedRegions(t, tok.secretariat, [{ token: tok.hyogo, prefectureCode: '28', partners: ['282090'] }]);
    t.clock.set(IN_VENDOR_WINDOW);
    callId = await createVendorCall(t.app, tok.secretariat, pub.programId, pub.regionCallId);
    criteria = await setRubric(t.app, tok.secretariat, callId); // one evaluator per proposal
    const vendor = await approvedVendor(t.app, tok.secretariat, 'vendor-deadline', '100000000091');
    vendorToken = vendor.token;
    const app = await startVendorApplication(t.app, vendor.token, callId, 1);
    proposalId = ok(await saveProposal(t.app, vendor.token, app, pub.regionIds['28'])).saveRegionProposal.proposals[0].id;
    ok(await submitVendor(t.app, vendor.token, app));
    expert = await panelExpert(t.app, tok.secretariat, callId, { email: 'deadline-expert@univ.example.ac.jp', name: '締切 有識者' });
  });
  afterAll(() => t.close());

  it('only the secretariat sets it; everyone else is refused', async () => {
    for (const who of [expert.token, vendorToken, tok.ministry, tok.hyogo]) expect(errorCode(await setDeadline('2025-04-10T17:00', who))).toBe('FORBIDDEN');
    expect(errorCode(await gql(t.app, `mutation { setScoringDeadline(callId: "${callId}", scoringDeadline: "2025-04-10T17:00") { scoringDeadline } }`))).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('must come after the call closes, and must be a date-time', async () => {
    const early = await setDeadline('2025-03-28T15:00', tok.secretariat); // the vendor call's own deadline
    expect(errorCode(early)).toBe('VALIDATION_FAILED');
    expect(early.errors![0].extensions.messageJa).toContain('応募の締切');
    expect(errorCode(await setDeadline('2025-04-31T17:00', tok.secretariat))).toBe('VALIDATION_FAILED');
  });

  it('is set in Japan time and read by the assigned evaluator with the call', async () => {
    // No offset: read as JST (17:00 JST = 08:00 UTC).
    expect(ok(await setDeadline('2025-04-10T17:00', tok.secretariat)).setScoringDeadline.scoringDeadline).toBe('2025-04-10T08:00:00.000Z');
    t.clock.set('2025-03-29T10:00:00+09:00');
    ok(await gql(t.app, `mutation { runAssignment(callId: "${callId}") { status } }`, {}, tok.secretariat));
    ok(await gql(t.app, `mutation { confirmAssignments(callId: "${callId}") { confirmed } }`, {}, tok.secretariat));
    expect(ok(await gql(t.app, '{ myAssignedProposals { id } }', {}, expert.token)).myAssignedProposals).toEqual([{ id: proposalId }]);
    const calls = ok(await gql(t.app, '{ calls(kind: VENDOR) { id evaluationSettings { scoringDeadline } } }', {}, expert.token)).calls;
    expect(calls.find((c: { id: string }) => c.id === callId).evaluationSettings.scoringDeadline).toBe('2025-04-10T08:00:00.000Z');
  });

  it('accepts scores until 16:59:59 JST on the day and refuses them from 17:00 JST with DEADLINE_PASSED', async () => {
    t.clock.set('2025-04-10T16:59:59+09:00');
    ok(await scoreAll(3));
    t.clock.set('2025-04-10T17:00:00+09:00');
    const late = await submit();
    expect(errorCode(late)).toBe('DEADLINE_PASSED');
    expect(late.errors![0].extensions.messageJa).toContain('令和7年4月10日（木）17:00');
    expect(late.errors![0].extensions.messageEn).toContain('Thu 10 April 2025, 17:00 JST');
    expect(errorCode(await scoreAll(4))).toBe('DEADLINE_PASSED');
    const sheet = ok(await gql(t.app, `{ regionProposal(id: "${proposalId}") { myScoreSheet { status } } }`, {}, expert.token)).regionProposal.myScoreSheet;
    expect(sheet.status).toBe('DRAFT');
  });

  it('may be moved by the secretariat, each move in the audit trail, and the new deadline holds at once', async () => {
    ok(await setDeadline('2025-04-14T17:00:00+09:00', tok.secretariat));
    expect(ok(await submit()).submitScores.status).toBe('SUBMITTED');
    const db = t.app.get(DataSource);
    const moves: Array<{ patch: unknown }> = await db.query(
      `SELECT patch FROM (SELECT change_id AS cid, entity, entity_id, patch FROM audit_log
                          UNION ALL SELECT id, entity, entity_id, patch FROM audit_pending) r
        WHERE entity = 'evaluation_settings' AND entity_id LIKE $1 AND patch::text LIKE '%scoring_deadline%' ORDER BY cid`,
      [`%${callId}%`],
    );
    expect(moves.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(moves[moves.length - 1].patch)).toContain('2025-04-14');
  });
});
