import request from 'supertest';
import { DataSource } from 'typeorm';
import { INestApplication } from '@nestjs/common';
import pdfParse from 'pdf-parse/lib/pdf-parse.js';
import { Actor, Clock, ControlledClock, inWriteTransaction, Role, SYSTEM_ACTOR } from '@app/core';
import { MatchingService } from '@app/matching';
import { PROGRAMME_NAME } from '@app/notifications';
import { ResultNotices } from '@app/matching/result-notices';
import {
  approvedVendor,
  checkAll,
  completeDraft,
  createPeerApp,
  createProgramAndCall,
  createVendorCall,
  createTestApp,
  DEMO_RUBRIC,
  gql,
  ok,
  panelExpert,
  saveProposal,
  signIn,
  startVendorApplication,
  submit,
  submitVendor,
  TestApp,
} from './support';
import { adminQuery } from './support/pg-template';

/**
 * Issue 15, "Done when": a whole round on its own data (令和27年度, fiscal year 2045), the outbox asserted after each
 * step (which notices, to whom, exactly once), then a restart on the same database with two instances re-running the
 * idempotent steps (PostgreSQL only: an embedded in-memory PGlite is one process's private session and dies with it).
 */
const FY = 2045;
const SECRETARIAT_ACTOR: Actor = {
  userId: '00000000-0000-0000-0000-000000000000',
  role: Role.SECRETARIAT,
  prefectureCode: null,
  municipalityCode: null,
  vendorId: null,
  evaluatorId: null,
};
const SIGNATURE = '「総務省 地域社会DX推進パッケージ事業 推進体制構築支援」事務局';
const itOnPostgres = process.env.TEST_DATABASE_URL ? it : it.skip;

/** The prefectures of the round: three adopted, 高知県 rejected. */
const PREFS: Record<string, { code: string; name: string; partners: string[] }> = {
  hyogo: { code: '28', name: '兵庫県', partners: ['282090'] },
  nagano: { code: '20', name: '長野県', partners: ['202011'] },
  hokkaido: { code: '01', name: '北海道', partners: ['012025'] },
  kochi: { code: '39', name: '高知県', partners: ['392014'] },
};
const contactOf = (code: string) => `tanto-${code}@pref.example.lg.jp`;

function getPdf(app: INestApplication, path: string, token: string) {
  return request(app.getHttpServer())
    .get(path)
    .set('authorization', `Bearer ${token}`)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
}

describe(`a whole round (fiscal year ${FY}): the outbox after each step, exactly once, after a restart and on two instances`, () => {
  let t: TestApp;
  let app: INestApplication; // the instance in use (replaced after the restart)
  let tok: Record<string, string>;
  let programId: string;
  let regionCallId: string;
  let vendorCallId: string;
  let run: { id: string };
  let regions: Record<string, string> = {};
  let criteria: Array<{ id: string }>;
  let restarted: INestApplication[] = [];
  const apps: Record<string, string> = {}; // region application ids by prefecture key
  const vendors: Record<string, { vendorId: string; token: string }> = {};
  const vendorApps: Record<string, string> = {};
  const experts: Array<{ id: string; token: string }> = [];
  /** Notices already seen by an earlier step. */
  const seen = new Set<string>();
  const db = () => app.get(DataSource);

  const vendorEmails = async (vendorId: string): Promise<string[]> =>
    (await db().query('SELECT email FROM users WHERE vendor_id = $1 ORDER BY email', [vendorId])).map((r: any) => r.email);
  const aud = (v: string) => `vendor:${vendors[v].vendorId}`;

  /**
   * The notices issued since the previous step, as sorted "KIND → audience" lines; checks each one's mails: exactly one
   * per address, to the given addresses, and no dedupe key or notice key twice in the whole database.
   */
  async function step(expectedMails: (audience: string) => Promise<string[]>): Promise<string[]> {
    const rows: Array<{ id: string; kind: string; audience: string; addressee: string; subject: string; body: string }> = await db().query(
      'SELECT id, kind, audience, addressee, subject, body FROM notices ORDER BY created_at',
    );
    const fresh = rows.filter((r) => !seen.has(r.id));
    for (const r of fresh) {
      seen.add(r.id);
      const mails = (await db().query('SELECT recipient_email FROM outbox WHERE notice_id = $1 ORDER BY recipient_email', [r.id])).map(
        (m: any) => m.recipient_email,
      );
      expect([r.kind, r.audience, mails]).toEqual([r.kind, r.audience, (await expectedMails(r.audience)).sort()]);
      // Each a business letter of this round's fiscal year: number, addressee 御中, programme line, title, 以上, signature.
      expect(r.body).toMatch(/^令\d+地DX第\d+号\n令和\d+年\d+月\d+日（.）\n/);
      expect(r.body).toContain(`\n${r.addressee} 御中\n`);
      expect(r.body).toContain(`令和27年度 ${PROGRAMME_NAME}`);
      expect(r.body).toContain(`\n${r.subject}\n`);
      expect(r.body).toContain('\n以上\n');
      expect(r.body).toContain(SIGNATURE);
      expect(r.body).not.toMatch(/\{\{/);
    }
    expect(await db().query('SELECT dedupe_key FROM outbox GROUP BY 1 HAVING count(*) > 1')).toEqual([]);
    expect(await db().query('SELECT notice_key FROM notices GROUP BY 1 HAVING count(*) > 1')).toEqual([]);
    // No mail of a notice without its notice row, and every notice has its mails.
    expect((await db().query('SELECT count(*)::int AS n FROM notices n WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.notice_id = n.id)'))[0].n).toBe(0);
    return fresh.map((r) => `${r.kind} → ${r.audience}`).sort();
  }
  /** Mails of a prefecture go to its application's contact, a vendor's to its users. */
  const mailsTo = async (audience: string): Promise<string[]> => {
    const [type, id] = audience.split(':');
    if (type === 'prefecture') return [contactOf(id)];
    if (type === 'vendor') return vendorEmails(id);
    throw new Error(`unexpected audience ${audience}`);
  };
  const sorted = (xs: string[]) => [...xs].sort();

  beforeAll(async () => {
    t = await createTestApp();
    app = t.app;
    t.clock.set(`${FY}-02-01T09:00:00+09:00`);
    tok = await signIn(app, [
      { key: 'secretariat', role: Role.SECRETARIAT },
      ...Object.entries(PREFS).map(([key, p]) => ({ key, role: Role.PREFECTURE, prefectureCode: p.code })),
    ]);
  }, 600_000);
  afterAll(async () => {
    for (const a of restarted) await a.close();
    if (restarted.length && t.adminUrl) {
      // The first instance was closed at the restart: drop its database as TestApp.close would.
      const name = new URL(t.adminUrl).pathname.slice(1);
      await adminQuery(process.env.TEST_DATABASE_URL!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } else await t.close();
  });

  it('applications: four prefectures apply; receipts only, no notice', async () => {
    ({ programId, callId: regionCallId } = await createProgramAndCall(app, tok.secretariat, {
      fiscalYear: FY,
      opensAt: `${FY}-02-10T00:00`,
      closesAt: `${FY}-02-28T17:00`,
    }));
    t.clock.set(`${FY}-02-20T10:00:00+09:00`);
    for (const [key, p] of Object.entries(PREFS)) {
      const draft = await completeDraft(app, tok[key], regionCallId, p.partners);
      ok(await submit(app, tok[key], draft.id));
      apps[key] = draft.id;
    }
    expect(await step(mailsTo)).toEqual([]);
  });

  it('hearing: the prefecture heard is told once (the same hearing again: nothing new)', async () => {
    t.clock.set(`${FY}-03-01T10:00:00+09:00`);
    ok(await gql(app, `mutation { closeCall(id: "${regionCallId}") { status } }`, {}, tok.secretariat));
    const hearing = `mutation { scheduleHearing(applicationId: "${apps.kochi}", at: "${FY}-03-03T14:00", format: ONLINE, place: "https://meet.example.jp/kochi", note: "申請内容の確認") { hearingAt } }`;
    ok(await gql(app, hearing, {}, tok.secretariat));
    ok(await gql(app, hearing, {}, tok.secretariat));
    expect(await step(mailsTo)).toEqual(['HEARING_SCHEDULED → prefecture:39']);
  });

  it('the region call decided: each applicant exactly one 採択/不採択 notice to its contact, the rejection with its reason', async () => {
    for (const key of ['hyogo', 'nagano', 'hokkaido']) {
      await checkAll(app, tok.secretariat, apps[key]);
      ok(await gql(app, `mutation { adoptRegionApplication(applicationId: "${apps[key]}") { status } }`, {}, tok.secretariat));
    }
    await checkAll(app, tok.secretariat, apps.kochi, false);
    ok(
      await gql(
        app,
        `mutation { rejectRegionApplication(applicationId: "${apps.kochi}", reason: "応募要件5（受入体制）が確認できなかったため") { status } }`,
        {},
        tok.secretariat,
      ),
    );
    ok(await gql(app, `mutation { decideRegionCall(callId: "${regionCallId}") { status } }`, {}, tok.secretariat));
    expect(await step(mailsTo)).toEqual(
      sorted(['STAGE1_ADOPTED → prefecture:28', 'STAGE1_ADOPTED → prefecture:20', 'STAGE1_ADOPTED → prefecture:01', 'STAGE1_REJECTED → prefecture:39']),
    );
    const [rejected] = await db().query(`SELECT subject, body FROM notices WHERE kind = 'STAGE1_REJECTED'`);
    expect(rejected.body).toContain('応募要件5（受入体制）が確認できなかったため');
    expect(rejected.body).toContain('高知県 御中');
  });

  it('candidate regions published: nothing new', async () => {
    ok(await gql(app, `mutation { publishCandidateRegions(callId: "${regionCallId}") { status } }`, {}, tok.secretariat));
    const items = ok(await gql(app, '{ candidateRegions(limit: 100) { items { id prefectureCode } } }')).candidateRegions.items;
    regions = Object.fromEntries(items.map((r: any) => [r.prefectureCode, r.id]));
    expect(Object.keys(regions).sort()).toEqual(['01', '20', '28']);
    expect(await step(mailsTo)).toEqual([]);
  });

  it('vendor call: three vendors bid (A on 兵庫県 and 長野県, B on 兵庫県, C on 長野県 and 北海道); nothing to tell', async () => {
    t.clock.set(`${FY}-03-15T10:00:00+09:00`);
    vendorCallId = await createVendorCall(app, tok.secretariat, programId, regionCallId, {
      opensAt: `${FY}-03-10T00:00`,
      closesAt: `${FY}-03-28T15:00`,
      questionsCloseAt: `${FY}-03-21T17:00`,
    });
    criteria = ok(
      await gql(
        app,
        `mutation($c: [CriterionInput!]!) { setEvaluationCriteria(callId: "${vendorCallId}", criteria: $c) { id } }`,
        { c: DEMO_RUBRIC.map((c) => ({ ...c, minPoints: null })) },
        tok.secretariat,
      ),
    ).setEvaluationCriteria;
    ok(
      await gql(
        app,
        `mutation { updateEvaluationSettings(callId: "${vendorCallId}", input: {passThreshold: 60, evaluatorsPerProposal: 1}) { passThreshold } }`,
        {},
        tok.secretariat,
      ),
    );
    const bids: Record<string, { base12: string; capacity: number; codes: string[] }> = {
      A: { base12: '745000000001', capacity: 2, codes: ['28', '20'] },
      B: { base12: '745000000002', capacity: 1, codes: ['28'] },
      C: { base12: '745000000003', capacity: 1, codes: ['20', '01'] },
    };
    for (const [v, b] of Object.entries(bids)) {
      vendors[v] = await approvedVendor(app, tok.secretariat, `ro-${v}`, b.base12, `令和ラウンド${v} 株式会社`);
      vendorApps[v] = await startVendorApplication(app, vendors[v].token, vendorCallId, b.capacity);
      for (const code of b.codes) ok(await saveProposal(app, vendors[v].token, vendorApps[v], regions[code]));
      ok(await submitVendor(app, vendors[v].token, vendorApps[v]));
    }
    expect(await step(mailsTo)).toEqual([]);
  });

  let inquiryId: string;
  it("a vendor's question about a region: that region's prefecture is told, nobody else", async () => {
    inquiryId = ok(
      await gql(
        app,
        `mutation { askInquiry(callId: "${vendorCallId}", candidateRegionId: "${regions['28']}", question: "庁舎内に作業スペースはありますか？") { id } }`,
        {},
        vendors.C.token,
      ),
    ).askInquiry.id;
    expect(await step(mailsTo)).toEqual(['INQUIRY_RECEIVED → prefecture:28']);
  });

  it('the answer published: the bidders on the region and the asker, once each (publishing again: nothing new)', async () => {
    const answer = (a: string) =>
      gql(app, `mutation($a: String!) { answerInquiry(inquiryId: "${inquiryId}", answer: $a, publish: true) { publishedAt } }`, { a }, tok.hyogo);
    ok(await answer('本庁舎3階に用意します。'));
    ok(await answer('本庁舎3階に用意します（机10台）。'));
    expect(await step(mailsTo)).toEqual(sorted(['A', 'B', 'C'].map((v) => `INQUIRY_ANSWER_PUBLISHED → ${aud(v)}`)));
  });

  it('a material change (北海道 removed from the call): the vendor whose bid it touches is told and returned to draft, and 北海道 is told', async () => {
    const r = ok(
      await gql(
        app,
        `mutation { updateVendorCall(input: {callId: "${vendorCallId}", candidateRegionIds: ["${regions['28']}", "${regions['20']}"]}) { returnedApplications } }`,
        {},
        tok.secretariat,
      ),
    ).updateVendorCall;
    expect(r.returnedApplications).toBe(1);
    expect(await step(mailsTo)).toEqual(sorted([`BIDS_RETURNED_TO_DRAFT → ${aud('C')}`, 'VENDOR_CALL_REGION_REMOVED → prefecture:01']));
    const status = async (v: string) =>
      ok(await gql(app, `{ vendorApplication(id: "${vendorApps[v]}") { status } }`, {}, vendors[v].token)).vendorApplication.status;
    expect([await status('A'), await status('B'), await status('C')]).toEqual(['SUBMITTED', 'SUBMITTED', 'DRAFT']);
  });

  it('the vendor resubmits: nothing to tell', async () => {
    ok(await submitVendor(app, vendors.C.token, vendorApps.C));
    expect(await step(mailsTo)).toEqual([]);
  });

  it('the panel (two evaluators) scores: nothing to tell', async () => {
    for (const n of [1, 2]) {
      experts.push(
        await panelExpert(app, tok.secretariat, vendorCallId, { email: `ro-expert${n}@univ.example.ac.jp`, name: `委員${n}`, fields: ['DX'], maxLoad: 10 }),
      );
    }
    t.clock.set(`${FY}-03-28T15:00:00+09:00`);
    ok(await gql(app, `mutation { closeCall(id: "${vendorCallId}") { status } }`, {}, tok.secretariat));
    ok(await gql(app, `mutation { runAssignment(callId: "${vendorCallId}") { status } }`, {}, tok.secretariat));
    ok(await gql(app, `mutation { confirmAssignments(callId: "${vendorCallId}") { confirmed } }`, {}, tok.secretariat));
    // Points per criterion by vendor: A 5 (100), B 4 (80), C 3 (60).
    const POINTS: Record<string, number> = { A: 5, B: 4, C: 3 };
    let scored = 0;
    for (const e of experts) {
      const assigned = ok(await gql(app, '{ myAssignedProposals { id applicationId } }', {}, e.token)).myAssignedProposals;
      for (const p of assigned) {
        const v = Object.entries(vendorApps).find(([, id]) => id === p.applicationId)![0];
        ok(
          await gql(
            app,
            'mutation($p: ID!, $s: [ScoreInput!]!) { saveScores(proposalId: $p, scores: $s) { id } }',
            { p: p.id, s: criteria.map((c) => ({ criterionId: c.id, points: POINTS[v] })) },
            e.token,
          ),
        );
        ok(await gql(app, `mutation { submitScores(proposalId: "${p.id}") { status } }`, {}, e.token));
        scored++;
      }
    }
    expect(scored).toBe(4); // A×2, B, C (長野県; its 北海道 proposal left the call)
    expect(await step(mailsTo)).toEqual([]);
  });

  it('matching run and approved: nothing yet; published: each region and each vendor exactly one result notice', async () => {
    t.clock.set(`${FY}-04-10T10:00:00+09:00`);
    run = ok(await gql(app, `mutation { runMatching(input: {callId: "${vendorCallId}"}) { id } }`, {}, tok.secretariat)).runMatching;
    ok(await gql(app, `mutation { approveMatching(runId: "${run.id}") { status } }`, {}, tok.secretariat));
    expect(await step(mailsTo)).toEqual([]);
    ok(await gql(app, `mutation { publishMatching(runId: "${run.id}") { status } }`, {}, tok.secretariat));
    const issued = await step(mailsTo);
    // A (capacity 2) is selected in both regions; B and C are not.
    expect(issued).toEqual(
      sorted([
        'STAGE2_RESULT_REGION_SELECTED → prefecture:28',
        'STAGE2_RESULT_REGION_SELECTED → prefecture:20',
        ...['A', 'B', 'C'].map((v) => `STAGE2_RESULT_VENDOR → ${aud(v)}`),
      ]),
    );
    const outcomes = async (v: string) =>
      ((await db().query(`SELECT body FROM notices WHERE kind = 'STAGE2_RESULT_VENDOR' AND audience = $1`, [aud(v)]))[0].body as string).match(/^・.*$/gm);
    expect(sorted((await outcomes('A'))!)).toEqual(sorted(['・兵庫県：選定', '・長野県：選定']));
    expect(await outcomes('B')).toEqual(['・兵庫県：非選定（他の提案が上位となったため）']);
    expect(await outcomes('C')).toEqual(['・長野県：非選定（他の提案が上位となったため）']);
  });

  it("serves a vendor's 選定結果通知 as a PDF with its key fields", async () => {
    const [n] = await db().query(`SELECT id, document_number, addressee FROM notices WHERE kind = 'STAGE2_RESULT_VENDOR' AND audience = $1`, [aud('B')]);
    const res = await getPdf(app, `/notices/${n.id}/pdf`, vendors.B.token);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const bytes = res.body as Buffer;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = ((await pdfParse(bytes)).text as string).replace(/[ \t]+\n/g, '\n');
    expect(text).not.toContain('\u0000');
    expect(text).toContain(n.document_number);
    expect(text).toContain('令和27年4月10日');
    expect(text).toContain('令和ラウンドB 株式会社');
    expect(text).toContain('御中');
    expect(text).toContain('選定結果');
    expect(text).toContain('兵庫県');
    expect(text).toContain('非選定');
    expect(text).toContain('以上');
    expect(text).toContain('事務局');
    // Another vendor may not read it.
    expect((await getPdf(app, `/notices/${n.id}/pdf`, vendors.A.token)).status).toBe(404);
  });

  /** The publication's notice step, run again on an instance (as a retried or duplicated job would). */
  const publishAgain = async (a: INestApplication) => {
    const resultNotices = a.get(ResultNotices, { strict: false });
    const stored = await a.get(MatchingService).run(SECRETARIAT_ACTOR, run.id);
    // The call's regions, as publishMatching reads them (北海道 left the call).
    const dir = await resultNotices.directory(vendorCallId, [regions['28'], regions['20']]);
    await inWriteTransaction(a.get(DataSource), SYSTEM_ACTOR, (m) => resultNotices.queueResults(m, stored, dir));
  };
  const remindersAt = async (a: INestApplication, at: string) => {
    t.clock.set(at);
    return ok(await gql(a, 'mutation { sendReportReminders }', {}, tok.secretariat)).sendReportReminders as number;
  };
  let dueOn: string;
  /** 09:00 JST on the day after the interim reports' due date. */
  const reminderDay = () => {
    const d = new Date(`${dueOn}T09:00:00+09:00`);
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString();
  };
  it("a report reminder: the engaged vendor's interim reports, one notice each, to the vendor only", async () => {
    const engagements = ok(await gql(app, '{ myEngagements { prefectureCode reports { kind dueOn } } }', {}, vendors.A.token)).myEngagements;
    expect(engagements.map((e: any) => e.prefectureCode).sort()).toEqual(['20', '28']);
    dueOn = engagements[0].reports.find((r: any) => r.kind === 'INTERIM').dueOn;
    const n = await remindersAt(app, reminderDay());
    expect(n).toBeGreaterThan(0);
    const issued = await step(mailsTo);
    expect(issued.length).toBe(2);
    expect(new Set(issued)).toEqual(new Set([`REPORT_REMINDER_AFTER → ${aud('A')}`]));
    expect(await remindersAt(app, reminderDay())).toBe(0);
    expect(await step(mailsTo)).toEqual([]);
  });

  it('re-running the publication’s notice step and the reminder job (twice at once, on this instance) issues nothing new', async () => {
    const results = await Promise.all([publishAgain(app), publishAgain(app), remindersAt(app, reminderDay()), remindersAt(app, reminderDay())]);
    expect(results.slice(2)).toEqual([0, 0]);
    expect(await step(mailsTo)).toEqual([]);
  });

  itOnPostgres('after a restart, two instances re-running the publication’s notice step and the reminder job issue nothing new', async () => {
    const count = async (a: INestApplication) =>
      (await a.get(DataSource).query('SELECT (SELECT count(*)::int FROM notices) AS notices, (SELECT count(*)::int FROM outbox) AS mails'))[0];
    const before = await count(app);
    // Restart: the first instance stops; two new ones start on the same database.
    await t.app.close();
    restarted = [await createPeerApp(), await createPeerApp()];
    app = restarted[0];
    expect(await count(app)).toEqual(before);
    for (const a of restarted) (a.get(Clock) as ControlledClock).set(reminderDay());
    const results = await Promise.all(
      restarted.flatMap((a) => [publishAgain(a), gql(a, 'mutation { sendReportReminders }', {}, tok.secretariat), publishAgain(a)]),
    );
    for (const r of results) if (r && typeof r === 'object' && 'status' in r) expect(ok(r).sendReportReminders).toBe(0);
    expect(await count(app)).toEqual(before);
    expect(await step(mailsTo)).toEqual([]);
  });
});
