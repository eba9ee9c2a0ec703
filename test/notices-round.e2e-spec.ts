import { DataSource } from 'typeorm';
import { Role } from '@app/core';
import { PROGRAMME_NAME } from '@app/notifications';
import {
  approvedVendor,
  briefingLinkToken,
  createProgramAndCall,
  createTestApp,
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
  TestApp,
} from './support';

interface NoticeRow {
  id: string;
  notice_key: string;
  kind: string;
  audience: string;
  object_type: string | null;
  object_id: string | null;
  addressee: string;
  subject: string;
  body: string;
}

const noticesLike = (t: TestApp, keyPattern: string): Promise<NoticeRow[]> =>
  t.app.get(DataSource).query('SELECT * FROM notices WHERE notice_key LIKE $1 ORDER BY notice_key', [keyPattern]);

/** The outbox rows of these notices: recipient and key, sorted. */
const mailsOf = async (t: TestApp, notices: NoticeRow[]): Promise<Array<{ recipient_email: string; notice_id: string; body: string }>> =>
  t.app
    .get(DataSource)
    .query('SELECT recipient_email, notice_id, body FROM outbox WHERE notice_id = ANY($1) ORDER BY recipient_email', [notices.map((n) => n.id)]);

/** A notice's letter, checked against its template's form: number, era date, addressee, programme, title, 以上, signature. */
function expectLetter(n: NoticeRow, addressee: string, honorific: '御中' | '様', issuedOn: string, fiscalYear = '令和7年度') {
  expect(n.body).toMatch(/^令7地DX第\d+号\n/);
  expect(n.body).toContain(`\n${issuedOn}\n`);
  expect(n.body).toContain(`\n${addressee} ${honorific}\n`);
  expect(n.addressee).toBe(addressee);
  expect(n.body).toContain(`${fiscalYear} ${PROGRAMME_NAME}`);
  expect(n.body).toContain(`\n${n.subject}\n`);
  expect(n.body).toContain('\n以上\n');
  expect(n.body).toContain('E-mail：dxrlp-info@ml.mri.co.jp');
  // Every placeholder filled (a confirmation link keeps its nonce: the token is written only as the mail is sent).
  expect(n.body).not.toMatch(/\{\{(?!link-token:)/);
}

describe('notices of the vendor call: bids returned to draft, questions to the prefecture, published answers', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let regions: Record<string, string>;
  let callId: string;
  const v: Record<string, { vendorId: string; token: string }> = {};
  const apps: Record<string, string> = {};
  const emailsOf = async (vendorId: string): Promise<string[]> =>
    (await t.app.get(DataSource).query('SELECT email FROM users WHERE vendor_id = $1 ORDER BY email', [vendorId])).map((r: any) => r.email);
  const statusOf = async (key: string) =>
    ok(await gql(t.app, `{ vendorApplication(id: "${apps[key]}") { status } }`, {}, v[key].token)).vendorApplication.status;

  beforeAll(async () => {
    t = await createTestApp();
    tok = await signIn(t.app, STANDARD_ACCOUNTS);
    let programId: string;
    let regionCallId: string;
    ({
      programId,
      regionCallId,
      regionIds: regions,
    } = await publishedRegions(t, tok.secretariat, [
      { token: tok.hyogo, prefectureCode: '28', partners: ['282090', '282120'] },
      { token: tok.nagano, prefectureCode: '20', partners: ['202011'] },
    ]));
    // a bids on both regions, b on 兵庫県, d on 長野県; c bids on nothing (it only asks).
    v.a = await approvedVendor(t.app, tok.secretariat, 'vendor-a', '180301018771', '株式会社伴走エー');
    v.b = await approvedVendor(t.app, tok.secretariat, 'vendor-b', '010001008813', '株式会社伴走ビー');
    v.c = await approvedVendor(t.app, tok.secretariat, 'vendor-c', '700001205000', '株式会社質問シー');
    v.d = await approvedVendor(t.app, tok.secretariat, 'vendor-d', '123456789012', '株式会社伴走ディー');
    t.clock.set(IN_VENDOR_WINDOW); // 令和7年3月15日（土）
    callId = await createVendorCall(t.app, tok.secretariat, programId, regionCallId, { questionsCloseAt: '2025-03-21T17:00' });
    const bids: Record<string, string[]> = { a: ['28', '20'], b: ['28'], d: ['20'] };
    for (const [key, codes] of Object.entries(bids)) {
      apps[key] = await startVendorApplication(t.app, v[key].token, callId, 2);
      for (const code of codes) ok(await saveProposal(t.app, v[key].token, apps[key], regions[code]));
      ok(await submitVendor(t.app, v[key].token, apps[key]));
    }
  });
  afterAll(() => t.close());

  describe("a vendor's question (応募要件7) and the published answer", () => {
    let inquiryId: string;

    it("tells the region's prefecture (its application's contacts) of a question, without naming the asker", async () => {
      const question = '庁舎内に作業スペースはありますか？';
      inquiryId = ok(
        await gql(
          t.app,
          `mutation($q: String!) { askInquiry(callId: "${callId}", candidateRegionId: "${regions['28']}", question: $q) { id } }`,
          { q: question },
          v.c.token,
        ),
      ).askInquiry.id;
      const notices = await noticesLike(t, 'inquiry-asked:%');
      expect(notices).toHaveLength(1);
      const [n] = notices;
      expect(n).toMatchObject({
        notice_key: `inquiry-asked:${inquiryId}`,
        kind: 'INQUIRY_RECEIVED',
        audience: 'prefecture:28',
        object_type: 'INQUIRY',
        object_id: inquiryId,
      });
      expectLetter(n, '兵庫県', '御中', '令和7年3月15日（土）');
      expect(n.body).toContain(question);
      expect(n.body).toContain('応募要件7');
      expect(n.body).toContain('受付日時：令和7年3月15日（土）10:00');
      expect(n.body).toContain('令和7年3月21日（金）17:00'); // the question deadline
      // The prefecture may not see who asked (AccessService.canSeeInquiryAsker): the letter does not say either.
      expect(n.body).not.toContain('株式会社質問シー');
      expect(n.body).toContain('事業者名は公表しません');
      expect((await mailsOf(t, notices)).map((m) => m.recipient_email)).toEqual(['tanto-28@pref.example.lg.jp']);
      // A question about the call as a whole (no region) goes to no prefecture.
      ok(await gql(t.app, `mutation { askInquiry(callId: "${callId}", question: "提案書の様式は自由ですか？") { id } }`, {}, v.b.token));
      expect(await noticesLike(t, 'inquiry-asked:%')).toHaveLength(1);
    });

    it('tells every vendor that bid on, or asked about, the region of a published answer, once per vendor', async () => {
      // An answer kept unpublished tells nobody.
      ok(await gql(t.app, `mutation { answerInquiry(inquiryId: "${inquiryId}", answer: "検討中です。") { id } }`, {}, tok.hyogo));
      expect(await noticesLike(t, 'inquiry-answer:%')).toHaveLength(0);
      const answer = '本庁舎3階に用意します。';
      ok(
        await gql(
          t.app,
          `mutation($a: String!) { answerInquiry(inquiryId: "${inquiryId}", answer: $a, publish: true) { publishedAt } }`,
          { a: answer },
          tok.hyogo,
        ),
      );
      const notices = await noticesLike(t, 'inquiry-answer:%');
      // a and b bid on 兵庫県, c asked about it; d (長野県 only) is not told.
      expect(notices.map((n) => n.audience).sort()).toEqual([`vendor:${v.a.vendorId}`, `vendor:${v.b.vendorId}`, `vendor:${v.c.vendorId}`].sort());
      for (const n of notices) {
        expect(n).toMatchObject({ kind: 'INQUIRY_ANSWER_PUBLISHED', object_type: 'INQUIRY', object_id: inquiryId });
        expect(n.body).toContain(answer);
        expect(n.body).toContain('兵庫県');
        expect(n.body).toContain('公表日時：令和7年3月15日（土）10:00');
      }
      expectLetter(
        notices.find((n) => n.audience === `vendor:${v.b.vendorId}`)!,
        '株式会社伴走ビー',
        '御中',
        '令和7年3月15日（土）',
      );
      const mails = await mailsOf(t, notices);
      const expected = [...(await emailsOf(v.a.vendorId)), ...(await emailsOf(v.b.vendorId)), ...(await emailsOf(v.c.vendorId))].sort();
      expect(mails.map((m) => m.recipient_email).sort()).toEqual(expected);
      // Publishing the (edited) answer again tells no one twice.
      ok(
        await gql(
          t.app,
          `mutation { answerInquiry(inquiryId: "${inquiryId}", answer: "本庁舎3階に用意します（机10台）。", publish: true) { id } }`,
          {},
          tok.hyogo,
        ),
      );
      expect(await noticesLike(t, 'inquiry-answer:%')).toHaveLength(3);
      expect(await mailsOf(t, notices)).toHaveLength(expected.length);
    });
  });

  describe('a change of the vendor call', () => {
    it('leaves every bid submitted on a later deadline, and tells nobody', async () => {
      const r = ok(
        await gql(
          t.app,
          `mutation { updateVendorCall(input: {callId: "${callId}", closesAt: "2025-04-04T17:00"}) { returnedApplications } }`,
          {},
          tok.secretariat,
        ),
      ).updateVendorCall;
      expect(r.returnedApplications).toBe(0);
      for (const key of ['a', 'b', 'd']) expect(await statusOf(key)).toBe('SUBMITTED');
      expect(await noticesLike(t, 'bids-returned:%')).toHaveLength(0);
    });

    it('returns to draft only the bids on a removed region, and tells each of their vendors what changed and by when', async () => {
      const r = ok(
        await gql(
          t.app,
          `mutation { updateVendorCall(input: {callId: "${callId}", candidateRegionIds: ["${regions['28']}"]}) { returnedApplications } }`,
          {},
          tok.secretariat,
        ),
      ).updateVendorCall;
      expect(r.returnedApplications).toBe(2); // a (兵庫県 and 長野県) and d (長野県); b (兵庫県 only) is untouched
      expect([await statusOf('a'), await statusOf('b'), await statusOf('d')]).toEqual(['DRAFT', 'SUBMITTED', 'DRAFT']);
      const notices = await noticesLike(t, 'bids-returned:%');
      expect(notices.map((n) => n.audience).sort()).toEqual([`vendor:${v.a.vendorId}`, `vendor:${v.d.vendorId}`].sort());
      const forA = notices.find((n) => n.audience === `vendor:${v.a.vendorId}`)!;
      expect(forA).toMatchObject({ kind: 'BIDS_RETURNED_TO_DRAFT', object_type: 'VENDOR_APPLICATION', object_id: apps.a });
      expectLetter(forA, '株式会社伴走エー', '御中', '令和7年3月15日（土）');
      expect(forA.body).toContain('対象地域から次の地域を除外しました（貴社の提案に含まれる地域）：長野県');
      expect(forA.body).toContain('改めて提出してください');
      expect(forA.body).toContain('提出期限：令和7年4月4日（金）17:00'); // the deadline in force, with its time
      expect(forA.body).toContain('伴走支援事業者の公募');
      const mails = await mailsOf(t, notices);
      expect(mails.map((m) => m.recipient_email).sort()).toEqual([...(await emailsOf(v.a.vendorId)), ...(await emailsOf(v.d.vendorId))].sort());
      expect(mails.every((m) => /^令7地DX第\d+号/.test(m.body))).toBe(true);

      // 長野県, whose region left the call, is told too (its application's contacts); 兵庫県, kept, is not.
      const removed = await noticesLike(t, 'vendor-call-region-removed:%');
      expect(removed.map((n) => [n.kind, n.audience, n.object_type, n.object_id])).toEqual([
        ['VENDOR_CALL_REGION_REMOVED', 'prefecture:20', 'CANDIDATE_REGION', regions['20']],
      ]);
      expectLetter(removed[0], '長野県', '御中', '令和7年3月15日（土）');
      expect(removed[0].body).toContain('貴団体の候補地域（長野県）を公募の対象地域から除外しました');
      expect(removed[0].body).toContain('審査・選定の対象となりません');
      const removedMails = await mailsOf(t, removed);
      expect(removedMails.length).toBeGreaterThan(0);
      const contacts = await t.app
        .get(DataSource)
        .query('SELECT c.email FROM application_contacts c JOIN candidate_regions r ON r.application_id = c.application_id WHERE r.id = $1 ORDER BY c.email', [
          regions['20'],
        ]);
      expect(removedMails.map((m) => m.recipient_email).sort()).toEqual(contacts.map((c: { email: string }) => c.email).sort());

      // The same regions again: nothing removed, nothing returned, nothing told again.
      const again = ok(
        await gql(
          t.app,
          `mutation { updateVendorCall(input: {callId: "${callId}", candidateRegionIds: ["${regions['28']}"]}) { returnedApplications } }`,
          {},
          tok.secretariat,
        ),
      ).updateVendorCall;
      expect(again.returnedApplications).toBe(0);
      expect(await noticesLike(t, 'bids-returned:%')).toHaveLength(2);
      expect(await noticesLike(t, 'vendor-call-region-removed:%')).toHaveLength(1);
      expect(await mailsOf(t, notices)).toHaveLength(mails.length);
    });

    it('returns every submitted bid on a change of the criteria, and tells its vendor of the criteria', async () => {
      ok(await submitVendor(t.app, v.a.token, apps.a)); // a resubmits (its 長野県 proposal no longer counts)
      ok(
        await gql(
          t.app,
          `mutation($c: [CriterionInput!]!) { setEvaluationCriteria(callId: "${callId}", criteria: $c) { id } }`,
          { c: [{ titleJa: '地域課題の理解', titleEn: 'Understanding', weight: 1, maxPoints: 5 }] },
          tok.secretariat,
        ),
      );
      expect([await statusOf('a'), await statusOf('b'), await statusOf('d')]).toEqual(['DRAFT', 'DRAFT', 'DRAFT']);
      const notices = await noticesLike(t, 'bids-returned:%');
      expect(notices).toHaveLength(4); // a again (a new return), b; d was already in draft
      const forB = notices.find((n) => n.audience === `vendor:${v.b.vendorId}`)!;
      expect(forB.body).toContain('評価項目及び配点を変更しました');
      expect(forB.body).not.toContain('除外');
      expect(notices.filter((n) => n.audience === `vendor:${v.a.vendorId}`)).toHaveLength(2);
    });

    it('refuses the change within 7 days of the deadline, telling nobody', async () => {
      t.clock.set('2025-03-28T17:00:00+09:00');
      for (const key of ['a', 'b']) ok(await submitVendor(t.app, v[key].token, apps[key]));
      const r = await gql(
        t.app,
        `mutation { updateVendorCall(input: {callId: "${callId}", candidateRegionIds: ["${regions['20']}"]}) { returnedApplications } }`,
        {},
        tok.secretariat,
      );
      expect(errorCode(r)).toBe('MATERIAL_CHANGE_TOO_LATE');
      expect(await noticesLike(t, 'bids-returned:%')).toHaveLength(4);
      t.clock.set(IN_VENDOR_WINDOW);
    });
  });
});

describe('briefing notices: acceptance without the link, the connection details at the send time, once', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let programId: string;
  const REGISTER = 'mutation($s: ID!, $i: BriefingRegistrationInput!) { registerForBriefing(sessionId: $s, input: $i) { id } }';
  const CONFIRM = 'mutation($t: String!) { confirmBriefingRegistration(input: { token: $t }) { id status } }';
  const SEND = 'mutation { sendBriefingConnectionDetails }';
  const person = (name: string, email: string) => ({ name, organisation: '兵庫県', kind: 'LOCAL_GOVERNMENT', email, consentToRecording: true });
  const session = async (title: string, url: string, connectionDetailsAt?: string) =>
    ok(
      await gql(
        t.app,
        'mutation($i: CreateBriefingSessionInput!) { createBriefingSession(input: $i) { id connectionDetailsAtDisplay { wareki } } }',
        {
          i: {
            programId,
            title,
            startsAt: '2025-02-17T13:00',
            endsAt: '2025-02-17T14:00',
            onlineUrl: url,
            capacity: 10,
            registrationClosesAt: '2025-02-14T17:00',
            ...(connectionDetailsAt ? { connectionDetailsAt } : {}),
          },
        },
        tok.secretariat,
      ),
    ).createBriefingSession;
  const registerAndConfirm = async (sessionId: string, name: string, email: string) => {
    ok(await gql(t.app, REGISTER, { s: sessionId, i: person(name, email) }));
    return ok(await gql(t.app, CONFIRM, { t: await briefingLinkToken(t.app, email) })).confirmBriefingRegistration.id as string;
  };

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2025-02-01T09:00:00+09:00');
    tok = await signIn(t.app, [...STANDARD_ACCOUNTS.slice(0, 1), { key: 'hyogo', role: Role.PREFECTURE, prefectureCode: '28' }]);
    ({ programId } = await createProgramAndCall(t.app, tok.secretariat, { supportEndsOn: '2026-03-13' }));
  });
  afterAll(() => t.close());

  it('mails the connection details to every confirmed registrant once when the send time (15 February) has come', async () => {
    // The call's session: registration until 14 February 17:00, details around 15 February, the session on the 17th.
    const s = await session('推進体制構築支援 公募説明会', 'https://teams.example.jp/meet/r7', '2025-02-15T09:00');
    expect(s.connectionDetailsAtDisplay.wareki).toBe('令和7年2月15日（土）09:00');
    t.clock.set('2025-02-10T10:00:00+09:00');
    const hanako = await registerAndConfirm(s.id, '説明 花子', 'hanako@pref.hyogo.example.lg.jp');
    const taro = await registerAndConfirm(s.id, '説明 太郎', 'taro@pref.hyogo.example.lg.jp');
    ok(await gql(t.app, REGISTER, { s: s.id, i: person('未確定 次郎', 'jiro@pref.hyogo.example.lg.jp') })); // never confirms

    // The confirmation request and the acceptance: letters to the person, without the link.
    const [request] = await noticesLike(t, `briefing-confirm:${hanako}:%`);
    expect(request).toMatchObject({ kind: 'BRIEFING_CONFIRMATION_REQUEST', audience: 'email:hanako@pref.hyogo.example.lg.jp' });
    expectLetter(request, '説明 花子', '様', '令和7年2月10日（月）');
    const [accepted] = await noticesLike(t, `briefing:${hanako}`);
    expect(accepted).toMatchObject({ kind: 'BRIEFING_REGISTRATION_CONFIRMED', audience: 'email:hanako@pref.hyogo.example.lg.jp' });
    expectLetter(accepted, '説明 花子', '様', '令和7年2月10日（月）');
    expect(accepted.body).toContain('日時：令和7年2月17日（月）13:00〜14:00');
    expect(accepted.body).toContain('令和7年2月15日（土）を目途に');
    const db = t.app.get(DataSource);
    expect((await db.query(`SELECT count(*)::int AS n FROM outbox WHERE body LIKE '%meet/r7%'`))[0].n).toBe(0);

    // Before the send time: nothing.
    t.clock.set('2025-02-15T08:59:59+09:00');
    expect(ok(await gql(t.app, SEND, {}, tok.secretariat)).sendBriefingConnectionDetails).toBe(0);
    // At it: two runs at once (as two instances would) send each confirmed registrant one notice; a later run none.
    t.clock.set('2025-02-15T09:00:00+09:00');
    const runs = await Promise.all([gql(t.app, SEND, {}, tok.secretariat), gql(t.app, SEND, {}, tok.secretariat)]);
    expect(runs.map((r) => ok(r).sendBriefingConnectionDetails).reduce((x: number, y: number) => x + y, 0)).toBe(2);
    expect(ok(await gql(t.app, SEND, {}, tok.secretariat)).sendBriefingConnectionDetails).toBe(0);
    const details = await noticesLike(t, 'briefing-connection:%');
    expect(details.map((n) => n.notice_key).sort()).toEqual([`briefing-connection:${hanako}`, `briefing-connection:${taro}`].sort());
    const forHanako = details.find((n) => n.notice_key === `briefing-connection:${hanako}`)!;
    expect(forHanako).toMatchObject({ kind: 'BRIEFING_CONNECTION_DETAILS', audience: 'email:hanako@pref.hyogo.example.lg.jp' });
    expectLetter(forHanako, '説明 花子', '様', '令和7年2月15日（土）');
    expect(forHanako.body).toContain('接続先：https://teams.example.jp/meet/r7');
    expect(forHanako.body).toContain('日時：令和7年2月17日（月）13:00〜14:00');
    const mails = await db.query(`SELECT recipient_email FROM outbox WHERE body LIKE '%meet/r7%' ORDER BY recipient_email`);
    expect(mails.map((m: any) => m.recipient_email)).toEqual(['hanako@pref.hyogo.example.lg.jp', 'taro@pref.hyogo.example.lg.jp']);
    // The secretariat alone runs the job by hand.
    expect(errorCode(await gql(t.app, SEND, {}, tok.hyogo))).toBe('FORBIDDEN');
  });

  it('gives a registrant confirmed after the send time the details at confirmation, once', async () => {
    const s = await session('公募説明会（追加回）', 'https://teams.example.jp/meet/extra', '2025-02-12T09:00');
    t.clock.set('2025-02-11T10:00:00+09:00');
    const early = await registerAndConfirm(s.id, '早期 一郎', 'ichiro@agency.example.go.jp');
    t.clock.set('2025-02-13T10:00:00+09:00');
    const late = await registerAndConfirm(s.id, '後日 二郎', 'jiro@agency.example.go.jp');
    const [atConfirmation] = await noticesLike(t, `briefing-connection:${late}`);
    expect(atConfirmation.body).toContain('接続先：https://teams.example.jp/meet/extra');
    expect(await noticesLike(t, `briefing-connection:${early}`)).toHaveLength(0); // the job's, not yet run
    expect(ok(await gql(t.app, SEND, {}, tok.secretariat)).sendBriefingConnectionDetails).toBe(1); // the early one only
    expect(ok(await gql(t.app, SEND, {}, tok.secretariat)).sendBriefingConnectionDetails).toBe(0);
    const db = t.app.get(DataSource);
    expect(
      (await db.query(`SELECT recipient_email FROM outbox WHERE body LIKE '%meet/extra%' ORDER BY recipient_email`)).map((m: any) => m.recipient_email),
    ).toEqual(['ichiro@agency.example.go.jp', 'jiro@agency.example.go.jp']);
  });

  it('refuses a send time after the start of the session', async () => {
    const r = await gql(
      t.app,
      'mutation($i: CreateBriefingSessionInput!) { createBriefingSession(input: $i) { id } }',
      {
        i: {
          programId,
          title: '遅すぎる案内',
          startsAt: '2025-02-17T13:00',
          endsAt: '2025-02-17T14:00',
          onlineUrl: 'https://teams.example.jp/meet/late',
          capacity: 10,
          registrationClosesAt: '2025-02-14T17:00',
          connectionDetailsAt: '2025-02-17T13:30',
        },
      },
      tok.secretariat,
    );
    expect(errorCode(r)).toBe('VALIDATION_FAILED');
  });

  it("erases the letters to the programme's registrants with its personal data", async () => {
    const db = t.app.get(DataSource);
    expect((await db.query(`SELECT count(*)::int AS n FROM notices WHERE audience LIKE 'email:%'`))[0].n).toBeGreaterThan(0);
    // Support ends 2026-03-13; kept 365 days.
    t.clock.set('2027-03-14T00:00:00+09:00');
    ok(await gql(t.app, `mutation($p: ID!) { erasePersonalData(programId: $p) { briefingRegistrations } }`, { p: programId }, tok.secretariat));
    expect((await db.query(`SELECT count(*)::int AS n FROM notices WHERE audience LIKE 'email:%'`))[0].n).toBe(0);
    const text = JSON.stringify(await db.query(`SELECT * FROM notices`));
    for (const v of ['hanako@pref.hyogo.example.lg.jp', '説明 花子', 'jiro@agency.example.go.jp', '後日 二郎']) expect(text).not.toContain(v);
  });
});
