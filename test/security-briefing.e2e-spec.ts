import request from 'supertest';
import { DataSource } from 'typeorm';
import { OutboxService } from '@app/notifications';
import { createProgramAndCall, createTestApp, errorCode, gql, ok, reportFigures, signIn, STANDARD_ACCOUNTS, startSmtp, TestApp } from './support';

/**
 * Security round 2, finding 8: a briefing registration is held until the address confirms it by the mailed
 * single-use token; only confirmed ones take a seat; the mail carries no typed text but a checked name; addresses
 * are parsed by an RFC 5322 parser and only the plain local@domain form is accepted.
 */
// Only fields the landed schema had, so that on the landed code each test fails on its behaviour, not on the query.
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

describe('briefing flood: registrations are held until the address confirms them', () => {
  let t: TestApp;
  let db: DataSource;
  let tok: Record<string, string>;
  let programId: string;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const tokensSeen: string[] = [];
  const figures = { flood: 0, seatsTakenByFlood: -1, confirmed: 0, expiredRefused: 0, reusedRefused: 0, plantedMailed: 0, addressesRefused: 0 };

  const createSession = async (title: string, capacity: number, onlineUrl = 'https://teams.example.jp/meet/abc') =>
    ok(
      await gql(
        t.app,
        'mutation($i: CreateBriefingSessionInput!) { createBriefingSession(input: $i) { id } }',
        { i: { programId, title, startsAt: '2025-02-17T13:00', endsAt: '2025-02-17T14:00', onlineUrl, capacity, registrationClosesAt: '2025-02-14T17:00' } },
        tok.secretariat,
      ),
    ).createBriefingSession.id as string;

  const seats = async (sessionId: string) =>
    (ok(await gql(t.app, `{ briefingSessions(programId: "${programId}") { id remainingSeats isOpen } }`)).briefingSessions as any[]).find(
      (s) => s.id === sessionId,
    ) as { remainingSeats: number; isOpen: boolean };

  /** The token of the newest confirmation mail the address received: sent by the outbox to the test SMTP server. */
  const mailedToken = async (email: string): Promise<string> => {
    await t.app.get(OutboxService).deliverDue(500);
    const mail = smtp.received.filter((m) => m.to.includes(email)).at(-1);
    const m = /\/briefing\/confirm\?token=([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/.exec(mail?.text ?? '');
    if (!m) throw new Error(`no confirmation mail to ${email}`);
    tokensSeen.push(m[1]);
    return m[1];
  };

  const confirmedCount = async (sessionId: string) =>
    (await db.query(`SELECT count(*)::int AS n FROM briefing_registrations WHERE session_id = $1 AND status = 'CONFIRMED'`, [sessionId]))[0].n as number;

  beforeAll(async () => {
    smtp = await startSmtp();
    Object.assign(process.env, { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port) });
    try {
      t = await createTestApp();
    } finally {
      delete process.env.SMTP_HOST;
      delete process.env.SMTP_PORT;
    }
    db = t.app.get(DataSource);
    t.clock.set('2025-02-01T09:00:00+09:00');
    tok = await signIn(t.app, STANDARD_ACCOUNTS.slice(0, 2));
    ({ programId } = await createProgramAndCall(t.app, tok.secretariat));
    t.clock.set('2025-02-12T10:00:00+09:00');
  });
  afterAll(async () => {
    reportFigures(
      `briefing flood: ${figures.flood} unconfirmed registrations, ${figures.seatsTakenByFlood} seats taken, ${figures.confirmed} confirmed by the mailed token, ` +
        `${figures.expiredRefused} expired and ${figures.reusedRefused} reused tokens refused, ${figures.plantedMailed} planted links mailed, ` +
        `${figures.addressesRefused} malformed addresses refused`,
    );
    await t.close();
    await smtp.close();
  });

  it('a flood of unconfirmed registrations at made-up business addresses takes no seat; confirming with the mailed token does', async () => {
    const sessionId = await createSession('公募説明会（第1回）', 3);
    const N = 30;
    for (let i = 0; i < N; i++) {
      ok(await gql(t.app, REGISTER, { s: sessionId, i: person(`nobody${i}@made-up-${i % 5}.example.co.jp`, { kind: 'PROSPECTIVE_VENDOR' }) }));
      figures.flood++;
    }
    figures.seatsTakenByFlood = 3 - (await seats(sessionId)).remainingSeats;
    expect(await seats(sessionId)).toMatchObject({ remainingSeats: 3, isOpen: true });
    expect(await confirmedCount(sessionId)).toBe(0);

    // The real registrant confirms with the link mailed to her: the seat is hers, and the connection details follow.
    ok(await gql(t.app, REGISTER, { s: sessionId, i: person('hanako@pref.hyogo.example.lg.jp') }));
    const [pendingMail] = await db.query(`SELECT body FROM outbox WHERE recipient_email = 'hanako@pref.hyogo.example.lg.jp'`);
    expect(pendingMail.body).not.toContain('https://teams.example.jp/meet/abc'); // the meeting link only once confirmed
    const confirmed = ok(await gql(t.app, CONFIRM, { t: await mailedToken('hanako@pref.hyogo.example.lg.jp') })).confirmBriefingRegistration;
    expect(confirmed.status).toBe('CONFIRMED');
    figures.confirmed++;
    expect(await seats(sessionId)).toMatchObject({ remainingSeats: 2, isOpen: true });
    // The acceptance carries no link; the connection details follow at the session's send time (here the registration
    // deadline), to the confirmed registrant only, once.
    const [accepted] = await db.query(`SELECT body FROM outbox WHERE dedupe_key LIKE $1`, [`briefing:${confirmed.id}:%`]);
    expect(accepted.body).not.toContain('https://teams.example.jp/meet/abc');
    t.clock.set('2025-02-14T17:00:00+09:00');
    expect(ok(await gql(t.app, 'mutation { sendBriefingConnectionDetails }', {}, tok.secretariat)).sendBriefingConnectionDetails).toBe(1);
    expect(ok(await gql(t.app, 'mutation { sendBriefingConnectionDetails }', {}, tok.secretariat)).sendBriefingConnectionDetails).toBe(0);
    t.clock.set('2025-02-12T10:00:00+09:00');
    const details = await db.query(`SELECT recipient_email, body FROM outbox WHERE body LIKE '%https://teams.example.jp/meet/abc%'`);
    expect(details.map((d: any) => d.recipient_email)).toEqual(['hanako@pref.hyogo.example.lg.jp']);

    // The staff see the pending ones as such; the attendee list (CSV) holds only the confirmed.
    const list = ok(await gql(t.app, `{ briefingRegistrations(sessionId: "${sessionId}") { email status } }`, {}, tok.secretariat)).briefingRegistrations;
    expect(list.filter((r: any) => r.status === 'PENDING')).toHaveLength(N);
    expect(list.filter((r: any) => r.status === 'CONFIRMED').map((r: any) => r.email)).toEqual(['hanako@pref.hyogo.example.lg.jp']);
    const csv = await request(t.app.getHttpServer()).get(`/exports/briefing/${sessionId}.csv`).set('authorization', `Bearer ${tok.secretariat}`);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('hanako@pref.hyogo.example.lg.jp');
    expect(csv.text).not.toContain('made-up-');
  });

  it('at the capacity, confirmations (not registrations) are refused with SESSION_FULL', async () => {
    const sessionId = await createSession('少人数説明会', 2);
    const emails = ['a1@agency.example.go.jp', 'a2@agency.example.go.jp', 'a3@agency.example.go.jp'];
    for (const e of emails) ok(await gql(t.app, REGISTER, { s: sessionId, i: person(e, { kind: 'RELATED_AGENCY' }) }));
    const tokens: string[] = [];
    for (const e of emails) tokens.push(await mailedToken(e));
    ok(await gql(t.app, CONFIRM, { t: tokens[0] }));
    ok(await gql(t.app, CONFIRM, { t: tokens[1] }));
    figures.confirmed += 2;
    expect(errorCode(await gql(t.app, CONFIRM, { t: tokens[2] }))).toBe('SESSION_FULL');
    expect(await seats(sessionId)).toMatchObject({ remainingSeats: 0, isOpen: false });
    expect(errorCode(await gql(t.app, REGISTER, { s: sessionId, i: person('a4@agency.example.go.jp', { kind: 'RELATED_AGENCY' }) }))).toBe('SESSION_FULL');
    expect(await confirmedCount(sessionId)).toBe(2);
  });

  it('a token is single-use, a re-sent one replaces the old, and an expired one is refused and takes no seat', async () => {
    const sessionId = await createSession('公募説明会（第2回）', 10);
    const email = 'taro@city.kobe.example.lg.jp';
    ok(await gql(t.app, REGISTER, { s: sessionId, i: person(email) }));
    const first = await mailedToken(email);
    // A second request (a lost mail) sends a new link; the first no longer works.
    ok(await gql(t.app, REGISTER, { s: sessionId, i: person(email) }));
    const second = await mailedToken(email);
    expect(second).not.toBe(first);
    expect(errorCode(await gql(t.app, CONFIRM, { t: first }))).toBe('CONFIRMATION_INVALID');
    figures.reusedRefused++;
    ok(await gql(t.app, CONFIRM, { t: second }));
    figures.confirmed++;
    const again = await gql(t.app, CONFIRM, { t: second });
    expect(errorCode(again)).toBe('CONFIRMATION_INVALID');
    figures.reusedRefused++;
    expect(errorCode(await gql(t.app, REGISTER, { s: sessionId, i: person(email) }))).toBe('DUPLICATE');
    expect(await confirmedCount(sessionId)).toBe(1);

    // Expiry: 24 hours after it was mailed.
    const late = 'jiro@city.kobe.example.lg.jp';
    ok(await gql(t.app, REGISTER, { s: sessionId, i: person(late) }));
    const stale = await mailedToken(late);
    t.clock.set('2025-02-13T10:00:01+09:00');
    const expired = await gql(t.app, CONFIRM, { t: stale });
    expect(errorCode(expired)).toBe('CONFIRMATION_EXPIRED');
    figures.expiredRefused++;
    expect(await confirmedCount(sessionId)).toBe(1);
    const [row] = await db.query(`SELECT status FROM briefing_registrations WHERE email = $1`, [late]);
    expect(row.status).toBe('PENDING');
    expect(
      ok(await gql(t.app, `{ briefingRegistrations(sessionId: "${sessionId}") { email status } }`, {}, tok.secretariat)).briefingRegistrations.find(
        (r: any) => r.email === late,
      ).status,
    ).toBe('EXPIRED');
    // The person may register again (a new link) and confirm.
    ok(await gql(t.app, REGISTER, { s: sessionId, i: person(late) }));
    ok(await gql(t.app, CONFIRM, { t: await mailedToken(late) }));
    figures.confirmed++;
    expect(await confirmedCount(sessionId)).toBe(2);
    // The tokens exist only in the mails sent: not in the registrations (a hash), the outbox (a nonce) nor the audit trail.
    const stored = JSON.stringify([
      await db.query(`SELECT * FROM briefing_registrations`),
      await db.query(`SELECT * FROM outbox`),
      await db.query(`SELECT * FROM audit_log`),
      await db.query(`SELECT * FROM audit_pending`),
    ]);
    expect(tokensSeen.length).toBeGreaterThanOrEqual(4);
    for (const token of tokensSeen) expect(stored).not.toContain(token);
    t.clock.set('2025-02-12T10:00:00+09:00');
  });

  it('the mails carry no typed text but a checked name: links and line breaks in the name are refused, other fields are not mailed', async () => {
    const sessionId = await createSession('公募説明会（第3回）', 10);
    const before = (await db.query(`SELECT count(*)::int AS n FROM outbox`))[0].n;
    const planted = [
      person('victim1@corp.example.co.jp', { name: '当選のお知らせ https://phish.example.net/login' }),
      person('victim2@corp.example.co.jp', { name: '山田\n至急こちらへ：phish.example.net' }),
      person('victim3@corp.example.co.jp', { name: 'ｗｗｗ．ｐｈｉｓｈ．ｅｘａｍｐｌｅ．ｎｅｔ' }),
      person('victim4@corp.example.co.jp', { name: '山田\u202etxt.exe' }),
      person('victim5@corp.example.co.jp', { name: 'あ'.repeat(61) }),
    ];
    for (const input of planted) {
      const r = await gql(t.app, REGISTER, { s: sessionId, i: input });
      expect(errorCode(r)).toBe('VALIDATION_FAILED');
      expect(r.errors![0].extensions.details).toEqual({ field: 'name' });
    }
    expect((await db.query(`SELECT count(*)::int AS n FROM outbox`))[0].n).toBe(before);
    // The organisation is kept for the staff but never mailed.
    ok(
      await gql(t.app, REGISTER, { s: sessionId, i: person('victim6@corp.example.co.jp', { organisation: 'ご確認ください https://phish.example.net/login' }) }),
    );
    ok(await gql(t.app, CONFIRM, { t: await mailedToken('victim6@corp.example.co.jp') }));
    await t.app.get(OutboxService).deliverDue(500);
    // What reached the SMTP server (and what is still queued): no planted link, anywhere.
    const queued: Array<{ body: string; subject: string }> = await db.query(`SELECT body, subject FROM outbox WHERE status = 'PENDING'`);
    const texts = [...smtp.received.map((m) => m.subject + m.text), ...queued.map((b) => b.subject + b.body)];
    figures.plantedMailed = texts.filter((x) => /phish\.example|ｐｈｉｓｈ/.test(x)).length;
    expect(figures.plantedMailed).toBe(0);
    // Business letters (notices): the checked name is the addressee, after the document number and the date.
    expect(
      smtp.received.filter((m) => m.to.includes('victim6@corp.example.co.jp')).map((m) => /^令\d+地DX第\d+号/.test(m.text) && m.text.includes('説明 花子 様')),
    ).toEqual([true, true]);
  });

  it('parses addresses: quoted local parts, comments, display names, domain literals and several @ are refused, free mail by the parsed domain', async () => {
    const sessionId = await createSession('公募説明会（第4回）', 10);
    const malformed = [
      '"a@x"@gmail.com',
      '"a@x"@pref.example.lg.jp',
      '"hanako"@pref.example.lg.jp',
      'hanako(comment)@pref.example.lg.jp',
      'Hanako <hanako@pref.example.lg.jp>',
      'hanako@[192.0.2.1]',
      'a@b@pref.example.lg.jp',
      'hanako@localhost',
      'hanako@-bad.example.jp',
    ];
    for (const email of malformed) {
      const r = await gql(t.app, REGISTER, { s: sessionId, i: person(email) });
      // The quoted ones pass class-validator's isEmail: the RFC 5322 parser is what refuses them.
      expect([email, errorCode(r)]).toEqual([email, 'VALIDATION_FAILED']);
      expect(r.errors![0].extensions.details).toMatchObject(email.startsWith('"') ? { field: 'email' } : { fields: [{ field: 'email' }] });
      figures.addressesRefused++;
    }
    expect((await db.query(`SELECT count(*)::int AS n FROM briefing_registrations WHERE session_id = $1`, [sessionId]))[0].n).toBe(0);
    expect(errorCode(await gql(t.app, REGISTER, { s: sessionId, i: person('someone@Mail.Yahoo.co.jp') }))).toBe('FREE_MAIL_ADDRESS');
    // A plain address is kept in its normalised (lower-case) form.
    ok(await gql(t.app, REGISTER, { s: sessionId, i: person('Hanako.Yamada+dx@Pref.Hyogo.Example.lg.jp') }));
    const [row] = await db.query(`SELECT email FROM briefing_registrations WHERE session_id = $1`, [sessionId]);
    expect(row.email).toBe('hanako.yamada+dx@pref.hyogo.example.lg.jp');
  });

  it('the mailed link shows a button (a mail scanner opening it confirms nothing); posting it confirms', async () => {
    const sessionId = await createSession('公募説明会（第5回）', 10);
    const email = 'saburo@town.example.lg.jp';
    ok(await gql(t.app, REGISTER, { s: sessionId, i: person(email) }));
    const token = await mailedToken(email);
    expect(smtp.received.filter((m) => m.to.includes(email)).at(-1)!.text).toMatch(
      new RegExp(`\\nhttp://localhost:3000/briefing/confirm\\?token=${token}\\r?\\n`),
    );
    const shown = await request(t.app.getHttpServer()).get(`/briefing/confirm?token=${token}`);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('<form method="post"');
    expect(await confirmedCount(sessionId)).toBe(0);
    const posted = await request(t.app.getHttpServer()).post('/briefing/confirm').type('form').send({ token });
    expect(posted.status).toBe(200);
    figures.confirmed++;
    expect(await confirmedCount(sessionId)).toBe(1);
    const reused = await request(t.app.getHttpServer()).post('/briefing/confirm').type('form').send({ token });
    expect(reused.status).toBe(400);
    expect(reused.text).toContain('確認用リンクが無効です');
    expect((await request(t.app.getHttpServer()).get('/briefing/confirm?token=<script>')).status).toBe(400);
  });
});

describe('briefing flood: mails to one address are bounded by the per-address budget (RATE_LIMIT_PUBLIC)', () => {
  let t: TestApp;
  let sessionId: string;
  beforeAll(async () => {
    process.env.RATE_LIMIT_PUBLIC = '3/3600';
    try {
      t = await createTestApp();
    } finally {
      delete process.env.RATE_LIMIT_PUBLIC;
    }
    t.clock.set('2025-02-01T09:00:00+09:00');
    const tok = await signIn(t.app, STANDARD_ACCOUNTS.slice(0, 1));
    const { programId } = await createProgramAndCall(t.app, tok.secretariat);
    sessionId = ok(
      await gql(
        t.app,
        'mutation($i: CreateBriefingSessionInput!) { createBriefingSession(input: $i) { id } }',
        {
          i: {
            programId,
            title: '公募説明会',
            startsAt: '2025-02-17T13:00',
            endsAt: '2025-02-17T14:00',
            onlineUrl: 'https://teams.example.jp/meet/abc',
            capacity: 10,
            registrationClosesAt: '2025-02-14T17:00',
          },
        },
        tok.secretariat,
      ),
    ).createBriefingSession.id;
    t.clock.set('2025-02-12T10:00:00+09:00');
  });
  afterAll(() => t.close());

  it('re-sending the link to one address is allowed up to the budget, whatever the case of the address; then RATE_LIMITED', async () => {
    for (const email of ['target@corp.example.co.jp', 'TARGET@corp.example.co.jp', 'Target@Corp.Example.co.jp']) {
      ok(await gql(t.app, REGISTER, { s: sessionId, i: person(email) }));
    }
    expect(errorCode(await gql(t.app, REGISTER, { s: sessionId, i: person('target@CORP.example.co.jp') }))).toBe('RATE_LIMITED');
    ok(await gql(t.app, REGISTER, { s: sessionId, i: person('someone-else@corp.example.co.jp') }));
    const [{ n }] = await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM outbox WHERE recipient_email = 'target@corp.example.co.jp'`);
    expect(n).toBe(3);
  });
});
