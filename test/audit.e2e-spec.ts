import request from 'supertest';
import { DataSource } from 'typeorm';
import { rowHistory, verifyAuditTrail } from '@app/audit';
import { OutboxService } from '@app/notifications';
import {
  briefingLinkToken,
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

/** Guarantees 9 (audit trail) and 10 (personal data, APPI), through GraphQL over HTTP on a real database. */
describe('audit trail and personal data', () => {
  let t: TestApp;
  let db: DataSource;
  let tok: Record<string, string>;
  const ids: Record<string, string> = {};
  let programId: string;
  let applicationId: string;
  let contactId: string;
  let registrationId: string;
  let sessionId: string;
  // Personal values planted by the flow; none may ever reach the audit trail, nor survive an erasure.
  const CONTACT = { name: '監査 太郎', email: 'kansa-taro@pref.hyogo.example.lg.jp', phone: '078-111-2222' };
  const REGISTRANT = { name: '説明 花子', email: 'setsumei-hanako@city.example.lg.jp' };

  /** Every audit record, sealed or not, as text (what an attacker reading the log would see). */
  const auditText = async (): Promise<string> => {
    const rows = await db.query(
      `SELECT coalesce(entity_id, '') || actor || patch::text || coalesce(detail::text, '') AS t FROM audit_log
       UNION ALL SELECT coalesce(entity_id, '') || actor || patch::text || coalesce(detail::text, '') FROM audit_pending`,
    );
    return rows.map((r: { t: string }) => r.t).join('\n');
  };
  const records = (where: string, params: unknown[] = []) =>
    db.query(
      `SELECT * FROM (SELECT change_id AS cid, actor, operation, entity, entity_id, patch, detail FROM audit_log
                      UNION ALL SELECT id, actor, operation, entity, entity_id, patch, detail FROM audit_pending) r WHERE ${where} ORDER BY cid`,
      params,
    );
  const readRecords = async () => (await records(`operation = 'READ'`)).length;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    tok = await signIn(t.app, STANDARD_ACCOUNTS);
    for (const key of ['secretariat', 'hyogo', 'ministry']) ids[key] = ok(await gql(t.app, '{ me { id } }', {}, tok[key])).me.id;

    t.clock.set('2025-02-01T09:00:00+09:00');
    let callId: string;
    ({ programId, callId } = await createProgramAndCall(t.app, tok.secretariat));
    t.clock.set(IN_WINDOW);
    const draft = await completeDraft(t.app, tok.hyogo, callId, ['282090']);
    applicationId = draft.id;
    contactId = ok(
      await gql(
        t.app,
        'mutation($a: ID!, $c: ContactInput!) { addContact(applicationId: $a, contact: $c) { contacts { id email } } }',
        { a: applicationId, c: { ...CONTACT, department: 'デジタル推進課', consentToPersonalDataTerms: true } },
        tok.hyogo,
      ),
    ).addContact.contacts.find((c: { email: string }) => c.email === CONTACT.email).id;
    ok(await submit(t.app, tok.hyogo, applicationId));

    sessionId = ok(
      await gql(
        t.app,
        'mutation($i: CreateBriefingSessionInput!) { createBriefingSession(input: $i) { id } }',
        {
          i: {
            programId,
            title: '公募説明会',
            startsAt: '2025-02-27T13:00',
            endsAt: '2025-02-27T14:00',
            onlineUrl: 'https://teams.example.jp/meet/audit',
            capacity: 10,
            registrationClosesAt: '2025-02-26T17:00',
          },
        },
        tok.secretariat,
      ),
    ).createBriefingSession.id;
    registrationId = ok(
      await gql(t.app, 'mutation($s: ID!, $i: BriefingRegistrationInput!) { registerForBriefing(sessionId: $s, input: $i) { id } }', {
        s: sessionId,
        i: { ...REGISTRANT, organisation: '豊岡市', kind: 'LOCAL_GOVERNMENT', consentToRecording: true },
      }),
    ).registerForBriefing.id;
    // The address confirms with the mailed link (the registration is held until then).
    ok(
      await gql(t.app, 'mutation($t: String!) { confirmBriefingRegistration(input: { token: $t }) { id } }', {
        t: await briefingLinkToken(t.app, REGISTRANT.email),
      }),
    );
    await t.app.get(OutboxService).deliverDue(); // the confirmation is sent (recorded: no SMTP in tests)
  });
  afterAll(() => t.close());

  it('records every change with its actor, operation and a JSON patch, and never a personal value', async () => {
    const [program] = await records(`entity = 'programs' AND entity_id = $1`, [programId]);
    expect(program).toMatchObject({ actor: ids.secretariat, operation: 'INSERT' });
    expect(program.patch).toContainEqual({ op: 'add', path: '/fiscal_year', value: 2025 });

    const app = await records(`entity = 'region_applications' AND entity_id = $1`, [applicationId]);
    expect(app[0]).toMatchObject({ actor: ids.hyogo, operation: 'INSERT' });
    expect(app.at(-1)).toMatchObject({ actor: ids.hyogo, operation: 'UPDATE' });
    expect(app.at(-1).patch).toContainEqual({ op: 'replace', path: '/status', value: 'SUBMITTED' });

    const [contact] = await records(`entity = 'application_contacts' AND entity_id = $1`, [contactId]);
    expect(contact).toMatchObject({ actor: ids.hyogo, operation: 'INSERT' });
    expect(contact.patch).toContainEqual({ op: 'add', path: '/email', value: '[masked]' });
    expect(contact.patch).toContainEqual({ op: 'add', path: '/department', value: 'デジタル推進課' });

    // A public registration has no account; the accounts made by the test set-up (outside any request) are the system's.
    expect((await records(`entity = 'briefing_registrations' AND entity_id = $1`, [registrationId]))[0].actor).toBe('anonymous');
    expect((await records(`entity = 'users' AND entity_id = $1`, [ids.hyogo]))[0].actor).toBe('system');

    const text = await auditText();
    for (const v of [...Object.values(CONTACT), ...Object.values(REGISTRANT)]) expect(text).not.toContain(v);
    expect(text).not.toContain('$argon2'); // password hashes
  });

  it('verifies: the chain holds and every row rebuilds from its patches to its live state', async () => {
    const v = await verifyAuditTrail(db);
    expect(v.problems).toEqual([]);
    expect(v).toMatchObject({ ok: true, pending: 0 });
    expect(v.records).toBeGreaterThan(100);
    expect(v.tables).toBeGreaterThanOrEqual(40);
  });

  it('rebuilds any past version of a row', async () => {
    const versions = await rowHistory(db, 'region_applications', applicationId);
    expect(versions[0].image).toMatchObject({ id: applicationId, status: 'DRAFT', version: 1, submitted_at: null });
    expect(versions.at(-1)!.image).toMatchObject({ status: 'SUBMITTED' });
    const [live] = await db.query(`SELECT version, status FROM region_applications WHERE id = $1`, [applicationId]);
    expect(versions.at(-1)!.image).toMatchObject(live);
    expect(versions.some((v) => v.image!.status === 'DRAFT' && (v.image!.version as number) > 1)).toBe(true); // the draft as edited
  });

  it('the database refuses UPDATE, DELETE, TRUNCATE and forged INSERTs on the audit log', async () => {
    for (const sql of [
      `UPDATE audit_log SET actor = 'someone-else' WHERE id = 1`,
      'DELETE FROM audit_log WHERE id = 1',
      'TRUNCATE audit_log',
      `INSERT INTO audit_log (id, change_id, at, actor, operation, entity, patch, prev_hash, hash) VALUES (999999, 999999, now(), 'x', 'READ', 'users', '[]', repeat('0', 64), repeat('0', 64))`,
      'TRUNCATE audit_pending',
    ])
      await expect(db.query(sql)).rejects.toThrow(/append-only/);
    expect((await verifyAuditTrail(db)).ok).toBe(true);
  });

  it('audits every read of contact data by the staff, one READ record per request', async () => {
    const before = await readRecords();
    const q = `query($id: ID!) { regionApplication(id: $id) { contacts { id name email phone } } }`;
    // The applicant itself: its own contacts, not audited. A partner municipality and the ministry: nothing.
    expect(ok(await gql(t.app, q, { id: applicationId }, tok.hyogo)).regionApplication.contacts.length).toBe(2);
    expect(ok(await gql(t.app, q, { id: applicationId }, tok.toyooka)).regionApplication.contacts).toEqual([]);
    expect(ok(await gql(t.app, q, { id: applicationId }, tok.ministry)).regionApplication.contacts).toEqual([]);
    expect(await readRecords()).toBe(before);

    // The secretariat: a list of applications with their contacts is one READ record with every contact id.
    const list = ok(await gql(t.app, '{ regionApplications(limit: 50) { items { id contacts { id email } } } }', {}, tok.secretariat)).regionApplications.items;
    const contactIds = list.flatMap((a: { contacts: Array<{ id: string }> }) => a.contacts.map((c) => c.id)).sort();
    expect(contactIds).toContain(contactId);
    const last = (await records(`operation = 'READ'`)).at(-1);
    expect(await readRecords()).toBe(before + 1);
    expect(last).toMatchObject({ actor: ids.secretariat, entity: 'application_contacts', entity_id: null });
    expect(last.detail).toMatchObject({ field: 'RegionApplication.contacts', role: 'SECRETARIAT', ids: contactIds });

    // Registrants (in GraphQL and in the CSV download) and accounts alike.
    const regs = ok(
      await gql(t.app, `query($s: ID!) { briefingRegistrations(sessionId: $s) { id name email } }`, { s: sessionId }, tok.secretariat),
    ).briefingRegistrations;
    expect(regs.map((r: { email: string }) => r.email)).toEqual([REGISTRANT.email]);
    const csv = await request(t.app.getHttpServer()).get(`/exports/briefing/${sessionId}.csv`).set('authorization', `Bearer ${tok.secretariat}`);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain(REGISTRANT.email);
    const accounts = ok(await gql(t.app, '{ accounts { id email displayName } }', {}, tok.secretariat)).accounts;
    const all = await records(`operation = 'READ'`);
    expect(all.length).toBe(before + 4);
    expect(all.at(-3)).toMatchObject({ entity: 'briefing_registrations', detail: { field: 'BriefingRegistration', ids: [registrationId] } });
    expect(all.at(-2)).toMatchObject({ entity: 'briefing_registrations', detail: { field: 'GET /exports/briefing', ids: [registrationId] } });
    expect(all.at(-1)).toMatchObject({ entity: 'users', actor: ids.secretariat });
    expect(all.at(-1).detail.ids.length).toBe(accounts.length - 1); // every account but the secretariat's own
    // Reads carry no personal value either, and the chain takes them in.
    const text = await auditText();
    for (const v of [...Object.values(CONTACT), ...Object.values(REGISTRANT)]) expect(text).not.toContain(v);
    const v = await verifyAuditTrail(db);
    expect(v.ok).toBe(true);
    expect(v.reads).toBe(before + 4);
  });

  it('detects a tampered record, a change made behind its back, and a table without its trigger', async () => {
    // 1. A record altered by the table owner with the append-only trigger disabled.
    const [rec] = await db.query(`SELECT id, patch::text AS patch FROM audit_log WHERE entity = 'programs' AND entity_id = $1 ORDER BY id LIMIT 1`, [
      programId,
    ]);
    const tampered = rec.patch.replace('"value": 2025', '"value": 2024');
    expect(tampered).not.toBe(rec.patch);
    const setPatch = async (text: string) => {
      await db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_append_only');
      await db.query('UPDATE audit_log SET patch = $1::jsonb WHERE id = $2', [text, rec.id]);
      await db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_append_only');
    };
    await setPatch(tampered);
    let v = await verifyAuditTrail(db);
    expect(v.ok).toBe(false);
    expect(v.problems).toContain(`record ${rec.id}: hash does not match its content (altered record)`);
    expect(v.problems.join('\n')).toContain(`programs ${programId}: live row differs from its rebuilt state in fiscal_year`);
    await setPatch(rec.patch);
    expect((await verifyAuditTrail(db)).ok).toBe(true);

    // 2. A live row changed with the audit trigger disabled.
    const setName = async (name: string) => {
      await db.query('ALTER TABLE programs DISABLE TRIGGER audit_row');
      await db.query('UPDATE programs SET name = $1 WHERE id = $2', [name, programId]);
      await db.query('ALTER TABLE programs ENABLE TRIGGER audit_row');
    };
    const [{ name }] = await db.query('SELECT name FROM programs WHERE id = $1', [programId]);
    await setName('改ざん');
    v = await verifyAuditTrail(db);
    expect(v.problems).toEqual([`programs ${programId}: live row differs from its rebuilt state in name`]);
    await setName(name);

    // 3. A table whose trigger was dropped (a new table a migration forgot to audit reads the same).
    await db.query('DROP TRIGGER audit_row ON meetings');
    v = await verifyAuditTrail(db);
    expect(v.problems).toEqual(['table meetings has no audit trigger']);
    await db.query(`SELECT audit_attach('meetings')`);
    expect((await verifyAuditTrail(db)).ok).toBe(true);

    // 4. A table whose INSERT trigger (statement level, migration 1765140000000) was dropped, or disabled.
    await db.query('DROP TRIGGER audit_insert ON meetings');
    v = await verifyAuditTrail(db);
    expect(v.problems).toEqual(['table meetings has no audit trigger for inserts']);
    await db.query(`SELECT audit_attach('meetings')`);
    expect((await verifyAuditTrail(db)).ok).toBe(true);
    await db.query('ALTER TABLE meetings DISABLE TRIGGER audit_insert');
    v = await verifyAuditTrail(db);
    expect(v.problems).toEqual(['table meetings has no audit trigger for inserts']);
    await db.query('ALTER TABLE meetings ENABLE TRIGGER audit_insert');
    expect((await verifyAuditTrail(db)).ok).toBe(true);
  });

  it('records an INSERT of many rows by one statement trigger, each row exactly as the row trigger would (masked and digested columns too)', async () => {
    // 60 more columns (the patch is built 50 columns a time), reserved and quoted names, a dropped column, a composite key.
    const extra = Array.from({ length: 60 }, (_, i) => `c${i} int DEFAULT ${i}`).join(', ');
    await db.query(
      `CREATE TABLE audit_probe (id int, part text DEFAULT 'p', name text, doc jsonb, at timestamptz, f float8, n numeric, tags text[], ok boolean,
                                 "select" text DEFAULT 'sel', "Mixed ""Case""" text DEFAULT 'mc', gone text, ${extra}, PRIMARY KEY (id, part))`,
    );
    await db.query('ALTER TABLE audit_probe DROP COLUMN gone');
    try {
      await db.query(`SELECT audit_attach('audit_probe', '{name,digest:doc}')`);
      await db.transaction(async (m) => {
        await m.query(`SELECT set_config('rdx.actor', 'test:bulk', true)`);
        await m.query(
          `INSERT INTO audit_probe (id, name, doc, at, f, n, tags, ok)
           SELECT g, CASE WHEN g % 5 <> 0 THEN '監査 ' || g END,
                  CASE g % 4 WHEN 0 THEN NULL WHEN 1 THEN 'null'::jsonb ELSE jsonb_build_object('k', g, 'big', repeat('あ', 3000 * g)) END,
                  timestamptz '2026-12-06 18:00:00+09' + g * interval '1 hour', g / 3.0::float8, g / 7.0, ARRAY['a', g::text], g % 2 = 0
             FROM generate_series(1, 40) g`,
        );
      });
      // audit_row's patch of an inserted row (its formula), under the trigger's settings, against what was recorded.
      const rows = await db.transaction(async (m) => {
        await m.query(`SET LOCAL "TimeZone" = 'UTC'`);
        await m.query('SET LOCAL extra_float_digits = 1');
        return m.query(
          `SELECT r.id, (SELECT coalesce(jsonb_agg(jsonb_build_object('op', 'add', 'path', '/' || key, 'value', audit_mask_value(key, value, a.masked)) ORDER BY key), '[]'::jsonb)
                           FROM audit_tables a, jsonb_each(to_jsonb(r)) WHERE a.entity = 'audit_probe') AS expected,
                  p.patch AS recorded, p.actor
             FROM audit_probe r
             LEFT JOIN (SELECT change_id AS cid, actor, entity, entity_id, operation, patch FROM audit_log
                        UNION ALL SELECT id, actor, entity, entity_id, operation, patch FROM audit_pending) p
                    ON p.entity = 'audit_probe' AND p.operation = 'INSERT' AND p.entity_id = audit_key(to_jsonb(r), 'id,part')
            ORDER BY r.id`,
        );
      });
      expect(rows).toHaveLength(40);
      for (const r of rows) expect({ id: r.id, actor: r.actor, patch: r.recorded }).toEqual({ id: r.id, actor: 'test:bulk', patch: r.expected });
      const text = JSON.stringify(rows.map((r: { recorded: unknown }) => r.recorded));
      expect(text).not.toContain('監査'); // masked
      expect(text).not.toContain('あ'); // digested
      expect(text).toContain('"sha256"');
      // One record per row, in the rows' order.
      const order = await records(`entity = 'audit_probe' AND operation = 'INSERT'`);
      expect(order).toHaveLength(40);
      // Every column but the dropped one, the quoted name as it is.
      const paths = rows[0].recorded.map((op: { path: string }) => op.path);
      expect(paths).toHaveLength(11 + 60);
      expect(paths).toEqual(expect.arrayContaining(['/select', '/Mixed "Case"', '/c59']));
      expect(paths).not.toContain('/gone');
      expect((await verifyAuditTrail(db)).problems).toEqual([]);
    } finally {
      await db.query('DROP TABLE audit_probe');
    }
  });

  it("erases a programme's personal data only after its retention period, leaving the chain verifiable", async () => {
    const ERASE = `mutation($p: ID!) { erasePersonalData(programId: $p) { retentionEndsOn contacts briefingRegistrations proposals engagements messages } }`;
    expect(errorCode(await gql(t.app, ERASE, { p: programId }, tok.hyogo))).toBe('FORBIDDEN');
    // Support ends 2026-03-13; kept 365 days, to 2027-03-13 (JST) inclusive.
    t.clock.set('2027-03-13T23:59:59+09:00');
    const refused = await gql(t.app, ERASE, { p: programId }, tok.secretariat);
    expect(errorCode(refused)).toBe('RETENTION_NOT_ENDED');
    expect(refused.errors![0].extensions.details).toMatchObject({ retentionEndsOn: '2027-03-13' });
    expect(refused.errors![0].extensions.messageJa).toContain('保存期間');
    expect((await db.query('SELECT email FROM application_contacts WHERE id = $1', [contactId]))[0].email).toBe(CONTACT.email);

    t.clock.set('2027-03-14T00:00:00+09:00');
    const erased = ok(await gql(t.app, ERASE, { p: programId }, tok.secretariat)).erasePersonalData;
    // Two mails to the registrant: the confirmation link and, once confirmed, the session details.
    expect(erased).toMatchObject({ retentionEndsOn: '2027-03-13', contacts: 2, briefingRegistrations: 1, messages: 2 });
    // Again: nothing left to erase.
    expect(ok(await gql(t.app, ERASE, { p: programId }, tok.secretariat)).erasePersonalData).toMatchObject({
      contacts: 0,
      briefingRegistrations: 0,
      messages: 0,
    });

    // No personal value left in the live rows, nor anywhere in the audit trail.
    const live = JSON.stringify([
      await db.query('SELECT * FROM application_contacts'),
      await db.query('SELECT * FROM briefing_registrations'),
      await db.query('SELECT * FROM outbox'),
    ]);
    const text = await auditText();
    for (const v of [...Object.values(CONTACT), ...Object.values(REGISTRANT)]) {
      expect(live).not.toContain(v);
      expect(text).not.toContain(v);
    }
    const contacts = ok(
      await gql(t.app, `query($id: ID!) { regionApplication(id: $id) { contacts { name email phone department } } }`, { id: applicationId }, tok.secretariat),
    ).regionApplication.contacts;
    expect(contacts).toContainEqual({ name: '[erased]', email: '[erased]', phone: '[erased]', department: 'デジタル推進課' });
    // The erasure itself is in the trail, by the secretariat.
    const [erasure] = await records(`entity = 'application_contacts' AND entity_id = $1 AND operation = 'UPDATE'`, [contactId]);
    expect(erasure.actor).toBe(ids.secretariat);
    expect(erasure.patch).toContainEqual({ op: 'replace', path: '/email', value: '[erased]' });

    const v = await verifyAuditTrail(db);
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
  });
});
