import request from 'supertest';
import { Role } from '@app/core';
import {
  approvedVendor,
  corporateNumber,
  createVendorCall,
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
  TEST_PASSWORD,
  TestApp,
  createTestApp,
  pdfBytes,
  upload,
} from './support';

describe('the vendor call: vendors, browsing, questions, applications with a proposal per region', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let programId: string;
  let regionCallId: string;
  let regions: Record<string, string>;
  let callId: string;
  let a: { vendorId: string; token: string; corporateNumber: string };
  let b: { vendorId: string; token: string; corporateNumber: string };

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2025-02-01T09:00:00+09:00');
    tok = { ...(await signIn(t.app, STANDARD_ACCOUNTS)), ...(await signIn(t.app, [{ key: 'kochi', role: Role.PREFECTURE, prefectureCode: '39' }])) };
    ({
      programId,
      regionCallId,
      regionIds: regions,
    } = await publishedRegions(t, tok.secretariat, [
      { token: tok.hyogo, prefectureCode: '28', partners: ['282090', '282120'] },
      { token: tok.nagano, prefectureCode: '20', partners: ['202011'] },
    ]));
    a = await approvedVendor(t.app, tok.secretariat, 'vendor-a', '180301018771');
    b = await approvedVendor(t.app, tok.secretariat, 'vendor-b', '010001008813');
  });
  afterAll(() => t.close());

  describe('vendors (法人番号 with its check digit)', () => {
    const q = 'mutation($i: RegisterVendorInput!) { registerVendor(input: $i) { id status corporateNumber } }';
    const input = (cn: string, email: string) => ({
      name: '地方銀行テスト',
      corporateNumber: cn,
      kind: 'REGIONAL_BANK',
      headOfficePrefectureCode: '28',
      email,
      displayName: '担当',
      password: TEST_PASSWORD,
    });

    it('refuses a corporate number with a wrong check digit; holds a taken one as disputed without saying so', async () => {
      const wrong = corporateNumber('700001205000').replace(/^\d/, (d) => String((Number(d) + 1) % 10));
      expect(errorCode(await gql(t.app, q, { i: input(wrong, 'x1@bank.example.jp') }))).toBe('VALIDATION_FAILED');
      // A 法人番号 another vendor holds: the same answer as any registration (no enumeration), held for the secretariat.
      const claim = ok(await gql(t.app, q, { i: input(a.corporateNumber, 'x2@bank.example.jp') })).registerVendor;
      expect(claim.status).toBe('PENDING');
      expect(ok(await gql(t.app, '{ vendors(status: DISPUTED) { id } }', {}, tok.secretariat)).vendors).toEqual([{ id: claim.id }]);
    });

    it('lets a vendor register itself, but bid only once the secretariat approves it', async () => {
      const cn = corporateNumber('123456789012');
      const v = ok(await gql(t.app, q, { i: input(cn, 'bank@bank.example.jp') })).registerVendor;
      expect(v.status).toBe('PENDING');
      const token = ok(await gql(t.app, 'mutation { login(input: {email: "bank@bank.example.jp", password: "' + TEST_PASSWORD + '"}) { token } }')).login.token;
      t.clock.set(IN_VENDOR_WINDOW);
      callId = await createVendorCall(t.app, tok.secretariat, programId, regionCallId, { questionsCloseAt: '2025-03-21T17:00' });
      expect(errorCode(await gql(t.app, `mutation { startVendorApplication(callId: "${callId}") { id } }`, {}, token))).toBe('VENDOR_NOT_APPROVED');
      expect(errorCode(await gql(t.app, `mutation { approveVendor(id: "${v.id}") { status } }`, {}, tok.ministry))).toBe('FORBIDDEN');
      expect(ok(await gql(t.app, `mutation { approveVendor(id: "${v.id}") { status } }`, {}, tok.secretariat)).approveVendor.status).toBe('APPROVED');
      expect(
        ok(await gql(t.app, `mutation { startVendorApplication(callId: "${callId}", capacity: 1) { status } }`, {}, token)).startVendorApplication.status,
      ).toBe('DRAFT');
    });
  });

  it('lists the published candidate regions in the vendor call', async () => {
    const call = ok(await gql(t.app, `{ call(id: "${callId}") { kind status candidateRegions { prefecture { name } } closesAtDisplay { wareki } } }`)).call;
    expect(call.kind).toBe('VENDOR');
    expect(call.candidateRegions.map((r: any) => r.prefecture.name).sort()).toEqual(['兵庫県', '長野県']);
    expect(call.closesAtDisplay.wareki).toBe('令和7年3月28日（金）15:00');
  });

  it('lets vendors browse candidate regions by prefecture, issue category and Japanese free text', async () => {
    const q = 'query($t: String, $p: [String!]) { candidateRegions(text: $t, prefectureCodes: $p) { total items { prefecture { name } } } }';
    expect(ok(await gql(t.app, q, { t: '移動手段' }, a.token)).candidateRegions.total).toBe(2);
    expect(ok(await gql(t.app, q, { t: '豊岡' }, a.token)).candidateRegions.items.map((r: any) => r.prefecture.name)).toEqual(['兵庫県']);
    expect(ok(await gql(t.app, q, { t: '人材　豊岡' }, a.token)).candidateRegions.total).toBe(0); // full-width space splits terms
    expect(ok(await gql(t.app, q, { t: 'ながの' }, a.token)).candidateRegions.total).toBe(1); // kana of 長野市
    expect(ok(await gql(t.app, q, { p: ['20'] }, a.token)).candidateRegions.total).toBe(1);
    expect(ok(await gql(t.app, q, { t: '%' }, a.token)).candidateRegions.total).toBe(0);
  });

  describe('applications and proposals', () => {
    let appA: string;

    it('one application per vendor per call', async () => {
      appA = await startVendorApplication(t.app, a.token, callId);
      expect(errorCode(await gql(t.app, `mutation { startVendorApplication(callId: "${callId}") { id } }`, {}, a.token))).toBe('ALREADY_APPLIED');
    });

    it('a proposal must cover the required menu item and stay within the caps', async () => {
      expect(errorCode(await saveProposal(t.app, a.token, appA, regions['28'], { menuItemCodes: ['DX_PROMOTION_TALENT'] }))).toBe('VALIDATION_FAILED');
      const over = await saveProposal(t.app, a.token, appA, regions['28'], { budgetYen: 80_000_001 });
      expect(errorCode(over)).toBe('BUDGET_OVER_CAP');
      expect(over.errors![0].extensions.details.capYen).toBe(80_000_000);
      expect(errorCode(await saveProposal(t.app, a.token, appA, '00000000-0000-4000-8000-000000000000'))).toBe('NOT_FOUND');
      const saved = ok(await saveProposal(t.app, a.token, appA, regions['28'])).saveRegionProposal;
      expect(saved.proposals).toHaveLength(1);
      const doc = (await upload(t.app, a.token, pdfBytes('proposal'), '提案書.pdf', 'PROPOSAL')).body;
      ok(await saveProposal(t.app, a.token, appA, regions['20'], { budgetYen: 20_000_000, documentIds: [doc.id] }));
      // The proposal's document: its vendor; bids are sealed until the deadline, so not yet the staff (see
      // test/security-access.e2e-spec.ts for after it); never a competitor, not the region before results.
      const dl = (token: string) => request(t.app.getHttpServer()).get(`/documents/${doc.id}`).set('authorization', `Bearer ${token}`);
      expect((await dl(a.token)).status).toBe(200);
      expect((await dl(tok.secretariat)).status).toBe(404);
      expect((await dl(tok.ministry)).status).toBe(404);
      expect((await dl(b.token)).status).toBe(404);
      expect((await dl(tok.nagano)).status).toBe(404);
    });

    it('submits with a receipt; a retry with the same key returns it; amending gives a new version', async () => {
      const r1 = ok(await submitVendor(t.app, a.token, appA, 'vendor-a-key-1')).submitVendorApplication;
      expect(r1.number).toMatch(/^VA2025-\d{6}$/);
      expect(ok(await submitVendor(t.app, a.token, appA, 'vendor-a-key-1')).submitVendorApplication.number).toBe(r1.number);
      expect(errorCode(await saveProposal(t.app, a.token, appA, regions['20']))).toBe('INVALID_STATE');
      ok(await gql(t.app, `mutation { reopenVendorApplication(applicationId: "${appA}") { status } }`, {}, a.token));
      ok(await saveProposal(t.app, a.token, appA, regions['20'], { budgetYen: 25_000_000 }));
      const r2 = ok(await submitVendor(t.app, a.token, appA)).submitVendorApplication;
      expect(r2.contentDigest).not.toBe(r1.contentDigest);
      const app = ok(await gql(t.app, `{ vendorApplication(id: "${appA}") { status receipts { number } } }`, {}, a.token)).vendorApplication;
      expect(app.receipts.map((r: any) => r.number)).toEqual([r1.number, r2.number]);
    });

    it('never shows a vendor another vendor’s application, proposal, or even their count', async () => {
      const app = ok(await gql(t.app, `{ vendorApplication(id: "${appA}") { proposals { id } } }`, {}, a.token)).vendorApplication;
      expect(errorCode(await gql(t.app, `{ vendorApplication(id: "${appA}") { id } }`, {}, b.token))).toBe('NOT_FOUND');
      expect(errorCode(await gql(t.app, `{ regionProposal(id: "${app.proposals[0].id}") { id } }`, {}, b.token))).toBe('NOT_FOUND');
      expect(errorCode(await gql(t.app, `{ vendorCallProgress(callId: "${callId}") { submittedProposals } }`, {}, b.token))).toBe('FORBIDDEN');
      expect(ok(await gql(t.app, '{ myVendorApplications { id } }', {}, b.token)).myVendorApplications).toEqual([]);
      // The prefecture does not learn who proposed for it before results are published.
      expect(errorCode(await gql(t.app, `{ regionProposal(id: "${app.proposals[0].id}") { id } }`, {}, tok.hyogo))).toBe('NOT_FOUND');
      expect(errorCode(await gql(t.app, `{ vendorApplications(callId: "${callId}") { id } }`, {}, tok.hyogo))).toBe('FORBIDDEN');
    });

    it('shows the secretariat how many proposals each region has before the deadline', async () => {
      const rows = ok(
        await gql(
          t.app,
          `{ vendorCallProgress(callId: "${callId}") { candidateRegion { prefectureCode } submittedProposals draftProposals } }`,
          {},
          tok.ministry,
        ),
      ).vendorCallProgress;
      expect(rows.map((r: any) => [r.candidateRegion.prefectureCode, r.submittedProposals]).sort()).toEqual([
        ['20', 1],
        ['28', 1],
      ]);
    });

    it('judges the deadline at 15:00 JST', async () => {
      const appB = await startVendorApplication(t.app, b.token, callId, 1);
      ok(await saveProposal(t.app, b.token, appB, regions['28']));
      t.clock.set('2025-03-28T15:00:00+09:00');
      expect(errorCode(await submitVendor(t.app, b.token, appB))).toBe('DEADLINE_PASSED');
      t.clock.set('2025-03-28T14:59:59+09:00');
      expect(ok(await submitVendor(t.app, b.token, appB)).submitVendorApplication.number).toMatch(/^VA2025-/);
      t.clock.set(IN_VENDOR_WINDOW);
    });
  });

  describe('questions and answers', () => {
    it('the region’s prefecture answers and publishes; other vendors see it without the asker', async () => {
      const asked = ok(
        await gql(
          t.app,
          `mutation { askInquiry(callId: "${callId}", candidateRegionId: "${regions['28']}", question: "庁舎内の作業スペースはありますか？") { id asker { id } } }`,
          {},
          a.token,
        ),
      ).askInquiry;
      expect(asked.asker.id).toBe(a.vendorId);
      expect(errorCode(await gql(t.app, `mutation { answerInquiry(inquiryId: "${asked.id}", answer: "x") { id } }`, {}, tok.nagano))).toBe('NOT_FOUND');
      expect(errorCode(await gql(t.app, `mutation { answerInquiry(inquiryId: "${asked.id}", answer: "x") { id } }`, {}, b.token))).toBe('FORBIDDEN');
      expect(ok(await gql(t.app, `{ inquiries(callId: "${callId}") { id } }`, {}, b.token)).inquiries).toEqual([]);
      ok(
        await gql(
          t.app,
          `mutation { answerInquiry(inquiryId: "${asked.id}", answer: "本庁舎3階に用意します。", publish: true) { publishedAt } }`,
          {},
          tok.hyogo,
        ),
      );
      const seen = ok(await gql(t.app, `{ inquiries(callId: "${callId}") { question answer asker { id } } }`, {}, b.token)).inquiries;
      expect(seen).toEqual([{ question: '庁舎内の作業スペースはありますか？', answer: '本庁舎3階に用意します。', asker: null }]);
      const region = ok(await gql(t.app, `{ candidateRegion(id: "${regions['28']}") { publishedInquiries { answer asker { id } } } }`)).candidateRegion;
      expect(region.publishedInquiries).toEqual([{ answer: '本庁舎3階に用意します。', asker: null }]);
    });

    it('refuses questions after the question deadline', async () => {
      t.clock.set('2025-03-21T17:00:00+09:00');
      expect(errorCode(await gql(t.app, `mutation { askInquiry(callId: "${callId}", question: "追加の質問") { id } }`, {}, b.token))).toBe('QUESTIONS_CLOSED');
      t.clock.set(IN_VENDOR_WINDOW);
    });
  });

  describe('material changes to the published call', () => {
    it('returns to draft only the submitted bids a change touches, with a notice (criteria: all; a removed region: its bidders)', async () => {
      const status = async (token: string) => ok(await gql(t.app, '{ myVendorApplications { status returnedNotice } }', {}, token)).myVendorApplications[0];
      // A later deadline leaves every bid as submitted.
      const r = ok(
        await gql(
          t.app,
          `mutation { updateVendorCall(input: {callId: "${callId}", closesAt: "2025-04-04T15:00"}) { returnedApplications call { closesAt } } }`,
          {},
          tok.secretariat,
        ),
      ).updateVendorCall;
      expect(r.returnedApplications).toBe(0);
      expect((await status(a.token)).status).toBe('SUBMITTED');
      expect((await status(b.token)).status).toBe('SUBMITTED');
      // Removing 長野県: only vendor a proposed for it; b (兵庫県 only) keeps its bid.
      const removed = ok(
        await gql(
          t.app,
          `mutation { updateVendorCall(input: {callId: "${callId}", candidateRegionIds: ["${regions['28']}"]}) { returnedApplications } }`,
          {},
          tok.secretariat,
        ),
      ).updateVendorCall;
      expect(removed.returnedApplications).toBe(1);
      expect(await status(a.token)).toEqual({ status: 'DRAFT', returnedNotice: expect.stringContaining('下書きに戻しました') });
      expect((await status(b.token)).status).toBe('SUBMITTED');
      // Listing it again adds a region: no bid is touched.
      const added = ok(
        await gql(
          t.app,
          `mutation { updateVendorCall(input: {callId: "${callId}", candidateRegionIds: ["${regions['28']}", "${regions['20']}"]}) { returnedApplications } }`,
          {},
          tok.secretariat,
        ),
      ).updateVendorCall;
      expect(added.returnedApplications).toBe(0);
      expect((await status(b.token)).status).toBe('SUBMITTED');
      // Resubmit, then change the criteria: back to draft again.
      const appId = ok(await gql(t.app, '{ myVendorApplications { id } }', {}, a.token)).myVendorApplications[0].id;
      ok(await submitVendor(t.app, a.token, appId));
      const crit = await gql(
        t.app,
        `mutation($c: [CriterionInput!]!) { setEvaluationCriteria(callId: "${callId}", criteria: $c) { id } }`,
        { c: [{ titleJa: '理解', titleEn: 'Understanding', weight: 1, maxPoints: 5 }] },
        tok.secretariat,
      );
      ok(crit);
      expect((await status(a.token)).status).toBe('DRAFT');
      expect((await status(b.token)).status).toBe('DRAFT');
    });

    it('refuses a material change within 7 days of the deadline', async () => {
      t.clock.set('2025-03-28T15:00:00+09:00'); // 7 days before the new deadline of 4 April
      const r = await gql(
        t.app,
        `mutation { updateVendorCall(input: {callId: "${callId}", candidateRegionIds: ["${regions['28']}"]}) { returnedApplications } }`,
        {},
        tok.secretariat,
      );
      expect(errorCode(r)).toBe('MATERIAL_CHANGE_TOO_LATE');
      expect(r.errors![0].extensions.messageJa).toContain('7日前');
      // A title fix is not material.
      expect(
        ok(
          await gql(
            t.app,
            `mutation { updateVendorCall(input: {callId: "${callId}", title: "伴走支援事業者の公募（修正）"}) { returnedApplications } }`,
            {},
            tok.secretariat,
          ),
        ).updateVendorCall.returnedApplications,
      ).toBe(0);
    });
  });
});
