import request from 'supertest';
import { DataSource } from 'typeorm';
import { briefingLinkToken, createProgramAndCall, createTestApp, errorCode, gql, ok, signIn, STANDARD_ACCOUNTS, TestApp } from './support';

const REGISTER = 'mutation($s: ID!, $i: BriefingRegistrationInput!) { registerForBriefing(sessionId: $s, input: $i) { id } }';
const CONFIRM = 'mutation($t: String!) { confirmBriefingRegistration(input: { token: $t }) { id status } }';
const person = (email: string, extra: Record<string, unknown> = {}) => ({
  name: '説明 花子',
  organisation: '兵庫県',
  kind: 'LOCAL_GOVERNMENT',
  email,
  consentToRecording: true,
  ...extra,
});

describe('briefing session (説明会) and the programme timeline', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let programId: string;
  let sessionId: string;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2025-02-01T09:00:00+09:00');
    tok = await signIn(t.app, STANDARD_ACCOUNTS.slice(0, 2));
    ({ programId } = await createProgramAndCall(t.app, tok.secretariat));
    // The demo session of the call: 2025-02-17 13:00–14:00, registration until 2025-02-14 17:00.
    sessionId = ok(
      await gql(
        t.app,
        'mutation($i: CreateBriefingSessionInput!) { createBriefingSession(input: $i) { id } }',
        {
          i: {
            programId,
            title: '推進体制構築支援 公募説明会',
            startsAt: '2025-02-17T13:00',
            endsAt: '2025-02-17T14:00',
            onlineUrl: 'https://teams.example.jp/meet/abc',
            capacity: 3,
            registrationClosesAt: '2025-02-14T17:00',
          },
        },
        tok.secretariat,
      ),
    ).createBriefingSession.id;
    t.clock.set('2025-02-12T10:00:00+09:00');
  });
  afterAll(() => t.close());

  const mailedToken = (email: string) => briefingLinkToken(t.app, email);

  it('registers a business address without an account, and confirms it by e-mail through the outbox', async () => {
    ok(await gql(t.app, REGISTER, { s: sessionId, i: person('hanako@pref.hyogo.example.lg.jp') }));
    // Held until the address confirms with the mailed link; then the seat is taken and the details follow.
    ok(await gql(t.app, CONFIRM, { t: await mailedToken('hanako@pref.hyogo.example.lg.jp') }));
    const [msg] = await t.app.get(DataSource).query(`SELECT recipient_email, subject, body FROM outbox WHERE dedupe_key LIKE 'briefing:%'`);
    expect(msg.recipient_email).toBe('hanako@pref.hyogo.example.lg.jp');
    expect(msg.subject).toContain('参加申込受付のお知らせ');
    expect(msg.body).toContain('令和7年2月17日（月）13:00');
    // The link follows separately at the session's send time (公募要領5), here the registration deadline.
    expect(msg.body).not.toContain('https://teams.example.jp/meet/abc');
    expect(msg.body).toContain('令和7年2月14日（金）を目途に');
    const pub = ok(await gql(t.app, `{ briefingSessions(programId: "${programId}") { remainingSeats isOpen onlineUrl startsAtDisplay { wareki } } }`))
      .briefingSessions[0];
    expect(pub).toEqual({ remainingSeats: 2, isOpen: true, onlineUrl: null, startsAtDisplay: { wareki: '令和7年2月17日（月）13:00' } });
  });

  it('refuses free-mail and ISP addresses with a clear message (subdomains included)', async () => {
    for (const email of ['someone@gmail.com', 'someone@yahoo.co.jp', 'someone@mail.so-net.ne.jp', 'SOMEONE@Docomo.ne.jp']) {
      const r = await gql(t.app, REGISTER, { s: sessionId, i: person(email) });
      expect(errorCode(r)).toBe('FREE_MAIL_ADDRESS');
      expect(r.errors![0].extensions.messageJa).toContain('ビジネス用メールアドレス');
    }
  });

  it('refuses a second registration with the same address, an ineligible kind, and no consent to recording', async () => {
    expect(errorCode(await gql(t.app, REGISTER, { s: sessionId, i: person('Hanako@pref.hyogo.example.lg.jp') }))).toBe('DUPLICATE');
    expect(errorCode(await gql(t.app, REGISTER, { s: sessionId, i: person('x@consult.example.jp', { kind: 'OTHER' }) }))).toBe('NOT_ELIGIBLE');
    expect(errorCode(await gql(t.app, REGISTER, { s: sessionId, i: person('y@consult.example.jp', { consentToRecording: false }) }))).toBe('CONSENT_REQUIRED');
    expect(errorCode(await gql(t.app, REGISTER, { s: sessionId, i: person('z@consult.example.jp', { kind: 'CITIZEN' }) }))).toBe('BAD_USER_INPUT');
  });

  it('refuses when full: at the limit exactly one of concurrent confirmations wins', async () => {
    ok(await gql(t.app, REGISTER, { s: sessionId, i: person('vendor1@consult.example.jp', { kind: 'PROSPECTIVE_VENDOR' }) }));
    ok(await gql(t.app, CONFIRM, { t: await mailedToken('vendor1@consult.example.jp') }));
    for (const n of [1, 2, 3, 4]) ok(await gql(t.app, REGISTER, { s: sessionId, i: person(`racer${n}@agency.example.go.jp`, { kind: 'RELATED_AGENCY' }) }));
    const tokens = await Promise.all([1, 2, 3, 4].map((n) => mailedToken(`racer${n}@agency.example.go.jp`)));
    const racers = await Promise.all(tokens.map((tk) => gql(t.app, CONFIRM, { t: tk })));
    expect(racers.filter((r) => !r.errors).length).toBe(1);
    expect(racers.filter((r) => r.errors).map(errorCode)).toEqual(['SESSION_FULL', 'SESSION_FULL', 'SESSION_FULL']);
    expect(ok(await gql(t.app, `{ briefingSessions { remainingSeats isOpen } }`)).briefingSessions[0]).toEqual({ remainingSeats: 0, isOpen: false });
  });

  it('refuses after the deadline, and after the secretariat closes registration early', async () => {
    const second = ok(
      await gql(
        t.app,
        'mutation($i: CreateBriefingSessionInput!) { createBriefingSession(input: $i) { id } }',
        {
          i: {
            programId,
            title: '第2回説明会',
            startsAt: '2025-02-20T13:00',
            endsAt: '2025-02-20T14:00',
            onlineUrl: 'https://teams.example.jp/meet/def',
            capacity: 100,
            registrationClosesAt: '2025-02-18T17:00',
          },
        },
        tok.secretariat,
      ),
    ).createBriefingSession.id;
    ok(await gql(t.app, `mutation { closeBriefingRegistration(id: "${second}") { closedEarlyAt } }`, {}, tok.secretariat));
    expect(errorCode(await gql(t.app, REGISTER, { s: second, i: person('late@pref.example.lg.jp') }))).toBe('REGISTRATION_CLOSED');
    t.clock.set('2025-02-14T17:00:00+09:00');
    const r = await gql(t.app, REGISTER, { s: sessionId, i: person('late@pref.example.lg.jp') });
    expect(errorCode(r)).toBe('REGISTRATION_CLOSED');
    expect(r.errors![0].extensions.messageJa).toContain('令和7年2月14日（金）17:00');
  });

  it('lets the staff list and export the registrations (UTF-8 CSV with BOM); nobody else', async () => {
    const list = ok(await gql(t.app, `{ briefingRegistrations(sessionId: "${sessionId}") { email kind status } }`, {}, tok.secretariat)).briefingRegistrations;
    expect(errorCode(await gql(t.app, `{ briefingRegistrations(sessionId: "${sessionId}") { email } }`, {}, tok.ministry))).toBe('FORBIDDEN');
    expect(list.filter((r: { status: string }) => r.status === 'CONFIRMED')).toHaveLength(3);
    // The racers that lost were never confirmed: past the registration deadline their links have expired.
    expect(list.filter((r: { status: string }) => r.status === 'EXPIRED')).toHaveLength(3);
    expect(errorCode(await gql(t.app, `{ briefingRegistrations(sessionId: "${sessionId}") { email } }`))).toBe('UNAUTHENTICATED');
    const csv = await request(t.app.getHttpServer()).get(`/exports/briefing/${sessionId}.csv`).set('authorization', `Bearer ${tok.secretariat}`);
    expect(csv.status).toBe(200);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    expect(csv.text).toContain('hanako@pref.hyogo.example.lg.jp');
    expect(csv.text).toMatch(/,2025-02-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+09:00/); // times in JST, not UTC
    expect(csv.text).not.toMatch(/\d\dZ/);
    // Labels as officials read them, and a Japanese file name (RFC 6266 filename*) with an ASCII fallback.
    expect(csv.text).toMatch(/,地方公共団体職員,hanako@pref\.hyogo\.example\.lg\.jp,はい,/);
    expect(csv.text).not.toMatch(/LOCAL_GOVERNMENT|,true,/);
    expect(csv.headers['content-disposition']).toBe(
      `attachment; filename="briefing-${sessionId}.csv"; filename*=UTF-8''${encodeURIComponent(`説明会参加者一覧_${sessionId}.csv`)}`,
    );
    expect((await request(t.app.getHttpServer()).get(`/exports/briefing/${sessionId}.csv`)).status).toBe(401);
  });

  it('shows the programme timeline in ISO, JST and the Japanese era, and where it stands today', async () => {
    t.clock.set('2025-03-01T10:00:00+09:00');
    const timeline = async () =>
      ok(
        await gql(
          t.app,
          `{ programTimeline(programId: "${programId}") { current today { wareki } entries { key state plannedJa at { jst wareki } on { date wareki en } } } }`,
        ),
      ).programTimeline;
    const tl = await timeline();
    const byKey = Object.fromEntries(tl.entries.map((e: any) => [e.key, e]));
    expect(byKey.REGION_CALL_CLOSES).toMatchObject({ state: 'DONE', at: { jst: '2025-02-28T17:00:00+09:00', wareki: '令和7年2月28日（金）17:00' } });
    expect(byKey.CANDIDATES_ANNOUNCED).toMatchObject({ state: 'NEXT', at: null, plannedJa: '令和7年3月初旬頃' });
    // Planned months in the era, as the call writes them (「令和7年3月初旬頃」), never a Western year among 令和 dates.
    expect(byKey.DECISION).toMatchObject({ state: 'LATER', at: null, plannedJa: '令和7年4月頃' });
    // Due dates are days, shown as dates (never 「午前0時」 of the day), on the business calendar.
    expect(byKey.INTERIM_REPORT_DUE).toMatchObject({
      state: 'LATER',
      at: null,
      on: { date: '2025-09-30', wareki: '令和7年9月30日（火）', en: 'Tue 30 September 2025' },
    });
    expect(byKey.FINAL_REPORT_DUE).toMatchObject({ at: null, on: { date: '2026-03-13', wareki: '令和8年3月13日（金）' } });
    expect(tl.current).toBe('REGION_CALL_CLOSES');
    expect(tl.today.wareki).toBe('令和7年3月1日（土）10:00');
    // A year on, with no candidates announced and no decision, the programme still stands where its calls left it:
    // the report due dates have passed on the calendar, but no report is due before support has started.
    t.clock.set('2026-04-01T10:00:00+09:00');
    const later = await timeline();
    expect(later.current).toBe('REGION_CALL_CLOSES');
    expect(later.entries.map((e: any) => [e.key, e.state])).toEqual([
      ['REGION_CALL_OPENS', 'DONE'],
      ['REGION_CALL_CLOSES', 'DONE'],
      ['CANDIDATES_ANNOUNCED', 'NEXT'],
      ['VENDOR_CALL_OPENS', 'LATER'],
      ['VENDOR_CALL_CLOSES', 'LATER'],
      ['DECISION', 'LATER'],
      ['SUPPORT_STARTS', 'LATER'],
      ['INTERIM_REPORT_DUE', 'LATER'],
      ['FINAL_REPORT_DUE', 'LATER'],
    ]);
  });
});
