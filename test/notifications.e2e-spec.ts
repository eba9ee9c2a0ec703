import { DataSource } from 'typeorm';
import { OutboxService } from '@app/notifications';
import { createTestApp, ReceivedMail, startSmtp, TestApp, waitFor } from './support';

describe('notifications: the outbox delivers each message once, by SMTP, with retries', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let received: ReceivedMail[];
  let refusals = 0;

  beforeAll(async () => {
    // The first attempt for this address fails temporarily, as a busy relay would.
    smtp = await startSmtp((address) =>
      address.address === 'flaky@pref.example.lg.jp' && refusals++ === 0 ? Object.assign(new Error('Try again later'), { responseCode: 451 }) : null,
    );
    received = smtp.received;
    process.env.SMTP_HOST = '127.0.0.1';
    process.env.SMTP_PORT = String(smtp.port);
    process.env.TEST_OUTBOX_POLL_MS = '100';
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
    delete process.env.SMTP_HOST;
    delete process.env.TEST_OUTBOX_POLL_MS;
    await smtp.close();
  });

  const db = () => t.app.get(DataSource);
  const enqueue = (messages: Array<{ dedupeKey: string; recipientEmail: string; subject: string; body: string }>) =>
    db().transaction((m) => t.app.get(OutboxService).enqueue(m, messages));

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
