import { DataSource } from 'typeorm';
import {
  approvedVendor,
  completeDraft,
  createProgramAndCall,
  createTestApp,
  createVendorCall,
  engagedVendor,
  errorCode,
  gql,
  GqlResult,
  IN_VENDOR_WINDOW,
  ok,
  publishedRegions,
  reportFigures,
  saveProposal,
  signIn,
  STANDARD_ACCOUNTS,
  startVendorApplication,
  submit,
  submitVendor,
  TestApp,
} from './support';
import { Role } from '@app/core';

/**
 * Domain rules of security round 2 (issue 11): findings 6 (a winning vendor raised its own awarded
 * budget), 12 (an idempotency key replayed after reopen-and-change returned the old receipt) and 19
 * (two programmes for one fiscal year).
 */
const figures = {
  raisesHeld: 0,
  raisesAppliedUnapproved: 0,
  replaysRefused: 0,
  oldReceiptsReturned: 0,
  duplicateProgramsRefused: 0,
  duplicateProgramsStored: 0,
};

afterAll(() => {
  reportFigures(
    `domain rules: ${figures.raisesHeld} budget raises beyond the award held for the secretariat, ${figures.raisesAppliedUnapproved} applied without approval; ` +
      `${figures.replaysRefused} stale idempotency replays refused, ${figures.oldReceiptsReturned} stale receipts returned; ` +
      `${figures.duplicateProgramsRefused} second programmes for a fiscal year refused, ${figures.duplicateProgramsStored} stored`,
  );
});

describe('domain rules: budget changes beyond the awarded bid wait for the secretariat (finding 6)', () => {
  let t: TestApp;
  let db: DataSource;
  let tok: Record<string, string>;
  let vendor: { vendorId: string; token: string };
  let engagementId: string;
  let secretariatId: string;

  const plan = (input: Record<string, unknown>, token = vendor.token) =>
    gql(
      t.app,
      'mutation($e: ID!, $i: EngagementPlanInput!) { updateEngagementPlan(engagementId: $e, input: $i) { budgetYen } }',
      { e: engagementId, i: input },
      token,
    );
  const budget = async () => Number((await db.query('SELECT budget_yen FROM engagements WHERE id = $1', [engagementId]))[0].budget_yen);
  const pending = async () =>
    ok(
      await gql(
        t.app,
        `{ engagement(id: "${engagementId}") { budgetYen pendingBudgetChange { id status awardedBudgetYen previousBudgetYen requestedBudgetYen } } }`,
        {},
        vendor.token,
      ),
    ).engagement;
  const decide = (changeId: string, approve: boolean, reason: string, token = tok.secretariat) =>
    gql(
      t.app,
      'mutation($c: ID!, $a: Boolean!, $r: String!) { decideEngagementBudgetChange(changeId: $c, approve: $a, reason: $r) { id status decisionReason decidedAt requestedBudgetYen } }',
      { c: changeId, a: approve, r: reason },
      token,
    );

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    tok = await signIn(t.app, STANDARD_ACCOUNTS);
    secretariatId = ok(await gql(t.app, '{ me { id } }', {}, tok.secretariat)).me.id;
    ({ vendor } = await engagedVendor(t, tok, { key: 'budget-vendor', base12: '700000000011', expertEmail: 'budget-expert@univ.example.ac.jp' }));
    const mine = ok(await gql(t.app, '{ myEngagements { id prefectureCode budgetYen } }', {}, vendor.token)).myEngagements;
    const hyogo = mine.find((e: { prefectureCode: string }) => e.prefectureCode === '28');
    expect(hyogo.budgetYen).toBe(30_000_000); // the winning bid (proposalInput's budget)
    engagementId = hyogo.id;
  });
  afterAll(() => t.close());

  it("does not apply the winning vendor's raise beyond its bid: it is stored as a pending request", async () => {
    t.clock.set('2025-05-01T10:00:00+09:00');
    // The review's attack: 79,000,000 yen against the bid (here 30,000,000), within the region's cap of 80,000,000.
    const r = ok(await plan({ budgetYen: 79_000_000, plannedItems: [{ menuItemCode: 'DX_STRUCTURE', status: 'IN_PROGRESS' }] }));
    if (r.updateEngagementPlan.budgetYen === 79_000_000) figures.raisesAppliedUnapproved++;
    expect(r.updateEngagementPlan.budgetYen).toBe(30_000_000);
    expect(await budget()).toBe(30_000_000);
    const e = await pending();
    expect(e.pendingBudgetChange).toMatchObject({
      status: 'PENDING',
      awardedBudgetYen: 30_000_000,
      previousBudgetYen: 30_000_000,
      requestedBudgetYen: 79_000_000,
    });
    figures.raisesHeld++;
    // One request at a time; the cap still refuses outright.
    expect(errorCode(await plan({ budgetYen: 60_000_000 }))).toBe('BUDGET_CHANGE_PENDING');
    expect(errorCode(await plan({ budgetYen: 80_000_001 }))).toBe('BUDGET_OVER_CAP');
    expect(await budget()).toBe(30_000_000);
  });

  it('lets only the secretariat decide, always with a reason, and records the decision', async () => {
    const { id } = (await pending()).pendingBudgetChange;
    expect(errorCode(await decide(id, true, '妥当', vendor.token))).toBe('FORBIDDEN');
    expect(errorCode(await decide(id, true, '妥当', tok.hyogo))).toBe('FORBIDDEN');
    expect(errorCode(await decide(id, true, '妥当', tok.ministry))).toBe('FORBIDDEN');
    expect(errorCode(await decide(id, true, ''))).toBe('VALIDATION_FAILED');
    expect(errorCode(await decide(id, true, '   '))).toBe('VALIDATION_FAILED');
    expect(await budget()).toBe(30_000_000);

    t.clock.set('2025-05-02T10:00:00+09:00');
    const rejected = ok(await decide(id, false, '落札額を超える増額の根拠が示されていないため')).decideEngagementBudgetChange;
    expect(rejected).toMatchObject({ status: 'REJECTED', decisionReason: '落札額を超える増額の根拠が示されていないため', requestedBudgetYen: 79_000_000 });
    expect(rejected.decidedAt).toBeTruthy();
    expect(await budget()).toBe(30_000_000);
    expect((await pending()).pendingBudgetChange).toBeNull();
    expect(errorCode(await decide(id, true, '再判断'))).toBe('INVALID_STATE'); // decided once

    // The decision is in the audit trail, with the secretariat as its actor.
    const audited = await db.query(
      `SELECT actor, operation, patch::text AS patch FROM (SELECT actor, operation, entity, entity_id, patch FROM audit_log
          UNION ALL SELECT actor, operation, entity, entity_id, patch FROM audit_pending) r
        WHERE entity = 'engagement_budget_changes' AND entity_id = $1`,
      [id],
    );
    expect(audited.map((a: { operation: string }) => a.operation)).toEqual(expect.arrayContaining(['INSERT', 'UPDATE']));
    expect(audited.find((a: { operation: string }) => a.operation === 'UPDATE')).toMatchObject({ actor: secretariatId });
    expect(audited.find((a: { operation: string }) => a.operation === 'UPDATE').patch).toContain('落札額を超える増額');
  });

  it('applies changes within the awarded bid directly, and an approved raise only after approval', async () => {
    expect(ok(await plan({ budgetYen: 25_000_000 })).updateEngagementPlan.budgetYen).toBe(25_000_000);
    expect(ok(await plan({ budgetYen: 30_000_000 })).updateEngagementPlan.budgetYen).toBe(30_000_000); // back up to the bid: no approval needed

    t.clock.set('2025-06-01T10:00:00+09:00');
    const r = ok(await plan({ budgetYen: 45_000_000 })).updateEngagementPlan;
    if (r.budgetYen === 45_000_000) figures.raisesAppliedUnapproved++;
    expect(r.budgetYen).toBe(30_000_000);
    figures.raisesHeld++;
    const { id } = (await pending()).pendingBudgetChange;
    const listed = ok(
      await gql(t.app, '{ engagementBudgetChanges(status: PENDING) { id engagementId requestedBudgetYen } }', {}, tok.ministry),
    ).engagementBudgetChanges;
    expect(listed).toEqual([{ id, engagementId, requestedBudgetYen: 45_000_000 }]);
    expect(errorCode(await gql(t.app, '{ engagementBudgetChanges { id } }', {}, vendor.token))).toBe('FORBIDDEN');

    expect(ok(await decide(id, true, '対象市町村の追加に伴う増額を認める')).decideEngagementBudgetChange.status).toBe('APPROVED');
    expect(await budget()).toBe(45_000_000);
    // The approved figure is now the ceiling the vendor may move within; beyond it, approval again.
    expect(ok(await plan({ budgetYen: 40_000_000 })).updateEngagementPlan.budgetYen).toBe(40_000_000);
    expect(ok(await plan({ budgetYen: 45_000_000 })).updateEngagementPlan.budgetYen).toBe(45_000_000);
    t.clock.set('2025-07-01T10:00:00+09:00');
    expect(ok(await plan({ budgetYen: 45_000_001 })).updateEngagementPlan.budgetYen).toBe(45_000_000);
    figures.raisesHeld++;
    const history = ok(await gql(t.app, `{ engagement(id: "${engagementId}") { budgetChanges { status requestedBudgetYen decisionReason } } }`, {}, tok.hyogo))
      .engagement.budgetChanges;
    expect(history.map((c: { status: string; requestedBudgetYen: number }) => [c.status, c.requestedBudgetYen])).toEqual([
      ['REJECTED', 79_000_000],
      ['APPROVED', 45_000_000],
      ['PENDING', 45_000_001],
    ]);

    // Each decision is a notice to the vendor that asked (with the figures and the reason), mailed once; not the prefecture's.
    const decided = (token: string) =>
      gql(t.app, '{ myNotices(first: 50) { kind subject body } }', {}, token).then((r) =>
        ok(r).myNotices.filter((n: { kind: string }) => n.kind === 'BUDGET_CHANGE_DECIDED'),
      );
    const notices = await decided(vendor.token);
    expect(notices).toHaveLength(2);
    const rejectedNotice = notices.find((n: { subject: string }) => n.subject.includes('却下'));
    expect(rejectedNotice.body).toContain('30,000,000円から79,000,000円へ');
    expect(rejectedNotice.body).toContain('理由：落札額を超える増額の根拠が示されていないため');
    expect(rejectedNotice.body).toContain('現在の予算額：30,000,000円');
    const approvedNotice = notices.find((n: { subject: string }) => n.subject.includes('承認'));
    expect(approvedNotice.body).toContain('理由：対象市町村の追加に伴う増額を認める');
    expect(approvedNotice.body).toContain('現在の予算額：45,000,000円');
    expect(await decided(tok.hyogo)).toEqual([]);
    const mails = await db.query("SELECT count(*)::int AS n FROM outbox WHERE subject LIKE '%予算変更申請%'");
    expect(mails[0].n).toBeGreaterThanOrEqual(2);
  });
});

describe('domain rules: idempotency keys after reopen-and-change (finding 12), one programme per fiscal year (finding 19)', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let db: DataSource;
  let programId: string;
  let regionIds: Record<string, string>;
  let vendorCallId: string;

  const refusedAsReused = (r: GqlResult) => {
    const code = r.errors?.[0]?.extensions?.code;
    if (code === 'IDEMPOTENCY_KEY_REUSED') figures.replaysRefused++;
    else if (!r.errors) figures.oldReceiptsReturned++;
    expect(code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(r.errors![0].extensions).toMatchObject({ messageJa: expect.stringContaining('冪等キー'), messageEn: expect.stringContaining('idempotency key') });
  };

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    tok = await signIn(t.app, [...STANDARD_ACCOUNTS, { key: 'kochi', role: Role.PREFECTURE, prefectureCode: '39' }]);
    ({ programId, regionIds } = await publishedRegions(t, tok.secretariat, [
      { token: tok.hyogo, prefectureCode: '28', partners: ['282090'] },
      { token: tok.nagano, prefectureCode: '20', partners: ['202011'] },
    ]));
    t.clock.set(IN_VENDOR_WINDOW);
    const regionCallId = ok(await gql(t.app, `{ program(id: "${programId}") { calls { id kind } } }`)).program.calls.find(
      (c: { kind: string }) => c.kind === 'REGION',
    ).id;
    vendorCallId = await createVendorCall(t.app, tok.secretariat, programId, regionCallId);
  });
  afterAll(() => t.close());

  it('vendor application: a replay after reopen, after a change, or after a newer submission is refused; a current one gets its receipt', async () => {
    const vendor = await approvedVendor(t.app, tok.secretariat, 'idem-vendor', '700000000012');
    const app = await startVendorApplication(t.app, vendor.token, vendorCallId, 2);
    for (const pc of ['28', '20']) ok(await saveProposal(t.app, vendor.token, app, regionIds[pc]));
    const first = ok(await submitVendor(t.app, vendor.token, app, 'vendor-key-1')).submitVendorApplication;
    expect(ok(await submitVendor(t.app, vendor.token, app, 'vendor-key-1')).submitVendorApplication.number).toBe(first.number);

    ok(await gql(t.app, `mutation { reopenVendorApplication(applicationId: "${app}") { status } }`, {}, vendor.token));
    refusedAsReused(await submitVendor(t.app, vendor.token, app, 'vendor-key-1')); // back in draft: not submitted
    ok(await saveProposal(t.app, vendor.token, app, regionIds['28'], { budgetYen: 25_000_000 }));
    refusedAsReused(await submitVendor(t.app, vendor.token, app, 'vendor-key-1')); // different content
    const status = ok(await gql(t.app, `{ vendorApplication(id: "${app}") { status } }`, {}, vendor.token)).vendorApplication.status;
    expect(status).toBe('DRAFT'); // the refused replay did not submit either

    const second = ok(await submitVendor(t.app, vendor.token, app, 'vendor-key-2')).submitVendorApplication;
    expect(second.number).not.toBe(first.number);
    expect(second.contentDigest).not.toBe(first.contentDigest);
    expect(ok(await submitVendor(t.app, vendor.token, app, 'vendor-key-2')).submitVendorApplication.number).toBe(second.number);
    refusedAsReused(await submitVendor(t.app, vendor.token, app, 'vendor-key-1')); // superseded by the second submission
  });

  it('region application: the same, for RegionApplicationService.submit', async () => {
    t.clock.set('2026-02-01T09:00:00+09:00');
    const { callId } = await createProgramAndCall(t.app, tok.secretariat, { fiscalYear: 2026, opensAt: '2026-02-10T00:00', closesAt: '2026-02-28T17:00' });
    t.clock.set('2026-02-20T10:00:00+09:00');
    const draft = await completeDraft(t.app, tok.kochi, callId, ['392014']);
    const first = ok(await submit(t.app, tok.kochi, draft.id, 'region-key-1')).submitRegionApplication;
    expect(ok(await submit(t.app, tok.kochi, draft.id, 'region-key-1')).submitRegionApplication.number).toBe(first.number);

    ok(await gql(t.app, 'mutation($a: ID!) { reopenRegionApplication(applicationId: $a) { status } }', { a: draft.id }, tok.kochi));
    refusedAsReused(await submit(t.app, tok.kochi, draft.id, 'region-key-1')); // the review's case: back in draft, unchanged
    ok(
      await gql(
        t.app,
        'mutation($a: ID!, $d: [RequirementDeclarationInput!]!) { declareRequirements(applicationId: $a, declarations: $d) { id } }',
        { a: draft.id, d: [{ number: 1, declared: true, evidence: '要件1の根拠（再開後に修正）' }] },
        tok.kochi,
      ),
    );
    refusedAsReused(await submit(t.app, tok.kochi, draft.id, 'region-key-1')); // changed content
    const a = ok(await gql(t.app, `{ regionApplication(id: "${draft.id}") { status receipts { number } } }`, {}, tok.kochi)).regionApplication;
    expect(a).toEqual({ status: 'DRAFT', receipts: [{ number: first.number }] });

    const second = ok(await submit(t.app, tok.kochi, draft.id, 'region-key-2')).submitRegionApplication;
    expect(second.contentDigest).not.toBe(first.contentDigest);
    expect(ok(await submit(t.app, tok.kochi, draft.id, 'region-key-2')).submitRegionApplication.number).toBe(second.number);
    refusedAsReused(await submit(t.app, tok.kochi, draft.id, 'region-key-1'));

    // Reopened and resubmitted unchanged under a third key: the second receipt is no longer the current one.
    ok(await gql(t.app, 'mutation($a: ID!) { reopenRegionApplication(applicationId: $a) { status } }', { a: draft.id }, tok.kochi));
    const third = ok(await submit(t.app, tok.kochi, draft.id, 'region-key-3')).submitRegionApplication;
    expect(third.contentDigest).toBe(second.contentDigest);
    refusedAsReused(await submit(t.app, tok.kochi, draft.id, 'region-key-2'));
    expect(ok(await submit(t.app, tok.kochi, draft.id, 'region-key-3')).submitRegionApplication.number).toBe(third.number);
  });

  it('refuses a second programme for a fiscal year with a typed error, also when two are created at once', async () => {
    const create = (fiscalYear: number, name = `令和${fiscalYear - 2018}年度 推進体制構築支援`) =>
      gql(
        t.app,
        'mutation($i: CreateProgramInput!) { createProgram(input: $i) { id fiscalYear } }',
        { i: { fiscalYear, name, regionBudgetCapYen: 80_000_000 } },
        tok.secretariat,
      );
    const refused = (r: GqlResult, year: number) => {
      if (r.errors?.[0]?.extensions?.code === 'PROGRAM_EXISTS_FOR_FISCAL_YEAR') figures.duplicateProgramsRefused++;
      expect(errorCode(r)).toBe('PROGRAM_EXISTS_FOR_FISCAL_YEAR');
      expect(r.errors![0].extensions).toMatchObject({ details: { fiscalYear: year }, messageJa: expect.stringContaining(`${year}年度`) });
    };
    refused(await create(2025), 2025); // the programme of publishedRegions
    refused(await create(2025, '令和7年度 別名の事業'), 2025);
    refused(await create(2026), 2026); // the programme of the region test above
    ok(await create(2024)); // 令和6年度 and 令和7年度 are different years

    const race = await Promise.all([create(2030), create(2030), create(2030)]);
    expect(race.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of race.filter((x) => x.errors)) refused(r, 2030);

    const perYear = await db.query('SELECT fiscal_year, count(*)::int AS n FROM programs GROUP BY fiscal_year ORDER BY fiscal_year');
    figures.duplicateProgramsStored += perYear.filter((p: { n: number }) => p.n > 1).length;
    expect(perYear).toEqual([
      { fiscal_year: 2024, n: 1 },
      { fiscal_year: 2025, n: 1 },
      { fiscal_year: 2026, n: 1 },
      { fiscal_year: 2030, n: 1 },
    ]);
  });
});
