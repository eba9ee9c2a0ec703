import { INestApplication } from '@nestjs/common';
import { createClient } from 'graphql-ws';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { Clock, ControlledClock, Role, SYSTEM_ACTOR } from '@app/core';
import { EngagementService } from '@app/engagement';
import { IdentityService } from '@app/identity';
import { OutboxService } from '@app/notifications';
import {
  createPeerApp,
  createTestApp,
  engagedVendor,
  errorCode,
  gql,
  ok,
  pdfBytes,
  signIn,
  STANDARD_ACCOUNTS,
  startSmtp,
  TEST_PASSWORD,
  TestApp,
  upload,
  waitFor,
} from './support';

/**
 * Scale-out: two API instances (A and B) on the same PostgreSQL and Redis, each with its outbox
 * sender and reminder job polling every few milliseconds. PostgreSQL only: an embedded PGlite is
 * one process's private session, so two instances cannot share it.
 */
const describeOnPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

type Smtp = Awaited<ReturnType<typeof startSmtp>>;
const REPORT_EVENTS = 'subscription { reportChanged { type reportId kind } }';
const approveNothing = 'mutation { approveVendor(id: "00000000-0000-4000-8000-000000000000") { id } }';
const EXTRA_VENDOR_USERS = 4; // each overdue report is reminded to every active user of its vendor
const USER_BUDGET = 30; // RATE_LIMIT_USER (and RATE_LIMIT_STAFF) of A and B, per 60 s

async function listen(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return `ws://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/graphql`;
}

/** A graphql-ws client that keeps the report events it receives. */
function reportSubscriber(url: string, token: string) {
  const received: Array<{ type: string; reportId: string; kind: string }> = [];
  const client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: false });
  const ready = new Promise<void>((resolve) => client.on('connected', () => resolve()));
  client.subscribe({ query: REPORT_EVENTS }, { next: (v) => received.push(v.data?.reportChanged as any), error: () => undefined, complete: () => undefined });
  return { received, ready, close: () => client.dispose() };
}

/** An SMTP relay that answers RCPT TO only after `stallMs` (a slow relay), counting Message-IDs. */
async function slowSmtp(stallMs: number) {
  const messageIds: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo: (_a, _s, cb) => void setTimeout(() => cb(), stallMs),
    onData(stream, _s, cb) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        messageIds.push(/^Message-ID:\s*(\S+)/im.exec(raw)?.[1] ?? '');
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.server.address() as AddressInfo).port, messageIds, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const settle = (ms = 600) => new Promise((r) => setTimeout(r, ms));

describeOnPostgres('scale-out: two API instances on one PostgreSQL and one Redis', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let vendor: { vendorId: string; token: string };
  const engagementOf: Record<string, { id: string; reports: Array<{ id: string; kind: string }> }> = {};
  const smtp: Record<'t' | 'a' | 'b', Smtp> = {} as any;
  const saved: Record<string, string | undefined> = {};
  const setEnv = (env: Record<string, string>) => {
    for (const [k, v] of Object.entries(env)) {
      if (!(k in saved)) saved[k] = process.env[k];
      process.env[k] = v;
    }
  };
  const db = () => t.app.get(DataSource);
  const mailIds = (s: Smtp, subject: (s: string) => boolean) => s.received.filter((m) => subject(m.subject)).map((m) => m.messageId);

  beforeAll(async () => {
    for (const k of ['t', 'a', 'b'] as const) smtp[k] = await startSmtp();
    // The set-up instance: no pollers of its own, generous rate limits (the test suite's default).
    setEnv({ REDIS_URL: 'redis://127.0.0.1:6379', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.t.port), TEST_OUTBOX_POLL_MS: '0' });
    t = await createTestApp();
    tok = await signIn(t.app, STANDARD_ACCOUNTS);
    // Two engagements (Hyogo, Nagano) of one vendor, through the whole pipeline.
    ({ vendor } = await engagedVendor(t, tok, { key: 'scale-vendor', base12: '700000000002', expertEmail: 'scale-expert@univ.example.ac.jp' }));
    for (const e of ok(await gql(t.app, '{ myEngagements { id prefectureCode reports { id kind } } }', {}, vendor.token)).myEngagements)
      engagementOf[e.prefectureCode] = e;
    const identity = t.app.get(IdentityService);
    for (let i = 0; i < EXTRA_VENDOR_USERS; i++)
      await identity.createAccount(
        {
          email: `scale-staff-${i}@vendor.example.jp`,
          displayName: `担当${i}`,
          password: TEST_PASSWORD,
          role: Role.VENDOR,
          vendorId: vendor.vendorId,
        },
        SYSTEM_ACTOR,
      );
  });

  afterAll(async () => {
    await t?.close();
    for (const s of Object.values(smtp)) await s.close();
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });

  it('hands a message whose sender stalled past its lease to another instance, which sends it; the stalled sender does not send the rest of its batch', async () => {
    // Instance C sends through a relay that takes 4 s per recipient and holds its claim for 1 s only.
    const slow = await slowSmtp(4000);
    setEnv({ SMTP_PORT: String(slow.port), OUTBOX_POLL_MS: '0', REMINDER_POLL_MS: '0' });
    const c = await createPeerApp();
    try {
      await t.app.get(OutboxService).deliverDue(); // the set-up's notices first: C's batch is then these five only
      await db().transaction((m) =>
        t.app.get(OutboxService).enqueue(
          m,
          Array.from({ length: 5 }, (_, i) => ({ dedupeKey: `lease-${i}`, recipientEmail: `lease${i}@example.jp`, subject: `lease ${i}`, body: 'x' })),
        ),
      );
      const stalled = c.get(OutboxService).deliverDue(50, 1);
      // C has claimed the five and its one-second lease has run out while it waits on the relay.
      await waitFor(
        async () => (await db().query(`SELECT count(*)::int AS n FROM outbox WHERE dedupe_key LIKE 'lease-%' AND claimed_until < now()`))[0].n === 5,
        10000,
      );
      expect(await t.app.get(OutboxService).deliverDue()).toBeGreaterThanOrEqual(5); // the other instance takes all five over
      await stalled;
      await settle(300);
      const ids: Array<{ id: string; status: string }> = await db().query(`SELECT id, status FROM outbox WHERE dedupe_key LIKE 'lease-%'`);
      expect(ids.map((r) => r.status)).toEqual(Array(5).fill('SENT'));
      expect(mailIds(smtp.t, (s) => s.startsWith('lease ')).sort()).toEqual(ids.map((r) => `<${r.id}@outbox.regional-dx>`).sort());
      // Only the message that was on the wire when the lease ran out reaches the slow relay too (the
      // receiving system can drop it by its Message-ID); the other four are left to the new owner.
      expect(slow.messageIds).toHaveLength(1);
    } finally {
      await c.close();
      await slow.close();
    }
  });

  describe('with instances A and B polling', () => {
    let a: INestApplication;
    let b: INestApplication;
    let subA: ReturnType<typeof reportSubscriber>;
    let subB: ReturnType<typeof reportSubscriber>;
    const clocks = () => [a.get(Clock), b.get(Clock)] as ControlledClock[];
    const reportIds = () => new Set(Object.values(engagementOf).flatMap((e) => e.reports.map((r) => r.id)));
    const overdueEvents = (s: ReturnType<typeof reportSubscriber>) => s.received.filter((e) => e.type === 'REPORT_OVERDUE' && reportIds().has(e.reportId));
    const reminderRows = async (step: string): Promise<Array<{ id: string; status: string; attempts: number }>> =>
      db().query(`SELECT id, status, attempts FROM outbox WHERE dedupe_key LIKE $1`, [`report-reminder:%:${step}:%`]);
    const delivered = (subject: (s: string) => boolean) => [...mailIds(smtp.a, subject), ...mailIds(smtp.b, subject)];

    beforeAll(async () => {
      // Both clocks start before any report is due (CLOCK_START_AT: already at the first poll), then are set by the test.
      const pollers = {
        OUTBOX_POLL_MS: '25',
        REMINDER_POLL_MS: '40',
        RATE_LIMIT_USER: `${USER_BUDGET}/60`,
        RATE_LIMIT_STAFF: `${USER_BUDGET}/60`,
        CLOCK_START_AT: '2025-09-30T12:00:00+09:00',
      };
      setEnv({ ...pollers, SMTP_PORT: String(smtp.a.port) });
      a = await createPeerApp();
      a.get<Clock, ControlledClock>(Clock).set('2025-09-30T12:00:00+09:00');
      setEnv({ SMTP_PORT: String(smtp.b.port) });
      b = await createPeerApp();
      b.get<Clock, ControlledClock>(Clock).set('2025-09-30T12:00:00+09:00');
      subA = reportSubscriber(await listen(a), tok.secretariat);
      subB = reportSubscriber(await listen(b), tok.secretariat);
      await Promise.all([subA.ready, subB.ready]);
      await settle(300); // the subscriptions are registered
    });
    afterAll(async () => {
      await subA?.close();
      await subB?.close();
      await a?.close();
      await b?.close();
    });

    it('delivers every outbox message exactly once while both senders race for them', async () => {
      const outbox = t.app.get(OutboxService);
      const N = 120;
      for (let batch = 0; batch < 3; batch++)
        await db().transaction((m) =>
          outbox.enqueue(
            m,
            Array.from({ length: N / 3 }, (_, i) => ({
              dedupeKey: `scale-${batch}-${i}`,
              recipientEmail: `r${batch}-${i}@example.jp`,
              subject: `scale ${batch}-${i}`,
              body: 'x',
            })),
          ),
        );
      const isScale = (s: string) => s.startsWith('scale ');
      await waitFor(() => delivered(isScale).length >= N, 60000);
      await settle();
      const rows: Array<{ id: string; status: string; attempts: number }> = await db().query(
        `SELECT id, status, attempts FROM outbox WHERE dedupe_key LIKE 'scale-%'`,
      );
      expect(rows).toHaveLength(N);
      expect(rows.filter((r) => r.status !== 'SENT' || r.attempts !== 1)).toEqual([]);
      const ids = delivered(isScale);
      expect(new Set(ids).size).toBe(ids.length); // no message twice
      expect(ids.sort()).toEqual(rows.map((r) => `<${r.id}@outbox.regional-dx>`).sort());
      // Both instances took part (each sends through its own relay).
      expect(mailIds(smtp.a, isScale).length).toBeGreaterThan(0);
      expect(mailIds(smtp.b, isScale).length).toBeGreaterThan(0);
    });

    it('processes each scheduled reminder exactly once: one mail per report, step and user, one event per overdue report and step', async () => {
      const users = 1 + EXTRA_VENDOR_USERS;
      const isReminder = (s: string) => s.includes('伴走支援の中間報告');
      // The interim reports are due on Tuesday 30 September 2025: both pollers started on that day, in the 3-days-before
      // step (from Friday the 26th), and each step is reached by both pollers' clocks at once.
      for (const [step, day] of [
        ['BEFORE_3', null],
        ['AFTER_1', '2025-10-01'],
      ] as const) {
        if (day) for (const c of clocks()) c.set(`${day}T09:00:00+09:00`); // both jobs see the new day at their next poll
        await waitFor(async () => (await reminderRows(step)).filter((r) => r.status === 'SENT').length >= 2 * users, 20000);
        await settle(300);
        const rows = await reminderRows(step);
        expect(rows).toHaveLength(2 * users);
        expect(rows.filter((r) => r.status !== 'SENT' || r.attempts !== 1)).toEqual([]);
      }
      // A step that the pollers' clocks have not reached, run by both instances at the same instant.
      const aWeekAfter = new Date('2025-10-07T09:00:00+09:00');
      const direct = await Promise.all([
        a.get(EngagementService).sendReminders(aWeekAfter),
        b.get(EngagementService).sendReminders(aWeekAfter),
        a.get(EngagementService).sendReminders(aWeekAfter),
        b.get(EngagementService).sendReminders(aWeekAfter),
      ]);
      expect(direct.reduce((s, n) => s + n, 0)).toBe(2 * users);
      await waitFor(async () => (await reminderRows('AFTER_7')).filter((r) => r.status === 'SENT').length >= 2 * users, 20000);
      await settle();
      const perStep = await db().query(
        `SELECT split_part(dedupe_key, ':', 4) AS step, count(*)::int AS n FROM outbox WHERE dedupe_key LIKE 'report-reminder:%' GROUP BY 1 ORDER BY 1`,
      );
      expect(perStep).toEqual(['AFTER_1', 'AFTER_7', 'BEFORE_3'].map((step) => ({ step, n: 2 * users })));
      expect(await db().query('SELECT step, count(*)::int AS n FROM engagement_report_reminders GROUP BY 1 ORDER BY 1')).toEqual(
        ['AFTER_1', 'AFTER_7', 'BEFORE_3'].map((step) => ({ step, n: 2 })),
      );
      const ids = delivered(isReminder);
      expect(ids).toHaveLength(2 * users * 3);
      expect(new Set(ids).size).toBe(ids.length);
      // Each secretariat client (one on A, one on B) heard each report overdue once per step after the due date,
      // whichever instance ran the job.
      const interim = Object.values(engagementOf).map((e) => e.reports.find((r) => r.kind === 'INTERIM')!.id);
      for (const s of [subA, subB]) {
        const perReport = overdueEvents(s).reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.reportId]: (acc[e.reportId] ?? 0) + 1 }), {});
        expect(perReport).toEqual(Object.fromEntries(interim.map((id) => [id, 2])));
      }
    });

    it('delivers an event caused through A to a subscriber of B, and only to those who may read it; serves through B a file uploaded through A', async () => {
      const hyogo = reportSubscriber(`ws://127.0.0.1:${(b.getHttpServer().address() as AddressInfo).port}/graphql`, tok.hyogo);
      const nagano = reportSubscriber(`ws://127.0.0.1:${(b.getHttpServer().address() as AddressInfo).port}/graphql`, tok.nagano);
      try {
        await Promise.all([hyogo.ready, nagano.ready]);
        await settle(300);
        const doc = await upload(a, vendor.token, pdfBytes('interim report'), '中間報告書.pdf', 'REPORT');
        expect(doc.status).toBe(201);
        const report = ok(
          await gql(
            a,
            `mutation($i: ReportInput!) { submitReport(engagementId: "${engagementOf['28'].id}", kind: INTERIM, input: $i) { id status } }`,
            {
              i: {
                body: '中間報告',
                outcomes: '体制図を作成',
                progress: [{ menuItemCode: 'DX_STRUCTURE', note: '検討中', status: 'IN_PROGRESS' }],
                documentIds: [doc.body.id],
              },
            },
            vendor.token,
          ),
        ).submitReport;
        // The file stored through A is served by B: here both use one UPLOAD_DIR, the shared storage docs/SCALING.md asks for.
        const dl = await request(b.getHttpServer()).get(`/documents/${doc.body.id}`).set('authorization', `Bearer ${tok.hyogo}`);
        expect(dl.status).toBe(200);
        expect(dl.headers['x-content-sha256']).toBe(doc.body.sha256);
        await waitFor(() => hyogo.received.some((e) => e.reportId === report.id), 10000);
        await settle(300);
        expect(hyogo.received.filter((e) => e.reportId === report.id)).toEqual([{ type: 'REPORT_SUBMITTED', reportId: report.id, kind: 'INTERIM' }]);
        expect(nagano.received.filter((e) => reportIds().has(e.reportId))).toEqual([]);
      } finally {
        await hyogo.close();
        await nagano.close();
      }
    });

    it('shares one account’s mutation budget between A and B through Redis', async () => {
      const { roaming } = await signIn(t.app, [{ key: 'roaming', role: Role.SECRETARIAT }]);
      for (let i = 0; i < USER_BUDGET; i++) expect(errorCode(await gql(i % 2 ? b : a, approveNothing, {}, roaming))).toBe('NOT_FOUND');
      for (const instance of [a, b]) {
        const refused = await gql(instance, approveNothing, {}, roaming);
        expect(refused.status).toBe(429);
        expect(errorCode(refused)).toBe('RATE_LIMITED');
      }
    });

    it('never sent any outbox message twice, across everything above', async () => {
      await settle();
      const rows: Array<{ id: string; status: string }> = await db().query(`SELECT id, status FROM outbox`);
      const ids = [...smtp.t.received, ...smtp.a.received, ...smtp.b.received].map((m) => m.messageId);
      expect(rows.filter((r) => r.status !== 'SENT')).toEqual([]);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual(rows.map((r) => `<${r.id}@outbox.regional-dx>`).sort());
    });
  });
});
