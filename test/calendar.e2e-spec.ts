import { DataSource } from 'typeorm';
import { createTestApp, engagedVendor, errorCode, gql, ok, signIn, STANDARD_ACCOUNTS, TestApp } from './support';

const REPORT = `id kind dueOn dueOnByRule dueOnOverrideReason dueOnOverriddenAt dueOnDisplay { date wareki en } status`;
const TIMELINE = `current entries { key state at { jst } on { date wareki } }`;

/**
 * The business calendar through the API: report due dates and the programme timeline on business days (holidays from
 * @holiday-jp/holiday_jp, 年末年始 29 Dec – 3 Jan, weekends), the secretariat's override with a reason, and where
 * the programme stands in agreement with its calls. The pure rule is tested in libs/core/src/time/business-calendar.spec.ts.
 */
describe('the business calendar: due dates, overrides and the programme timeline', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let vendor: { vendorId: string; token: string };
  const byPref: Record<string, any> = {};

  beforeAll(async () => {
    t = await createTestApp();
    tok = await signIn(t.app, STANDARD_ACCOUNTS);
    // Support ends on Sunday 15 March 2026: the final report is due on the business day before, Friday the 13th.
    const engaged = await engagedVendor(
      t,
      tok,
      { key: 'calendar-vendor', base12: '700000000003', expertEmail: 'cal-expert@univ.example.ac.jp' },
      { supportEndsOn: '2026-03-15' },
    );
    vendor = engaged.vendor;
    for (const e of ok(await gql(t.app, `{ myEngagements { id prefectureCode endsOn reports { ${REPORT} } } }`, {}, vendor.token)).myEngagements)
      byPref[e.prefectureCode] = e;
  });
  afterAll(() => t.close());

  it("moves an engagement's report due on a closed day to the previous business day, and shows due dates as dates", () => {
    expect(byPref['28'].endsOn).toBe('2026-03-15');
    expect(byPref['28'].reports.map((r: any) => [r.kind, r.dueOn, r.dueOnByRule, r.dueOnDisplay.wareki, r.dueOnDisplay.en])).toEqual([
      ['INTERIM', '2025-09-30', '2025-09-30', '令和7年9月30日（火）', 'Tue 30 September 2025'],
      ['FINAL', '2026-03-13', '2026-03-13', '令和8年3月13日（金）', 'Fri 13 March 2026'],
    ]);
    expect(byPref['28'].reports[1]).toMatchObject({ dueOnOverrideReason: null, dueOnOverriddenAt: null });
  });

  it("lets the secretariat alone override a report's due date, with a reason, audited", async () => {
    const final = byPref['28'].reports.find((r: any) => r.kind === 'FINAL');
    const override = (token: string, dueOn: string, reason: string) =>
      gql(
        t.app,
        'mutation($r: ID!, $d: String!, $w: String!) { overrideReportDueDate(reportId: $r, dueOn: $d, reason: $w) { ' + REPORT + ' } }',
        { r: final.id, d: dueOn, w: reason },
        token,
      );
    expect(errorCode(await override(vendor.token, '2026-03-19', '延長希望'))).toBe('FORBIDDEN');
    expect(errorCode(await override(tok.hyogo, '2026-03-19', '延長希望'))).toBe('FORBIDDEN');
    expect(errorCode(await override(tok.secretariat, '2026-03-19', '  '))).toBe('VALIDATION_FAILED');
    expect(errorCode(await override(tok.secretariat, '2026-02-30', '理由'))).toBe('VALIDATION_FAILED');
    t.clock.set('2026-02-02T10:00:00+09:00');
    const r = ok(await override(tok.secretariat, '2026-03-19', '成果報告会の開催日程に合わせるため')).overrideReportDueDate;
    expect(r).toMatchObject({
      dueOn: '2026-03-19',
      dueOnByRule: '2026-03-13',
      dueOnOverrideReason: '成果報告会の開催日程に合わせるため',
      dueOnDisplay: { wareki: '令和8年3月19日（木）' },
    });
    expect(new Date(r.dueOnOverriddenAt).toISOString()).toBe('2026-02-02T01:00:00.000Z');
    // The other readers of the engagement see the new date.
    expect(
      ok(await gql(t.app, `{ engagement(id: "${byPref['28'].id}") { finalReport { dueOn dueOnOverrideReason } } }`, {}, tok.hyogo)).engagement.finalReport,
    ).toEqual({
      dueOn: '2026-03-19',
      dueOnOverrideReason: '成果報告会の開催日程に合わせるため',
    });
    const audit = await t.app.get(DataSource).query(
      `SELECT actor, patch FROM (SELECT actor, operation, entity, entity_id, patch FROM audit_log UNION ALL SELECT actor, operation, entity, entity_id, patch FROM audit_pending) a
          WHERE entity = 'engagement_reports' AND entity_id = $1 AND operation = 'UPDATE'`,
      [final.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].actor).not.toBe('system');
    expect(JSON.stringify(audit[0].patch)).toContain('2026-03-19');
  });

  it('keeps the default end of support of fiscal year 2026 on a business day: Saturday 13 March 2027 becomes Friday 12 March 2027', async () => {
    t.clock.set('2026-01-10T10:00:00+09:00');
    const p = ok(
      await gql(
        t.app,
        'mutation($i: CreateProgramInput!) { createProgram(input: $i) { id supportEndsOn } }',
        { i: { fiscalYear: 2026, name: '令和8年度 推進体制構築支援' } },
        tok.secretariat,
      ),
    ).createProgram;
    expect(p.supportEndsOn).toBe('2027-03-12');
    // A year on, both report dates have passed on the calendar, but without calls or a decision nothing has happened:
    // the timeline does not show the final report as reached while the decision is still to come.
    t.clock.set('2027-04-01T10:00:00+09:00');
    const tl = ok(await gql(t.app, `{ programTimeline(programId: "${p.id}") { ${TIMELINE} } }`)).programTimeline;
    const byKey = Object.fromEntries(tl.entries.map((e: any) => [e.key, e]));
    expect(tl.current).toBeNull();
    expect(byKey.REGION_CALL_OPENS.state).toBe('NEXT');
    expect(byKey.DECISION.state).toBe('LATER');
    expect(byKey.FINAL_REPORT_DUE).toEqual({ key: 'FINAL_REPORT_DUE', state: 'LATER', at: null, on: { date: '2027-03-12', wareki: '令和9年3月12日（金）' } });
    expect(byKey.INTERIM_REPORT_DUE.on).toEqual({ date: '2026-09-30', wareki: '令和8年9月30日（水）' });
  });

  it('follows a decided programme through its reports: each due date is reached on its day, once support has started', async () => {
    const [fy2025] = ok(await gql(t.app, '{ programs { id fiscalYear } }')).programs.filter((p: any) => p.fiscalYear === 2025);
    const at = async (clock: string) => {
      t.clock.set(clock);
      return ok(await gql(t.app, `{ programTimeline(programId: "${fy2025.id}") { ${TIMELINE} } }`)).programTimeline;
    };
    const afterDecision = await at('2025-04-10T10:00:00+09:00');
    expect(afterDecision.current).toBe('SUPPORT_STARTS');
    expect(afterDecision.entries.filter((e: any) => e.state === 'NEXT').map((e: any) => e.key)).toEqual(['INTERIM_REPORT_DUE']);
    expect((await at('2025-09-29T23:59:00+09:00')).current).toBe('SUPPORT_STARTS');
    expect((await at('2025-09-30T00:00:00+09:00')).current).toBe('INTERIM_REPORT_DUE'); // the due day itself, in Japan
    const end = await at('2026-03-15T12:00:00+09:00');
    expect(end.current).toBe('FINAL_REPORT_DUE');
    expect(end.entries.every((e: any) => e.state === 'DONE')).toBe(true);
    // The programme's own supportEndsOn (Sunday 15 March 2026) gives the final report's date by the rule.
    expect(end.entries.find((e: any) => e.key === 'FINAL_REPORT_DUE').on).toEqual({ date: '2026-03-13', wareki: '令和8年3月13日（金）' });
  });
});
