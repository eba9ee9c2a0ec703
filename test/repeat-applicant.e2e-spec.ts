import {
  addPartner,
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

describe('repeat applicants (応募要件 2): one more partner, participation bonus, 50,000,000 yen cap', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let r7: string;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2024-02-01T09:00:00+09:00');
    tok = await signIn(t.app, STANDARD_ACCOUNTS);
    // 令和6年度: 兵庫県 is selected with two partners; 長野県 applies but is rejected.
    const r6 = await createProgramAndCall(t.app, tok.secretariat, { fiscalYear: 2024, opensAt: '2024-02-05T00:00', closesAt: '2024-02-26T17:00' });
    t.clock.set('2024-02-10T10:00:00+09:00');
    const hyogo = await completeDraft(t.app, tok.hyogo, r6.callId, ['282090', '282120']);
    const nagano = await completeDraft(t.app, tok.nagano, r6.callId, ['202011', '202029', '202037']);
    ok(await submit(t.app, tok.hyogo, hyogo.id));
    ok(await submit(t.app, tok.nagano, nagano.id));
    t.clock.set('2024-03-01T10:00:00+09:00');
    ok(await gql(t.app, `mutation { closeCall(id: "${r6.callId}") { status } }`, {}, tok.secretariat));
    await checkAll(t.app, tok.secretariat, hyogo.id);
    ok(await gql(t.app, `mutation { adoptRegionApplication(applicationId: "${hyogo.id}") { status } }`, {}, tok.secretariat));
    ok(await gql(t.app, `mutation { rejectRegionApplication(applicationId: "${nagano.id}", reason: "要件未充足") { status } }`, {}, tok.secretariat));
    // 令和7年度.
    t.clock.set('2025-02-01T09:00:00+09:00');
    r7 = (await createProgramAndCall(t.app, tok.secretariat, { fiscalYear: 2025 })).callId;
    t.clock.set('2025-02-20T10:00:00+09:00');
  });
  afterAll(() => t.close());

  it('refuses a repeat applicant with as many partners as last time, saying how many are needed', async () => {
    const draft = await completeDraft(t.app, tok.hyogo, r7, ['282090', '282120']);
    expect(draft.repeatApplicant).toMatchObject({
      isRepeatApplicant: true,
      previousPartnerCount: 2,
      requiredPartnerCount: 3,
      partnerCount: 2,
      ruleHolds: false,
      budgetCapYen: 50_000_000,
    });
    const r = await submit(t.app, tok.hyogo, draft.id);
    expect(errorCode(r)).toBe('REPEAT_APPLICANT_NEEDS_MORE_PARTNERS');
    expect(r.errors![0].extensions.details).toMatchObject({ required: 3, current: 2, previousFiscalYear: 2024 });
    expect(r.errors![0].extensions.messageJa).toContain('3以上の市町村と連携');
  });

  it('accepts it with one more partner, and shows participation ratio and bonus points', async () => {
    const [a] = ok(await gql(t.app, '{ myRegionApplications { id call { id } } }', {}, tok.hyogo)).myRegionApplications.filter((x: any) => x.call.id === r7);
    ok(await addPartner(t.app, tok.hyogo, a.id, '282201'));
    const app = await getApplication(t.app, tok.hyogo, a.id);
    // 兵庫県 has 41 basic local governments: 3/41 participate; bonus = ratio × 10 points (the call's maximum).
    expect(app.repeatApplicant.participationRatio).toBeCloseTo(3 / 41, 6);
    expect(app.repeatApplicant.bonusPoints).toBeCloseTo(Math.round((3 / 41) * 10 * 100) / 100, 6);
    expect(app.repeatApplicant.ruleHolds).toBe(true);
    // The new partner needs its memorandum and issue before the submission is complete.
    expect(errorCode(await submit(t.app, tok.hyogo, a.id))).toBe('APPLICATION_INCOMPLETE');
    ok(
      await gql(
        t.app,
        'mutation($p: ID!) { removePartnerMunicipality(partnerId: $p) { id } }',
        { p: app.partners.find((p: any) => p.municipalityCode === '282201').id },
        tok.hyogo,
      ),
    );
  });

  it('does not treat a prefecture that was only rejected before as a repeat applicant', async () => {
    const draft = await completeDraft(t.app, tok.nagano, r7, ['202011']);
    expect(draft.repeatApplicant).toMatchObject({ isRepeatApplicant: false, requiredPartnerCount: 1, bonusPoints: 0, budgetCapYen: 80_000_000 });
    expect(ok(await submit(t.app, tok.nagano, draft.id)).submitRegionApplication.number).toMatch(/^RA2025-20-/);
  });
});
