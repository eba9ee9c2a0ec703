import request from 'supertest';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { isEmbeddedPGlite, Role } from '@app/core';
import { createHash } from 'node:crypto';
import { verifyAuditTrail } from '@app/audit';
import { inputDigest, MatchingRun, snapshotInput, solverThreadStats, validateReleasePackage } from '@app/matching';
import {
  approvedVendor,
  createTestApp,
  createVendorCall,
  setRubric,
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

// Points per criterion (weights 25/25/20/20/10, max 5): [5,5,5,5,5] = 100, [5,5,5,5,3] = 96, [4,4,4,4,4] = 80, [4,4,3,3,3] = 70, [3,3,3,3,3] = 60, [2,2,2,2,2] = 40.
const POINTS: Record<string, number[]> = {
  'A:28': [5, 5, 5, 5, 5],
  'A:20': [5, 5, 5, 5, 3],
  'B:28': [4, 4, 4, 4, 4],
  'B:39': [3, 3, 3, 3, 3],
  'C:20': [2, 2, 2, 2, 2],
  'C:40': [2, 2, 2, 2, 2],
  'D:39': [5, 5, 5, 5, 5],
  'D:13': [5, 5, 5, 5, 5],
  'E:28': [4, 4, 3, 3, 3],
};
const CAPACITY: Record<string, number> = { A: 1, B: 2, C: 2, D: 2, E: 1 };

describe('matching and results: selection per region, unsupported regions, decision, notices, exports', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let callId: string;
  let regions: Record<string, string>;
  const vendors: Record<string, { vendorId: string; token: string; corporateNumber: string }> = {};
  const proposals: Record<string, string> = {};
  let optimalRun: any;
  let greedyRun: any;
  let criteria: Array<{ id: string }>;
  const experts: Array<{ id: string; token: string }> = [];

  const RUN_FIELDS = `id status policy solverStatus regionsSupported totalScore gap inputDigest
    matches { id candidateRegionId proposalId vendorId score rankInRegion source alternatives { proposalId why vendorSelectedFor } }
    unsupported { candidateRegionId reason reasonJa detail detailJa }
    comparison { otherPolicy otherRegionsSupported sameMatches onlyHere onlyInOther }
    events { kind reason }`;
  const key = (p: string) => Object.entries(proposals).find(([, id]) => id === p)![0];
  const regionOf = (code: string) => regions[code];

  beforeAll(async () => {
    t = await createTestApp();
    tok = {
      ...(await signIn(t.app, STANDARD_ACCOUNTS)),
      ...(await signIn(t.app, [
        { key: 'kochi', role: Role.PREFECTURE, prefectureCode: '39' },
        { key: 'hokkaido', role: Role.PREFECTURE, prefectureCode: '01' },
        { key: 'fukuoka', role: Role.PREFECTURE, prefectureCode: '40' },
        { key: 'tokyo', role: Role.PREFECTURE, prefectureCode: '13' },
      ])),
    };
    const pub = await publishedRegions(t, tok.secretariat, [
      { token: tok.hyogo, prefectureCode: '28', partners: ['282090'] },
      { token: tok.nagano, prefectureCode: '20', partners: ['202011'] },
      { token: tok.kochi, prefectureCode: '39', partners: ['392014'] },
      { token: tok.hokkaido, prefectureCode: '01', partners: ['012025'] },
      { token: tok.fukuoka, prefectureCode: '40', partners: ['401307'] },
      { token: tok.tokyo, prefectureCode: '13', partners: ['131016'] },
    ]);
    regions = pub.regionIds;
    t.clock.set(IN_VENDOR_WINDOW);
    callId = await createVendorCall(t.app, tok.secretariat, pub.programId, pub.regionCallId);
    criteria = await setRubric(t.app, tok.secretariat, callId);
    for (const [i, v] of ['A', 'B', 'C', 'D', 'E'].entries()) {
      vendors[v] = await approvedVendor(t.app, tok.secretariat, `vendor-${v}`, `50000000000${i}`);
      const app = await startVendorApplication(t.app, vendors[v].token, callId, CAPACITY[v]);
      for (const k of Object.keys(POINTS).filter((k) => k.startsWith(`${v}:`))) {
        const saved = ok(await saveProposal(t.app, vendors[v].token, app, regionOf(k.split(':')[1]))).saveRegionProposal;
        proposals[k] = saved.proposals.find((p: any) => p.candidateRegionId === regionOf(k.split(':')[1])).id;
      }
      ok(await submitVendor(t.app, vendors[v].token, app));
    }
    for (const n of [1, 2]) {
      experts.push(
        await panelExpert(t.app, tok.secretariat, callId, { email: `m-expert${n}@univ.example.ac.jp`, name: `委員${n}`, fields: ['DX'], maxLoad: 10 }),
      );
    }
    t.clock.set('2025-03-28T15:00:00+09:00');
    ok(await gql(t.app, `mutation { closeCall(id: "${callId}") { status } }`, {}, tok.secretariat));
    ok(await gql(t.app, `mutation { runAssignment(callId: "${callId}") { status } }`, {}, tok.secretariat));
    ok(await gql(t.app, `mutation { confirmAssignments(callId: "${callId}") { confirmed } }`, {}, tok.secretariat));
    for (const e of experts) {
      for (const p of ok(await gql(t.app, '{ myAssignedProposals { id } }', {}, e.token)).myAssignedProposals) {
        const pts = POINTS[key(p.id)];
        ok(
          await gql(
            t.app,
            'mutation($p: ID!, $s: [ScoreInput!]!) { saveScores(proposalId: $p, scores: $s) { id } }',
            { p: p.id, s: criteria.map((c: any, i: number) => ({ criterionId: c.id, points: pts[i] })) },
            e.token,
          ),
        );
        ok(await gql(t.app, `mutation { submitScores(proposalId: "${p.id}") { status } }`, {}, e.token));
      }
    }
    // D is disqualified by the secretariat: its proposals are excluded.
    ok(await gql(t.app, `mutation { suspendVendor(id: "${vendors.D.vendorId}") { status } }`, {}, tok.secretariat));
  });
  afterAll(() => t.close());

  it('lets only the secretariat run the matching; runs are the staff’s until publication', async () => {
    expect(errorCode(await gql(t.app, `mutation { runMatching(input: {callId: "${callId}"}) { id } }`, {}, tok.ministry))).toBe('FORBIDDEN');
    expect(errorCode(await gql(t.app, `{ matchingRuns(callId: "${callId}") { id } }`, {}, vendors.A.token))).toBe('FORBIDDEN');
    expect(errorCode(await gql(t.app, `{ callResults(callId: "${callId}") { matches { id } } }`, {}, vendors.A.token))).toBe('INVALID_STATE');
  });

  it('selects optimally: as many regions as possible, then the highest total score, and explains it', async () => {
    const before = solverThreadStats();
    optimalRun = ok(await gql(t.app, `mutation { runMatching(input: {callId: "${callId}"}) { ${RUN_FIELDS} } }`, {}, tok.secretariat)).runMatching;
    // Computed in the solver's worker thread, the path production takes (there is no other).
    expect(solverThreadStats()).toMatchObject({ answered: before.answered + 1, crashed: 0, timedOut: 0 });
    // On PostgreSQL the worker read the sheets (two halves) and the proposals itself; on PGlite this thread read them.
    expect(solverThreadStats().readsInThread - before.readsInThread).toBe(t.database === 'postgres' ? 3 : 0);
    // Its texts come back as bytes: stored as they are on PostgreSQL, decoded first on PGlite (which would hex-encode them).
    expect(isEmbeddedPGlite(t.app.get(DataSource).options)).toBe(t.database === 'pglite');
    // The worker aggregated the call from JSON texts; the ranked table reads rows: both give every pair's score and rank.
    const table = ok(await gql(t.app, `{ evaluationResults(callId: "${callId}") { proposalId finalScore rank } }`, {}, tok.secretariat)).evaluationResults;
    const byProposal = new Map<string, { finalScore: number; rank: number }>(table.map((r: any) => [r.proposalId, r]));
    for (const m of optimalRun.matches) {
      const row = byProposal.get(m.proposalId)!;
      expect({ score: m.score, rank: m.rankInRegion }).toEqual({ score: row.finalScore, rank: row.rank });
    }
    expect(optimalRun).toMatchObject({ policy: 'OPTIMAL', status: 'PROPOSED', solverStatus: 'OPTIMAL', regionsSupported: 3, gap: 0 });
    const selected = Object.fromEntries(optimalRun.matches.map((m: any) => [m.candidateRegionId, key(m.proposalId)]));
    expect(selected).toEqual({ [regions['28']]: 'B:28', [regions['20']]: 'A:20', [regions['39']]: 'B:39' });
    const reasons = Object.fromEntries(optimalRun.unsupported.map((u: any) => [u.candidateRegionId, u.reason]));
    expect(reasons).toEqual({ [regions['01']]: 'NO_PROPOSALS', [regions['40']]: 'ALL_BELOW_THRESHOLD', [regions['13']]: 'ALL_WITHDRAWN_OR_EXCLUDED' });
    expect(optimalRun.unsupported.find((u: any) => u.reason === 'NO_PROPOSALS').reasonJa).toContain('応募した事業者がありませんでした');
    // The reason in Japanese, with the numbers, beside the English (issue 14, item 4).
    const ja = Object.fromEntries(optimalRun.unsupported.map((u: any) => [u.reason, u.detailJa]));
    expect(ja).toEqual({
      NO_PROPOSALS: 'この地域に提案した伴走支援事業者はありませんでした。',
      ALL_BELOW_THRESHOLD: '選定の対象となり得る提案1件は、いずれも評価が基準に達しませんでした。',
      ALL_WITHDRAWN_OR_EXCLUDED: 'この地域への提案1件は、いずれも事業者の辞退又は除外により選定の対象外となりました。',
    });
    // Why not A in 兵庫県 (its best proposal)? A is selected for 長野県, where nobody else qualifies.
    const hyogo = optimalRun.matches.find((m: any) => m.candidateRegionId === regions['28']);
    expect(hyogo.alternatives.find((a: any) => a.proposalId === proposals['A:28'])).toMatchObject({
      why: 'VENDOR_SELECTED_ELSEWHERE',
      vendorSelectedFor: [regions['20']],
    });
    expect(hyogo.alternatives.find((a: any) => a.proposalId === proposals['E:28']).why).toBe('LOWER_SCORE');
    // The simple policy, for comparison, supports one region fewer.
    expect(optimalRun.comparison).toMatchObject({ otherPolicy: 'GREEDY', otherRegionsSupported: 2 });
  });

  it('is reproducible: the same inputs give the same digest and result', async () => {
    const again = ok(await gql(t.app, `mutation { runMatching(input: {callId: "${callId}"}) { ${RUN_FIELDS} } }`, {}, tok.secretariat)).runMatching;
    expect(again.inputDigest).toBe(optimalRun.inputDigest);
    expect(again.matches.map((m: any) => m.proposalId).sort()).toEqual(optimalRun.matches.map((m: any) => m.proposalId).sort());
    expect(ok(await gql(t.app, `{ matchingRuns(callId: "${callId}") { id } }`, {}, tok.ministry)).matchingRuns).toHaveLength(2);
  });

  it("keeps the run's snapshot and explanations out of the audit trail: each recorded by its SHA-256, which verification checks", async () => {
    const db = t.app.get(DataSource);
    const records = (entity: string, ids: string[]) =>
      db.query(
        `SELECT entity_id, patch FROM (SELECT entity, entity_id, patch, operation FROM audit_log UNION ALL SELECT entity, entity_id, patch, operation FROM audit_pending) r
          WHERE entity = $1 AND entity_id = ANY($2) AND operation = 'INSERT'`,
        [entity, ids],
      );
    const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
    const value = (patch: Array<{ path: string; value: unknown }>, column: string) => patch.find((o) => o.path === `/${column}`)?.value;

    const [run] = await db.query('SELECT input_snapshot::text AS snapshot, input_digest FROM matching_runs WHERE id = $1', [optimalRun.id]);
    const [runRecord] = await records('matching_runs', [optimalRun.id]);
    expect(value(runRecord.patch, 'input_snapshot')).toEqual({ sha256: sha256(run.snapshot) });
    expect(value(runRecord.patch, 'input_digest')).toBe(run.input_digest);
    // Stored compressed (snapshot-codec.ts), it reads back as the input the run's digest was taken of.
    const stored = JSON.parse(run.snapshot);
    expect(Object.keys(stored)).toEqual(['brotli']);
    expect(inputDigest(snapshotInput({ inputSnapshot: stored } as MatchingRun))).toBe(run.input_digest);
    expect(JSON.stringify(runRecord.patch)).not.toContain('submittedAt'); // nothing of the snapshot's proposals in the trail

    const matches: Array<{ id: string; explanation: string }> = await db.query('SELECT id, explanation::text AS explanation FROM matches WHERE run_id = $1', [
      optimalRun.id,
    ]);
    const matchRecords = new Map<string, Array<{ path: string; value: unknown }>>(
      (
        await records(
          'matches',
          matches.map((m) => m.id),
        )
      ).map((r: any) => [r.entity_id, r.patch]),
    );
    expect(matchRecords.size).toBe(matches.length);
    for (const m of matches) expect(value(matchRecords.get(m.id)!, 'explanation')).toEqual({ sha256: sha256(m.explanation) });

    expect((await verifyAuditTrail(db)).ok).toBe(true);
    // A snapshot altered behind the trail's back (triggers off) no longer matches its digest.
    await db.transaction(async (m) => {
      await m.query('SET LOCAL session_replication_role = replica');
      await m.query(`UPDATE matching_runs SET input_snapshot = jsonb_set(input_snapshot, '{budgetYen}', '1') WHERE id = $1`, [optimalRun.id]);
    });
    const tampered = await verifyAuditTrail(db);
    expect(tampered.problems).toEqual([`matching_runs ${optimalRun.id}: live row differs from its rebuilt state in input_snapshot`]);
    await db.transaction(async (m) => {
      await m.query('SET LOCAL session_replication_role = replica');
      await m.query(`UPDATE matching_runs SET input_snapshot = $2::jsonb WHERE id = $1`, [optimalRun.id, run.snapshot]);
    });
    expect((await verifyAuditTrail(db)).ok).toBe(true);
  });

  it('offers the simple policy, which here loses 長野県 to capacity', async () => {
    greedyRun = ok(
      await gql(t.app, `mutation { runMatching(input: {callId: "${callId}", policy: GREEDY}) { ${RUN_FIELDS} } }`, {}, tok.secretariat),
    ).runMatching;
    expect(greedyRun.regionsSupported).toBe(2);
    const nagano = greedyRun.unsupported.find((u: any) => u.candidateRegionId === regions['20']);
    expect(nagano.reason).toBe('LOST_TO_CAPACITY');
    // Vendors and regions by name, never by id, in both languages.
    expect(nagano.detailJa).toBe(
      '基準を満たした提案1件の事業者は、いずれも他の地域で選定され、支援可能数に達していました：vendor-A 株式会社（支援可能数1、兵庫県で選定）。',
    );
    expect(nagano.detail).toBe('All 1 eligible proposal come from vendors at capacity elsewhere: vendor-A 株式会社 (capacity 1, selected for 兵庫県).');
    const cmp = ok(
      await gql(
        t.app,
        `{ compareMatchingRuns(first: "${optimalRun.id}", second: "${greedyRun.id}") { sameMatches regionsDelta sameInputs onlyInFirst } }`,
        {},
        tok.secretariat,
      ),
    ).compareMatchingRuns;
    expect(cmp).toMatchObject({ regionsDelta: -1, sameInputs: true });
    expect(cmp.onlyInFirst).toContain(proposals['A:20']);
  });

  it('applies a programme budget: the sum of selected budgets stays within it, and regions left out say so', async () => {
    // Every proposal asks 30,000,000 yen: a 60,000,000 budget supports two regions at most.
    const r = ok(
      await gql(
        t.app,
        `mutation { runMatching(input: {callId: "${callId}", budgetYen: 60000000}) { regionsSupported totalBudgetYen budgetYen unsupported { candidateRegionId reason detailJa } } }`,
        {},
        tok.secretariat,
      ),
    ).runMatching;
    expect(r).toMatchObject({ regionsSupported: 2, totalBudgetYen: 60_000_000, budgetYen: 60_000_000 });
    expect(r.unsupported.map((u: any) => u.reason)).toContain('OVER_BUDGET');
    expect(r.unsupported.find((u: any) => u.reason === 'OVER_BUDGET').detailJa).toMatch(
      /^支援可能数に余裕のある事業者の基準を満たした提案\d+件は、いずれも事業全体の予算を超えます：最も少ない提案額（30,000,000円）を選定済みの60,000,000円に加えると90,000,000円となり、予算60,000,000円を超えます/,
    );
  });

  it('overrides a pair only with a reason and within the constraints, recording it', async () => {
    const q = (run: string, region: string, proposal: string, reason = '評価会の判断') =>
      gql(
        t.app,
        `mutation { overrideMatch(runId: "${run}", candidateRegionId: "${region}", proposalId: "${proposal}", reason: "${reason}") { regionsSupported events { kind reason } } }`,
        {},
        tok.secretariat,
      );
    expect(errorCode(await q(optimalRun.id, regions['28'], proposals['A:28']))).toBe('INVALID_STATE'); // A would exceed its capacity of 1
    expect(errorCode(await q(optimalRun.id, regions['39'], proposals['D:39']))).toBe('INVALID_STATE'); // D is excluded
    expect(errorCode(await q(optimalRun.id, regions['28'], proposals['E:28'], ''))).toBe('VALIDATION_FAILED');
    const before = ok(
      await gql(t.app, `{ matchingRun(id: "${greedyRun.id}") { matches { candidateRegionId proposalId status } } }`, {}, tok.secretariat),
    ).matchingRun.matches.find((x: any) => x.candidateRegionId === regions['28'] && x.status === 'SELECTED');
    const r = ok(await q(greedyRun.id, regions['28'], proposals['B:28'])).overrideMatch;
    expect(r.events).toEqual([{ kind: 'OVERRIDE', reason: '評価会の判断' }]);
    // The region keeps its explanation: the proposal selected before says it lost to the override, the others why they lost.
    const after = ok(
      await gql(
        t.app,
        `{ matchingRun(id: "${greedyRun.id}") { matches { candidateRegionId proposalId status source alternatives { proposalId why } } } }`,
        {},
        tok.secretariat,
      ),
    ).matchingRun.matches.find((x: any) => x.candidateRegionId === regions['28'] && x.status === 'SELECTED');
    expect(after).toMatchObject({ proposalId: proposals['B:28'], source: 'OVERRIDE' });
    expect(after.alternatives).toContainEqual({ proposalId: before.proposalId, why: 'OVERRIDDEN' });
    expect(after.alternatives.length).toBeGreaterThan(1);
    expect(after.alternatives.map((a: any) => a.proposalId)).not.toContain(proposals['B:28']);
  });

  it('approves one run (the others are superseded) and publishes it, telling every applicant its result', async () => {
    expect(ok(await gql(t.app, `mutation { approveMatching(runId: "${optimalRun.id}") { status } }`, {}, tok.secretariat)).approveMatching.status).toBe(
      'APPROVED',
    );
    expect(errorCode(await gql(t.app, `mutation { approveMatching(runId: "${greedyRun.id}") { status } }`, {}, tok.secretariat))).toBe('INVALID_STATE');
    expect(ok(await gql(t.app, `{ call(id: "${callId}") { status } }`)).call.status).toBe('DECIDED');
    expect(errorCode(await gql(t.app, `{ callResults(callId: "${callId}") { matches { id } } }`, {}, tok.hyogo))).toBe('INVALID_STATE');
    ok(await gql(t.app, `mutation { publishMatching(runId: "${optimalRun.id}") { status } }`, {}, tok.secretariat));
    const outbox = await t.app.get(DataSource).query(`SELECT recipient_email, subject, body FROM outbox ORDER BY subject`);
    const subjects = outbox.map((o: any) => o.subject);
    expect(subjects).toContain('推進体制構築支援（兵庫県）選定結果のお知らせ');
    expect(subjects).toContain('推進体制構築支援（北海道）選定結果のお知らせ');
    expect(subjects.filter((s: string) => s.startsWith('伴走支援事業者の公募 選定結果のお知らせ'))).toHaveLength(5);
    expect(outbox.find((o: any) => o.subject === '推進体制構築支援（北海道）選定結果のお知らせ').body).toContain('応募した事業者がありませんでした');
    // The run lists the notices its publication issued (every run of the call in one request); the others list none.
    const runs = ok(
      await gql(t.app, `{ matchingRuns(callId: "${callId}") { id status notices { kind subject documentNumber pdfPath } } }`, {}, tok.secretariat),
    ).matchingRuns;
    expect(runs.length).toBeGreaterThan(2);
    const published = runs.find((r: any) => r.id === optimalRun.id);
    expect(published.notices).toHaveLength(6 + 5); // each candidate region and each vendor that bid
    expect(published.notices.filter((n: any) => n.kind === 'STAGE2_RESULT_VENDOR')).toHaveLength(5);
    expect(published.notices.map((n: any) => n.subject)).toContain('推進体制構築支援（北海道）選定結果のお知らせ');
    expect(new Set(published.notices.map((n: any) => n.documentNumber)).size).toBe(11);
    expect(runs.filter((r: any) => r.id !== optimalRun.id).every((r: any) => r.notices.length === 0)).toBe(true);
    // The letters (addressees, bodies) are the secretariat's: the ministry reads the run but no notices.
    expect(ok(await gql(t.app, `{ matchingRun(id: "${optimalRun.id}") { status notices { id } } }`, {}, tok.ministry)).matchingRun).toEqual({
      status: 'PUBLISHED',
      notices: [],
    });
    // Publishing again changes nothing and queues nothing twice.
    expect(errorCode(await gql(t.app, `mutation { publishMatching(runId: "${optimalRun.id}") { status } }`, {}, tok.secretariat))).toBe('INVALID_STATE');
  });

  it('after publication: results for all signed in, proposals for their region, feedback for vendors (panel means only)', async () => {
    const res = ok(
      await gql(
        t.app,
        `{ callResults(callId: "${callId}") { run { id } matches { candidateRegionId vendor { name } score rankInRegion alternatives { proposalId } } unsupported { reason } } }`,
        {},
        vendors.C.token,
      ),
    ).callResults;
    expect(res.matches).toHaveLength(3);
    // Who won where, and why a region has none: yes; the run, the scores and the losing bids: no.
    expect(res.run).toBeNull();
    expect(res.matches.every((m: any) => m.score === null && m.rankInRegion === null && m.alternatives.length === 0)).toBe(true);
    expect(ok(await gql(t.app, `{ regionProposal(id: "${proposals['B:28']}") { vendor { name } } }`, {}, tok.hyogo)).regionProposal.vendor.name).toBe(
      'vendor-B 株式会社',
    );
    expect(errorCode(await gql(t.app, `{ regionProposal(id: "${proposals['A:20']}") { id } }`, {}, tok.hyogo))).toBe('NOT_FOUND');
    const fb = ok(
      await gql(
        t.app,
        `{ feedbackSheet(proposalId: "${proposals['C:20']}") { passed selected rankBand meanTotal criteria { mean maxPoints } } }`,
        {},
        vendors.C.token,
      ),
    ).feedbackSheet;
    expect(fb).toMatchObject({ passed: false, selected: false, rankBand: 'BOTTOM_HALF', meanTotal: 40 });
    expect(fb.criteria.map((c: any) => c.mean)).toEqual([2, 2, 2, 2, 2]);
    expect(ok(await gql(t.app, `{ feedbackSheet(proposalId: "${proposals['A:20']}") { rankBand selected } }`, {}, vendors.A.token)).feedbackSheet).toEqual({
      rankBand: 'FIRST',
      selected: true,
    });
    expect(errorCode(await gql(t.app, `{ feedbackSheet(proposalId: "${proposals['B:28']}") { passed } }`, {}, vendors.A.token))).toBe('NOT_FOUND');
  });

  it('offers the next-ranked eligible proposal when a selected vendor declines (awarding order)', async () => {
    const hyogo = optimalRun.matches.find((m: any) => m.candidateRegionId === regions['28']);
    const offered = ok(
      await gql(t.app, `mutation { withdrawSelection(matchId: "${hyogo.id}", reason: "辞退届の受理") { proposalId source } }`, {}, tok.secretariat),
    ).withdrawSelection;
    // A is at capacity (長野県), so E, next in 兵庫県, is offered.
    expect(offered).toEqual({ proposalId: proposals['E:28'], source: 'AWARD_ORDER' });
    const run = ok(await gql(t.app, `{ matchingRun(id: "${optimalRun.id}") { regionsSupported events { kind } } }`, {}, tok.secretariat)).matchingRun;
    expect(run.regionsSupported).toBe(3);
    expect(run.events.map((e: any) => e.kind)).toEqual(['DECLINED']);
    const outbox = await t.app.get(DataSource).query(`SELECT subject FROM outbox WHERE subject LIKE '%変更%' OR subject LIKE '%選定のお知らせ%'`);
    expect(outbox.length).toBeGreaterThan(0);
    // The change's notices follow the publication's on the run: 兵庫県 told of E, E told of 兵庫県.
    const notices = ok(await gql(t.app, `{ matchingRun(id: "${optimalRun.id}") { notices { kind subject } } }`, {}, tok.secretariat)).matchingRun.notices;
    expect(notices).toHaveLength(13);
    expect(
      notices
        .slice(11)
        .map((n: any) => n.kind)
        .sort(),
    ).toEqual(['RESULT_CHANGED_REGION_OFFERED', 'RESULT_CHANGED_VENDOR_OFFERED']);
  });

  it('shows the secretariat and the ministry a dashboard of the programme', async () => {
    const callRow = ok(await gql(t.app, `{ call(id: "${callId}") { programId } }`)).call;
    const d = ok(
      await gql(
        t.app,
        `{ dashboard(programId: "${callRow.programId}") { callCounts { key count } regions { candidateRegionId prefecture { code name } proposalsSubmitted scoresSubmitted selectedVendorId unsupportedReason } prefectures { prefectureCode status candidateRegions } } }`,
        {},
        tok.ministry,
      ),
    ).dashboard;
    expect(d.callCounts).toEqual(
      expect.arrayContaining([
        { key: 'VENDOR:PUBLISHED', count: 1 },
        { key: 'REGION:PUBLISHED', count: 1 },
      ]),
    );
    const row = (code: string) => d.regions.find((r: any) => r.candidateRegionId === regions[code]);
    expect(row('01')).toMatchObject({ prefecture: { code: '01', name: '北海道' }, proposalsSubmitted: 0, unsupportedReason: 'NO_PROPOSALS' });
    expect(row('20')).toMatchObject({
      prefecture: { code: '20', name: '長野県' },
      proposalsSubmitted: 2,
      scoresSubmitted: 2,
      selectedVendorId: vendors.A.vendorId,
    });
    // The map: every prefecture once; supported beats unsupported; no candidate region is "no application".
    expect(d.prefectures).toHaveLength(47);
    const pref = (code: string) => d.prefectures.find((p: any) => p.prefectureCode === code);
    expect(pref('20')).toEqual({ prefectureCode: '20', status: 'SUPPORTED', candidateRegions: 1 });
    expect(pref('01')).toEqual({ prefectureCode: '01', status: 'UNSUPPORTED', candidateRegions: 1 });
    expect(pref('47')).toEqual({ prefectureCode: '47', status: 'NO_APPLICATION', candidateRegions: 0 });
    expect(errorCode(await gql(t.app, `{ dashboard(programId: "${callRow.programId}") { programId } }`, {}, tok.hyogo))).toBe('FORBIDDEN');
  });

  it('exports CSV (UTF-8 with BOM), XLSX and a schema-valid OCDS release package to the staff only', async () => {
    const get = (file: string, token = tok.ministry) =>
      request(t.app.getHttpServer())
        .get(`/exports/${callId}/${file}`)
        .set('authorization', `Bearer ${token}`)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
    const csv = await get('results.csv');
    expect(csv.status).toBe(200);
    expect((csv.body as Buffer).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const text = (csv.body as Buffer).toString('utf8');
    expect(text).toContain('兵庫県');
    expect(text).toContain('NO_PROPOSALS');
    expect(text).toContain('この地域に提案した伴走支援事業者はありませんでした。'); // the Japanese export's detail is Japanese
    expect((await get('proposals.csv')).status).toBe(200);
    expect((await get('candidate-regions.csv')).status).toBe(200);
    const xlsx = await get('results.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as Buffer as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['支援地域候補', '提案と評価', '選定結果']);
    expect(wb.getWorksheet('選定結果')!.rowCount).toBe(7);
    const ocds = JSON.parse((await get('ocds.json')).body.toString('utf8'));
    const v = validateReleasePackage(ocds);
    expect(v.errors).toBeNull();
    expect(v.valid).toBe(true);
    expect(ocds.releases[0].tender.lots).toHaveLength(6);
    expect(ocds.releases[0].awards.length).toBeGreaterThanOrEqual(3);
    expect((await get('results.csv', vendors.A.token)).status).toBe(403);
    expect((await get('nope.csv')).status).toBe(404);
  });

  it('opens a follow-up call for the unsupported regions, reusing panel and criteria', async () => {
    t.clock.set('2025-04-10T10:00:00+09:00');
    const c = ok(
      await gql(
        t.app,
        `mutation { openFollowUpCall(input: {runId: "${optimalRun.id}", title: "二次公募", opensAt: "2025-04-15T00:00", closesAt: "2025-05-09T15:00"}) { id candidateRegions { prefectureCode } evaluationCriteria { titleJa } } }`,
        {},
        tok.secretariat,
      ),
    ).openFollowUpCall;
    expect(c.candidateRegions.map((r: any) => r.prefectureCode).sort()).toEqual(['01', '13', '40']);
    expect(c.evaluationCriteria).toHaveLength(5);
    const again = await gql(
      t.app,
      `mutation { openFollowUpCall(input: {runId: "${optimalRun.id}", title: "二次公募", opensAt: "2025-04-15T00:00", closesAt: "2025-05-09T15:00"}) { id } }`,
      {},
      tok.secretariat,
    );
    expect(errorCode(again)).toBe('INVALID_STATE');
    const panel = ok(await gql(t.app, `{ evaluationPanel(callId: "${c.id}") { members { evaluatorId } } }`, {}, tok.secretariat)).evaluationPanel;
    expect(panel.members).toHaveLength(2);
    // On the map, a region left without a vendor stays "unsupported" while its follow-up call has no result yet.
    const programId = ok(await gql(t.app, `{ call(id: "${c.id}") { programId } }`, {}, tok.secretariat)).call.programId;
    const map = ok(await gql(t.app, `{ dashboard(programId: "${programId}") { prefectures { prefectureCode status } } }`, {}, tok.ministry)).dashboard;
    expect(map.prefectures.filter((p: any) => ['01', '13', '40', '28'].includes(p.prefectureCode))).toEqual([
      { prefectureCode: '01', status: 'UNSUPPORTED' },
      { prefectureCode: '13', status: 'UNSUPPORTED' },
      { prefectureCode: '28', status: 'SUPPORTED' },
      { prefectureCode: '40', status: 'UNSUPPORTED' },
    ]);

    // Vendor A already holds 長野県 with its capacity of 1: the second round must not give it another region.
    ok(await gql(t.app, `mutation { openCall(id: "${c.id}") { status } }`, {}, tok.secretariat));
    t.clock.set('2025-04-20T10:00:00+09:00');
    const app = await startVendorApplication(t.app, vendors.A.token, c.id, 1);
    const saved = ok(await saveProposal(t.app, vendors.A.token, app, regions['01'])).saveRegionProposal;
    ok(await submitVendor(t.app, vendors.A.token, app));
    t.clock.set('2025-05-09T15:00:00+09:00');
    ok(await gql(t.app, `mutation { closeCall(id: "${c.id}") { status } }`, {}, tok.secretariat));
    ok(await gql(t.app, `mutation { runAssignment(callId: "${c.id}") { status } }`, {}, tok.secretariat));
    ok(await gql(t.app, `mutation { confirmAssignments(callId: "${c.id}") { confirmed } }`, {}, tok.secretariat));
    const secondCriteria = ok(await gql(t.app, `{ call(id: "${c.id}") { evaluationCriteria { id } } }`)).call.evaluationCriteria;
    for (const e of experts) {
      for (const p of ok(await gql(t.app, '{ myAssignedProposals { id } }', {}, e.token)).myAssignedProposals.filter(
        (x: any) => x.id === saved.proposals[0].id,
      )) {
        ok(
          await gql(
            t.app,
            'mutation($p: ID!, $s: [ScoreInput!]!) { saveScores(proposalId: $p, scores: $s) { id } }',
            { p: p.id, s: secondCriteria.map((cr: any) => ({ criterionId: cr.id, points: 5 })) },
            e.token,
          ),
        );
        ok(await gql(t.app, `mutation { submitScores(proposalId: "${p.id}") { status } }`, {}, e.token));
      }
    }
    const second = ok(
      await gql(
        t.app,
        `mutation { runMatching(input: {callId: "${c.id}"}) { regionsSupported unsupported { candidateRegionId reason } } }`,
        {},
        tok.secretariat,
      ),
    ).runMatching;
    expect(second.regionsSupported).toBe(0);
    expect(second.unsupported.find((u: any) => u.candidateRegionId === regions['01']).reason).toBe('LOST_TO_CAPACITY');
    expect(criteria).toHaveLength(5);
  });
});
