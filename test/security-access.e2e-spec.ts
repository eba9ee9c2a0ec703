import request from 'supertest';
import {
  approvedVendor,
  createTestApp,
  createVendorCall,
  errorCode,
  gql,
  IN_VENDOR_WINDOW,
  ok,
  panelExpert,
  pdfBytes,
  publishedRegions,
  reportFigures,
  saveProposal,
  setRubric,
  signIn,
  STANDARD_ACCOUNTS,
  startVendorApplication,
  submitVendor,
  TestApp,
  upload,
} from './support';

/**
 * Sealed bids (issue 11, finding 20) and memoranda by id (finding 15), through GraphQL, GET /documents/:id
 * and the exports. Bids carry distinctive budgets and texts so that a leak is found wherever it shows.
 */
describe('sealed bids: nobody but the bidder opens a bid before the deadline; losing bids stay closed to prefectures', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let callId: string;
  let regionIds: Record<string, string>;
  const bids: Record<string, { id: string; budget: number; text: string; doc: string }> = {};
  let expert: { id: string; token: string };
  const tally = { probes: 0, opened: 0, sealed: 0, disagreements: 0 };

  const BUDGETS = { A28: 31_234_567, B28: 32_345_678, A20: 33_456_789 } as const;
  const readers = () => ['secretariat', 'ministry', 'hyogo', 'nagano', 'vendorA', 'vendorB', 'expert'] as const;

  beforeAll(async () => {
    t = await createTestApp();
    tok = await signIn(t.app, STANDARD_ACCOUNTS);
    const pub = await publishedRegions(t, tok.secretariat, [
      { token: tok.hyogo, prefectureCode: '28', partners: ['282090'] },
      { token: tok.nagano, prefectureCode: '20', partners: ['202011'] },
    ]);
    regionIds = pub.regionIds;
    t.clock.set(IN_VENDOR_WINDOW);
    callId = await createVendorCall(t.app, tok.secretariat, pub.programId, pub.regionCallId);
    await setRubric(t.app, tok.secretariat, callId, 10);
    const vA = await approvedVendor(t.app, tok.secretariat, 'vendorA', '700000000001');
    const vB = await approvedVendor(t.app, tok.secretariat, 'vendorB', '700000000002');
    tok.vendorA = vA.token;
    tok.vendorB = vB.token;
    for (const [vendor, key, regions] of [
      ['vendorA', vA.token, ['28', '20']],
      ['vendorB', vB.token, ['28']],
    ] as const) {
      const app = await startVendorApplication(t.app, key, callId, 2);
      for (const pc of regions) {
        const k = `${vendor.slice(-1)}${pc}` as keyof typeof BUDGETS;
        const doc = (await upload(t.app, key, pdfBytes(`bid-${k}`), `提案書_${k}.pdf`, 'PROPOSAL')).body.id as string;
        const text = `SEALED-${k}-提案本文`;
        const saved = ok(await saveProposal(t.app, key, app, regionIds[pc], { approach: text, budgetYen: BUDGETS[k], documentIds: [doc] })).saveRegionProposal;
        bids[k] = { id: saved.proposals.find((p: any) => p.candidateRegionId === regionIds[pc]).id, budget: BUDGETS[k], text, doc };
      }
      ok(await submitVendor(t.app, key, app));
    }
    expert = await panelExpert(t.app, tok.secretariat, callId, { email: 'sealed-expert@univ.example.ac.jp', name: '封緘 委員', fields: ['DX'] });
    tok.expert = expert.token;
  });
  afterAll(async () => {
    reportFigures(
      `sealed bids: ${tally.probes} probes (GraphQL, document download, export) by 7 readers in 3 phases, ${tally.opened} opened as allowed, ${tally.sealed} kept sealed, ${tally.disagreements} disagreements between GraphQL and the download`,
    );
    await t.close();
  });

  /** Whether `who` opens bid `k` through regionProposal, GET /documents/:id and the proposals CSV; all three must agree. */
  async function opens(who: string, k: keyof typeof BUDGETS): Promise<boolean> {
    const b = bids[k];
    const r = await gql(t.app, `{ regionProposal(id: "${b.id}") { approach budgetYen documentIds } }`, {}, tok[who]);
    const viaGraphql = !r.errors;
    if (viaGraphql) expect(r.data!.regionProposal).toMatchObject({ approach: b.text, budgetYen: b.budget });
    else expect(['NOT_FOUND', 'FORBIDDEN']).toContain(errorCode(r));
    const d = await request(t.app.getHttpServer()).get(`/documents/${b.doc}`).set('authorization', `Bearer ${tok[who]}`);
    expect([200, 403, 404]).toContain(d.status);
    if ((d.status === 200) !== viaGraphql) tally.disagreements++;
    expect(d.status === 200).toBe(viaGraphql);
    tally.probes += 2;
    if (viaGraphql) tally.opened++;
    else tally.sealed++;
    return viaGraphql;
  }

  async function csv(who: string): Promise<string> {
    const r = await request(t.app.getHttpServer()).get(`/exports/${callId}/proposals.csv`).set('authorization', `Bearer ${tok[who]}`);
    tally.probes++;
    expect(r.status).toBe(200);
    return r.text;
  }

  const budgetsIn = (text: string) => (Object.keys(BUDGETS) as Array<keyof typeof BUDGETS>).filter((k) => text.includes(String(BUDGETS[k])));

  it('before the deadline: only the bidding vendor opens its bid; the secretariat sees that bids exist (vendor, status, count per region)', async () => {
    const expected: Record<string, Array<keyof typeof BUDGETS>> = {
      secretariat: [],
      ministry: [],
      hyogo: [],
      nagano: [],
      vendorA: ['A28', 'A20'],
      vendorB: ['B28'],
      expert: [],
    };
    for (const who of readers()) {
      const opened: string[] = [];
      for (const k of Object.keys(BUDGETS) as Array<keyof typeof BUDGETS>) if (await opens(who, k)) opened.push(k);
      expect({ who, opened: opened.sort() }).toEqual({ who, opened: [...expected[who]].sort() });
    }
    // The live count: vendor names, statuses and the count per region, but no proposal content.
    const apps = ok(
      await gql(t.app, `{ vendorApplications(callId: "${callId}") { status vendor { name } proposals { id approach budgetYen } } }`, {}, tok.secretariat),
    ).vendorApplications;
    expect(apps.map((a: any) => a.status)).toEqual(['SUBMITTED', 'SUBMITTED']);
    expect(apps.every((a: any) => a.vendor.name && a.proposals.length === 0)).toBe(true);
    const progress = ok(
      await gql(t.app, `{ vendorCallProgress(callId: "${callId}") { candidateRegion { prefectureCode } submittedProposals } }`, {}, tok.secretariat),
    ).vendorCallProgress;
    expect(Object.fromEntries(progress.map((p: any) => [p.candidateRegion.prefectureCode, p.submittedProposals]))).toEqual({ '28': 2, '20': 1 });
    expect(budgetsIn(await csv('secretariat'))).toEqual([]);
    expect(budgetsIn(await csv('ministry'))).toEqual([]);
  });

  let winner28: keyof typeof BUDGETS;
  it('after the deadline: the secretariat and the assigned, unconflicted evaluator open bids; the ministry and prefectures do not yet', async () => {
    t.clock.set('2025-03-28T15:00:00+09:00');
    ok(await gql(t.app, `mutation { closeCall(id: "${callId}") { status } }`, {}, tok.secretariat));
    ok(await gql(t.app, `mutation { runAssignment(callId: "${callId}") { status } }`, {}, tok.secretariat));
    ok(await gql(t.app, `mutation { confirmAssignments(callId: "${callId}") { confirmed } }`, {}, tok.secretariat));
    const assigned = ok(await gql(t.app, '{ myAssignedProposals { id } }', {}, expert.token)).myAssignedProposals.map((p: any) => p.id);
    expect(assigned).toHaveLength(3);
    for (const k of Object.keys(BUDGETS) as Array<keyof typeof BUDGETS>) {
      expect(await opens('secretariat', k)).toBe(true);
      expect(await opens('expert', k)).toBe(true);
      for (const who of ['ministry', 'hyogo', 'nagano'] as const) expect({ who, k, open: await opens(who, k) }).toEqual({ who, k, open: false });
    }
    expect(await opens('vendorB', 'A28')).toBe(false);
    expect(budgetsIn(await csv('secretariat')).sort()).toEqual(['A20', 'A28', 'B28']);
    expect(budgetsIn(await csv('ministry'))).toEqual([]);
    const apps = ok(await gql(t.app, `{ vendorApplications(callId: "${callId}") { proposals { id } } }`, {}, tok.secretariat)).vendorApplications;
    expect(apps.flatMap((a: any) => a.proposals).length).toBe(3);
  });

  it('after publication: the ministry opens every bid; a prefecture only the bid that won its region; municipalities none', async () => {
    const rubric = ok(await gql(t.app, `{ evaluationPanel(callId: "${callId}") { criteria { id maxPoints } } }`, {}, tok.secretariat)).evaluationPanel;
    for (const k of Object.keys(BUDGETS) as Array<keyof typeof BUDGETS>) {
      const points = k === 'B28' ? 5 : 3;
      ok(
        await gql(
          t.app,
          'mutation($p: ID!, $s: [ScoreInput!]!) { saveScores(proposalId: $p, scores: $s) { id } }',
          { p: bids[k].id, s: rubric.criteria.map((c: any) => ({ criterionId: c.id, points: Math.min(points, c.maxPoints) })) },
          expert.token,
        ),
      );
      ok(await gql(t.app, `mutation { submitScores(proposalId: "${bids[k].id}") { status } }`, {}, expert.token));
    }
    t.clock.set('2025-04-04T10:00:00+09:00');
    const run = ok(await gql(t.app, `mutation { runMatching(input: {callId: "${callId}"}) { id } }`, {}, tok.secretariat)).runMatching;
    ok(await gql(t.app, `mutation { approveMatching(runId: "${run.id}") { status } }`, {}, tok.secretariat));
    ok(await gql(t.app, `mutation { publishMatching(runId: "${run.id}") { status } }`, {}, tok.secretariat));
    const matches = ok(await gql(t.app, `{ callResults(callId: "${callId}") { matches { proposalId candidateRegionId } } }`, {}, tok.secretariat)).callResults
      .matches;
    const won = (regionId: string) => matches.find((m: any) => m.candidateRegionId === regionId)?.proposalId;
    winner28 = won(regionIds['28']) === bids.A28.id ? 'A28' : 'B28';
    const loser28 = winner28 === 'A28' ? 'B28' : 'A28';
    expect(won(regionIds['28'])).toBe(bids[winner28].id);
    expect(won(regionIds['20'])).toBe(bids.A20.id);

    for (const k of Object.keys(BUDGETS) as Array<keyof typeof BUDGETS>) expect(await opens('ministry', k)).toBe(true);
    expect(budgetsIn(await csv('ministry')).sort()).toEqual(['A20', 'A28', 'B28']);
    expect(await opens('hyogo', winner28)).toBe(true);
    expect(await opens('hyogo', loser28)).toBe(false);
    expect(await opens('hyogo', 'A20')).toBe(false);
    expect(await opens('nagano', 'A20')).toBe(true);
    expect(await opens('nagano', winner28)).toBe(false);
    expect(await opens('vendorB', 'A28')).toBe(false);
    // A partner municipality: not even the winning bid of its region (it follows the engagement instead).
    const toyooka = await request(t.app.getHttpServer()).get(`/documents/${bids[winner28].doc}`).set('authorization', `Bearer ${tok.toyooka}`);
    expect(toyooka.status).toBe(404);
    const q = await gql(t.app, `{ regionProposal(id: "${bids[winner28].id}") { approach } }`, {}, tok.toyooka);
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(errorCode(q));
    tally.probes += 2;
    tally.sealed += 1;
  });
});

describe('sealed bids: memoranda by id (finding 15) follow the GraphQL rule', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  const docs: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    tok = await signIn(t.app, STANDARD_ACCOUNTS);
    await publishedRegions(t, tok.secretariat, [{ token: tok.hyogo, prefectureCode: '28', partners: ['282090', '282065'] }]);
    const apps = ok(
      await gql(t.app, '{ myRegionApplications { partners { municipalityCode memorandum { documentId } } } }', {}, tok.hyogo),
    ).myRegionApplications;
    for (const p of apps[0].partners) docs[p.municipalityCode] = p.memorandum.documentId;
  });
  afterAll(() => t.close());

  it("a partner municipality downloads its own memorandum by id, not another partner's (as GraphQL shows it only its own)", async () => {
    const get = (who: string, code: string) => request(t.app.getHttpServer()).get(`/documents/${docs[code]}`).set('authorization', `Bearer ${tok[who]}`);
    expect(Object.keys(docs).sort()).toEqual(['282065', '282090']);
    // GraphQL: Toyooka sees its own memorandum and not Ashiya's.
    const seen = ok(await gql(t.app, '{ myRegionApplications { partners { municipalityCode memorandum { documentId } } } }', {}, tok.toyooka))
      .myRegionApplications[0].partners;
    expect(Object.fromEntries(seen.map((p: any) => [p.municipalityCode, p.memorandum?.documentId ?? null]))).toEqual({
      '282090': docs['282090'],
      '282065': null,
    });
    // The download, by id: the same answer.
    expect((await get('toyooka', '282090')).status).toBe(200);
    expect((await get('toyooka', '282065')).status).toBe(404);
    expect((await get('ashiya', '282065')).status).toBe(200);
    expect((await get('ashiya', '282090')).status).toBe(404);
    expect((await get('hyogo', '282065')).status).toBe(200);
    expect((await get('nagano', '282065')).status).toBe(404);
    expect((await get('secretariat', '282090')).status).toBe(200);
  });
});
