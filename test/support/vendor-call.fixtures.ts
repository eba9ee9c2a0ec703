import { INestApplication } from '@nestjs/common';
import { corporateNumberCheckDigit, Role } from '@app/core';
import { checkAll, completeDraft, createProgramAndCall, IN_WINDOW, submit } from './region-call.fixtures';
import { gql, ok, signIn, TEST_PASSWORD, TestApp } from './test-app';

/** A valid 法人番号 built from twelve digits. */
export const corporateNumber = (base12: string) => `${corporateNumberCheckDigit(base12)}${base12}`;

/** The vendor call of the spec: opens when the candidates are published, closes 2025-03-28 15:00 JST. */
export const VENDOR_WINDOW = { opensAt: '2025-03-10T00:00', closesAt: '2025-03-28T15:00' };
export const IN_VENDOR_WINDOW = '2025-03-15T10:00:00+09:00';

/**
 * A region call run to publication through the API: each prefecture applies with its partners,
 * the secretariat checks, adopts, decides and publishes. Returns the candidate region ids by prefecture code.
 */
export async function publishedRegions(
  t: TestApp,
  secretariat: string,
  applicants: Array<{ token: string; prefectureCode: string; partners: string[] }>,
  program: { supportEndsOn?: string; fiscalYear?: number } = {},
): Promise<{ programId: string; regionCallId: string; regionIds: Record<string, string> }> {
  t.clock.set('2025-02-01T09:00:00+09:00');
  const { programId, callId } = await createProgramAndCall(t.app, secretariat, program);
  t.clock.set(IN_WINDOW);
  const ids: string[] = [];
  for (const a of applicants) {
    const draft = await completeDraft(t.app, a.token, callId, a.partners);
    ok(await submit(t.app, a.token, draft.id));
    ids.push(draft.id);
  }
  t.clock.set('2025-03-01T10:00:00+09:00');
  ok(await gql(t.app, `mutation { closeCall(id: "${callId}") { status } }`, {}, secretariat));
  for (const id of ids) {
    await checkAll(t.app, secretariat, id);
    ok(await gql(t.app, `mutation { adoptRegionApplication(applicationId: "${id}") { status } }`, {}, secretariat));
  }
  ok(await gql(t.app, `mutation { decideRegionCall(callId: "${callId}") { status } }`, {}, secretariat));
  ok(await gql(t.app, `mutation { publishCandidateRegions(callId: "${callId}") { status } }`, {}, secretariat));
  const regions = ok(await gql(t.app, '{ candidateRegions(limit: 100) { items { id prefectureCode } } }')).candidateRegions.items;
  return { programId, regionCallId: callId, regionIds: Object.fromEntries(regions.map((r: any) => [r.prefectureCode, r.id])) };
}

export async function createVendorCall(
  app: INestApplication,
  secretariat: string,
  programId: string,
  regionCallId: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const c = ok(
    await gql(
      app,
      'mutation($i: CreateVendorCallInput!) { createVendorCall(input: $i) { id } }',
      {
        i: { programId, regionCallId, title: '伴走支援事業者の公募', ...VENDOR_WINDOW, ...extra },
      },
      secretariat,
    ),
  ).createVendorCall;
  ok(await gql(app, 'mutation($id: ID!) { openCall(id: $id) { status } }', { id: c.id }, secretariat));
  return c.id;
}

/** An approved vendor (created by the secretariat) and a signed-in user of it. */
export async function approvedVendor(
  app: INestApplication,
  secretariat: string,
  key: string,
  base12: string,
  name = `${key} 株式会社`,
): Promise<{ vendorId: string; token: string; corporateNumber: string }> {
  const cn = corporateNumber(base12);
  const v = ok(
    await gql(
      app,
      'mutation($i: VendorInput!) { createVendor(input: $i) { id } }',
      { i: { name, corporateNumber: cn, kind: 'CONSULTANCY', headOfficePrefectureCode: '13' } },
      secretariat,
    ),
  ).createVendor;
  const tokens = await signIn(app, [{ key, role: Role.VENDOR, vendorId: v.id }]);
  return { vendorId: v.id, token: tokens[key], corporateNumber: cn };
}

export const DEMO_RUBRIC = [
  { titleJa: '地域課題の理解', titleEn: "Understanding of the region's issues", weight: 25, maxPoints: 5, minPoints: 2 },
  { titleJa: '実現可能性・手法', titleEn: 'Feasibility and method', weight: 25, maxPoints: 5 },
  { titleJa: '実施体制', titleEn: 'Team', weight: 20, maxPoints: 5 },
  { titleJa: '持続可能性・地域人材育成', titleEn: 'Sustainability and local talent development', weight: 20, maxPoints: 5 },
  { titleJa: '費用対効果', titleEn: 'Cost-effectiveness', weight: 10, maxPoints: 5 },
];

/** The demo rubric (without minimums) and the call's pass threshold, one evaluator per proposal; returns the criteria. */
export async function setRubric(app: INestApplication, secretariat: string, callId: string, passThreshold = 60): Promise<Array<{ id: string }>> {
  const criteria = ok(
    await gql(
      app,
      `mutation($c: [CriterionInput!]!) { setEvaluationCriteria(callId: "${callId}", criteria: $c) { id } }`,
      { c: DEMO_RUBRIC.map((c) => ({ ...c, minPoints: null })) },
      secretariat,
    ),
  ).setEvaluationCriteria;
  ok(
    await gql(
      app,
      `mutation { updateEvaluationSettings(callId: "${callId}", input: {passThreshold: ${passThreshold}, evaluatorsPerProposal: 1}) { passThreshold } }`,
      {},
      secretariat,
    ),
  );
  return criteria;
}

export const proposalInput = (overrides: Record<string, unknown> = {}) => ({
  approach: '県と市町村の役割分担を整理し、DX推進体制を構築する。',
  menuItemCodes: ['DX_STRUCTURE', 'DX_PROMOTION_TALENT'],
  team: [{ name: '伴走 一郎', role: '統括', qualifications: '中小企業診断士' }],
  schedule: '4月〜翌3月',
  budgetYen: 30_000_000,
  ...overrides,
});

export async function saveProposal(
  app: INestApplication,
  token: string,
  applicationId: string,
  candidateRegionId: string,
  overrides: Record<string, unknown> = {},
) {
  return gql(
    app,
    'mutation($a: ID!, $r: ID!, $p: RegionProposalInput!) { saveRegionProposal(applicationId: $a, candidateRegionId: $r, proposal: $p) { id status version proposals { id candidateRegionId budgetYen } } }',
    { a: applicationId, r: candidateRegionId, p: proposalInput(overrides) },
    token,
  );
}

export async function startVendorApplication(app: INestApplication, token: string, callId: string, capacity = 2): Promise<string> {
  return ok(await gql(app, 'mutation($c: ID!, $n: Int) { startVendorApplication(callId: $c, capacity: $n) { id } }', { c: callId, n: capacity }, token))
    .startVendorApplication.id;
}

export async function submitVendor(app: INestApplication, token: string, applicationId: string, key?: string) {
  return gql(
    app,
    'mutation($a: ID!, $k: String) { submitVendorApplication(applicationId: $a, idempotencyKey: $k) { number receivedAt contentDigest } }',
    { a: applicationId, k: key },
    token,
  );
}

/** An expert created the secretariat's way, put on the call's panel, and signed in. */
export async function panelExpert(
  app: INestApplication,
  secretariat: string,
  callId: string,
  expert: { email: string; name: string; fields?: string[]; affiliation?: string; maxLoad?: number },
): Promise<{ id: string; token: string }> {
  const e = ok(
    await gql(
      app,
      'mutation($i: CreateEvaluatorInput!) { createEvaluator(input: $i) { id } }',
      {
        i: {
          email: expert.email,
          displayName: expert.name,
          password: TEST_PASSWORD,
          name: expert.name,
          affiliation: expert.affiliation,
          fields: expert.fields ?? [],
        },
      },
      secretariat,
    ),
  ).createEvaluator;
  ok(
    await gql(app, `mutation { setPanelMember(callId: "${callId}", evaluatorId: "${e.id}", maxLoad: ${expert.maxLoad ?? 1000}) { callId } }`, {}, secretariat),
  );
  const token = ok(await gql(app, 'mutation($i: LoginInput!) { login(input: $i) { token } }', { i: { email: expert.email, password: TEST_PASSWORD } })).login
    .token;
  return { id: e.id, token };
}

/**
 * One vendor engaged in two regions (Hyogo with Toyooka, Nagano with Nagano city) through the whole
 * pipeline: region call, vendor call, one expert's scores, a matching run approved and published on
 * 2025-04-04. Returns the vendor, the vendor call and the published run.
 */
export async function engagedVendor(
  t: TestApp,
  tok: Record<string, string>,
  vendorSpec: { key: string; base12: string; expertEmail: string; name?: string },
  program: { supportEndsOn?: string; fiscalYear?: number } = {},
): Promise<{ vendor: { vendorId: string; token: string; corporateNumber: string }; callId: string; run: { id: string; regionsSupported: number } }> {
  const pub = await publishedRegions(
    t,
    tok.secretariat,
    [
      { token: tok.hyogo, prefectureCode: '28', partners: ['282090'] },
      { token: tok.nagano, prefectureCode: '20', partners: ['202011'] },
    ],
    program,
  );
  t.clock.set(IN_VENDOR_WINDOW);
  const callId = await createVendorCall(t.app, tok.secretariat, pub.programId, pub.regionCallId);
  const criteria = ok(
    await gql(
      t.app,
      `mutation($c: [CriterionInput!]!) { setEvaluationCriteria(callId: "${callId}", criteria: $c) { id } }`,
      { c: DEMO_RUBRIC },
      tok.secretariat,
    ),
  ).setEvaluationCriteria;
  ok(await gql(t.app, `mutation { updateEvaluationSettings(callId: "${callId}", input: {evaluatorsPerProposal: 1}) { passThreshold } }`, {}, tok.secretariat));
  const vendor = await approvedVendor(t.app, tok.secretariat, vendorSpec.key, vendorSpec.base12, vendorSpec.name);
  const app = await startVendorApplication(t.app, vendor.token, callId, 2);
  for (const pc of ['28', '20']) ok(await saveProposal(t.app, vendor.token, app, pub.regionIds[pc]));
  ok(await submitVendor(t.app, vendor.token, app));
  const { token: expert } = await panelExpert(t.app, tok.secretariat, callId, { email: vendorSpec.expertEmail, name: '委員' });
  t.clock.set('2025-03-28T15:00:00+09:00');
  ok(await gql(t.app, `mutation { closeCall(id: "${callId}") { status } }`, {}, tok.secretariat));
  ok(await gql(t.app, `mutation { runAssignment(callId: "${callId}") { status } }`, {}, tok.secretariat));
  ok(await gql(t.app, `mutation { confirmAssignments(callId: "${callId}") { confirmed } }`, {}, tok.secretariat));
  for (const p of ok(await gql(t.app, '{ myAssignedProposals { id } }', {}, expert)).myAssignedProposals) {
    const scores = criteria.map((c: { id: string }) => ({ criterionId: c.id, points: 4 }));
    ok(await gql(t.app, 'mutation($p: ID!, $s: [ScoreInput!]!) { saveScores(proposalId: $p, scores: $s) { id } }', { p: p.id, s: scores }, expert));
    ok(await gql(t.app, `mutation { submitScores(proposalId: "${p.id}") { status } }`, {}, expert));
  }
  t.clock.set('2025-04-04T10:00:00+09:00');
  const run = ok(await gql(t.app, `mutation { runMatching(input: {callId: "${callId}"}) { id regionsSupported } }`, {}, tok.secretariat)).runMatching;
  ok(await gql(t.app, `mutation { approveMatching(runId: "${run.id}") { status } }`, {}, tok.secretariat));
  ok(await gql(t.app, `mutation { publishMatching(runId: "${run.id}") { status } }`, {}, tok.secretariat));
  return { vendor, callId, run };
}
