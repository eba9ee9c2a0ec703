import request from 'supertest';
import { DataSource } from 'typeorm';
import pdfParse from 'pdf-parse/lib/pdf-parse.js';
import { Role, toWareki } from '@app/core';
import { fillTemplate, NOTICE_TEMPLATES, PROGRAMME_NAME } from '@app/notifications';
import {
  checkAll,
  completeDraft,
  createProgramAndCall,
  createTestApp,
  errorCode,
  gql,
  IN_WINDOW,
  ok,
  signIn,
  STANDARD_ACCOUNTS,
  submit,
  TestApp,
} from './support';

/** A generated PDF as bytes, whatever its type (supertest buffers only text by default). */
function get(t: TestApp, path: string, token?: string) {
  const req = request(t.app.getHttpServer())
    .get(path)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  if (token) req.set('authorization', `Bearer ${token}`);
  return req;
}

/** The text of a PDF as a reader's copy-and-paste gives it, with the font's checks: embedded, no glyph missing (tofu). */
async function pdfText(bytes: Buffer): Promise<string> {
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(bytes.includes('/FontFile2')).toBe(true); // the TrueType font program is embedded (a subset)
  expect(bytes.includes('/ToUnicode')).toBe(true);
  const { text } = await pdfParse(bytes);
  expect(text).not.toContain('\u0000'); // a character without a glyph extracts as U+0000
  return text;
}

const DOCUMENT_NUMBER = /令7地DX第\d+号/;

describe('notices and documents as PDF: stage-1 results, hearings, receipts (issue 15)', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let callId: string;
  const ids: Record<string, string> = {};
  const receipts: Record<string, { number: string; contentDigest: string; receivedAt: string }> = {};
  const db = () => t.app.get(DataSource);
  const noticesOf = (key: string) =>
    db().query(
      `SELECT id, kind, audience, object_type, object_id, document_number, addressee, subject, body FROM notices WHERE notice_key LIKE $1 ORDER BY created_at, document_number`,
      [key],
    );
  const outboxOf = (key: string) =>
    db().query(`SELECT dedupe_key, recipient_email, subject, body, notice_id FROM outbox WHERE dedupe_key LIKE $1 ORDER BY dedupe_key`, [key]);
  const common = { fiscalYear: '令和7年度', programmeName: PROGRAMME_NAME };

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2025-02-01T09:00:00+09:00');
    tok = { ...(await signIn(t.app, STANDARD_ACCOUNTS)), ...(await signIn(t.app, [{ key: 'kochi', role: Role.PREFECTURE, prefectureCode: '39' }])) };
    ({ callId } = await createProgramAndCall(t.app, tok.secretariat));
    t.clock.set(IN_WINDOW);
    ids.hyogo = (await completeDraft(t.app, tok.hyogo, callId, ['282090'])).id;
    ids.kochi = (await completeDraft(t.app, tok.kochi, callId, ['392014'])).id;
    for (const k of ['hyogo', 'kochi']) receipts[k] = ok(await submit(t.app, tok[k], ids[k])).submitRegionApplication;
    await checkAll(t.app, tok.secretariat, ids.hyogo);
    await checkAll(t.app, tok.secretariat, ids.kochi);
  });
  afterAll(() => t.close());

  const HEARING = `mutation($a: ID!, $at: String!, $f: HearingFormat, $p: String!, $n: String!) {
    scheduleHearing(applicationId: $a, at: $at, format: $f, place: $p, note: $n) { hearingAt hearingFormat hearingPlace hearingNote }
  }`;

  it('tells the prefecture of a hearing once: when (JST, era) and how; a re-scheduled hearing is a new notice', async () => {
    const vars = { a: ids.kochi, at: '2025-03-03T14:00', f: 'ONLINE', p: 'https://meet.example.jp/kochi-hearing', n: '申請内容の確認（30分程度）' };
    const h = ok(await gql(t.app, HEARING, vars, tok.secretariat)).scheduleHearing;
    expect(h).toEqual({
      hearingAt: '2025-03-03T05:00:00.000Z',
      hearingFormat: 'ONLINE',
      hearingPlace: 'https://meet.example.jp/kochi-hearing',
      hearingNote: vars.n,
    });
    ok(await gql(t.app, HEARING, vars, tok.secretariat)); // the same hearing again: nothing new to tell
    let notices = await noticesOf(`hearing:${ids.kochi}:%`);
    expect(notices).toHaveLength(1);
    const [n] = notices;
    expect(n).toMatchObject({
      kind: 'HEARING_SCHEDULED',
      audience: 'prefecture:39',
      object_type: 'REGION_APPLICATION',
      object_id: ids.kochi,
      addressee: '高知県',
    });
    expect(n.subject).toBe('推進体制構築支援（高知県）ヒアリング実施のご案内');
    const body = fillTemplate(NOTICE_TEMPLATES.HEARING_SCHEDULED.body, {
      ...common,
      prefectureName: '高知県',
      hearingAt: '令和7年3月3日（月）14:00',
      hearingFormat: 'オンライン（Web会議）',
      hearingPlaceLabel: '接続先',
      hearingPlace: 'https://meet.example.jp/kochi-hearing',
      hearingNote: vars.n,
    });
    expect(n.body).toContain(body.trimEnd());
    expect(n.body).toContain('日時：令和7年3月3日（月）14:00（日本時間）');
    expect(n.body).toMatch(DOCUMENT_NUMBER);
    expect(n.body).toContain('令和7年2月20日（木）'); // issued on the day it was scheduled
    expect(n.body).toContain('高知県 御中');
    expect(n.body).toContain('以上');
    let mails = await outboxOf(`hearing:${ids.kochi}:%`);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ recipient_email: 'tanto-39@pref.example.lg.jp', notice_id: n.id, body: n.body });

    // Moved to another day, in person: a second notice, the first one stays as sent.
    ok(await gql(t.app, HEARING, { ...vars, at: '2025-03-04T10:30', f: 'IN_PERSON', p: '高知県庁 本庁舎3階 会議室' }, tok.secretariat));
    notices = await noticesOf(`hearing:${ids.kochi}:%`);
    expect(notices).toHaveLength(2);
    expect(notices[1].body).toContain('日時：令和7年3月4日（火）10:30（日本時間）');
    expect(notices[1].body).toContain('開催方法：対面\n場所：高知県庁 本庁舎3階 会議室');
    mails = await outboxOf(`hearing:${ids.kochi}:%`);
    expect(mails).toHaveLength(2);
    expect(new Set(mails.map((m: any) => m.dedupe_key)).size).toBe(2);
    // Only the secretariat schedules.
    expect(errorCode(await gql(t.app, HEARING, vars, tok.ministry))).toBe('FORBIDDEN');
    expect(await noticesOf(`hearing:${ids.kochi}:%`)).toHaveLength(2);
  });

  it('sends no stage-1 result before the call is decided; then each applicant its own, exactly once', async () => {
    t.clock.set('2025-02-28T17:00:00+09:00');
    ok(await gql(t.app, `mutation { closeCall(id: "${callId}") { status } }`, {}, tok.secretariat));
    t.clock.set('2025-03-05T10:00:00+09:00');
    ok(await gql(t.app, `mutation { adoptRegionApplication(applicationId: "${ids.hyogo}") { status } }`, {}, tok.secretariat));
    ok(
      await gql(
        t.app,
        `mutation { rejectRegionApplication(applicationId: "${ids.kochi}", reason: "応募要件5（受入体制）が確認できなかったため") { status } }`,
        {},
        tok.secretariat,
      ),
    );
    expect(await noticesOf('stage1:%')).toHaveLength(0); // a decision may still change until the call is decided

    ok(await gql(t.app, `mutation { decideRegionCall(callId: "${callId}") { status } }`, {}, tok.secretariat));
    expect(errorCode(await gql(t.app, `mutation { decideRegionCall(callId: "${callId}") { status } }`, {}, tok.secretariat))).toBe('INVALID_STATE');
    const [adopted] = await noticesOf(`stage1:${ids.hyogo}`);
    const [rejected] = await noticesOf(`stage1:${ids.kochi}`);
    expect(adopted).toMatchObject({
      kind: 'STAGE1_ADOPTED',
      audience: 'prefecture:28',
      object_type: 'REGION_APPLICATION',
      object_id: ids.hyogo,
      addressee: '兵庫県',
    });
    expect(rejected).toMatchObject({ kind: 'STAGE1_REJECTED', audience: 'prefecture:39', object_id: ids.kochi, addressee: '高知県' });
    expect(adopted.body).toContain(
      fillTemplate(NOTICE_TEMPLATES.STAGE1_ADOPTED.body, {
        ...common,
        prefectureName: '兵庫県',
        prefectureKind: '県',
        receiptNumber: receipts.hyogo.number,
      }).trimEnd(),
    );
    expect(rejected.body).toContain(
      fillTemplate(NOTICE_TEMPLATES.STAGE1_REJECTED.body, {
        ...common,
        prefectureName: '高知県',
        prefectureKind: '県',
        receiptNumber: receipts.kochi.number,
        reason: '応募要件5（受入体制）が確認できなかったため',
      }).trimEnd(),
    );
    for (const n of [adopted, rejected]) {
      expect(n.body.split('\n')[0]).toMatch(new RegExp(`^${DOCUMENT_NUMBER.source}$`));
      expect(n.body.split('\n')[1]).toBe('令和7年3月5日（水）');
      expect(n.body).toContain(`${n.addressee} 御中`);
      expect(n.body).toContain(`令和7年度 ${PROGRAMME_NAME}`);
      expect(n.body).toContain('\n以上\n');
      expect(n.body).toContain('株式会社三菱総合研究所');
    }
    expect(adopted.document_number).not.toBe(rejected.document_number);
    const mails = await outboxOf('stage1:%');
    expect(mails.map((m: any) => [m.dedupe_key, m.recipient_email])).toEqual(
      [
        [`stage1:${ids.hyogo}:tanto-28@pref.example.lg.jp`, 'tanto-28@pref.example.lg.jp'],
        [`stage1:${ids.kochi}:tanto-39@pref.example.lg.jp`, 'tanto-39@pref.example.lg.jp'],
      ].sort((a, b) => a[0].localeCompare(b[0])),
    );
    expect(mails.find((m: any) => m.notice_id === rejected.id).subject).toBe('推進体制構築支援（高知県）支援地域の公募の審査結果について（通知）');
    // Publishing the candidate regions afterwards is no second result.
    ok(await gql(t.app, `mutation { publishCandidateRegions(callId: "${callId}") { status } }`, {}, tok.secretariat));
    expect(await outboxOf('stage1:%')).toHaveLength(2);
    expect(await noticesOf('stage1:%')).toHaveLength(2);
  });

  it('serves the 採択通知 and 不採択通知 as PDF letters with their key fields, to their readers only', async () => {
    const [adopted] = await noticesOf(`stage1:${ids.hyogo}`);
    const [rejected] = await noticesOf(`stage1:${ids.kochi}`);
    const res = await get(t, `/notices/${adopted.id}/pdf`, tok.hyogo);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[^"]*\.pdf"; filename\*=UTF-8''.+\.pdf$/);
    expect(decodeURIComponent(res.headers['content-disposition'].split("UTF-8''")[1])).toBe(`${adopted.document_number}_${adopted.subject}.pdf`);
    const text = await pdfText(res.body);
    expect(text).toContain(adopted.document_number);
    expect(text).toContain('令和7年3月5日（水）');
    expect(text).toContain('兵庫県　御中');
    expect(text).toContain('支援地域候補の採択について（通知）');
    expect(text).toContain('審査結果：採択');
    expect(text).toContain(receipts.hyogo.number);
    expect(text).toContain('以上');
    expect(text).toContain('「総務省 地域社会DX推進パッケージ事業 推進体制構築支援」事務局');

    const r = await get(t, `/notices/${rejected.id}/pdf`, tok.kochi);
    expect(r.status).toBe(200);
    const rText = await pdfText(r.body);
    expect(rText).toContain(rejected.document_number);
    expect(rText).toContain('高知県　御中');
    expect(rText).toContain('審査結果：不採択');
    expect(rText).toContain('理由：応募要件5（受入体制）が確認できなかったため');

    // Readers: the staff, the audience, whoever reads the application (its partner municipality). Others: 404, as for no notice.
    for (const who of ['secretariat', 'ministry', 'hyogo', 'toyooka'])
      expect([who, (await get(t, `/notices/${adopted.id}/pdf`, tok[who])).status]).toEqual([who, 200]);
    for (const who of ['kochi', 'nagano', 'ashiya', 'evaluator'])
      expect([who, (await get(t, `/notices/${adopted.id}/pdf`, tok[who])).status]).toEqual([who, 404]);
    expect((await get(t, `/notices/${rejected.id}/pdf`, tok.hyogo)).status).toBe(404);
    expect((await get(t, '/notices/00000000-0000-4000-8000-000000000000/pdf', tok.hyogo)).status).toBe(404);
    expect((await get(t, `/notices/${adopted.id}/pdf`)).status).toBe(401);
    const bad = await get(t, '/notices/not-a-uuid/pdf', tok.hyogo);
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
  });

  it('serves the hearing notice as a PDF with the date and time in the era', async () => {
    const [first] = await noticesOf(`hearing:${ids.kochi}:%`);
    const res = await get(t, `/notices/${first.id}/pdf`, tok.kochi);
    expect(res.status).toBe(200);
    const text = await pdfText(res.body);
    expect(text).toContain('ヒアリング実施のご案内');
    expect(text).toContain('令和7年3月3日（月）14:00（日本時間）');
    expect(text).toContain('https://meet.example.jp/kochi-hearing');
  });

  it('serves the 受付票 (number, JST time in the era, digest, signature) to whoever may read the application', async () => {
    const res = await get(t, `/region-applications/${ids.hyogo}/receipt.pdf`, tok.hyogo);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(decodeURIComponent(res.headers['content-disposition'].split("UTF-8''")[1])).toBe(`受付票_${receipts.hyogo.number}.pdf`);
    const text = await pdfText(res.body);
    expect(text).toContain('受付票');
    expect(text).toContain(receipts.hyogo.number);
    expect(text).toContain('兵庫県');
    expect(text).toContain(toWareki(new Date(receipts.hyogo.receivedAt)));
    expect(text).toContain(receipts.hyogo.contentDigest);
    // The signature printed is the one the API gives, and it verifies.
    const api = ok(
      await gql(t.app, `query { regionApplication(id: "${ids.hyogo}") { receipts { signature signedPayload } } }`, {}, tok.hyogo),
    ).regionApplication.receipts.at(-1);
    expect(text.replace(/\s/g, '')).toContain(api.signature);
    expect(
      ok(await gql(t.app, 'query($p: String!, $s: String!) { verifyReceipt(signedPayload: $p, signature: $s) }', { p: api.signedPayload, s: api.signature }))
        .verifyReceipt,
    ).toBe(true);
    for (const who of ['secretariat', 'ministry', 'toyooka'])
      expect([who, (await get(t, `/region-applications/${ids.hyogo}/receipt.pdf`, tok[who])).status]).toEqual([who, 200]);
    for (const who of ['kochi', 'nagano', 'ashiya', 'evaluator'])
      expect([who, (await get(t, `/region-applications/${ids.hyogo}/receipt.pdf`, tok[who])).status]).toEqual([who, 404]);
    expect((await get(t, `/region-applications/${ids.hyogo}/receipt.pdf`)).status).toBe(401);
    expect((await get(t, '/region-applications/00000000-0000-4000-8000-000000000000/receipt.pdf', tok.secretariat)).status).toBe(404);
  });

  it("erases the contacts' addresses from the stage-1 and hearing mails with the programme's personal data", async () => {
    const keys = "dedupe_key LIKE 'stage1:%' OR dedupe_key LIKE 'hearing:%'";
    // Delivered (pending mails are left to send); the SMTP sender's own test is test/notifications.e2e-spec.ts.
    await db().query(`UPDATE outbox SET status = 'SENT', sent_at = now() WHERE ${keys}`);
    const [{ program_id: programId }] = await db().query('SELECT program_id FROM calls WHERE id = $1', [callId]);
    t.clock.set('2027-03-14T00:00:00+09:00'); // the default end of support 2026-03-13, kept 365 days
    const erased = ok(
      await gql(t.app, `mutation($p: ID!) { erasePersonalData(programId: $p) { messages } }`, { p: programId }, tok.secretariat),
    ).erasePersonalData;
    expect(erased.messages).toBeGreaterThanOrEqual(4);
    const left = JSON.stringify(
      await db().query(
        `SELECT recipient_email, dedupe_key, body FROM outbox WHERE notice_id IN (SELECT id FROM notices WHERE notice_key LIKE 'stage1:%' OR notice_key LIKE 'hearing:%')`,
      ),
    );
    expect(left).not.toContain('tanto-');
    // The letters themselves (notices) carry no contact: they stay, as sent, with their PDFs.
    expect(JSON.stringify(await noticesOf('%'))).not.toContain('tanto-');
  });
});
