import { randomUUID } from 'crypto';
import { DataSource } from 'typeorm';
import { INestApplication } from '@nestjs/common';
import { Actor, inWriteTransaction, Role, SYSTEM_ACTOR } from '@app/core';
import { MatchingService } from '@app/matching';
import { NOTICE_TEMPLATES, NoticeTemplateDef, placeholdersIn } from '@app/notifications';
import { ResultNotices } from '@app/matching/result-notices';
import {
  approvedVendor,
  createPeerApp,
  createTestApp,
  createVendorCall,
  errorCode,
  gql,
  IN_VENDOR_WINDOW,
  ok,
  panelExpert,
  publishedRegions,
  saveProposal,
  setRubric,
  signIn,
  STANDARD_ACCOUNTS,
  startVendorApplication,
  submitVendor,
  TestApp,
} from './support';

// The scenario of test/matching.e2e-spec.ts: points per criterion (weights 25/25/20/20/10, max 5, threshold 60).
const POINTS: Record<string, number[]> = {
  'A:28': [5, 5, 5, 5, 5], // 100, but A (capacity 1) is selected for 長野県
  'A:20': [5, 5, 5, 5, 3], // 96: selected
  'B:28': [4, 4, 4, 4, 4], // 80: selected
  'B:39': [3, 3, 3, 3, 3], // 60: selected
  'C:20': [2, 2, 2, 2, 2], // 40: below the threshold
  'C:40': [2, 2, 2, 2, 2], // 40: below the threshold
  'D:39': [5, 5, 5, 5, 5], // D is suspended: excluded
  'D:13': [5, 5, 5, 5, 5],
  'E:28': [4, 4, 3, 3, 3], // 70: ranked below B
};
const CAPACITY: Record<string, number> = { A: 1, B: 2, C: 2, D: 2, E: 1 };

const DOCUMENT_NUMBER = /^令\d+地DX第\d+号$/m;
const SIGNATURE = '「総務省 地域社会DX推進パッケージ事業 推進体制構築支援」事務局';
const NOTICE_FIELDS = 'id kind documentNumber subject body createdAt pdfPath';
const SECRETARIAT_ACTOR: Actor = {
  userId: '00000000-0000-0000-0000-000000000000',
  role: Role.SECRETARIAT,
  prefectureCode: null,
  municipalityCode: null,
  vendorId: null,
  evaluatorId: null,
};
/** Two instances need PostgreSQL (an embedded PGlite is one process's private session). */
const itOnPostgres = process.env.TEST_DATABASE_URL ? it : it.skip;

describe('notices: the round’s letters in business form, each reader its own, templates edited by the secretariat', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let callId: string;
  let regions: Record<string, string>;
  let run: any;
  let peer: INestApplication | undefined;
  const vendors: Record<string, { vendorId: string; token: string }> = {};
  const proposals: Record<string, string> = {};
  const experts: Array<{ id: string; token: string }> = [];
  const db = () => t.app.get(DataSource);
  const key = (p: string) => Object.entries(proposals).find(([, id]) => id === p)![0];
  const mine = async (token: string) => ok(await gql(t.app, `{ myNotices(first: 50) { ${NOTICE_FIELDS} } }`, {}, token)).myNotices;
  /** The publication's notice step, run again on an instance (as a retried or duplicated job would). */
  const publishAgain = async (app: INestApplication) => {
    const resultNotices = app.get(ResultNotices, { strict: false });
    const stored = await app.get(MatchingService).run(SECRETARIAT_ACTOR, run.id);
    const dir = await resultNotices.directory(callId, Object.values(regions));
    await inWriteTransaction(app.get(DataSource), SYSTEM_ACTOR, (m) => resultNotices.queueResults(m, stored, dir));
  };
  const vendorResult = async (v: string) => (await mine(vendors[v].token)).find((n: any) => n.kind === 'STAGE2_RESULT_VENDOR');

  beforeAll(async () => {
    t = await createTestApp();
    tok = {
      ...(await signIn(t.app, STANDARD_ACCOUNTS)),
      ...(await signIn(t.app, [
        { key: 'kochi', role: Role.PREFECTURE, prefectureCode: '39' },
        { key: 'hokkaido', role: Role.PREFECTURE, prefectureCode: '01' },
        { key: 'fukuoka', role: Role.PREFECTURE, prefectureCode: '40' },
        { key: 'tokyo', role: Role.PREFECTURE, prefectureCode: '13' },
      ])),
    };
    const pub = await publishedRegions(t, tok.secretariat, [
      { token: tok.hyogo, prefectureCode: '28', partners: ['282090'] },
      { token: tok.nagano, prefectureCode: '20', partners: ['202011'] },
      { token: tok.kochi, prefectureCode: '39', partners: ['392014'] },
      { token: tok.hokkaido, prefectureCode: '01', partners: ['012025'] },
      { token: tok.fukuoka, prefectureCode: '40', partners: ['401307'] },
      { token: tok.tokyo, prefectureCode: '13', partners: ['131016'] },
    ]);
    regions = pub.regionIds;
    t.clock.set(IN_VENDOR_WINDOW);
    callId = await createVendorCall(t.app, tok.secretariat, pub.programId, pub.regionCallId);
    const criteria = await setRubric(t.app, tok.secretariat, callId);
    for (const [i, v] of ['A', 'B', 'C', 'D', 'E'].entries()) {
      vendors[v] = await approvedVendor(t.app, tok.secretariat, `nv-${v}`, `60000000000${i}`);
      const app = await startVendorApplication(t.app, vendors[v].token, callId, CAPACITY[v]);
      for (const k of Object.keys(POINTS).filter((k) => k.startsWith(`${v}:`))) {
        const region = regions[k.split(':')[1]];
        const saved = ok(await saveProposal(t.app, vendors[v].token, app, region)).saveRegionProposal;
        proposals[k] = saved.proposals.find((p: any) => p.candidateRegionId === region).id;
      }
      ok(await submitVendor(t.app, vendors[v].token, app));
    }
    for (const n of [1, 2]) {
      experts.push(
        await panelExpert(t.app, tok.secretariat, callId, { email: `n-expert${n}@univ.example.ac.jp`, name: `委員${n}`, fields: ['DX'], maxLoad: 10 }),
      );
    }
    t.clock.set('2025-03-28T15:00:00+09:00');
    ok(await gql(t.app, `mutation { closeCall(id: "${callId}") { status } }`, {}, tok.secretariat));
    ok(await gql(t.app, `mutation { runAssignment(callId: "${callId}") { status } }`, {}, tok.secretariat));
    ok(await gql(t.app, `mutation { confirmAssignments(callId: "${callId}") { confirmed } }`, {}, tok.secretariat));
    for (const e of experts) {
      for (const p of ok(await gql(t.app, '{ myAssignedProposals { id } }', {}, e.token)).myAssignedProposals) {
        const pts = POINTS[key(p.id)];
        ok(
          await gql(
            t.app,
            'mutation($p: ID!, $s: [ScoreInput!]!) { saveScores(proposalId: $p, scores: $s) { id } }',
            { p: p.id, s: criteria.map((c: any, i: number) => ({ criterionId: c.id, points: pts[i] })) },
            e.token,
          ),
        );
        ok(await gql(t.app, `mutation { submitScores(proposalId: "${p.id}") { status } }`, {}, e.token));
      }
    }
    ok(await gql(t.app, `mutation { suspendVendor(id: "${vendors.D.vendorId}") { status } }`, {}, tok.secretariat));
    t.clock.set('2025-04-10T10:00:00+09:00');
    run = ok(
      await gql(t.app, `mutation { runMatching(input: {callId: "${callId}"}) { id matches { id candidateRegionId proposalId } } }`, {}, tok.secretariat),
    ).runMatching;
    ok(await gql(t.app, `mutation { approveMatching(runId: "${run.id}") { status } }`, {}, tok.secretariat));
    ok(await gql(t.app, `mutation { publishMatching(runId: "${run.id}") { status } }`, {}, tok.secretariat));
  }, 900_000);
  afterAll(async () => {
    await peer?.close();
    await t.close();
  });

  it('tells each vendor the outcome of every region it bid on, with the reason where it was not selected', async () => {
    // The lines of the region outcomes (selected first, then by prefecture): every region the vendor bid on, no other.
    const outcomes = async (v: string) => ((await vendorResult(v)).body as string).match(/^・.*$/gm);
    expect(await outcomes('A')).toEqual(['・長野県：選定', '・兵庫県：非選定（貴社が他の地域で選定され、同時支援可能数に達したため）']);
    expect((await outcomes('B'))!.sort()).toEqual(['・高知県：選定', '・兵庫県：選定'].sort());
    expect((await outcomes('C'))!.sort()).toEqual(
      ['・長野県：非選定（評価が基準に達しなかったため）', '・福岡県：非選定（評価が基準に達しなかったため）'].sort(),
    );
    expect((await outcomes('D'))!.sort()).toEqual(['・高知県：非選定（除外されたため）', '・東京都：非選定（除外されたため）'].sort());
    expect(await outcomes('E')).toEqual(['・兵庫県：非選定（他の提案が上位となったため）']);
  });

  it('writes each notice as a business letter: document number, era date, addressee 御中, programme, title, body, 以上, signature', async () => {
    const a = await vendorResult('A');
    expect(a.documentNumber).toMatch(DOCUMENT_NUMBER);
    expect(a.subject).toBe('伴走支援事業者の公募 選定結果のお知らせ（nv-A 株式会社）');
    const lines = a.body.split('\n');
    expect(lines[0]).toBe(a.documentNumber);
    expect(lines[1]).toBe('令和7年4月10日（木）');
    expect(a.body).toContain('nv-A 株式会社 御中');
    expect(a.body).toContain('令和7年度 総務省 地域社会DX推進パッケージ事業 推進体制構築支援');
    expect(a.body).toContain(`\n${a.subject}\n`);
    expect(a.body).toContain('\n以上\n');
    expect(a.body).toContain(SIGNATURE);
    expect(a.pdfPath).toBe(`/notices/${a.id}/pdf`);
    const hyogo = (await mine(tok.hyogo)).find((n: any) => n.kind === 'STAGE2_RESULT_REGION_SELECTED');
    expect(hyogo.subject).toBe('推進体制構築支援（兵庫県）選定結果のお知らせ');
    expect(hyogo.body).toContain('兵庫県 御中');
    expect(hyogo.body).toContain('選定事業者：nv-B 株式会社');
    const hokkaido = (await mine(tok.hokkaido)).find((n: any) => n.kind === 'STAGE2_RESULT_REGION_UNSUPPORTED');
    expect(hokkaido.body).toContain('理由：応募した事業者がありませんでした。');
    // The mail is the letter, one per address.
    const mails = await db().query('SELECT subject, body FROM outbox WHERE notice_id = $1', [a.id]);
    expect(mails).toEqual([{ subject: a.subject, body: a.body }]);
  });

  it('issues each result once: running the step again issues nothing new', async () => {
    const count = async () => (await db().query(`SELECT count(*)::int AS n FROM outbox WHERE dedupe_key LIKE $1`, [`result:${run.id}:%`]))[0].n;
    const notices = async () => (await db().query(`SELECT count(*)::int AS n FROM notices WHERE notice_key LIKE $1`, [`result:${run.id}:%`]))[0].n;
    const [before, noticesBefore] = [await count(), await notices()];
    expect(noticesBefore).toBe(6 + 5); // six regions, five vendors
    await Promise.all([publishAgain(t.app), publishAgain(t.app)]);
    expect(errorCode(await gql(t.app, `mutation { publishMatching(runId: "${run.id}") { status } }`, {}, tok.secretariat))).toBe('INVALID_STATE');
    expect(await count()).toBe(before);
    expect(await notices()).toBe(noticesBefore);
  });

  itOnPostgres('issues each notice once when two instances run the same decision steps at the same time', async () => {
    // Closed with the test app, as test/scale-out.e2e-spec.ts does (closing it here failed the first app's next requests).
    const b = await createPeerApp();
    peer = b;
    const counts = async () =>
      (
        await db().query(
          `SELECT (SELECT count(*)::int FROM notices) AS notices, (SELECT count(*)::int FROM outbox WHERE notice_id IS NOT NULL) AS mails,
                  (SELECT count(*)::int FROM (SELECT notice_key FROM notices GROUP BY 1 HAVING count(*) > 1) d) AS duplicated`,
        )
      )[0];
    const before = await counts();
    await Promise.all([publishAgain(t.app), publishAgain(b), publishAgain(t.app), publishAgain(b)]);
    const publishOn = (app: INestApplication) => gql(app, `mutation { publishMatching(runId: "${run.id}") { status } }`, {}, tok.secretariat);
    for (const r of await Promise.all([publishOn(t.app), publishOn(b)])) expect(errorCode(r)).toBe('INVALID_STATE');
    expect(await counts()).toEqual({ ...before, duplicated: 0 });
    // Each mail of a notice once per address.
    expect(await db().query('SELECT dedupe_key FROM outbox WHERE notice_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1')).toEqual([]);
  });

  it('shows each reader only its own notices: its vendor, its prefecture; never another’s', async () => {
    const a = await mine(vendors.A.token);
    expect(a.map((n: any) => n.kind)).toEqual(['STAGE2_RESULT_VENDOR']);
    expect(a.every((n: any) => n.body.includes('nv-A 株式会社 御中'))).toBe(true);
    const hyogo = await mine(tok.hyogo);
    expect(hyogo.length).toBeGreaterThan(0);
    expect(hyogo.every((n: any) => n.body.includes('兵庫県 御中'))).toBe(true);
    for (const other of ['長野県', '高知県', 'nv-']) expect(hyogo.some((n: any) => n.body.includes(`${other} 御中`))).toBe(false);
    expect(await mine(experts[0].token)).toEqual([]);
    expect(await mine(tok.ministry)).toEqual([]);
    expect(errorCode(await gql(t.app, '{ myNotices(first: 5) { id } }'))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(t.app, '{ myNotices(first: 0) { id } }', {}, tok.hyogo))).toBe('VALIDATION_FAILED');
    expect(errorCode(await gql(t.app, '{ myNotices(first: 5, before: "x") { id } }', {}, tok.hyogo))).toBe('VALIDATION_FAILED');
  });

  it('pages a reader through its notices, and opens any one of them by id (as its PDF): nobody else’s', async () => {
    const hyogo = await mine(tok.hyogo);
    expect(hyogo.length).toBeGreaterThanOrEqual(2);
    // A page at a time, each starting exactly after the one before: the same notices in the same order, none twice.
    const paged: any[] = [];
    for (let before: string | null = null; ;) {
      const args: string = before ? `first: 1, before: "${before}"` : 'first: 1';
      const page: any[] = ok(await gql(t.app, `{ myNotices(${args}) { ${NOTICE_FIELDS} } }`, {}, tok.hyogo)).myNotices;
      paged.push(...page);
      if (page.length < 1) break;
      before = page[page.length - 1].id;
    }
    expect(paged).toEqual(hyogo);
    // Another reader's notice as a cursor pages nothing (and tells nothing of its date).
    const a = await mine(vendors.A.token);
    expect(ok(await gql(t.app, `{ myNotices(first: 50, before: "${a[0].id}") { id } }`, {}, tok.hyogo)).myNotices).toEqual([]);
    // One notice by id: the oldest of 兵庫県's too (the web page's link no longer needs it among the newest).
    const oldest = hyogo[hyogo.length - 1];
    expect(ok(await gql(t.app, `{ notice(id: "${oldest.id}") { ${NOTICE_FIELDS} } }`, {}, tok.hyogo)).notice).toEqual(oldest);
    expect(ok(await gql(t.app, `{ notice(id: "${oldest.id}") { id } }`, {}, tok.secretariat)).notice.id).toBe(oldest.id);
    expect(ok(await gql(t.app, `{ notice(id: "${oldest.id}") { id } }`, {}, tok.ministry)).notice.id).toBe(oldest.id);
    for (const other of [vendors.A.token, tok.nagano, experts[0].token])
      expect(errorCode(await gql(t.app, `{ notice(id: "${oldest.id}") { id body } }`, {}, other))).toBe('NOT_FOUND');
    expect(errorCode(await gql(t.app, `{ notice(id: "${randomUUID()}") { id } }`, {}, tok.hyogo))).toBe('NOT_FOUND');
    expect(errorCode(await gql(t.app, '{ notice(id: "not-an-id") { id } }', {}, tok.hyogo))).toBe('VALIDATION_FAILED');
    expect(errorCode(await gql(t.app, `{ notice(id: "${oldest.id}") { id } }`))).toBe('UNAUTHENTICATED');
    // The secretariat's list pages the same way.
    const ten = ok(await gql(t.app, `{ notices(first: 10) { id } }`, {}, tok.secretariat)).notices;
    expect(ten).toHaveLength(10);
    const next = ok(await gql(t.app, `{ notices(first: 8, before: "${ten[1].id}") { id } }`, {}, tok.secretariat)).notices;
    expect(next).toEqual(ten.slice(2));
  });

  it('tells the secretariat every notice, by kind', async () => {
    // The secretariat reads every notice, by kind.
    const all = ok(await gql(t.app, `{ notices(kind: "STAGE2_RESULT_VENDOR", first: 50) { ${NOTICE_FIELDS} } }`, {}, tok.secretariat)).notices;
    expect(all).toHaveLength(5);
    expect(errorCode(await gql(t.app, '{ notices(first: 5) { id } }', {}, vendors.A.token))).toBe('FORBIDDEN');
  });

  it('lists the templates with their placeholders (the common ones included) for the secretariat only', async () => {
    const list = ok(await gql(t.app, '{ noticeTemplates { kind name subject body placeholders edited } }', {}, tok.secretariat)).noticeTemplates;
    const vendor = list.find((x: any) => x.kind === 'STAGE2_RESULT_VENDOR');
    expect(vendor).toMatchObject({ name: '選定結果通知（事業者）', edited: false });
    expect(vendor.placeholders).toEqual(
      expect.arrayContaining(['addressee', 'fiscalYear', 'programmeName', 'issuedOn', 'documentNumber', 'vendorName', 'regionOutcomes']),
    );
    expect(list.map((x: any) => x.kind)).toEqual(
      expect.arrayContaining(['SIGNATURE', 'REPORT_REMINDER_BEFORE', 'REPORT_REMINDER_OVERDUE', 'REGISTRATION_ATTEMPT']),
    );
    for (const who of [tok.ministry, tok.hyogo, vendors.A.token, experts[0].token]) {
      expect(errorCode(await gql(t.app, '{ noticeTemplates { kind } }', {}, who))).toBe('FORBIDDEN');
      expect(errorCode(await gql(t.app, 'mutation { resetNoticeTemplate(kind: "STAGE2_RESULT_VENDOR") { kind } }', {}, who))).toBe('FORBIDDEN');
      expect(errorCode(await gql(t.app, 'mutation { updateNoticeTemplate(kind: "STAGE2_RESULT_VENDOR", subject: "x", body: "y") { kind } }', {}, who))).toBe(
        'FORBIDDEN',
      );
      expect(errorCode(await gql(t.app, '{ previewNotice(kind: "STAGE2_RESULT_VENDOR", subject: "x", body: "y") { body } }', {}, who))).toBe('FORBIDDEN');
    }
  });

  it('refuses an unknown placeholder (naming it and the known ones) and an unknown kind; previews in letter form', async () => {
    const bad = await gql(
      t.app,
      'mutation { updateNoticeTemplate(kind: "STAGE2_RESULT_VENDOR", subject: "{{vendorName}} 様", body: "{{regionOutcomes}}\\n{{amount}} {{ vendorNmae }}") { kind } }',
      {},
      tok.secretariat,
    );
    expect(errorCode(bad)).toBe('UNKNOWN_TEMPLATE_PLACEHOLDER');
    const ext = bad.errors![0].extensions;
    expect(ext.details.unknown).toEqual(['amount', 'vendorNmae']);
    expect(ext.messageJa).toContain('{{amount}}、{{vendorNmae}}');
    expect(ext.messageJa).toContain('{{regionOutcomes}}');
    expect(ext.messageEn).toContain('{{amount}}, {{vendorNmae}}');
    const preview = await gql(t.app, '{ previewNotice(kind: "STAGE2_RESULT_VENDOR", subject: "x", body: "{{amount}}") { body } }', {}, tok.secretariat);
    expect(errorCode(preview)).toBe('UNKNOWN_TEMPLATE_PLACEHOLDER');
    expect(errorCode(await gql(t.app, 'mutation { resetNoticeTemplate(kind: "NO_SUCH_KIND") { kind } }', {}, tok.secretariat))).toBe('VALIDATION_FAILED');
    expect(errorCode(await gql(t.app, 'mutation { updateNoticeTemplate(kind: "NO_SUCH_KIND", subject: "x", body: "y") { kind } }', {}, tok.secretariat))).toBe(
      'VALIDATION_FAILED',
    );
    // Nothing was stored by the refusals.
    expect((await db().query('SELECT count(*)::int AS n FROM notice_templates'))[0].n).toBe(0);

    const p = ok(
      await gql(
        t.app,
        '{ previewNotice(kind: "RESULT_CHANGED_REGION_OFFERED", subject: "【変更】{{prefectureName}}の選定事業者", body: "{{addressee}}の新たな選定事業者は{{vendorName}}です。\\n") { subject body } }',
        {},
        tok.secretariat,
      ),
    ).previewNotice;
    expect(p.subject).toBe('【変更】兵庫県の選定事業者');
    expect(p.body).toMatch(/^令\d+地DX第○号\n令和7年4月10日（木）\n\n兵庫県 御中\n/);
    expect(p.body).toContain('兵庫県の新たな選定事業者は株式会社サンプルです。');
    expect(p.body).toContain('\n以上\n');
    expect(p.body).toContain(SIGNATURE);
  });

  it('refuses a body without the link its reader must open (the password reset link, a confirmation link), naming it; stores nothing', async () => {
    // Every default keeps its own required placeholders.
    for (const [kind, def] of Object.entries(NOTICE_TEMPLATES) as Array<[string, NoticeTemplateDef]>)
      for (const r of def.required ?? []) expect({ kind, has: placeholdersIn(def.body).includes(r) }).toEqual({ kind, has: true });
    const update = (body: string) =>
      gql(
        t.app,
        'mutation($b: String!) { updateNoticeTemplate(kind: "PASSWORD_RESET_LINK", subject: "パスワード再設定", body: $b) { kind body } }',
        { b: body },
        tok.secretariat,
      );
    const refused = await update('パスワードの再設定は事務局までお電話ください（{{expiresAt}}まで）。');
    expect(errorCode(refused)).toBe('REQUIRED_TEMPLATE_PLACEHOLDER_MISSING');
    expect(refused.errors![0].extensions.details.missing).toEqual(['resetUrl']);
    expect(refused.errors![0].extensions.messageJa).toContain('{{resetUrl}}');
    // Only in the subject is not enough: the link belongs in the body.
    expect(errorCode(await update('再設定してください。'))).toBe('REQUIRED_TEMPLATE_PLACEHOLDER_MISSING');
    expect(
      errorCode(await gql(t.app, '{ previewNotice(kind: "BRIEFING_CONNECTION_DETAILS", subject: "x", body: "接続先は後日") { body } }', {}, tok.secretariat)),
    ).toBe('REQUIRED_TEMPLATE_PLACEHOLDER_MISSING');
    expect((await db().query("SELECT count(*)::int AS n FROM notice_templates WHERE kind = 'PASSWORD_RESET_LINK'"))[0].n).toBe(0);
    // Kept (written with spaces inside the braces, as the placeholders allow), the edit is saved; then reset.
    expect(ok(await update('次のリンクから再設定してください。\n{{ resetUrl }}\n')).updateNoticeTemplate.body).toContain('{{ resetUrl }}');
    ok(await gql(t.app, 'mutation { resetNoticeTemplate(kind: "PASSWORD_RESET_LINK") { kind } }', {}, tok.secretariat));
  });

  it('uses an edited template for the next notice; notices already issued keep their text; a reset restores the default', async () => {
    const before = await vendorResult('A');
    const edited = ok(
      await gql(
        t.app,
        'mutation($s: String!, $b: String!) { updateNoticeTemplate(kind: "RESULT_CHANGED_REGION_OFFERED", subject: $s, body: $b) { kind subject edited } }',
        { s: '推進体制構築支援（{{prefectureName}}）選定事業者の変更について', b: '【編集済み】貴地域の新たな選定事業者は{{vendorName}}です。\n' },
        tok.secretariat,
      ),
    ).updateNoticeTemplate;
    expect(edited).toEqual({ kind: 'RESULT_CHANGED_REGION_OFFERED', subject: '推進体制構築支援（{{prefectureName}}）選定事業者の変更について', edited: true });
    ok(
      await gql(
        t.app,
        'mutation { updateNoticeTemplate(kind: "STAGE2_RESULT_VENDOR", subject: "改訂 {{vendorName}}", body: "改訂\\n{{regionOutcomes}}") { kind } }',
        {},
        tok.secretariat,
      ),
    );
    // Issued before the edit: unchanged.
    expect(await vendorResult('A')).toEqual(before);

    // B declines 兵庫県: the region is offered to E (A is at capacity), told with the edited wording.
    const hyogoMatch = run.matches.find((m: any) => m.candidateRegionId === regions['28']);
    ok(await gql(t.app, `mutation { withdrawSelection(matchId: "${hyogoMatch.id}", reason: "辞退届の受理") { proposalId } }`, {}, tok.secretariat));
    const change = (await mine(tok.hyogo)).find((n: any) => n.kind === 'RESULT_CHANGED_REGION_OFFERED');
    expect(change.subject).toBe('推進体制構築支援（兵庫県）選定事業者の変更について');
    expect(change.body).toContain('【編集済み】貴地域の新たな選定事業者はnv-E 株式会社です。');
    expect(change.body).toContain('兵庫県 御中');
    expect(change.documentNumber).toMatch(DOCUMENT_NUMBER);
    const offered = (await mine(vendors.E.token)).find((n: any) => n.kind === 'RESULT_CHANGED_VENDOR_OFFERED');
    expect(offered.body).toContain('兵庫県の伴走支援事業者として、貴社を選定しました（繰り上げ選定）');
    // B does not read E's notice, nor hyogo's.
    expect((await mine(vendors.B.token)).map((n: any) => n.kind)).toEqual(['STAGE2_RESULT_VENDOR']);

    const reset = ok(
      await gql(t.app, 'mutation { resetNoticeTemplate(kind: "RESULT_CHANGED_REGION_OFFERED") { subject edited } }', {}, tok.secretariat),
    ).resetNoticeTemplate;
    expect(reset).toEqual({ subject: '推進体制構築支援（{{prefectureName}}）選定結果の変更のお知らせ', edited: false });
    // The notice issued with the edited wording keeps it.
    expect((await mine(tok.hyogo)).find((n: any) => n.id === change.id).body).toBe(change.body);
  });
});
