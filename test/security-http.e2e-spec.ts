import { IncomingMessage, Server } from 'node:http';
import { AddressInfo, connect, Socket } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  completeDraft,
  createProgramAndCall,
  createTestApp,
  errorCode,
  getApplication,
  gql,
  GqlResult,
  IN_WINDOW,
  ok,
  pdfBytes,
  reportFigures,
  signIn,
  STANDARD_ACCOUNTS,
  TestApp,
} from './support';
import { QUERY_LIMITS } from '../apps/api/src/graphql/limits';

/** Short bounds, so that the "too slow" edges take seconds of real time, not minutes. */
const BODY_TIMEOUT_MS = 2_000;
const UPLOAD_TIMEOUT_MS = 5_000;

/** The call's deadline: 2025-02-28 17:00 JST. */
const DEADLINE = Date.parse('2025-02-28T17:00:00+09:00');
const at = (offsetMs: number) => new Date(DEADLINE + offsetMs);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Reads one HTTP/1.1 response from a socket the server closes after answering (Connection: close). */
function readResponse(socket: Socket, timeoutMs = 20_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => reject(new Error('no response from the server')), timeoutMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => undefined); // a reset after the answer is fine: the answer is what we read
    socket.on('close', () => {
      clearTimeout(timer);
      const raw = Buffer.concat(chunks).toString('utf8');
      const split = raw.indexOf('\r\n\r\n');
      if (split < 0) return reject(new Error(`no HTTP response: ${JSON.stringify(raw)}`));
      const [statusLine, ...lines] = raw.slice(0, split).split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      let body = raw.slice(split + 4);
      if (headers['transfer-encoding'] === 'chunked') {
        let out = '';
        for (let rest = body; ;) {
          const eol = rest.indexOf('\r\n');
          const size = parseInt(rest.slice(0, eol), 16);
          if (!size) break;
          out += rest.slice(eol + 2, eol + 2 + size);
          rest = rest.slice(eol + 2 + size + 2);
        }
        body = out;
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
  });
}

/**
 * A request sent in pieces over a raw socket: the headers and the first piece go out at once, and
 * `steps` runs between the pieces (advancing the clock, waiting). Resolves with the server's answer.
 */
async function slowRequest(
  server: Server,
  head: string,
  pieces: Buffer[],
  between: (index: number) => Promise<void> | void,
): Promise<RawResponse & { headersStampedAt: Date | undefined }> {
  const { port } = server.address() as AddressInfo;
  // The server's own request object, to know when it has read the headers (and, before the fix, stamped the arrival).
  const seen = new Promise<IncomingMessage & { receivedAt?: Date }>((resolve) => server.once('request', resolve));
  const socket = connect(port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  const answer = readResponse(socket);
  socket.write(Buffer.concat([Buffer.from(head), pieces[0]]));
  const req = await seen;
  while (!req.receivedAt) await new Promise((r) => setImmediate(r));
  const headersStampedAt = req.receivedAt;
  for (let i = 1; i < pieces.length; i++) {
    await between(i);
    if (!socket.destroyed) socket.write(pieces[i]);
  }
  return { ...(await answer), headersStampedAt };
}

function graphqlHead(body: Buffer, token: string): string {
  return [
    'POST /graphql HTTP/1.1',
    'Host: 127.0.0.1',
    'Content-Type: application/json',
    `Content-Length: ${body.length}`,
    `Authorization: Bearer ${token}`,
    'Connection: close',
    '',
    '',
  ].join('\r\n');
}

const SUBMIT = 'mutation($a: ID!) { submitRegionApplication(applicationId: $a) { number receivedAt } }';

/** The JSON body of a submission, cut into `n` pieces, the last of them one byte. */
function submissionPieces(applicationId: string, n = 2): Buffer[] {
  const body = Buffer.from(JSON.stringify({ query: SUBMIT, variables: { a: applicationId } }));
  const head = body.subarray(0, body.length - 1);
  const size = Math.ceil(head.length / (n - 1));
  const pieces = Array.from({ length: n - 1 }, (_, i) => head.subarray(i * size, (i + 1) * size));
  return [...pieces, body.subarray(body.length - 1)];
}

describe('HTTP edge: arrival time, slow bodies, typed errors for bad input, alias and introspection limits', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let server: Server;
  let programId: string;
  let callId: string;
  let appId: string;
  const figures = { acrossAfter: 0, acceptedAfter: 0, acrossBefore: 0, refusedBefore: 0, tooSlow: 0, ranTooSlow: 0 };

  beforeAll(async () => {
    process.env.REQUEST_BODY_TIMEOUT_MS = String(BODY_TIMEOUT_MS);
    process.env.UPLOAD_TIMEOUT_MS = String(UPLOAD_TIMEOUT_MS);
    t = await createTestApp();
    server = t.app.getHttpServer() as Server;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    t.clock.set('2025-02-01T09:00:00+09:00');
    tok = await signIn(t.app, STANDARD_ACCOUNTS);
    ({ programId, callId } = await createProgramAndCall(t.app, tok.secretariat));
    t.clock.set(IN_WINDOW);
    appId = (await completeDraft(t.app, tok.hyogo, callId, ['282090'])).id;
  });
  afterAll(async () => {
    delete process.env.REQUEST_BODY_TIMEOUT_MS;
    delete process.env.UPLOAD_TIMEOUT_MS;
    reportFigures(
      `slow body: ${figures.acrossAfter + figures.acrossBefore} bodies across the deadline (headers before it), ` +
        `${figures.acceptedAfter} accepted whose last byte came after it, ${figures.refusedBefore} refused whose last byte came before it; ` +
        `${figures.tooSlow} over the ${BODY_TIMEOUT_MS} ms body bound answered 408, ${figures.ranTooSlow} of them run`,
    );
    await t.close();
  });

  describe('a submission is received when its body is complete (finding 2)', () => {
    it('refuses with 408 REQUEST_TIMEOUT a GraphQL body still incomplete after the bound, and runs nothing', async () => {
      t.clock.set(at(-60_000));
      const pieces = submissionPieces(appId);
      const started = Date.now();
      const r = await slowRequest(server, graphqlHead(Buffer.concat(pieces), tok.hyogo), pieces, async () => {
        await sleep(BODY_TIMEOUT_MS + 2_000); // the rest would come well before the deadline, but far too slowly
      });
      figures.tooSlow++;
      expect(r.status).toBe(408);
      expect(Date.now() - started).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS - 50);
      expect(JSON.parse(r.body).errors[0].extensions).toMatchObject({
        code: 'REQUEST_TIMEOUT',
        messageJa: expect.stringContaining('時間がかかりすぎた'),
        messageEn: expect.stringContaining('too long'),
        details: { limitMs: BODY_TIMEOUT_MS },
      });
      const a = await getApplication(t.app, tok.hyogo, appId);
      if (a.status !== 'DRAFT') figures.ranTooSlow++;
      expect(a.status).toBe('DRAFT');
      expect(a.receipts).toHaveLength(0);
    });

    it.each([
      ['30 s after the deadline', 30_000],
      ['1 ms after the deadline', 0],
    ])('refuses with DEADLINE_PASSED a body whose headers came 10 s before the deadline and whose last byte came %s', async (_name, lateMs) => {
      t.clock.set(at(-10_000));
      const pieces = submissionPieces(appId);
      const r = await slowRequest(server, graphqlHead(Buffer.concat(pieces), tok.hyogo), pieces, () => t.clock.set(at(lateMs)));
      figures.acrossAfter++;
      expect(r.headersStampedAt!.getTime()).toBeLessThan(DEADLINE);
      const res = JSON.parse(r.body) as GqlResult;
      if (!res.errors) figures.acceptedAfter++;
      expect(errorCode({ status: r.status, data: null, errors: res.errors })).toBe('DEADLINE_PASSED');
      t.clock.set(IN_WINDOW);
      const a = await getApplication(t.app, tok.hyogo, appId);
      expect(a.status).toBe('DRAFT');
      expect(a.receipts).toHaveLength(0);
    });

    it('accepts a slow body completed 1 ms before the deadline, with the arrival time of its last byte', async () => {
      t.clock.set(at(-60_000));
      const pieces = submissionPieces(appId, 3);
      const r = await slowRequest(server, graphqlHead(Buffer.concat(pieces), tok.hyogo), pieces, async (i) => {
        t.clock.set(at(i === 1 ? -30_000 : -1));
        await sleep(100);
      });
      figures.acrossBefore++;
      const res = JSON.parse(r.body) as GqlResult;
      if (res.errors) figures.refusedBefore++;
      const receipt = ok({ status: r.status, data: res.data, errors: res.errors }).submitRegionApplication;
      // Received when the last byte was read (16:59:59.999 JST), not when the headers came (16:59:00).
      expect(receipt.receivedAt).toBe(at(-1).toISOString());
      expect(receipt.number).toMatch(/^RA2025-28-/);
    });

    it('gives uploads (POST /documents) a longer bound than GraphQL, and cuts them too past it', async () => {
      const boundary = 'rdx-slow-upload';
      const multipart = (content: Buffer) =>
        Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nMEMORANDUM\r\n`),
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
          content,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]);
      const head = (body: Buffer) =>
        [
          'POST /documents HTTP/1.1',
          'Host: 127.0.0.1',
          `Content-Type: multipart/form-data; boundary=${boundary}`,
          `Content-Length: ${body.length}`,
          `Authorization: Bearer ${tok.hyogo}`,
          'Connection: close',
          '',
          '',
        ].join('\r\n');
      const documents = async () => Number((await t.app.get(DataSource).query('select count(*)::int as n from documents'))[0].n);
      const before = await documents();

      // Longer than a GraphQL body may take, shorter than an upload may: stored.
      const body = multipart(pdfBytes('slow upload'));
      const slow = await slowRequest(server, head(body), [body.subarray(0, 100), body.subarray(100)], () => sleep(BODY_TIMEOUT_MS + 1_000));
      expect(slow.status).toBe(201);
      expect(JSON.parse(slow.body)).toMatchObject({ mimeType: 'application/pdf', fileName: 'slow.pdf' });
      expect(await documents()).toBe(before + 1);

      // Past the upload bound: Node answers 408 and closes the socket; nothing is stored.
      const stalled = multipart(pdfBytes('stalled upload'));
      const cut = await slowRequest(server, head(stalled), [stalled.subarray(0, 100), stalled.subarray(100)], () => sleep(UPLOAD_TIMEOUT_MS + 3_000));
      expect(cut.status).toBe(408);
      expect(await documents()).toBe(before + 1);
    });
  });

  describe('bad input answers a typed error, never INTERNAL_SERVER_ERROR (finding 16)', () => {
    const persisted = { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } };

    it.each([
      ['a hash alone', { extensions: persisted }],
      ['a hash and a query', { query: '{ __typename }', extensions: persisted }],
    ])('refuses an automatic persisted query (%s): persisted queries are off', async (_name, body) => {
      const res = await request(server).post('/graphql').set('content-type', 'application/json').send(body);
      expect(res.body.errors[0].extensions).toMatchObject({
        code: 'PERSISTED_QUERY_NOT_SUPPORTED',
        messageJa: expect.stringContaining('保存済みクエリ'),
        messageEn: expect.any(String),
      });
      expect(res.body.errors[0].message).toBe('PersistedQueryNotSupported'); // what Apollo Client's persisted-query link looks for
    });

    it('refuses an automatic persisted query sent by GET', async () => {
      const res = await request(server)
        .get(`/graphql?extensions=${encodeURIComponent(JSON.stringify(persisted))}`)
        .set('apollo-require-preflight', 'true')
        .set('accept', 'application/json');
      expect(res.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
    });

    const CREATE_PROGRAM = 'mutation($i: CreateProgramInput!) { createProgram(input: $i) { id supportEndsOn } }';
    it.each(['2040-02-30', '2025-13-01', '2025-02-29', '2025-04-31', '2025-00-10', '2025-01-00', '0000-01-01'])(
      'refuses the impossible date %s as supportEndsOn with VALIDATION_FAILED',
      async (date) => {
        const r = await gql(t.app, CREATE_PROGRAM, { i: { fiscalYear: 2040, name: `令和22年度 ${date}`, supportEndsOn: date } }, tok.secretariat);
        expect(errorCode(r)).toBe('VALIDATION_FAILED');
        expect(r.errors![0].extensions.details.fields).toEqual([{ field: 'supportEndsOn', constraints: expect.arrayContaining(['isCalendarDate']) }]);
        expect(r.errors![0].extensions.messageJa).toContain('supportEndsOn');
      },
    );

    it('accepts a real leap day as supportEndsOn', async () => {
      const r = ok(await gql(t.app, CREATE_PROGRAM, { i: { fiscalYear: 2041, name: '令和23年度', supportEndsOn: '2044-02-29' } }, tok.secretariat));
      expect(r.createProgram.supportEndsOn).toBe('2044-02-29');
    });

    // Every date-time input of the schema, each with impossible calendar dates and times.
    const IMPOSSIBLE = [
      '0001-01-01T00:00',
      '9999-12-31T23:59-14:00',
      '2025-02-29T10:00',
      '2025-13-01T00:00',
      '2040-02-30',
      '2025-04-31T09:00',
      '2025-02-28T24:00',
      '2025-02-28T17:60',
      '0000-01-01T00:00',
    ];
    // Each sent where the date is the only thing wrong (a real programme, the open call, a submitted application);
    // the error names the field.
    const dateTimeInputs: Array<[string, (v: string) => Promise<GqlResult>]> = [
      [
        'createCall.opensAt',
        (v) =>
          gql(
            t.app,
            'mutation($i: CreateCallInput!) { createCall(input: $i) { id } }',
            { i: { programId, kind: 'REGION', title: 'x', opensAt: v, closesAt: '2025-02-28T17:00' } },
            tok.secretariat,
          ),
      ],
      [
        'updateCall.closesAt',
        (v) => gql(t.app, 'mutation($i: UpdateCallInput!) { updateCall(input: $i) { id } }', { i: { id: callId, closesAt: v } }, tok.secretariat),
      ],
      [
        'scheduleHearing.at',
        (v) => gql(t.app, 'mutation($a: ID!, $at: String!) { scheduleHearing(applicationId: $a, at: $at) { id } }', { a: appId, at: v }, tok.secretariat),
      ],
      [
        'createBriefingSession.startsAt',
        (v) =>
          gql(
            t.app,
            'mutation($i: CreateBriefingSessionInput!) { createBriefingSession(input: $i) { id } }',
            {
              i: {
                programId,
                title: 'x',
                startsAt: v,
                endsAt: '2025-03-01T11:00',
                registrationClosesAt: '2025-02-27T17:00',
                capacity: 10,
                onlineUrl: 'https://meet.example.jp/x',
              },
            },
            tok.secretariat,
          ),
      ],
    ];
    it.each(dateTimeInputs)('refuses impossible date-times in %s with VALIDATION_FAILED', async (name, send) => {
      for (const v of IMPOSSIBLE) {
        const r = await send(v);
        expect([v, errorCode(r)]).toEqual([v, 'VALIDATION_FAILED']);
        expect(JSON.stringify(r.errors![0].extensions.details)).toContain(name.split('.')[1]);
      }
    });
  });

  describe('alias and introspection limits count everything (finding 18)', () => {
    it('refuses 16 aliases of __typename, and 16 fields aliased __typename', async () => {
      const typenames = Array.from({ length: QUERY_LIMITS.aliases + 1 }, (_, i) => `t${i}: __typename`).join(' ');
      const r1 = await gql(t.app, `{ ${typenames} }`);
      expect(r1.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', details: { limit: 'aliases', max: QUERY_LIMITS.aliases } });
      expect(r1.data).toBeNull();
      const named = Array.from({ length: QUERY_LIMITS.aliases + 1 }, () => `__typename: prefectures { code }`).join(' ');
      const r2 = await gql(t.app, `{ ${named} }`);
      expect(r2.errors!.map((e) => e.extensions.code)).toContain('QUERY_TOO_COMPLEX');
      expect(r2.errors!.find((e) => e.extensions.code === 'QUERY_TOO_COMPLEX')!.extensions.details).toEqual({ limit: 'aliases', max: QUERY_LIMITS.aliases });
      // 15 still pass.
      const fifteen = Array.from({ length: QUERY_LIMITS.aliases }, (_, i) => `t${i}: __typename`).join(' ');
      expect(Object.keys(ok(await gql(t.app, `{ ${fifteen} }`)))).toHaveLength(QUERY_LIMITS.aliases);
    });

    it('refuses an introspection query deeper than the standard one outside production, by depth', async () => {
      const ofTypes = (n: number) => `${'ofType { '.repeat(n)}name${' }'.repeat(n)}`;
      const deep = await gql(t.app, `{ __schema { types { fields { type { ${ofTypes(20)} } } } } }`);
      expect(deep.status).toBe(400);
      expect(deep.errors![0].extensions).toMatchObject({
        code: 'QUERY_TOO_COMPLEX',
        details: { limit: 'introspectionDepth', max: QUERY_LIMITS.introspectionDepth },
      });
      // Through fragments too.
      const viaFragment = await gql(t.app, `query { __schema { types { ...T } } } fragment T on __Type { fields { type { ${ofTypes(20)} } } }`);
      expect(viaFragment.errors![0].extensions.details).toMatchObject({ limit: 'introspectionDepth' });
      // GraphiQL's own query (graphql-js's standard introspection) still runs: see graphql-limits.e2e-spec.ts.
      expect(ok(await gql(t.app, `{ __schema { types { fields { type { ${ofTypes(9)} } } } } }`)).__schema.types.length).toBeGreaterThan(10);
    });
  });
});
