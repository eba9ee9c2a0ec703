/**
 * `npm run test:burst` (guarantee 6): the deadline rush against the real PostgreSQL and the real
 * API process.
 *
 * A fresh database; the programme is prepared in process (region call published, BURST_VENDORS
 * approved vendors signed in); then the API starts as a child process on the real clock, a vendor
 * call is opened whose deadline lies about a minute ahead, and every vendor, as its own HTTP
 * client, edits, submits, reopens and edits again: BURST_OPS requests in the last 60 seconds,
 * denser towards the deadline, some submissions double-clicked with the same idempotency key;
 * then each vendor tries again after the deadline. Afterwards, from the database: every
 * acknowledged submission present with the content, digest and time it was acknowledged with;
 * nothing accepted at or after the deadline; nothing refused before it; no duplicate.
 *
 * "Before the deadline" on the client side is the send time on the same machine (one clock). The
 * server judges by the instant the request is complete (its body fully read, before the token check:
 * `receivedAtAndBodyTimeout`), so a request sent a few milliseconds before the deadline may
 * honestly arrive after it. A refusal counts as early when the request was sent more than
 * BURST_EARLY_MARGIN_MS (default 1000) before the deadline, or when its answer came back before the
 * deadline (then the server cannot have received it late). The latencies are printed to judge the margin.
 */
import { mulberry32 } from '@app/core/util/seeded-random';
import { randomBytes } from 'node:crypto';
import {
  Ack,
  ApiProcess,
  checkIntegrity,
  errorCodeOf,
  freePort,
  freshDatabase,
  gqlHttp,
  openVendorCall,
  percentile,
  pgQuery,
  prepareProgramme,
  proposal,
  Q,
  runSecrets,
  sleep,
  tempDir,
} from './lib';

const VENDORS = Number(process.env.BURST_VENDORS ?? 150);
const OPS = Number(process.env.BURST_OPS ?? 1200);
const WINDOW_MS = Number(process.env.BURST_WINDOW_MS ?? 60_000);
const MARGIN_MS = Number(process.env.BURST_EARLY_MARGIN_MS ?? 1000);
const SEED = Number(process.env.BURST_SEED ?? 20250228);
const DOUBLE_CLICK = 0.25;
const LATE_RETRY = 0.3;

type Kind = 'edit' | 'submit' | 'reopen' | 'retry';
interface Planned {
  at: number;
  kind: Kind;
}
interface Sent {
  vendor: number;
  kind: Kind | 'double';
  sendAt: number;
  respAt: number;
  code: string | null;
  number?: string;
  receivedAt?: string;
  /** For retries and double clicks: the receipt number the first request got. */
  expectNumber?: string;
}

async function main() {
  const started = Date.now();
  const random = mulberry32(SEED); // seeded, so that a run can be repeated with BURST_SEED
  const db = await freshDatabase('rdx_burst');
  const logDir = tempDir('rdx-burst-');
  let api: ApiProcess | undefined;
  let failed = true;
  try {
    const secrets = runSecrets();
    const programme = await prepareProgramme(db.url, secrets, VENDORS);
    const setupMs = Date.now() - started;
    api = new ApiProcess(await freePort(), { ...secrets, DATABASE_URL: db.url }, logDir);
    const startMs = await api.start();
    // Far enough ahead for the call and the drafts to be set up before the window opens.
    const deadline = Math.ceil((Date.now() + WINDOW_MS + 15_000 + VENDORS * 200) / 1000) * 1000;
    const { callId, applications } = await openVendorCall(api.url, programme, new Date(deadline));
    const windowStart = deadline - WINDOW_MS;
    if (Date.now() > windowStart) throw new Error(`set-up overran the start of the burst window by ${Date.now() - windowStart} ms`);

    // The plan: OPS requests in the window, more of them towards the deadline (density grows linearly).
    const plans: Planned[][] = applications.map((_, v) => {
      const n = Math.floor(OPS / VENDORS) + (v < OPS % VENDORS ? 1 : 0);
      const times = Array.from({ length: n }, () => windowStart + WINDOW_MS * Math.sqrt(random())).sort((a, b) => a - b);
      const cycle: Kind[] = ['edit', 'submit', 'reopen'];
      const plan: Planned[] = times.map((at, i) => ({ at, kind: cycle[i % 3] }));
      // After the deadline: an edit and a fresh submission (both must be refused), sometimes a retry of the last key.
      plan.push({ at: deadline + 20 + random() * 1500, kind: 'edit' }, { at: deadline + 1600 + random() * 1500, kind: 'submit' });
      if (random() < LATE_RETRY) plan.push({ at: deadline + 3200 + random() * 500, kind: 'retry' });
      return plan;
    });

    const sent: Sent[] = [];
    const acks: Ack[] = [];
    const send = async (vendor: number, kind: Sent['kind'], query: string, variables: Record<string, unknown>, token: string) => {
      const sendAt = Date.now();
      const r = await gqlHttp(api!.url, query, variables, token);
      const rec: Sent = { vendor, kind, sendAt, respAt: Date.now(), code: errorCodeOf(r) };
      const receipt = r.data?.submitVendorApplication;
      if (receipt) Object.assign(rec, { number: receipt.number, receivedAt: receipt.receivedAt });
      sent.push(rec);
      return { rec, receipt };
    };

    await sleep(windowStart - Date.now());
    await Promise.all(
      applications.map(async (a, v) => {
        let approach = `vendor ${v}: draft 0`;
        let last: { key: string; number: string } | undefined;
        for (const [j, op] of plans[v].entries()) {
          await sleep(op.at - Date.now());
          if (op.kind === 'edit') {
            const next = `vendor ${v}: edit ${j} ${randomBytes(3).toString('hex')}`;
            const { rec } = await send(v, 'edit', Q.save, { a: a.applicationId, r: programme.regionId, p: proposal(next) }, a.token);
            if (!rec.code) approach = next;
          } else if (op.kind === 'submit') {
            const key = `burst-${v}-${j}-${randomBytes(4).toString('hex')}`;
            const vars = { a: a.applicationId, k: key };
            const double = random() < DOUBLE_CLICK;
            const [first, second] = await Promise.all([
              send(v, 'submit', Q.submit, vars, a.token),
              double ? sleep(random() * 50).then(() => send(v, 'double', Q.submit, vars, a.token)) : Promise.resolve(undefined),
            ]);
            if (first.receipt) {
              acks.push({ applicationId: a.applicationId, key, approach, ...first.receipt });
              last = { key, number: first.receipt.number };
            }
            if (second) second.rec.expectNumber = first.receipt?.number ?? second.receipt?.number;
            if (!first.receipt && second?.receipt) {
              acks.push({ applicationId: a.applicationId, key, approach, ...second.receipt });
              last = { key, number: second.receipt.number };
            }
          } else if (op.kind === 'reopen') {
            await send(v, 'reopen', Q.reopen, { a: a.applicationId }, a.token);
          } else if (last) {
            const { rec } = await send(v, 'retry', Q.submit, { a: a.applicationId, k: last.key }, a.token);
            rec.expectNumber = last.number;
          }
        }
      }),
    );

    // Judgement.
    const before = sent.filter((s) => s.sendAt < deadline);
    const after = sent.filter((s) => s.sendAt >= deadline);
    const inWindow = before.filter((s) => s.sendAt >= windowStart);
    const answeredWithOriginal = (s: Sent) => (s.kind === 'retry' || s.kind === 'double') && !s.code && s.number === s.expectNumber;
    const lateByClient = after.filter((s) => !s.code && !(answeredWithOriginal(s) && new Date(s.receivedAt!).getTime() < deadline));
    const integrity = await checkIntegrity(db.url, callId, acks);
    const [late] = await pgQuery<{ n: number }>(
      db.url,
      `SELECT count(*)::int AS n FROM submission_receipts r JOIN vendor_applications a ON a.id = r.subject_id WHERE a.call_id = $1 AND r.received_at >= $2`,
      [callId, new Date(deadline)],
    );
    const lateAccepted = lateByClient.length + late.n;
    const earlyRefused = before.filter((s) => s.code && (s.sendAt < deadline - MARGIN_MS || s.respAt < deadline));
    const inFlight = before.filter((s) => s.code && !earlyRefused.includes(s));
    const unexpected = sent.filter((s) => s.code && s.code !== 'DEADLINE_PASSED');
    const mismatched = sent.filter((s) => (s.kind === 'retry' || s.kind === 'double') && s.number && s.expectNumber && s.number !== s.expectNumber);
    const lost = integrity.lost.length + integrity.altered.length;
    const duplicates = integrity.duplicates + mismatched.length;
    const latencies = before.map((s) => s.respAt - s.sendAt);
    // How long after it was sent the server stamped a request's arrival (the receipt's receivedAt): queueing inside the API.
    const stampDelays = before.filter((s) => s.kind === 'submit' && s.receivedAt).map((s) => new Date(s.receivedAt!).getTime() - s.sendAt);
    const lastSecond = before.filter((s) => s.sendAt >= deadline - 1000);
    const count = (list: Sent[], k: Sent['kind']) => list.filter((s) => s.kind === k).length;

    console.log(`burst: ${sent.length} sent, ${acks.length} acknowledged, ${lost} lost, ${lateAccepted} late accepted, ${earlyRefused.length} early refused`);
    console.log(
      `  ${inWindow.length} requests in the last ${WINDOW_MS / 1000} s before the deadline from ${VENDORS} vendor accounts ` +
        `(${count(inWindow, 'edit')} edits, ${count(inWindow, 'submit')} submissions, ${count(inWindow, 'double')} double clicks, ${count(inWindow, 'reopen')} reopenings; ` +
        `${lastSecond.length} in the last second), ${after.length} after it (${after.filter((s) => s.code === 'DEADLINE_PASSED').length} refused DEADLINE_PASSED, ` +
        `${after.filter(answeredWithOriginal).length} retries answered with their original receipt)`,
    );
    console.log(
      `  latency before the deadline: p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, max ${Math.max(0, ...latencies)} ms; ` +
        `arrival stamped p50 ${percentile(stampDelays, 50)} ms, p99 ${percentile(stampDelays, 99)} ms, max ${Math.max(0, ...stampDelays)} ms after sending; ` +
        `${inFlight.length} refused in flight (sent less than ${MARGIN_MS} ms before the deadline, answered after it)`,
    );
    console.log(
      `  database: ${integrity.receiptsInDb} receipts (${integrity.unacknowledgedInDb} never acknowledged), ${duplicates} duplicates, ` +
        `${integrity.brokenRows.length} broken rows, arrival vs database time within ${integrity.maxClockSkewMs} ms; ` +
        `unexpected errors ${unexpected.length}; set-up ${Math.round(setupMs / 1000)} s, API start ${Math.round(startMs / 1000)} s, deadline ${new Date(deadline).toISOString()}`,
    );
    const problems = [
      ...integrity.lost.map((n) => `lost ${n}`),
      ...integrity.altered.map((n) => `altered ${n}`),
      ...integrity.brokenRows,
      ...lateByClient.map((s) => `late accepted: vendor ${s.vendor} ${s.kind} sent ${s.sendAt - deadline} ms after the deadline`),
      ...earlyRefused.map((s) => `early refused: vendor ${s.vendor} ${s.kind} sent ${deadline - s.sendAt} ms before the deadline: ${s.code}`),
      ...unexpected.map((s) => `unexpected ${s.code}: vendor ${s.vendor} ${s.kind} at ${s.sendAt - deadline} ms`),
      ...mismatched.map((s) => `vendor ${s.vendor} ${s.kind} got ${s.number}, expected ${s.expectNumber}`),
    ];
    for (const p of problems.slice(0, 20)) console.log(`  FAIL ${p}`);
    const enough = inWindow.length >= OPS;
    if (!enough) console.log(`  FAIL only ${inWindow.length} of ${OPS} planned requests were sent inside the window`);
    failed = problems.length > 0 || !enough || late.n > 0 || duplicates > 0 || acks.length === 0;
  } catch (e) {
    console.log(`burst: FAILED to run: ${(e as Error).message}`);
    if (api) console.log(api.tail());
  } finally {
    await api?.stop();
    await db.drop();
  }
  process.exit(failed ? 1 : 0);
}

void main();
