import { Role } from '@app/core';
import {
  addPartner,
  APPLICATION_FIELDS,
  checkAll,
  completeDraft,
  createProgramAndCall,
  createTestApp,
  errorCode,
  getApplication,
  gql,
  ok,
  signIn,
  STANDARD_ACCOUNTS,
  submit,
  TestApp,
} from './support';

const REOPEN = `mutation($a: ID!) { reopenRegionApplication(applicationId: $a) { status standingSubmission { number receivedAt } } }`;
const STANDING = `query($id: ID!) { regionApplication(id: $id) { standingSubmission { number receivedAt } ${APPLICATION_FIELDS} } }`;

describe('reopening keeps the submitted version until a new one is submitted (issue 16)', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let callId: string;
  let hyogo: { id: string; receipt: string };
  let nagano: { id: string; receipt: string };

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2025-02-01T09:00:00+09:00');
    tok = await signIn(t.app, [...STANDARD_ACCOUNTS, { key: 'kochi', role: Role.PREFECTURE, prefectureCode: '39' }]);
    callId = (await createProgramAndCall(t.app, tok.secretariat)).callId; // closes 2025-02-28 17:00 JST
  });
  afterAll(() => t?.close());

  it('16:30 submitted, 16:58 reopened and changed, 17:00 missed: the 16:30 submission still stands', async () => {
    t.clock.set('2025-02-28T16:20:00+09:00');
    const draft = await completeDraft(t.app, tok.hyogo, callId, ['282090', '282120']);
    t.clock.set('2025-02-28T16:30:00+09:00');
    const receipt = ok(await submit(t.app, tok.hyogo, draft.id)).submitRegionApplication;
    hyogo = { id: draft.id, receipt: receipt.number };

    t.clock.set('2025-02-28T16:58:00+09:00');
    const reopened = ok(await gql(t.app, REOPEN, { a: draft.id }, tok.hyogo)).reopenRegionApplication;
    // The prefecture sees that its submission still counts while it amends.
    expect(reopened).toMatchObject({ status: 'DRAFT', standingSubmission: { number: receipt.number } });
    expect(new Date(reopened.standingSubmission.receivedAt).toISOString()).toBe('2025-02-28T07:30:00.000Z');
    // It starts amending: drops a partner, adds another, changes a declaration.
    const removed = draft.partners.find((p: any) => p.municipalityCode === '282120');
    ok(await gql(t.app, 'mutation($p: ID!) { removePartnerMunicipality(partnerId: $p) { id } }', { p: removed.id }, tok.hyogo));
    ok(await addPartner(t.app, tok.hyogo, draft.id, '282201'));
    ok(
      await gql(
        t.app,
        'mutation($a: ID!, $d: [RequirementDeclarationInput!]!) { declareRequirements(applicationId: $a, declarations: $d) { id } }',
        { a: draft.id, d: [{ number: 5, declared: false, evidence: '検討中' }] },
        tok.hyogo,
      ),
    );

    // 17:00:00 JST: too late to resubmit the amendment.
    t.clock.set('2025-02-28T17:00:00+09:00');
    expect(errorCode(await submit(t.app, tok.hyogo, draft.id))).toBe('DEADLINE_PASSED');
    expect(errorCode(await gql(t.app, REOPEN, { a: draft.id }, tok.hyogo))).toBe('DEADLINE_PASSED');
  });

  it('a resubmission replaces the standing version; a withdrawal forgets it', async () => {
    t.clock.set('2025-02-27T10:00:00+09:00');
    const draft = await completeDraft(t.app, tok.nagano, callId, ['202011']);
    const first = ok(await submit(t.app, tok.nagano, draft.id)).submitRegionApplication;
    ok(await gql(t.app, REOPEN, { a: draft.id }, tok.nagano));
    ok(await addPartner(t.app, tok.nagano, draft.id, '202029'));
    const p = (await getApplication(t.app, tok.nagano, draft.id)).partners.find((x: any) => x.municipalityCode === '202029');
    ok(await gql(t.app, 'mutation($p: ID!) { removePartnerMunicipality(partnerId: $p) { id } }', { p: p.id }, tok.nagano));
    t.clock.set('2025-02-27T11:00:00+09:00');
    const second = ok(await submit(t.app, tok.nagano, draft.id)).submitRegionApplication;
    expect(second.number).not.toBe(first.number);
    const now = ok(await gql(t.app, STANDING, { id: draft.id }, tok.nagano)).regionApplication;
    expect(now).toMatchObject({ status: 'SUBMITTED', standingSubmission: { number: second.number } });
    nagano = { id: draft.id, receipt: second.number };

    // 高知県 submits, then withdraws: nothing stands, and the close does not bring it back.
    const kochi = await completeDraft(t.app, tok.kochi, callId, ['392014']);
    ok(await submit(t.app, tok.kochi, kochi.id));
    ok(await gql(t.app, 'mutation($a: ID!) { withdrawRegionApplication(applicationId: $a) { status } }', { a: kochi.id }, tok.kochi));
    expect(ok(await gql(t.app, STANDING, { id: kochi.id }, tok.kochi)).regionApplication).toMatchObject({ status: 'WITHDRAWN', standingSubmission: null });
  });

  it('at the close, the reopened application is SUBMITTED again with exactly what it submitted at 16:30, and the review reads that', async () => {
    t.clock.set('2025-02-28T17:05:00+09:00');
    ok(await gql(t.app, `mutation($id: ID!) { closeCall(id: $id) { status } }`, { id: callId }, tok.secretariat));
    const app = ok(await gql(t.app, STANDING, { id: hyogo.id }, tok.secretariat)).regionApplication;
    expect(app).toMatchObject({ status: 'SUBMITTED', standingSubmission: { number: hyogo.receipt } });
    expect(new Date(app.submittedAt).toISOString()).toBe('2025-02-28T07:30:00.000Z');
    expect(app.receipts.map((r: any) => r.number)).toEqual([hyogo.receipt]);
    expect(app.partners.map((p: any) => p.municipalityCode)).toEqual(['282090', '282120']);
    expect(app.partners.every((p: any) => p.memorandum?.sha256 && p.issues.length === 1)).toBe(true);
    expect(app.partners[1].issues[0].title).toBe('移動手段の確保（282120）');
    expect(app.requirements.find((r: any) => r.number === 5)).toMatchObject({ declared: true, evidence: '要件5の根拠' });
    // The review judges the submitted version: all nine checks and adoption go through.
    await checkAll(t.app, tok.secretariat, hyogo.id);
    expect(
      ok(await gql(t.app, `mutation { adoptRegionApplication(applicationId: "${hyogo.id}") { status } }`, {}, tok.secretariat)).adoptRegionApplication.status,
    ).toBe('ADOPTED');

    const n = ok(await gql(t.app, STANDING, { id: nagano.id }, tok.secretariat)).regionApplication;
    expect(n).toMatchObject({ status: 'SUBMITTED', standingSubmission: { number: nagano.receipt } });
    expect(n.partners.map((p: any) => p.municipalityCode)).toEqual(['202011']);
  });
});
