import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { OutboxService } from '@app/notifications';
import { createTestApp, TestApp } from '@app/testing';

interface Received {
  to: string[];
  subject: string;
  messageId: string;
}

/** Decodes RFC 2047 encoded words (nodemailer writes Japanese subjects as =?UTF-8?B?…?=). */
function decodeHeader(value: string): string {
  return value.replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
  );
}

function header(raw: string, name: string): string {
  const m = new RegExp(`^${name}:(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(raw);
  return m ? decodeHeader(m[1].replace(/\r?\n[ \t]/g, ' ').trim()) : '';
}

describe('notifications: the outbox delivers each message once, by SMTP, with retries', () => {
  let t: TestApp;
  let smtp: SMTPServer;
  const received: Received[] = [];
  let refusals = 0;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onRcptTo(address, _session, cb) {
        // The first attempt for this address fails temporarily, as a busy relay would.
        if (address.address === 'flaky@pref.example.lg.jp' && refusals++ === 0) {
          const err = Object.assign(new Error('Try again later'), { responseCode: 451 });
          return cb(err);
        }
        cb();
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: header(raw, 'Subject'), messageId: header(raw, 'Message-ID') });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    process.env.SMTP_HOST = '127.0.0.1';
    process.env.SMTP_PORT = String((smtp.server.address() as AddressInfo).port);
    process.env.TEST_OUTBOX_POLL_MS = '100';
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
    delete process.env.SMTP_HOST;
    delete process.env.TEST_OUTBOX_POLL_MS;
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  const db = () => t.app.get(DataSource);
  const enqueue = (messages: Array<{ dedupeKey: string; recipientEmail: string; subject: string; body: string }>) =>
    db().transaction((m) => t.app.get(OutboxService).enqueue(m, messages));
  const waitFor = async (check: () => boolean | Promise<boolean>, ms = 15000) => {
    const until = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > until) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('delivers queued messages to the SMTP server, each once, with the subject of the call', async () => {
    await enqueue([
      { dedupeKey: 'k1', recipientEmail: 'hyogo@pref.example.lg.jp', subject: '推進体制構築支援（兵庫県）選定結果のお知らせ', body: '本文' },
      { dedupeKey: 'k2', recipientEmail: 'nagano@pref.example.lg.jp', subject: '推進体制構築支援（長野県）選定結果のお知らせ', body: '本文' },
    ]);
    await enqueue([{ dedupeKey: 'k1', recipientEmail: 'hyogo@pref.example.lg.jp', subject: 'duplicate', body: 'x' }]); // same decision, same notice: ignored
    await waitFor(() => received.length >= 2);
    await new Promise((r) => setTimeout(r, 500));
    expect(received.map((r) => r.subject).sort()).toEqual(['推進体制構築支援（兵庫県）選定結果のお知らせ', '推進体制構築支援（長野県）選定結果のお知らせ']);
    expect(received.find((r) => r.subject.includes('兵庫県'))!.to).toEqual(['hyogo@pref.example.lg.jp']);
    const rows = await db().query(`SELECT id, status, attempts FROM outbox WHERE dedupe_key IN ('k1','k2') ORDER BY dedupe_key`);
    expect(rows.map((r: any) => [r.status, r.attempts])).toEqual([
      ['SENT', 1],
      ['SENT', 1],
    ]);
    expect(received.map((r) => r.messageId).sort()).toEqual(rows.map((r: any) => `<${r.id}@outbox.regional-dx>`).sort());
  });

  it('retries a failed delivery with backoff and then delivers it once', async () => {
    await enqueue([{ dedupeKey: 'k3', recipientEmail: 'flaky@pref.example.lg.jp', subject: '再送の確認', body: '本文' }]);
    await waitFor(async () => (await db().query(`SELECT attempts FROM outbox WHERE dedupe_key = 'k3'`))[0].attempts === 1);
    const [row] = await db().query(`SELECT status, last_error, next_attempt_at > now() + interval '20 seconds' AS later FROM outbox WHERE dedupe_key = 'k3'`);
    expect(row).toMatchObject({ status: 'PENDING', later: true });
    expect(row.last_error).toContain('451');
    expect(received.filter((r) => r.subject === '再送の確認')).toHaveLength(0);
    await db().query(`UPDATE outbox SET next_attempt_at = now() WHERE dedupe_key = 'k3'`); // the backoff has elapsed
    await waitFor(() => received.some((r) => r.subject === '再送の確認'));
    await new Promise((r) => setTimeout(r, 400));
    expect(received.filter((r) => r.subject === '再送の確認')).toHaveLength(1);
    expect((await db().query(`SELECT status, attempts FROM outbox WHERE dedupe_key = 'k3'`))[0]).toMatchObject({ status: 'SENT', attempts: 2 });
  });

  it('never sends a message twice when several senders run at once', async () => {
    const before = received.length;
    await enqueue(Array.from({ length: 12 }, (_, i) => ({ dedupeKey: `burst-${i}`, recipientEmail: `r${i}@example.jp`, subject: `burst ${i}`, body: 'x' })));
    const outbox = t.app.get(OutboxService);
    await Promise.all([outbox.deliverDue(), outbox.deliverDue(), outbox.deliverDue()]);
    await waitFor(() => received.length >= before + 12);
    await new Promise((r) => setTimeout(r, 500));
    const burst = received.slice(before).map((r) => r.subject);
    expect(burst.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `burst ${i}`).sort());
  });
});
