import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ERROR_CATALOGUE, Role, SYSTEM_ACTOR } from '@app/core';
import { IdentityService, User } from '@app/identity';
import {
  corporateNumber,
  createProgramAndCall,
  createTestApp,
  errorCode,
  gql,
  IN_WINDOW,
  ok,
  signIn,
  startApplication,
  TEST_PASSWORD,
  TestApp,
  waitFor,
} from './support';
import { scrubPersonalData } from '../apps/api/src/common/logging';

const unique = () => randomBytes(4).toString('hex');

/** Every JSON line the application logged so far. */
const logLines = (file: string): Array<Record<string, any>> =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe('errors and logs: one allowlist, internal errors hidden behind a correlation id, no personal data in the log', () => {
  let t: TestApp;
  let dir: string;
  let logFile: string;
  let secretariat: string;
  /** Personal data the flows below send; none of it may reach the log. */
  const personal: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rdx-log-'));
    logFile = join(dir, 'api.log');
    process.env.TEST_LOG_LEVEL = 'info';
    process.env.LOG_FILE = logFile;
    process.env.TEST_OUTBOX_POLL_MS = '100'; // notices are "delivered to the log" without SMTP: that line is scanned too
    t = await createTestApp();
    t.clock.set('2025-02-01T09:00:00+09:00');
    ({ secretariat } = await signIn(t.app, [{ key: 'secretariat', role: Role.SECRETARIAT }]));
  });
  afterAll(async () => {
    await t.close();
    delete process.env.TEST_LOG_LEVEL;
    delete process.env.LOG_FILE;
    delete process.env.TEST_OUTBOX_POLL_MS;
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the catalogue complete: every code has a Japanese and an English message', () => {
    for (const [code, m] of Object.entries(ERROR_CATALOGUE)) {
      expect(code).toMatch(/^[A-Z_]+$/);
      expect(m.ja).toMatch(/[ぁ-んァ-ン一-龯]/);
      expect(m.en.length).toBeGreaterThan(3);
    }
  });

  it('masks e-mail addresses and phone numbers in free text, and leaves ids and dates alone', () => {
    expect(scrubPersonalData('taro.yamada@pref.hyogo.lg.jp at 078-341-7711 or +81 90 1234 5678')).toBe('[email] at [phone] or [phone]');
    const plain = 'request 0f8c2a1e-0123-4567-8901-426614174000 at 2025-02-28T17:00:00+09:00, 120 rows';
    expect(scrubPersonalData(plain)).toBe(plain);
  });

  it('writes no name, e-mail address or phone number to the log, whatever the flow', async () => {
    const id = unique();
    // Accounts: creation, sign-in (right and wrong password, unknown address).
    const official = { email: `yamada.${id}@pref.hyogo.example.lg.jp`, name: `山田太郎${id}` };
    personal.push(official.email, official.name);
    await t.app.get(IdentityService).createAccount(
      {
        email: official.email,
        displayName: official.name,
        password: TEST_PASSWORD,
        role: Role.PREFECTURE,
        prefectureCode: '28',
      },
      SYSTEM_ACTOR,
    );
    const login = (email: string, password: string) => gql(t.app, 'mutation($i: LoginInput!) { login(input: $i) { token } }', { i: { email, password } });
    const hyogo = ok(await login(official.email, TEST_PASSWORD)).login.token;
    expect(errorCode(await login(official.email, `wrong-${id}-password`))).toBe('INVALID_CREDENTIALS');
    const stranger = `nobody.${id}@example.jp`;
    personal.push(stranger, `wrong-${id}-password`);
    expect(errorCode(await login(stranger, TEST_PASSWORD))).toBe('INVALID_CREDENTIALS');

    // A region application's contact (name, e-mail, phone), then a bad one (validation error).
    const { callId, programId } = await createProgramAndCall(t.app, secretariat);
    t.clock.set(IN_WINDOW);
    const app = await startApplication(t.app, hyogo, callId);
    const contact = {
      name: `連絡 花子${id}`,
      department: 'デジタル推進課',
      email: `hanako.${id}@pref.hyogo.example.lg.jp`,
      phone: `078-${id.slice(0, 3).replace(/\D/g, '5')}-4${id.slice(4, 7).replace(/\D/g, '7')}`,
    };
    personal.push(contact.name, contact.email, contact.phone);
    const ADD = 'mutation($a: ID!, $c: ContactInput!) { addContact(applicationId: $a, contact: $c) { id } }';
    ok(await gql(t.app, ADD, { a: app.id, c: { ...contact, consentToPersonalDataTerms: true } }, hyogo));
    expect(errorCode(await gql(t.app, ADD, { a: app.id, c: { ...contact, email: `not-an-address-${id}`, consentToPersonalDataTerms: true } }, hyogo))).toBe(
      'VALIDATION_FAILED',
    );
    const read = ok(await gql(t.app, `query($id: ID!) { regionApplication(id: $id) { contacts { name email phone } } }`, { id: app.id }, hyogo));
    expect(read.regionApplication.contacts.map((c: { email: string }) => c.email)).toContain(contact.email);

    // A vendor signing itself up, twice (the second answered alike, with a notice to the address).
    const vendor = { name: `株式会社サンプル${id}`, email: `sales.${id}@sample-corp.example.jp`, displayName: `営業 次郎${id}` };
    personal.push(vendor.email, vendor.displayName);
    const REG = 'mutation($i: RegisterVendorInput!) { registerVendor(input: $i) { id } }';
    const vendorInput = {
      ...vendor,
      corporateNumber: corporateNumber(String(100_000_000_000 + parseInt(id, 16))),
      kind: 'CONSULTANCY',
      headOfficePrefectureCode: '13',
      password: TEST_PASSWORD,
    };
    ok(await gql(t.app, REG, { i: vendorInput }));
    ok(await gql(t.app, REG, { i: vendorInput }));

    // A public briefing registration, confirmed by a notice through the outbox.
    t.clock.set('2025-02-01T09:00:00+09:00');
    const sessionId = ok(
      await gql(
        t.app,
        'mutation($i: CreateBriefingSessionInput!) { createBriefingSession(input: $i) { id } }',
        {
          i: {
            programId,
            title: '公募説明会',
            startsAt: '2025-02-17T13:00',
            endsAt: '2025-02-17T14:00',
            onlineUrl: 'https://teams.example.jp/meet/x',
            capacity: 10,
            registrationClosesAt: '2025-02-14T17:00',
          },
        },
        secretariat,
      ),
    ).createBriefingSession.id;
    const attendee = {
      name: `説明 三郎${id}`,
      organisation: '兵庫県',
      kind: 'LOCAL_GOVERNMENT',
      email: `saburo.${id}@pref.hyogo.example.lg.jp`,
      consentToRecording: true,
    };
    personal.push(attendee.name, attendee.email);
    const REGISTER = 'mutation($s: ID!, $i: BriefingRegistrationInput!) { registerForBriefing(sessionId: $s, input: $i) { id } }';
    ok(await gql(t.app, REGISTER, { s: sessionId, i: attendee }));
    await waitFor(async () => (await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NOT NULL`))[0].n > 0, 10_000);

    // The same personal data in a GET request's query string (variables travel there).
    const get = await request(t.app.getHttpServer())
      .get('/graphql')
      .query({ query: 'query($p: String) { municipalities(prefectureCode: "28", prefix: $p) { lgCode } }', variables: JSON.stringify({ p: official.email }) })
      .set('apollo-require-preflight', 'true')
      .set('authorization', `Bearer ${hyogo}`);
    expect(get.status).toBe(200);
    // A client's own request id is kept beside the server's (clientRequestId), masked like any free text.
    const clientId = `trace.${id}@client.example.jp`;
    personal.push(clientId);
    const traced = await request(t.app.getHttpServer())
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('x-request-id', clientId)
      .send({ query: '{ __typename }' });
    expect(traced.status).toBe(200);

    const log = readFileSync(logFile, 'utf8');
    // The log is really being written: a line per request, with its id and path.
    const completed = logLines(logFile).filter((l) => l.msg === 'request completed');
    expect(completed.length).toBeGreaterThan(15);
    expect(completed.some((l) => l.req?.url === '/graphql' && l.req?.method === 'GET')).toBe(true);
    expect(completed.find((l) => l.req?.id === traced.headers['x-request-id'])).toMatchObject({ clientRequestId: '[email]', req: { url: '/graphql' } });
    expect(log).toContain('delivered to the log');
    const hits = personal.filter((p) => log.includes(p));
    expect(hits).toEqual([]);
    expect(log).not.toContain(hyogo); // nor a bearer token
    expect(log).not.toContain(TEST_PASSWORD);
  });

  it('has the application logger itself redact personal keys and mask addresses and numbers in free text (for paths not written yet)', async () => {
    const id = unique();
    const probe = { name: `氏名${id}`, email: `probe.${id}@example.jp`, phone: '06-6941-0351' };
    new Logger('Probe').error(
      { variables: { input: { email: probe.email } }, registrant: { name: probe.name, phone: probe.phone }, probe: id },
      `could not reach ${probe.email} or ${probe.phone}`,
    );
    await waitFor(() => readFileSync(logFile, 'utf8').includes(id), 5000);
    const line = logLines(logFile).find((l) => l.probe === id)!;
    expect(line.msg).toBe('could not reach [email] or [phone]');
    expect(line.variables).toBe('[redacted]');
    expect(line.registrant).toEqual({ name: '[redacted]', phone: '[redacted]' });
    expect(JSON.stringify(line)).not.toMatch(new RegExp(`${probe.name}|${probe.email}|${probe.phone}`));
  });

  it('redacts personal keys inside class instances too (an entity logged as it is), keeping dates in their JSON form', async () => {
    const id = unique();
    const email = `entity.${id}@example.jp`;
    const user = Object.assign(new User(), {
      id,
      email,
      displayName: `担当${id}`,
      role: Role.VENDOR,
      passwordHash: `$argon2id$${id}`,
      totpSecret: `sealed${id}`,
    });
    const at = new Date('2026-12-07T00:00:00Z');
    new Logger('Probe').warn({ user, owner: { account: user }, at, probe: id }, 'an entity in a log call');
    await waitFor(() => readFileSync(logFile, 'utf8').includes(id), 5000);
    const line = logLines(logFile).find((l) => l.probe === id)!;
    expect(line.user).toMatchObject({
      id,
      email: '[redacted]',
      displayName: '[redacted]',
      passwordHash: '[redacted]',
      totpSecret: '[redacted]',
      role: 'VENDOR',
    });
    expect(line.owner.account).toMatchObject({ id, email: '[redacted]', displayName: '[redacted]' });
    expect(line.at).toBe(at.toISOString());
    expect(JSON.stringify(line)).not.toMatch(new RegExp(`${email}|argon2id|sealed${id}`));
  });

  it('logs a failed statement with its SQLSTATE and text, never its parameters, and prints nothing of it on the console', async () => {
    const id = unique();
    const name = `競合${id}`;
    const hash = `$argon2id$v=19$${id}`;
    const printed: string[] = [];
    const spies = (['log', 'info', 'warn', 'error'] as const).map((k) =>
      jest.spyOn(console, k).mockImplementation((...a: unknown[]) => void printed.push(a.map(String).join(' '))),
    );
    const insert = 'INSERT INTO users (email, display_name, password_hash, role) VALUES ($1, $2, $3, $4)';
    const email = `race.${id}@example.jp`;
    const ds = t.app.get(DataSource);
    try {
      // The second of two accounts with one address, as a registration that lost the race would insert it.
      await ds.query(insert, [email, `先着${id}`, `$argon2id$v=19$first${id}`, Role.SECRETARIAT]);
      await expect(ds.query(insert, [email, name, hash, Role.SECRETARIAT])).rejects.toMatchObject({ code: '23505' });
    } finally {
      for (const s of spies) s.mockRestore();
    }
    await waitFor(() => readFileSync(logFile, 'utf8').includes('query failed (23505)'), 5000);
    const line = logLines(logFile).find((l) => typeof l.msg === 'string' && l.msg.startsWith('query failed (23505)') && l.msg.includes('INSERT INTO users'))!;
    expect(line).toMatchObject({ context: 'Database', level: 40 });
    expect(line.msg).toContain('VALUES ($1, $2, $3, $4)');
    const log = readFileSync(logFile, 'utf8');
    expect([name, hash, id].filter((x) => log.includes(x))).toEqual([]);
    expect(printed.filter((p) => p.includes(id))).toEqual([]);
  });

  // Last: it closes the database under the running application.
  it('turns an unexpected failure into INTERNAL_SERVER_ERROR with a correlation id and no detail, and logs the detail under that id', async () => {
    const ds = t.app.get(DataSource);
    await ds.destroy(); // the database connection is gone: nothing in the allowlist covers that
    const res = await request(t.app.getHttpServer())
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${secretariat}`)
      .send({ query: '{ programs { id name } }' });
    expect(res.status).toBeLessThan(500); // GraphQL answers, with the error in the body
    const [error] = res.body.errors;
    expect(error.message).toBe(ERROR_CATALOGUE.INTERNAL_SERVER_ERROR.en);
    expect(error.extensions).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
      messageJa: ERROR_CATALOGUE.INTERNAL_SERVER_ERROR.ja,
      messageEn: ERROR_CATALOGUE.INTERNAL_SERVER_ERROR.en,
      correlationId: expect.stringMatching(/^[\w-]{8,64}$/),
    });
    const correlationId = error.extensions.correlationId;
    // The correlation id is the request id, also in the response header.
    expect(res.headers['x-request-id']).toBe(correlationId);

    const logged = logLines(logFile).filter((l) => l.correlationId === correlationId);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      level: 50,
      msg: 'unexpected error',
      error: { type: 'TypeORMError', message: expect.any(String), stack: expect.any(String) },
    });
    expect(logged[0].req?.id).toBe(correlationId);
    // The client sees none of the detail that the log keeps.
    const body = JSON.stringify(res.body);
    expect(body).not.toContain(logged[0].error.message);
    expect(body).not.toMatch(/stack|QueryFailed|TypeORM|PGlite|postgres|at \w+ \(/i);

    // A signed-in user whose account cannot be read during the outage is not signed out (UNAUTHENTICATED would send the browser to the sign-in page).
    const me = await request(t.app.getHttpServer())
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${secretariat}`)
      .send({ query: '{ me { id } }' });
    expect(me.body.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
  });
});
