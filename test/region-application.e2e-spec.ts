import request from 'supertest';
import { createPublicKey, verify } from 'node:crypto';
import { DataSource } from 'typeorm';
import { canonicalJson, sha256Hex } from '@app/core';
import {
  addPartner,
  APPLICATION_FIELDS,
  completeDraft,
  createProgramAndCall,
  createTestApp,
  errorCode,
  getApplication,
  gql,
  IN_WINDOW,
  ok,
  pdfBytes,
  signIn,
  STANDARD_ACCOUNTS,
  startApplication,
  submit,
  TestApp,
  upload,
} from './support';

describe('region application: the rules of the call (2(1), 2(2), 2(3), 2(4))', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let callId: string;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2025-02-01T09:00:00+09:00');
    tok = await signIn(t.app, STANDARD_ACCOUNTS);
    ({ callId } = await createProgramAndCall(t.app, tok.secretariat));
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set(IN_WINDOW));

  it('refuses to start before the call opens, with CALL_NOT_OPEN', async () => {
    t.clock.set('2025-02-09T23:59:59+09:00');
    const r = await gql(t.app, 'mutation($c: ID!) { startRegionApplication(callId: $c) { id } }', { c: callId }, tok.nagano);
    expect(errorCode(r)).toBe('CALL_NOT_OPEN');
    expect(r.errors![0].extensions.messageJa).toContain('令和7年2月10日');
  });

  it('lets only a prefecture apply, once per call (ALREADY_APPLIED)', async () => {
    const first = await startApplication(t.app, tok.hyogo, callId);
    expect(first.status).toBe('DRAFT');
    const again = await gql(t.app, 'mutation($c: ID!) { startRegionApplication(callId: $c) { id } }', { c: callId }, tok.hyogo);
    expect(errorCode(again)).toBe('ALREADY_APPLIED');
    expect(again.errors![0].extensions.messageJa).toContain('1都道府県につき1申請');
    const muni = await gql(t.app, 'mutation($c: ID!) { startRegionApplication(callId: $c) { id } }', { c: callId }, tok.toyooka);
    expect(errorCode(muni)).toBe('FORBIDDEN');
    const anon = await gql(t.app, 'mutation($c: ID!) { startRegionApplication(callId: $c) { id } }', { c: callId });
    expect(errorCode(anon)).toBe('UNAUTHENTICATED');
  });

  it('accepts partners inside the prefecture only, and only basic local governments', async () => {
    const [a] = ok(await gql(t.app, '{ myRegionApplications { id } }', {}, tok.hyogo)).myRegionApplications;
    expect(errorCode(await addPartner(t.app, tok.hyogo, a.id, '202011'))).toBe('NOT_IN_PREFECTURE'); // 長野市
    expect(errorCode(await addPartner(t.app, tok.hyogo, a.id, '281018'))).toBe('NOT_A_PARTNER_CANDIDATE'); // 神戸市東灘区 (a ward)
    expect(errorCode(await addPartner(t.app, tok.hyogo, a.id, '999999'))).toBe('VALIDATION_FAILED');
    expect(errorCode(await addPartner(t.app, tok.hyogo, a.id, 'abc'))).toBe('VALIDATION_FAILED');
    const added = ok(await addPartner(t.app, tok.hyogo, a.id, '282090')).addPartnerMunicipality; // 豊岡市
    expect(added.partners.map((p: any) => p.municipality.name)).toEqual(['豊岡市']);
    // The required support-menu item comes with every partner.
    expect(added.partners[0].desiredSupport.map((d: any) => d.menuItemCode)).toEqual(['DX_STRUCTURE']);
    expect(errorCode(await addPartner(t.app, tok.hyogo, a.id, '282090'))).toBe('DUPLICATE');
  });

  it('keeps the required support item whatever the applicant sets, and refuses unknown items', async () => {
    const [a] = ok(await gql(t.app, '{ myRegionApplications { id partners { id } } }', {}, tok.hyogo)).myRegionApplications;
    const partnerId = a.partners[0].id;
    const set = ok(
      await gql(
        t.app,
        `mutation($p: ID!, $i: [DesiredSupportInput!]!) { setDesiredSupport(partnerId: $p, items: $i) { partners { desiredSupport { menuItemCode note } } } }`,
        {
          p: partnerId,
          i: [{ menuItemCode: 'DX_PROMOTION_TALENT', note: '研修' }],
        },
        tok.hyogo,
      ),
    ).setDesiredSupport;
    expect(set.partners[0].desiredSupport.map((d: any) => d.menuItemCode)).toEqual(['DX_STRUCTURE', 'DX_PROMOTION_TALENT']);
    const bad = await gql(
      t.app,
      `mutation($p: ID!, $i: [DesiredSupportInput!]!) { setDesiredSupport(partnerId: $p, items: $i) { id } }`,
      { p: partnerId, i: [{ menuItemCode: 'NOT_A_MENU_ITEM' }] },
      tok.hyogo,
    );
    expect(errorCode(bad)).toBe('VALIDATION_FAILED');
  });

  it('refuses a contact without consent to the personal-data terms', async () => {
    const [a] = ok(await gql(t.app, '{ myRegionApplications { id } }', {}, tok.hyogo)).myRegionApplications;
    const r = await gql(
      t.app,
      'mutation($a: ID!, $c: ContactInput!) { addContact(applicationId: $a, contact: $c) { id } }',
      {
        a: a.id,
        c: { name: '担当', department: '課', email: 'x@pref.example.lg.jp', consentToPersonalDataTerms: false },
      },
      tok.hyogo,
    );
    expect(errorCode(r)).toBe('CONSENT_REQUIRED');
    expect(r.errors![0].extensions.messageJa).toContain('同意');
  });

  it('says what is missing when an incomplete application is submitted', async () => {
    const [a] = ok(await gql(t.app, '{ myRegionApplications { id } }', {}, tok.hyogo)).myRegionApplications;
    const r = await submit(t.app, tok.hyogo, a.id);
    expect(errorCode(r)).toBe('APPLICATION_INCOMPLETE');
    const missing: string[] = r.errors![0].extensions.details.missing;
    expect(missing).toEqual(expect.arrayContaining(['MEMORANDUM:282090', 'REGIONAL_ISSUE', 'REQUIREMENT:1', 'REQUIREMENT:9', 'CONTACT']));
  });

  describe('memorandum upload', () => {
    it('records SHA-256, size and the type read from the bytes', async () => {
      const res = await upload(t.app, tok.hyogo, pdfBytes('toyooka'), '覚書_豊岡市.pdf');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ mimeType: 'application/pdf', fileName: '覚書_豊岡市.pdf', sizeBytes: pdfBytes('toyooka').length });
      expect(res.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    });

    it('refuses a file whose bytes are not an allowed type, whatever its name', async () => {
      const res = await upload(t.app, tok.hyogo, Buffer.from('MZ\x90\x00 not a pdf'), 'memorandum.pdf');
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('FILE_TYPE_NOT_ALLOWED');
    });

    it('refuses a file over the size limit', async () => {
      const big = Buffer.concat([pdfBytes(), Buffer.alloc(1024 * 1024 + 10, 0x20)]);
      const res = await upload(t.app, tok.hyogo, big, 'big.pdf');
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('FILE_TOO_LARGE');
    });

    it('lets whoever may read the application download the memorandum, and nobody else', async () => {
      const content = pdfBytes('toyooka memorandum');
      const doc = (await upload(t.app, tok.hyogo, content, '覚書.pdf')).body;
      const [a] = ok(await gql(t.app, '{ myRegionApplications { id partners { id municipalityCode } } }', {}, tok.hyogo)).myRegionApplications;
      ok(
        await gql(
          t.app,
          'mutation($p: ID!, $d: ID!) { attachMemorandum(partnerId: $p, documentId: $d) { id } }',
          { p: a.partners.find((p: any) => p.municipalityCode === '282090').id, d: doc.id },
          tok.hyogo,
        ),
      );
      const get = (token?: string) => {
        const r = request(t.app.getHttpServer()).get(`/documents/${doc.id}`);
        return token ? r.set('authorization', `Bearer ${token}`) : r;
      };
      const own = await get(tok.hyogo);
      expect(own.status).toBe(200);
      expect(Buffer.from(own.body).equals(content) || own.text === content.toString()).toBe(true);
      expect(own.headers['x-content-sha256']).toBe(doc.sha256);
      expect((await get(tok.toyooka)).status).toBe(200); // the partner it backs
      expect((await get(tok.secretariat)).status).toBe(200);
      expect((await get(tok.nagano)).status).toBe(404);
      expect((await get(tok.ashiya)).status).toBe(404);
      expect((await get()).status).toBe(401);
    });

    it('needs a signed-in prefecture and cannot attach another prefecture’s file', async () => {
      expect((await upload(t.app, undefined, pdfBytes())).status).toBe(401);
      const naganoDoc = (await upload(t.app, tok.nagano, pdfBytes('nagano'))).body;
      const [a] = ok(await gql(t.app, '{ myRegionApplications { id partners { id } } }', {}, tok.hyogo)).myRegionApplications;
      const r = await gql(
        t.app,
        'mutation($p: ID!, $d: ID!) { attachMemorandum(partnerId: $p, documentId: $d) { id } }',
        { p: a.partners[0].id, d: naganoDoc.id },
        tok.hyogo,
      );
      expect(errorCode(r)).toBe('NOT_FOUND');
    });
  });

  describe('access across organisations', () => {
    it('another prefecture can neither read nor edit the application (NOT_FOUND, as for a missing id)', async () => {
      const [a] = ok(await gql(t.app, '{ myRegionApplications { id } }', {}, tok.hyogo)).myRegionApplications;
      const read = await gql(t.app, 'query($id: ID!) { regionApplication(id: $id) { id } }', { id: a.id }, tok.nagano);
      expect(errorCode(read)).toBe('NOT_FOUND');
      const missing = await gql(t.app, 'query($id: ID!) { regionApplication(id: $id) { id } }', { id: '00000000-0000-4000-8000-000000000000' }, tok.nagano);
      expect(errorCode(missing)).toBe('NOT_FOUND');
      expect(errorCode(await addPartner(t.app, tok.nagano, a.id, '202011'))).toBe('NOT_FOUND');
    });

    it('a partner municipality reads it (without contacts); a non-partner municipality cannot', async () => {
      const [a] = ok(await gql(t.app, '{ myRegionApplications { id } }', {}, tok.hyogo)).myRegionApplications;
      ok(
        await gql(
          t.app,
          'mutation($a: ID!, $c: ContactInput!) { addContact(applicationId: $a, contact: $c) { id } }',
          {
            a: a.id,
            c: { name: '兵庫 花子', department: 'デジタル改革課', email: 'hanako@pref.hyogo.example.lg.jp', consentToPersonalDataTerms: true },
          },
          tok.hyogo,
        ),
      );
      const asPartner = ok(
        await gql(t.app, 'query($id: ID!) { regionApplication(id: $id) { id contacts { email } partners { municipalityCode } } }', { id: a.id }, tok.toyooka),
      ).regionApplication;
      expect(asPartner.partners.map((p: any) => p.municipalityCode)).toContain('282090');
      expect(asPartner.contacts).toEqual([]);
      expect(ok(await gql(t.app, '{ myRegionApplications { id } }', {}, tok.toyooka)).myRegionApplications.map((x: any) => x.id)).toEqual([a.id]);
      expect(errorCode(await gql(t.app, 'query($id: ID!) { regionApplication(id: $id) { id } }', { id: a.id }, tok.ashiya))).toBe('NOT_FOUND');
      expect(errorCode(await addPartner(t.app, tok.toyooka, a.id, '282120'))).toBe('FORBIDDEN');
      // Contacts: the applicant and the secretariat only (not the ministry).
      expect(
        ok(await gql(t.app, 'query($id: ID!) { regionApplication(id: $id) { contacts { email } } }', { id: a.id }, tok.hyogo)).regionApplication.contacts,
      ).toHaveLength(1);
      expect(
        ok(await gql(t.app, 'query($id: ID!) { regionApplication(id: $id) { contacts { email } } }', { id: a.id }, tok.secretariat)).regionApplication.contacts,
      ).toHaveLength(1);
      expect(
        ok(await gql(t.app, 'query($id: ID!) { regionApplication(id: $id) { contacts { email } } }', { id: a.id }, tok.ministry)).regionApplication.contacts,
      ).toEqual([]);
      expect(errorCode(await gql(t.app, 'query($id: ID!) { regionApplication(id: $id) { id } }', { id: a.id }, tok.evaluator))).toBe('FORBIDDEN');
    });
  });

  it('detects a concurrent edit with expectedVersion (CONFLICT) instead of overwriting', async () => {
    const [a] = ok(await gql(t.app, '{ myRegionApplications { id version } }', {}, tok.hyogo)).myRegionApplications;
    const q = `mutation($a: ID!, $l: String!, $v: Int) { addPartnerMunicipality(applicationId: $a, lgCode: $l, expectedVersion: $v) { version } }`;
    const first = ok(await gql(t.app, q, { a: a.id, l: '282120', v: a.version }, tok.hyogo)).addPartnerMunicipality;
    expect(first.version).toBe(a.version + 1);
    const stale = await gql(t.app, q, { a: a.id, l: '282201', v: a.version }, tok.hyogo);
    expect(errorCode(stale)).toBe('CONFLICT');
    expect(stale.errors![0].extensions.details.currentVersion).toBe(a.version + 1);
    const app = await getApplication(t.app, tok.hyogo, a.id);
    expect(app.partners.map((p: any) => p.municipalityCode)).toEqual(['282090', '282120']);
    ok(await gql(t.app, 'mutation($p: ID!) { removePartnerMunicipality(partnerId: $p) { id } }', { p: app.partners[1].id }, tok.hyogo));
  });

  describe('submission, receipt and the deadline', () => {
    let appId: string;

    beforeAll(async () => {
      t.clock.set(IN_WINDOW);
      appId = (await completeDraft(t.app, tok.nagano, callId, ['202011', '202029'])).id;
    });

    it('accepts a submission at 16:59:59 JST on the last day, with a receipt and a digest', async () => {
      t.clock.set('2025-02-28T16:59:59.999+09:00');
      const r = ok(await submit(t.app, tok.nagano, appId, 'nagano-key-0001')).submitRegionApplication;
      expect(r.number).toMatch(/^RA2025-20-\d{6}$/);
      expect(r.contentDigest).toMatch(/^[0-9a-f]{64}$/);
      expect(r.receivedAt).toBe('2025-02-28T07:59:59.999Z');
      const a = await getApplication(t.app, tok.nagano, appId);
      expect(a.status).toBe('SUBMITTED');
      expect(a.receipts).toHaveLength(1);
    });

    it('returns the same receipt to a retry with the same idempotency key', async () => {
      const again = ok(await submit(t.app, tok.nagano, appId, 'nagano-key-0001')).submitRegionApplication;
      const a = await getApplication(t.app, tok.nagano, appId);
      expect(a.receipts).toHaveLength(1);
      expect(again.number).toBe(a.receipts[0].number);
      // After the deadline the replay is still answered (the first request arrived in time); a new key is judged by the deadline.
      t.clock.set('2025-02-28T17:00:01+09:00');
      expect(ok(await submit(t.app, tok.nagano, appId, 'nagano-key-0001')).submitRegionApplication.number).toBe(a.receipts[0].number);
      expect(errorCode(await submit(t.app, tok.nagano, appId, 'nagano-key-0002'))).toBe('DEADLINE_PASSED');
    });

    it('signs the receipt with the server key, so the applicant can prove what and when it sent', async () => {
      const fields = 'number receivedAt contentDigest signedPayload signature signingKeyId';
      const q = `mutation($a: ID!, $k: String) { submitRegionApplication(applicationId: $a, idempotencyKey: $k) { ${fields} } }`;
      const r = ok(await gql(t.app, q, { a: appId, k: 'nagano-key-0001' }, tok.nagano)).submitRegionApplication;
      const key = ok(await gql(t.app, '{ receiptSigningKey { keyId algorithm publicKeyPem } }')).receiptSigningKey;
      expect(key).toMatchObject({ keyId: r.signingKeyId, algorithm: 'Ed25519' });
      // Verified offline, with nothing but the public key, as a third party would.
      expect(verify(null, Buffer.from(r.signedPayload), createPublicKey(key.publicKeyPem), Buffer.from(r.signature, 'base64'))).toBe(true);
      expect(JSON.parse(r.signedPayload)).toMatchObject({ number: r.number, receivedAt: r.receivedAt, contentDigest: r.contentDigest, subjectId: appId });
      const tampered = r.signedPayload.replace(r.contentDigest, '0'.repeat(64));
      expect(
        ok(await gql(t.app, 'query($p: String!, $s: String!) { verifyReceipt(signedPayload: $p, signature: $s) }', { p: r.signedPayload, s: r.signature }))
          .verifyReceipt,
      ).toBe(true);
      expect(
        ok(await gql(t.app, 'query($p: String!, $s: String!) { verifyReceipt(signedPayload: $p, signature: $s) }', { p: tampered, s: r.signature }))
          .verifyReceipt,
      ).toBe(false);
      // The stored content still hashes to the digest, and the database clock was recorded beside the arrival time.
      const [row] = await t.app.get(DataSource).query('select content, received_at, db_received_at from submission_receipts where number = $1', [r.number]);
      expect(sha256Hex(canonicalJson(row.content))).toBe(r.contentDigest);
      expect(row.db_received_at).toBeInstanceOf(Date);
    });

    it('freezes a submitted application', async () => {
      const r = await addPartner(t.app, tok.nagano, appId, '202037');
      expect(errorCode(r)).toBe('INVALID_STATE');
      expect(errorCode(await submit(t.app, tok.nagano, appId))).toBe('INVALID_STATE');
    });

    it('can be reopened and withdrawn before the deadline, keeping its receipts', async () => {
      const reopened = ok(
        await gql(t.app, `mutation($a: ID!) { reopenRegionApplication(applicationId: $a) { ${APPLICATION_FIELDS} } }`, { a: appId }, tok.nagano),
      ).reopenRegionApplication;
      expect(reopened.status).toBe('DRAFT');
      expect(reopened.receipts).toHaveLength(1);
      const w = ok(
        await gql(t.app, 'mutation($a: ID!) { withdrawRegionApplication(applicationId: $a) { status } }', { a: appId }, tok.nagano),
      ).withdrawRegionApplication;
      expect(w.status).toBe('WITHDRAWN');
      ok(await gql(t.app, 'mutation($a: ID!) { reopenRegionApplication(applicationId: $a) { status } }', { a: appId }, tok.nagano));
      const second = ok(await submit(t.app, tok.nagano, appId)).submitRegionApplication;
      expect((await getApplication(t.app, tok.nagano, appId)).receipts.map((r: any) => r.number)).toContain(second.number);
    });

    it('refuses at 17:00:00 JST exactly with DEADLINE_PASSED, for submissions and edits alike', async () => {
      ok(await gql(t.app, 'mutation($a: ID!) { reopenRegionApplication(applicationId: $a) { status } }', { a: appId }, tok.nagano));
      t.clock.set('2025-02-28T17:00:00+09:00');
      const r = await submit(t.app, tok.nagano, appId);
      expect(errorCode(r)).toBe('DEADLINE_PASSED');
      // Rendered whole: the deadline with its time on the 24-hour clock, in JST in English too.
      expect(r.errors![0].extensions.messageJa).toBe('締切（令和7年2月28日（金）17:00）を過ぎているため受け付けできません。');
      expect(r.errors![0].extensions.messageEn).toBe('The deadline (Fri 28 February 2025, 17:00 JST) has passed.');
      expect(errorCode(await addPartner(t.app, tok.nagano, appId, '202037'))).toBe('DEADLINE_PASSED');
      expect(errorCode(await gql(t.app, 'mutation($a: ID!) { withdrawRegionApplication(applicationId: $a) { status } }', { a: appId }, tok.nagano))).toBe(
        'DEADLINE_PASSED',
      );
      expect((await getApplication(t.app, tok.nagano, appId)).status).toBe('DRAFT');
    });

    it('judges by the instant, not by the server’s time zone: 08:00 UTC is 17:00 JST', async () => {
      t.clock.set('2025-02-28T08:00:00Z');
      expect(errorCode(await submit(t.app, tok.nagano, appId))).toBe('DEADLINE_PASSED');
      t.clock.set('2025-02-28T07:59:59Z');
      expect(ok(await submit(t.app, tok.nagano, appId)).submitRegionApplication.number).toMatch(/^RA2025-20-/);
    });
  });

  it('reads SCHEDULED when opened before its window, and OPEN from opensAt on (no status outside the window says OPEN)', async () => {
    t.clock.set('2025-02-01T09:00:00+09:00');
    const { callId: early } = await createProgramAndCall(t.app, tok.secretariat, {
      fiscalYear: 2031,
      opensAt: '2025-02-05T09:00',
      closesAt: '2025-02-20T17:00',
    });
    const q = '{ calls { id status } }';
    const statusOf = async (token?: string) => ok(await gql(t.app, q, {}, token)).calls.find((c: any) => c.id === early)?.status;
    expect(await statusOf(tok.secretariat)).toBe('SCHEDULED');
    expect(await statusOf(tok.nagano)).toBe('SCHEDULED');
    const r = await gql(t.app, 'mutation($c: ID!) { startRegionApplication(callId: $c) { id } }', { c: early }, tok.nagano);
    expect(errorCode(r)).toBe('CALL_NOT_OPEN');
    t.clock.set('2025-02-05T08:59:59+09:00');
    expect(await statusOf(tok.secretariat)).toBe('SCHEDULED');
    t.clock.set('2025-02-05T09:00:00+09:00');
    expect(await statusOf(tok.secretariat)).toBe('OPEN');
    expect(
      ok(await gql(t.app, 'mutation($c: ID!) { startRegionApplication(callId: $c) { status } }', { c: early }, tok.nagano)).startRegionApplication.status,
    ).toBe('DRAFT');
  });
});
