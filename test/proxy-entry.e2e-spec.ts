import { DataSource } from 'typeorm';
import { Role } from '@app/core';
import { completeDraft, createProgramAndCall, createTestApp, errorCode, gql, ok, pdfBytes, signIn, STANDARD_ACCOUNTS, submit, TestApp } from './support';

const ENTER = 'mutation($i: ProxyEntryInput!) { enterRegionApplicationByProxy(input: $i) { id number receivedAt } }';
const ACCEPT_LATE = 'mutation($a: ID!, $r: String!) { acceptLateRegionApplication(applicationId: $a, reason: $r) { number receivedAt } }';
const READ = `query($id: ID!) { regionApplication(id: $id) { status submittedAt prefectureCode
  structureMode prefectureIssues { category title description }
  partners { municipalityCode memorandum { sha256 fileName } issues { title } desiredSupport { menuItemCode } }
  requirements { number declared } proxyEntry { enteredAt note } lateAcceptance { acceptedAt reason } } }`;

function form(prefectureCode: string, partners: string[], extra: Record<string, unknown> = {}) {
  return {
    callId: '',
    prefectureCode,
    note: '2025-02-25 10:12 受信「推進体制構築支援（兵庫県）」デジタル推進課より',
    partners: partners.map((lgCode) => ({
      lgCode,
      memorandum: { fileName: `覚書_${lgCode}.pdf`, contentBase64: pdfBytes(`proxy ${lgCode}`).toString('base64') },
      issues: [{ category: 'MOBILITY', title: `移動手段の確保（${lgCode}）`, description: '路線バスの減便への対応' }],
    })),
    declarations: [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({ number: n, declared: true, evidence: `様式の要件${n}欄` })),
    contacts: [{ name: '担当 花子', department: 'デジタル推進課', email: `tanto-${prefectureCode}@pref.example.lg.jp`, consentToPersonalDataTerms: true }],
    ...extra,
  };
}

describe('proxy entry and late acceptance: the call’s e-mailed forms (issue 16)', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let db: DataSource;
  let callId: string;
  let naganoId: string;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    t.clock.set('2025-02-01T09:00:00+09:00');
    tok = await signIn(t.app, [
      ...STANDARD_ACCOUNTS,
      { key: 'kochi', role: Role.PREFECTURE, prefectureCode: '39' },
      { key: 'fukuoka', role: Role.PREFECTURE, prefectureCode: '40' },
    ]);
    callId = (await createProgramAndCall(t.app, tok.secretariat)).callId; // closes 2025-02-28 17:00 JST
  });
  afterAll(() => t?.close());
  const applicationOf = async (receiptNumber: string): Promise<string> =>
    (await db.query('SELECT subject_id FROM submission_receipts WHERE number = $1', [receiptNumber]))[0].subject_id;

  it('only the secretariat enters a form or accepts a late one', async () => {
    t.clock.set('2025-02-25T11:00:00+09:00');
    const i = { ...form('28', ['282090']), callId };
    for (const who of ['ministry', 'hyogo', 'toyooka', 'evaluator']) {
      expect(errorCode(await gql(t.app, ENTER, { i }, tok[who]))).toBe('FORBIDDEN');
      expect(errorCode(await gql(t.app, ACCEPT_LATE, { a: '00000000-0000-4000-8000-000000000000', r: '理由' }, tok[who]))).toBe('FORBIDDEN');
    }
    expect(errorCode(await gql(t.app, ENTER, { i }))).toBe('UNAUTHENTICATED');
  });

  it('the secretariat enters Hyogo’s e-mailed form: submitted as of the e-mail, marked as proxy entry for the prefecture, audited', async () => {
    t.clock.set('2025-02-25T11:00:00+09:00');
    const i = { ...form('28', ['２８２０９０', '282120']), callId, formReceivedAt: '2025-02-25T10:12' };
    const receipt = ok(await gql(t.app, ENTER, { i }, tok.secretariat)).enterRegionApplicationByProxy;
    expect(receipt.number).toMatch(/^RA2025-28-/);
    expect(new Date(receipt.receivedAt).toISOString()).toBe('2025-02-25T01:12:00.000Z');
    // The prefecture sees its application, and that the secretariat entered it.
    const appId = await applicationOf(receipt.number);
    const app = ok(await gql(t.app, READ, { id: appId }, tok.hyogo)).regionApplication;
    expect(app).toMatchObject({ status: 'SUBMITTED', prefectureCode: '28', lateAcceptance: null, proxyEntry: { note: i.note } });
    expect(app.partners.map((p: any) => [p.municipalityCode, p.memorandum.fileName, p.issues.length, p.desiredSupport[0].menuItemCode])).toEqual([
      ['282090', '覚書_２８２０９０.pdf', 1, expect.any(String)], // the municipality code folded (NFKC), the file name kept as sent
      ['282120', '覚書_282120.pdf', 1, expect.any(String)],
    ]);
    // The review sees it as such too.
    const list = ok(
      await gql(t.app, '{ regionApplications(limit: 10) { items { prefectureCode proxyEntry { note } } } }', {}, tok.secretariat),
    ).regionApplications;
    expect(list.items).toEqual([{ prefectureCode: '28', proxyEntry: { note: i.note } }]);
    // Audited under the secretariat.
    const secretariatId = ok(await gql(t.app, '{ me { id } }', {}, tok.secretariat)).me.id;
    const [row] = await db.query(
      `SELECT actor, patch::text AS patch FROM (SELECT actor, entity, entity_id, operation, patch FROM audit_log UNION ALL SELECT actor, entity, entity_id, operation, patch FROM audit_pending) r
        WHERE entity = 'region_applications' AND operation = 'INSERT' AND entity_id LIKE $1`,
      [`%${appId}%`],
    );
    expect(row.actor).toContain(secretariatId);
    expect(row.patch).toContain('proxy_entered_by');
    // One application per prefecture: Hyogo cannot open another, nor can the secretariat enter a second.
    expect(errorCode(await gql(t.app, 'mutation($c: ID!) { startRegionApplication(callId: $c) { id } }', { c: callId }, tok.hyogo))).toBe('ALREADY_APPLIED');
    expect(errorCode(await gql(t.app, ENTER, { i }, tok.secretariat))).toBe('ALREADY_APPLIED');
  });

  it('the form’s 構築/拡充 and the prefecture’s own issues are entered with it: in the submitted version, shown, audited as proxy entry', async () => {
    t.clock.set('2025-02-26T09:30:00+09:00');
    const prefectureIssues = [
      { category: 'DIGITAL_TALENT', title: '県内市町村のデジタル人材の不足', description: '県として人材の確保と育成を支援したい' },
      { category: 'DISASTER_PREVENTION', title: '広域避難の情報共有', description: '市町村をまたぐ避難情報の連携' },
    ];
    // Without any issue, of the partners or of the prefecture, the form is incomplete (as the prefecture's own would be),
    // and refused before anything is stored.
    const documentsBefore = (await db.query(`SELECT count(*)::int AS n FROM documents WHERE owner_prefecture_code = '40'`))[0].n;
    const bare = form('40', ['401307']);
    bare.partners[0].issues = [];
    const incomplete = await gql(t.app, ENTER, { i: { ...bare, callId } }, tok.secretariat);
    expect(errorCode(incomplete)).toBe('APPLICATION_INCOMPLETE');
    expect(incomplete.errors![0].extensions.messageJa).toContain('地域課題');
    expect((await db.query(`SELECT count(*)::int AS n FROM documents WHERE owner_prefecture_code = '40'`))[0].n).toBe(documentsBefore);

    // The prefecture's own issues are enough for a partner without any, as for an application it enters itself; the
    // mode is entered as written, and the issues in the form's order.
    const kurume = form('40', ['402036']).partners[0];
    kurume.issues = ['通院の足', '買い物の足', '通学の足'].map((title) => ({ category: 'MOBILITY', title, description: '' }));
    const i = { ...bare, partners: [...bare.partners, kurume], callId, structureMode: 'EXTEND', prefectureIssues, formReceivedAt: '2025-02-26T09:05' };
    const receipt = ok(await gql(t.app, ENTER, { i }, tok.secretariat)).enterRegionApplicationByProxy;
    const appId = await applicationOf(receipt.number);
    const app = ok(await gql(t.app, READ, { id: appId }, tok.fukuoka)).regionApplication;
    expect(app).toMatchObject({ status: 'SUBMITTED', structureMode: 'EXTEND', prefectureIssues, proxyEntry: { note: i.note } });
    expect(app.partners.map((p: any) => [p.municipalityCode, p.issues.map((x: any) => x.title)])).toEqual([
      ['401307', []],
      ['402036', ['通院の足', '買い物の足', '通学の足']],
    ]);
    // They are part of the submitted version (the one that stands if the prefecture reopens it).
    const [standing] = await db.query('SELECT standing_content AS c FROM region_applications WHERE id = $1', [appId]);
    expect(standing.c).toMatchObject({ structureMode: 'EXTEND', prefectureIssues: prefectureIssues.map((x) => expect.objectContaining(x)) });
    // Audited under the secretariat, in the proxy entry's transaction.
    const secretariatId = ok(await gql(t.app, '{ me { id } }', {}, tok.secretariat)).me.id;
    const audit = async (entity: string) =>
      db.query(
        `SELECT actor, patch::text AS patch FROM (SELECT actor, entity, operation, patch FROM audit_log UNION ALL SELECT actor, entity, operation, patch FROM audit_pending) r
          WHERE entity = $1 AND operation = 'INSERT' AND patch::text LIKE $2`,
        [entity, `%${appId}%`],
      );
    const [application] = await audit('region_applications');
    expect(application.actor).toContain(secretariatId);
    expect(application.patch).toContain('proxy_entered_by');
    expect(application.patch).toContain('EXTEND');
    const issueRows = await audit('prefecture_issues');
    expect(issueRows).toHaveLength(2);
    for (const r of issueRows) expect(r.actor).toContain(secretariatId);
    // Both are optional on the form: Hyogo's, entered without them, has neither.
    const hyogo = (await db.query(`SELECT structure_mode FROM region_applications WHERE prefecture_code = '28'`))[0];
    expect(hyogo.structure_mode).toBeNull();
    // A mode that is not one is refused by the schema.
    expect(errorCode(await gql(t.app, ENTER, { i: { ...form('39', ['392014']), callId, structureMode: '構築' } }, tok.secretariat))).toBe('BAD_USER_INPUT');
  });

  it('refuses a form with a municipality outside the prefecture, with a typed error', async () => {
    const r = await gql(t.app, ENTER, { i: { ...form('20', ['282090']), callId } }, tok.secretariat);
    expect(errorCode(r)).toBe('NOT_IN_PREFECTURE');
    expect(r.errors![0].extensions.messageJa).toBeTruthy();
  });

  it('late acceptance: only after the deadline, only with a reason, recorded and shown to the prefecture', async () => {
    t.clock.set('2025-02-27T10:00:00+09:00');
    naganoId = (await completeDraft(t.app, tok.nagano, callId, ['202011'])).id;
    expect(errorCode(await gql(t.app, ACCEPT_LATE, { a: naganoId, r: '事務局確認' }, tok.secretariat))).toBe('INVALID_STATE');

    t.clock.set('2025-02-28T17:00:00+09:00');
    expect(errorCode(await submit(t.app, tok.nagano, naganoId))).toBe('DEADLINE_PASSED');
    const blank = await gql(t.app, ACCEPT_LATE, { a: naganoId, r: '   ' }, tok.secretariat);
    expect(errorCode(blank)).toBe('VALIDATION_FAILED');

    t.clock.set('2025-02-28T17:20:00+09:00');
    const reason = '16:55に様式をメールで受信したが、添付ファイルの容量超過により再送が17:10となったため受理';
    const receipt = ok(await gql(t.app, ACCEPT_LATE, { a: naganoId, r: reason }, tok.secretariat)).acceptLateRegionApplication;
    expect(new Date(receipt.receivedAt).toISOString()).toBe('2025-02-28T08:20:00.000Z');
    const app = ok(await gql(t.app, READ, { id: naganoId }, tok.nagano)).regionApplication;
    expect(app).toMatchObject({ status: 'SUBMITTED', proxyEntry: null, lateAcceptance: { reason } });
    // Not twice.
    expect(errorCode(await gql(t.app, ACCEPT_LATE, { a: naganoId, r: reason }, tok.secretariat))).toBe('INVALID_STATE');
  });

  it('a form that arrived after the deadline needs a reason when entered; with one it is proxy-entered and accepted late', async () => {
    t.clock.set('2025-02-28T18:00:00+09:00');
    const i = { ...form('39', ['392014']), callId, formReceivedAt: '2025-02-28T17:30' };
    const refused = await gql(t.app, ENTER, { i }, tok.secretariat);
    expect(errorCode(refused)).toBe('VALIDATION_FAILED');
    expect(refused.errors![0].extensions.details).toMatchObject({ field: 'lateReason' });
    const receipt = ok(
      await gql(t.app, ENTER, { i: { ...i, lateReason: '回線障害のため遅延（事務局長了承）' } }, tok.secretariat),
    ).enterRegionApplicationByProxy;
    const app = ok(await gql(t.app, READ, { id: await applicationOf(receipt.number) }, tok.kochi)).regionApplication;
    expect(app).toMatchObject({ status: 'SUBMITTED', proxyEntry: { note: i.note }, lateAcceptance: { reason: '回線障害のため遅延（事務局長了承）' } });
  });
});
