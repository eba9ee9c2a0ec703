import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '@app/core';
import { createTestApp, engagedVendor, errorCode, gql, ok, pdfBytes, signIn, STANDARD_ACCOUNTS, startSmtp, TestApp, upload, waitFor } from './support';

const ENGAGEMENT = `id prefectureCode startsOn endsOn status budgetYen plannedItems { menuItemCode status } reports { id kind dueOn status } meetings { id }`;

describe('companion support: engagements, meetings and observers, reports with reminders', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let vendor: { vendorId: string; token: string };
  const byPref: Record<string, any> = {};

  beforeAll(async () => {
    smtp = await startSmtp();
    process.env.SMTP_HOST = '127.0.0.1';
    process.env.SMTP_PORT = String(smtp.port);
    process.env.TEST_OUTBOX_POLL_MS = '100';
    t = await createTestApp();
    tok = await signIn(t.app, STANDARD_ACCOUNTS);
    const engaged = await engagedVendor(t, tok, { key: 'support-vendor', base12: '700000000001', expertEmail: 'sup-expert@univ.example.ac.jp' });
    vendor = engaged.vendor;
    expect(engaged.run.regionsSupported).toBe(2);
    for (const e of ok(await gql(t.app, `{ myEngagements { ${ENGAGEMENT} } }`, {}, vendor.token)).myEngagements) byPref[e.prefectureCode] = e;
  });
  afterAll(async () => {
    await t.close();
    delete process.env.SMTP_HOST;
    delete process.env.TEST_OUTBOX_POLL_MS;
    await smtp.close();
  });

  it('creates one engagement per published match, from the selection date to the programme end, with its two reports', () => {
    expect(Object.keys(byPref).sort()).toEqual(['20', '28']);
    expect(byPref['28']).toMatchObject({ startsOn: '2025-04-04', endsOn: '2026-03-13', status: 'ACTIVE', budgetYen: 30_000_000 });
    expect(byPref['28'].plannedItems.map((i: any) => i.menuItemCode)).toEqual(['DX_STRUCTURE', 'DX_PROMOTION_TALENT']);
    expect(byPref['28'].reports.map((r: any) => [r.kind, r.dueOn, r.status])).toEqual([
      ['INTERIM', '2025-09-30', 'DUE'],
      ['FINAL', '2026-03-13', 'DUE'],
    ]);
  });

  it('lets the vendor keep the plan current, within the region cap', async () => {
    const q = (input: Record<string, unknown>) =>
      gql(
        t.app,
        `mutation($i: EngagementPlanInput!) { updateEngagementPlan(engagementId: "${byPref['28'].id}", input: $i) { plannedItems { menuItemCode status } expertsDeployed { name } budgetYen interimReport { dueOn status } finalReport { dueOn } } }`,
        { i: input },
        vendor.token,
      );
    const r = ok(
      await q({
        plannedItems: [{ menuItemCode: 'DX_STRUCTURE', status: 'IN_PROGRESS' }],
        expertsDeployed: [
          { name: '伴走 一郎', role: '統括' },
          { name: '伴走 二郎', role: '人材育成' },
        ],
        budgetYen: 28_000_000,
      }),
    ).updateEngagementPlan;
    expect(r.plannedItems).toEqual([
      { menuItemCode: 'DX_STRUCTURE', status: 'IN_PROGRESS' },
      { menuItemCode: 'DX_PROMOTION_TALENT', status: 'PLANNED' },
    ]);
    expect(r).toMatchObject({ budgetYen: 28_000_000, interimReport: { dueOn: '2025-09-30', status: 'DUE' }, finalReport: { dueOn: '2026-03-13' } });
    expect(errorCode(await q({ budgetYen: 80_000_001 }))).toBe('BUDGET_OVER_CAP');
    expect(errorCode(await q({ plannedItems: [{ menuItemCode: 'DX_PROMOTION_SOLUTION_PLAN', status: 'DONE' }] }))).toBe('VALIDATION_FAILED');
    expect(
      errorCode(await gql(t.app, `mutation { updateEngagementPlan(engagementId: "${byPref['28'].id}", input: {budgetYen: 1}) { id } }`, {}, tok.hyogo)),
    ).toBe('FORBIDDEN');
  });

  it('is read by its vendor, the prefecture, its partner municipalities and the staff; nobody else', async () => {
    const q = `{ engagement(id: "${byPref['28'].id}") { id } }`;
    for (const who of [vendor.token, tok.hyogo, tok.toyooka, tok.secretariat, tok.ministry])
      expect(ok(await gql(t.app, q, {}, who)).engagement.id).toBe(byPref['28'].id);
    expect(errorCode(await gql(t.app, q, {}, tok.ashiya))).toBe('NOT_FOUND'); // same prefecture, not a partner
    expect(errorCode(await gql(t.app, q, {}, tok.nagano))).toBe('NOT_FOUND');
    expect(errorCode(await gql(t.app, q, {}, tok.evaluator))).toBe('FORBIDDEN');
    expect(ok(await gql(t.app, '{ myEngagements { id } }', {}, tok.ashiya)).myEngagements).toEqual([]);
  });

  it('lets non-partner municipalities of the prefecture observe meetings, confirmed by the prefecture, with attendance', async () => {
    const meeting = ok(
      await gql(
        t.app,
        `mutation { scheduleMeeting(engagementId: "${byPref['28'].id}", input: {scheduledAt: "2025-05-12T14:00", agenda: "推進体制の検討", mode: "ONLINE"}) { id scheduledAtDisplay { wareki } } }`,
        {},
        vendor.token,
      ),
    ).scheduleMeeting;
    expect(meeting.scheduledAtDisplay.wareki).toBe('令和7年5月12日（月）14:00');
    const seen = ok(await gql(t.app, '{ observableMeetings { id agenda minutes } }', {}, tok.ashiya)).observableMeetings;
    expect(seen).toEqual([{ id: meeting.id, agenda: '推進体制の検討', minutes: null }]);
    const obs = ok(
      await gql(t.app, `mutation { registerAsObserver(meetingId: "${meeting.id}") { id confirmed municipality { name } } }`, {}, tok.ashiya),
    ).registerAsObserver;
    expect(obs).toMatchObject({ confirmed: false, municipality: { name: '芦屋市' } });
    expect(errorCode(await gql(t.app, `mutation { registerAsObserver(meetingId: "${meeting.id}") { id } }`, {}, tok.toyooka))).toBe('VALIDATION_FAILED');
    expect(errorCode(await gql(t.app, `mutation { confirmObserver(observerId: "${obs.id}") { id } }`, {}, tok.nagano))).toBe('NOT_FOUND');
    expect(ok(await gql(t.app, `mutation { confirmObserver(observerId: "${obs.id}") { confirmed } }`, {}, tok.hyogo)).confirmObserver.confirmed).toBe(true);
    ok(
      await gql(
        t.app,
        `mutation { recordMinutes(meetingId: "${meeting.id}", minutes: "役割分担を確認", attendedMunicipalityCodes: ["282065"]) { id } }`,
        {},
        tok.hyogo,
      ),
    );
    const mine = ok(
      await gql(t.app, `{ engagement(id: "${byPref['28'].id}") { meetings { minutes observers { municipalityCode attended } } } }`, {}, tok.toyooka),
    ).engagement.meetings[0];
    expect(mine).toEqual({ minutes: '役割分担を確認', observers: [{ municipalityCode: '282065', attended: true }] });
  });

  it('lists overdue reports by the Japan date', async () => {
    t.clock.set('2025-09-30T23:59:00+09:00');
    expect(ok(await gql(t.app, '{ overdueReports { id } }', {}, tok.secretariat)).overdueReports).toEqual([]);
    t.clock.set('2025-10-01T00:00:00+09:00');
    const overdue = ok(await gql(t.app, '{ overdueReports { kind dueOn } }', {}, tok.ministry)).overdueReports;
    expect(overdue).toEqual([
      { kind: 'INTERIM', dueOn: '2025-09-30' },
      { kind: 'INTERIM', dueOn: '2025-09-30' },
    ]);
  });

  it('reminds the vendor 14 and 3 days before the due date, the day after and a week after: once per report and step, politely, over SMTP', async () => {
    const send = async (at: string) => {
      t.clock.set(at);
      const n = ok(await gql(t.app, 'mutation { sendReportReminders }', {}, tok.secretariat)).sendReportReminders;
      expect(ok(await gql(t.app, 'mutation { sendReportReminders }', {}, tok.secretariat)).sendReportReminders).toBe(0); // run twice: nothing new
      return n;
    };
    const keys = async () =>
      (
        await t.app
          .get(DataSource)
          .query(`SELECT split_part(dedupe_key, ':', 4) AS step FROM outbox WHERE dedupe_key LIKE 'report-reminder:%' ORDER BY created_at`)
      ).map((r: { step: string }) => r.step);
    // The interim reports are due on Tuesday 30 September 2025 (the final ones in March 2026, too far ahead).
    expect(await send('2025-09-15T09:00:00+09:00')).toBe(0); // 15 days before: too early
    expect(await send('2025-09-16T09:00:00+09:00')).toBe(2); // 14 days before: one per report (the vendor has one user)
    expect(await send('2025-09-20T09:00:00+09:00')).toBe(0);
    // 3 days before is Saturday 27 September: the reminder goes out on the business day before, Friday the 26th.
    expect(await send('2025-09-26T09:00:00+09:00')).toBe(2);
    expect(await send('2025-09-30T16:00:00+09:00')).toBe(0); // the due day itself: nothing more
    expect(await send('2025-10-01T09:00:00+09:00')).toBe(2); // the day after
    expect(await send('2025-10-03T09:00:00+09:00')).toBe(0);
    expect(await send('2025-10-07T09:00:00+09:00')).toBe(2); // a week after
    expect(await send('2025-10-20T09:00:00+09:00')).toBe(0); // and no more
    expect(await keys()).toEqual(['BEFORE_14', 'BEFORE_14', 'BEFORE_3', 'BEFORE_3', 'AFTER_1', 'AFTER_1', 'AFTER_7', 'AFTER_7']);

    await waitFor(() => smtp.received.filter((m) => m.subject.includes('中間報告')).length >= 8);
    await new Promise((r) => setTimeout(r, 500));
    const mails = smtp.received.filter((m) => m.subject.includes('中間報告'));
    expect(mails).toHaveLength(8);
    const first = mails.find((m) => m.subject.startsWith('【ご案内】') && m.text.includes('2週間'))!;
    expect(first.subject).toBe('【ご案内】伴走支援の中間報告の提出期限（令和7年9月30日（火））が近づいています');
    expect(first.text).toContain('伴走支援の中間報告の提出期限は 令和7年9月30日（火） です（約2週間前のご案内です）。');
    expect(first.text).toContain('due on Tue 30 September 2025 (JST)');
    // A business letter to the vendor: document number, the date it was sent, addressee 御中, the region, 以上, the signature.
    expect(first.text).toMatch(/^令\d+地DX第\d+号$/m);
    expect(first.text).toContain('令和7年9月16日（火）');
    expect(first.text).toContain('support-vendor 株式会社 御中');
    expect(first.text).toMatch(/(兵庫県|長野県)における伴走支援の中間報告/);
    expect(first.text).toContain('\n以上\n');
    expect(first.text).toContain('「総務省 地域社会DX推進パッケージ事業 推進体制構築支援」事務局');
    for (const m of mails) expect(`${m.subject}${m.text}`).not.toMatch(/午前0時|T00:00|2025-09-30/);
    // Polite until a reminder has gone unanswered a week past the due date: 「督促」 only then.
    expect(mails.filter((m) => `${m.subject}${m.text}`.includes('督促')).map((m) => m.subject)).toEqual([
      '【督促】伴走支援の中間報告が未提出です（提出期限：令和7年9月30日（火））',
      '【督促】伴走支援の中間報告が未提出です（提出期限：令和7年9月30日（火））',
    ]);
    expect(mails.filter((m) => m.subject.startsWith('【ご提出のお願い】'))).toHaveLength(2);
    // Each reminder is also in the vendor's notice list, about its engagement; nobody else's list has it.
    const listed = ok(await gql(t.app, '{ myNotices(first: 50) { kind subject } }', {}, vendor.token)).myNotices.filter((n: any) =>
      n.kind.startsWith('REPORT_REMINDER'),
    );
    expect(listed.map((n: any) => n.kind).sort()).toEqual(
      ['BEFORE', 'BEFORE', 'BEFORE', 'BEFORE', 'AFTER', 'AFTER', 'OVERDUE', 'OVERDUE'].map((k) => `REPORT_REMINDER_${k}`).sort(),
    );
    expect(ok(await gql(t.app, '{ myNotices(first: 50) { kind } }', {}, tok.hyogo)).myNotices.filter((n: any) => n.kind.startsWith('REPORT_REMINDER'))).toEqual(
      [],
    );
    expect(errorCode(await gql(t.app, 'mutation { sendReportReminders }', {}, tok.ministry))).toBe('FORBIDDEN');
  });

  it('runs a report through submission, return with comments, resubmission, acknowledgement and acceptance; the final report closes the engagement', async () => {
    const submit = (pc: string, kind: string, body: string) =>
      gql(
        t.app,
        `mutation($i: ReportInput!) { submitReport(engagementId: "${byPref[pc].id}", kind: ${kind}, input: $i) { id status version } }`,
        { i: { body, outcomes: '体制図を作成', progress: [{ menuItemCode: 'DX_STRUCTURE', note: '検討中', status: 'IN_PROGRESS' }] } },
        vendor.token,
      );
    const interim = ok(await submit('20', 'INTERIM', '中間報告 第1版')).submitReport;
    expect(errorCode(await gql(t.app, `mutation { reviewReport(reportId: "${interim.id}", acknowledge: false) { status } }`, {}, tok.nagano))).toBe(
      'VALIDATION_FAILED',
    );
    expect(errorCode(await gql(t.app, `mutation { reviewReport(reportId: "${interim.id}", acknowledge: true) { status } }`, {}, tok.hyogo))).toBe('NOT_FOUND');
    expect(
      ok(
        await gql(
          t.app,
          `mutation { reviewReport(reportId: "${interim.id}", acknowledge: false, comment: "成果の記載を追加してください") { status prefectureComment } }`,
          {},
          tok.nagano,
        ),
      ).reviewReport,
    ).toEqual({ status: 'RETURNED', prefectureComment: '成果の記載を追加してください' });
    expect(ok(await submit('20', 'INTERIM', '中間報告 第2版')).submitReport.status).toBe('SUBMITTED');
    expect(errorCode(await gql(t.app, `mutation { acceptReport(reportId: "${interim.id}") { status } }`, {}, tok.secretariat))).toBe('INVALID_STATE');
    ok(await gql(t.app, `mutation { reviewReport(reportId: "${interim.id}", acknowledge: true) { status } }`, {}, tok.nagano));
    expect(ok(await gql(t.app, `mutation { acceptReport(reportId: "${interim.id}") { status } }`, {}, tok.secretariat)).acceptReport.status).toBe('ACCEPTED');
    expect(ok(await gql(t.app, '{ overdueReports { dueOn } }', {}, tok.secretariat)).overdueReports).toHaveLength(1);

    const doc = await upload(t.app, vendor.token, pdfBytes('final report'), '最終報告書.pdf', 'REPORT');
    expect(doc.status).toBe(201);
    const final = ok(
      await gql(
        t.app,
        `mutation($i: ReportInput!) { submitReport(engagementId: "${byPref['20'].id}", kind: FINAL, input: $i) { id status documentIds } }`,
        { i: { body: '最終報告', outcomes: '推進体制を構築', progress: [], documentIds: [doc.body.id] } },
        vendor.token,
      ),
    ).submitReport;
    expect(final.documentIds).toEqual([doc.body.id]);
    const dl = (token: string) => request(t.app.getHttpServer()).get(`/documents/${doc.body.id}`).set('authorization', `Bearer ${token}`);
    expect((await dl(tok.nagano)).status).toBe(200); // the engagement's prefecture
    expect((await dl(tok.hyogo)).status).toBe(404);
    ok(await gql(t.app, `mutation { reviewReport(reportId: "${final.id}", acknowledge: true) { status } }`, {}, tok.nagano));
    ok(await gql(t.app, `mutation { acceptReport(reportId: "${final.id}") { status } }`, {}, tok.secretariat));
    expect(ok(await gql(t.app, `{ engagement(id: "${byPref['20'].id}") { status } }`, {}, tok.nagano)).engagement.status).toBe('CLOSED');
    expect(errorCode(await submit('20', 'FINAL', 'もう一度'))).toBe('INVALID_STATE');
    expect(Role.VENDOR).toBe('VENDOR');
  });
});
