/**
 * `npm run test:faults` (guarantee 7): faults injected while vendors keep editing, submitting and
 * reopening over HTTP against the real API process and PostgreSQL.
 *
 *  proxy-cut  every connection between the API and PostgreSQL cut (RST) three times, two seconds
 *             apart, by a TCP proxy in this script that the API reaches its database through;
 *  sigkill    the API process killed with SIGKILL and started again;
 *  pg-stop    PostgreSQL stopped with `pg_ctlcluster … stop -m immediate` and started again. This
 *             stops the server for every process on the machine; FAULTS=proxy-cut,sigkill leaves it out.
 *
 * Clients behave like careful browsers: an answer that never came (network error, 5xx,
 * INTERNAL_SERVER_ERROR, RATE_LIMITED) is retried after a pause; a submission always with the same
 * idempotency key. After each fault, from the database: every acknowledged submission present with
 * the content, digest and time it was acknowledged with; one receipt per idempotency key, and every
 * retry answered with the receipt of the first; no broken row; and the API answers GET /health and a
 * real query again without anyone touching it (the time it took is printed).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { createServer, Server, Socket, connect } from 'node:net';
import {
  Ack,
  ADMIN_URL,
  ApiProcess,
  checkIntegrity,
  errorCodeOf,
  freePort,
  freshDatabase,
  gqlHttp,
  HttpResult,
  openVendorCall,
  prepareProgramme,
  proposal,
  Q,
  runSecrets,
  sleep,
  tempDir,
  withDatabase,
} from './lib';

const VENDORS = Number(process.env.FAULT_VENDORS ?? 30);
const FAULTS = (process.env.FAULTS ?? 'proxy-cut,sigkill,pg-stop').split(',').map((s) => s.trim());
/** Seconds of load before and after each fault. */
const LOAD_BEFORE_MS = 5_000;
const LOAD_AFTER_MS = 10_000;
/** A client gives up an operation after this long without a definitive answer (counted, and a failure). */
const GIVE_UP_MS = 90_000;

/** A TCP proxy between the API and PostgreSQL that can cut every connection at once. */
class CuttingProxy {
  private server?: Server;
  private readonly pairs = new Set<[Socket, Socket]>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async listen(): Promise<number> {
    this.server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      const pair: [Socket, Socket] = [client, upstream];
      this.pairs.add(pair);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.pairs.delete(pair);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  /** Resets both sides of every live connection, as a failing network or firewall would. */
  cutAll(): number {
    const n = this.pairs.size;
    for (const [a, b] of [...this.pairs]) {
      for (const s of [a, b]) {
        const hard = s as Socket & { resetAndDestroy?: () => void };
        if (hard.resetAndDestroy) hard.resetAndDestroy();
        else s.destroy();
      }
    }
    this.pairs.clear();
    return n;
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

/**
 * Answers a careful client tries again. UNAUTHENTICATED is among them: the tokens here are valid, and
 * the API answers so when it cannot look the account up (the middleware treats a failed lookup as no
 * token); such answers are counted and printed as spurious sign-outs.
 */
const RETRYABLE = (r: HttpResult) => {
  const code = errorCodeOf(r) ?? '';
  return !!r.networkError || r.status >= 500 || ['INTERNAL_SERVER_ERROR', 'RATE_LIMITED', 'UNAUTHENTICATED'].includes(code) || code.startsWith('HTTP_5');
};

interface Stats {
  acks: Ack[];
  requests: number;
  retries: number;
  signedOut: number;
  ackedAfterRetry: number;
  gaveUp: string[];
  mismatches: string[];
  unexpected: string[];
}

/**
 * One vendor's loop: edit → submit (one key, retried until answered) → reopen, paced so that the
 * account stays within its rate limit, until `stop` is set; the cycle under way is finished.
 */
async function vendorLoop(api: () => string, v: { token: string; applicationId: string }, index: number, regionId: string, s: Stats, stop: { now: boolean }) {
  let cycle = 0;
  while (!stop.now) {
    cycle++;
    const cycleStart = Date.now();
    const approach = `vendor ${index}: cycle ${cycle} ${randomBytes(3).toString('hex')}`;
    const edit = await definitive(api, Q.save, { a: v.applicationId, r: regionId, p: proposal(approach) }, v.token, s);
    if (!edit || errorCodeOf(edit.result)) {
      if (edit) s.unexpected.push(`vendor ${index} edit: ${errorCodeOf(edit.result)}`);
      continue;
    }
    const key = `fault-${index}-${cycle}-${randomBytes(4).toString('hex')}`;
    const sub = await definitive(api, Q.submit, { a: v.applicationId, k: key }, v.token, s);
    if (sub && !errorCodeOf(sub.result)) {
      const receipt = sub.result.data.submitVendorApplication;
      s.acks.push({ applicationId: v.applicationId, key, approach, ...receipt });
      if (sub.attempts > 1) s.ackedAfterRetry++;
      // A client that lost the answer asks again with the same key: it must get the same receipt.
      if (Math.random() < 0.2) {
        const again = await definitive(api, Q.submit, { a: v.applicationId, k: key }, v.token, s);
        const n = again?.result.data?.submitVendorApplication?.number;
        if (n !== receipt.number) s.mismatches.push(`vendor ${index} key ${key}: ${receipt.number} then ${n ?? errorCodeOf(again!.result)}`);
      }
    } else if (sub) {
      s.unexpected.push(`vendor ${index} submit: ${errorCodeOf(sub.result)}`);
    }
    const re = await definitive(api, Q.reopen, { a: v.applicationId }, v.token, s);
    // INVALID_STATE after a retry: the first attempt reopened it and its answer was lost.
    if (re && errorCodeOf(re.result) && !(re.attempts > 1 && errorCodeOf(re.result) === 'INVALID_STATE')) {
      s.unexpected.push(`vendor ${index} reopen: ${errorCodeOf(re.result)}`);
    }
    await sleep(2500 - (Date.now() - cycleStart)); // about 72 mutations a minute: under the default 120
  }
}

/** Sends until a definitive answer (data or a domain refusal) or GIVE_UP_MS. */
async function definitive(api: () => string, query: string, variables: Record<string, unknown>, token: string, s: Stats) {
  const first = Date.now();
  for (let attempts = 1; ; attempts++) {
    s.requests++;
    const result = await gqlHttp(api(), query, variables, token, 15_000);
    if (!RETRYABLE(result)) return { result, attempts };
    if (Date.now() - first > GIVE_UP_MS) {
      s.gaveUp.push(`${query.slice(9, 40)} after ${attempts} attempts: ${errorCodeOf(result)}`);
      return null;
    }
    s.retries++;
    if (errorCodeOf(result) === 'UNAUTHENTICATED') s.signedOut++;
    const wait = errorCodeOf(result) === 'RATE_LIMITED' ? 1000 * (result.errors![0].extensions?.details?.retryAfterSeconds ?? 1) : 300 + Math.random() * 400;
    await sleep(wait);
  }
}

/** GET /health and a real query (a vendor reads its application) both succeed; returns when, or throws. */
async function waitRecovered(api: ApiProcess, v: { token: string; applicationId: string }, since: number, timeoutMs = 120_000): Promise<number> {
  while (Date.now() - since < timeoutMs) {
    if (await api.healthy()) {
      const r = await gqlHttp(api.url, 'query($id: ID!) { vendorApplication(id: $id) { id status } }', { id: v.applicationId }, v.token, 5000);
      if (!errorCodeOf(r) && r.data?.vendorApplication?.id === v.applicationId) return Date.now() - since;
    }
    await sleep(200);
  }
  throw new Error(`the API did not recover within ${timeoutMs / 1000} s: ${api.tail(5)}`);
}

function pgCluster(action: 'stop' | 'start') {
  const version = readdirSync('/etc/postgresql')[0];
  const args = ['--skip-systemctl-redirect', version, 'main', action, ...(action === 'stop' ? ['-m', 'immediate'] : [])];
  execFileSync('pg_ctlcluster', args, { stdio: 'pipe' });
}

async function pgReady(timeoutMs = 60_000) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    try {
      execFileSync('pg_isready', ['-q', '-h', '127.0.0.1', '-p', new URL(ADMIN_URL).port || '5432']);
      return;
    } catch {
      await sleep(250);
    }
  }
  throw new Error('PostgreSQL did not come back');
}

async function main() {
  const db = await freshDatabase('rdx_faults');
  const logDir = tempDir('rdx-faults-');
  const target = new URL(ADMIN_URL);
  const proxy = new CuttingProxy(target.hostname, Number(target.port || 5432));
  let api: ApiProcess | undefined;
  let failures = 0;
  try {
    const secrets = runSecrets();
    const programme = await prepareProgramme(db.url, secrets, VENDORS);
    await proxy.listen();
    const viaProxy = new URL(withDatabase(ADMIN_URL, db.name));
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    api = new ApiProcess(await freePort(), { ...secrets, DATABASE_URL: viaProxy.toString(), LOG_LEVEL: process.env.FAULT_LOG_LEVEL ?? 'warn' }, logDir);
    await api.start();
    // The deadline is far away: these faults are about durability, not the deadline.
    const { callId, applications } = await openVendorCall(api.url, programme, new Date(Date.now() + 3_600_000));
    const currentApi = () => api!.url;
    const allAcks: Ack[] = [];

    for (const fault of ['proxy-cut', 'sigkill', 'pg-stop'].filter((f) => FAULTS.includes(f))) {
      const s: Stats = { acks: [], requests: 0, retries: 0, signedOut: 0, ackedAfterRetry: 0, gaveUp: [], mismatches: [], unexpected: [] };
      const stop = { now: false };
      const loops = applications.map((a, i) => vendorLoop(currentApi, a, i, programme.regionId, s, stop));
      await sleep(LOAD_BEFORE_MS);
      let detail = '';
      let faultAt = Date.now();
      if (fault === 'proxy-cut') {
        const cut: number[] = [];
        for (let i = 0; i < 3; i++) {
          if (i) await sleep(2000);
          cut.push(proxy.cutAll());
        }
        detail = `${cut.length} cuts (${cut.join('+')} connections)`;
        faultAt = Date.now(); // recovery counts from the last cut
      } else if (fault === 'sigkill') {
        await api.stop('SIGKILL');
        detail = `killed (SIGKILL) and restarted in ${((await api.start()) / 1000).toFixed(1)} s`; // recovery counts from the kill
      } else {
        console.log(`  stopping PostgreSQL (immediate) at ${new Date().toISOString()}`);
        pgCluster('stop');
        await sleep(2000);
        pgCluster('start');
        await pgReady();
        detail = `PostgreSQL stopped (immediate) and started in ${((Date.now() - faultAt) / 1000).toFixed(1)} s`;
        faultAt = Date.now(); // recovery counts from the database being back
      }
      const recoveredMs = await waitRecovered(api, applications[0], faultAt).catch((e: Error) => {
        s.unexpected.push(e.message);
        return NaN;
      });
      await sleep(LOAD_AFTER_MS);
      stop.now = true;
      await Promise.all(loops);
      allAcks.push(...s.acks);
      // Every submission acknowledged so far, in this phase and the ones before it.
      const integrity = await checkIntegrity(db.url, callId, allAcks);
      const lost = integrity.lost.length + integrity.altered.length;
      const duplicated = integrity.duplicates + s.mismatches.length;
      const ok =
        lost === 0 && duplicated === 0 && integrity.brokenRows.length === 0 && s.gaveUp.length === 0 && s.unexpected.length === 0 && !Number.isNaN(recoveredMs);
      if (!ok) failures++;
      console.log(
        `fault ${fault}: ${detail}; ${s.acks.length} submissions acknowledged (${s.ackedAfterRetry} after retries), ${lost} lost, ${duplicated} duplicated, ` +
          `${integrity.brokenRows.length} broken rows, recovered in ${(recoveredMs / 1000).toFixed(1)} s without intervention${ok ? '' : ' — FAILED'}`,
      );
      console.log(
        `  ${s.requests} requests, ${s.retries} retried (${s.signedOut} answered UNAUTHENTICATED with a valid token); ${integrity.receiptsInDb} receipts in the call so far (${integrity.unacknowledgedInDb} never acknowledged)`,
      );
      for (const p of [...integrity.lost, ...integrity.altered, ...integrity.brokenRows, ...s.mismatches, ...s.gaveUp, ...s.unexpected].slice(0, 10))
        console.log(`  FAIL ${p}`);
    }
  } catch (e) {
    failures++;
    console.log(`faults: FAILED to run: ${(e as Error).message}`);
    if (api) console.log(api.tail());
  } finally {
    await api?.stop();
    await proxy.close();
    await db.drop();
  }
  process.exit(failures ? 1 : 0);
}

void main();
