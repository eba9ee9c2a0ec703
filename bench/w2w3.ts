/**
 * `npm run bench:w2w3`: W2 (the vendor's candidate-region list page) and W3 (one region's detail) alone, for working on
 * their CPU per request without the whole suite. Same data (S by default, bench/lib/generate.ts), same probe, same autocannon flags
 * as bench/run.ts; every response must be byte-identical to the first one of its variant (an error never counts; a
 * character autocannon split across two reads is matched as bench/lib/same-text.ts says).
 *
 * `--only=W3` one of them (`--only=W1` / `--only=W1A`: `{ __typename }` signed in / anonymous, the server's own cost);
 * `--half`: then at 50 % of the rate just measured, as bench/run.ts reports p99 "at half load"; `--sql`: the statements
 * of one request of each.
 *
 * Env: BENCH_SIZE=M the national size (own database rdx_bench_w2w3_m); BENCH_API_STDOUT=1 the API's standard output
 * (with BENCH_API_NODE_OPTIONS=--trace-gc, its collections); BENCH_API_DIST (default dist/) the built API to measure;
 * BENCH_API_NODE_OPTIONS e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`;
 * BENCH_EXPECT_DIR: when set, the first response of each variant is written there on the first run and compared on later
 * runs (a change of behaviour between two builds fails the run). The database rdx_bench_w2w3 is generated once and reused
 * (`--fresh` regenerates it).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses */
import { ChildProcess, fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import argon2 from 'argon2';
import { Client } from 'pg';
import { benchApiEnv, benchApiExecArgv } from './lib/api-env';
import { BENCH_PASSWORD, generate, SIZES } from './lib/generate';
import { OPERATIONS } from './lib/operations';
import { sameText } from './lib/same-text';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- autocannon ships no types
const autocannon: (opts: Record<string, unknown>) => Promise<any> = require('autocannon');

const ROOT = join(__dirname, '..');
const DIST = process.env.BENCH_API_DIST || join(ROOT, 'dist');
const ADMIN_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
/** BENCH_SIZE=M: the national size of bench/lib/generate.ts (own database rdx_bench_w2w3_m); S by default. */
const SIZE: 'S' | 'M' = process.env.BENCH_SIZE === 'M' ? 'M' : 'S';
const DATABASE = SIZE === 'M' ? 'rdx_bench_w2w3_m' : 'rdx_bench_w2w3';
const PORT = Number(process.env.BENCH_PORT || 3970);
const SECONDS = Number(process.env.BENCH_SECONDS || 8);
const CONNECTIONS = 10;
const SEED = 20250401;
const dbUrl = (name: string) => Object.assign(new URL(ADMIN_URL), { pathname: `/${name}` }).toString();
const log = (...a: unknown[]) => console.log(`[w2w3 ${new Date().toISOString().slice(11, 19)}]`, ...a);
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

interface Probe {
  queries: number;
  cpuMicros: number;
  captured?: Array<{ text: string; params: unknown[] }>;
}

function startApi(): { child: ChildProcess; probe: (kind?: 'read' | 'capture' | 'release') => Promise<Probe> } {
  const child = fork(join(DIST, 'apps/api/src/main.js'), [], {
    cwd: ROOT,
    execArgv: benchApiExecArgv(join(__dirname, 'lib/probe.js')),
    env: { ...benchApiEnv(dbUrl(DATABASE), PORT), NODE_PATH: join(ROOT, 'node_modules') },
    stdio: ['ignore', process.env.BENCH_API_STDOUT ? 'inherit' : 'ignore', 'inherit', 'ipc'],
  });
  let seq = 0;
  const probe = (kind = 'read') =>
    new Promise<Probe>((resolve) => {
      const id = ++seq;
      const on = (m: any) => {
        if (m?.id === id) {
          child.off('message', on);
          resolve(m);
        }
      };
      child.on('message', on);
      child.send({ probe: kind, id });
    });
  return { child, probe };
}

async function post(query: string, variables: Record<string, unknown>, token?: string) {
  const r = await fetch(`http://127.0.0.1:${PORT}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: r.status, text: await r.text() };
}

interface Variant {
  body: string;
  token: string;
  expected: string;
}

async function variant(name: string, query: string, variables: Record<string, unknown>, token: string): Promise<Variant> {
  const r = await post(query, variables, token);
  if (r.status !== 200 || JSON.parse(r.text).errors) throw new Error(`${name}: ${r.text.slice(0, 300)}`);
  const dir = process.env.BENCH_EXPECT_DIR;
  if (dir) {
    const file = join(dir, `${name}.json`);
    if (!existsSync(file)) writeFileSync(file, r.text);
    else if (readFileSync(file, 'utf8') !== r.text) throw new Error(`${name}: the response differs from ${file}`);
  }
  return { body: JSON.stringify({ query, variables }), token, expected: r.text };
}

async function load(variants: Variant[], seconds: number, rate?: number) {
  let next = 0;
  let valid = 0;
  let invalid = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${PORT}`,
    connections: CONNECTIONS,
    duration: seconds,
    ...(rate ? { overallRate: rate } : {}),
    requests: [
      {
        method: 'POST',
        path: '/graphql',
        setupRequest: (req: any, ctx: any) => {
          const v = variants[next++ % variants.length];
          ctx.v = v;
          return { ...req, body: v.body, headers: { 'content-type': 'application/json', ...(v.token ? { authorization: `Bearer ${v.token}` } : {}) } };
        },
        onResponse: (status: number, body: string, ctx: any) => {
          if (status === 200 && sameText(body, ctx.v.expected)) valid++;
          else if (invalid++ === 0) {
            log(`first unexpected response: ${status} ${String(body).slice(0, 200)}`);
            writeFileSync(join(tmpdir(), 'w2w3-unexpected.json'), `${ctx.v.expected}\n${body}\n`);
          }
        },
      },
    ],
  });
  return { rps: round(valid / result.duration, 1), p50: result.latency.p50, p99: result.latency.p99, requests: valid + invalid, invalid };
}

async function main() {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE])).rowCount === 1;
  const fresh = !exists || process.argv.includes('--fresh');
  if (fresh) {
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DATABASE}`);
  }
  await admin.end();
  const api = startApi();
  try {
    for (let i = 0; ; i++) {
      if (
        await fetch(`http://127.0.0.1:${PORT}/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (i > 600) throw new Error('the API did not come up');
      await new Promise((r) => setTimeout(r, 200));
    }
    const db = new Client({ connectionString: dbUrl(DATABASE) });
    await db.connect();
    if (fresh) {
      const passwordHash = await argon2.hash(BENCH_PASSWORD, { type: argon2.argon2id });
      await db.query('BEGIN');
      await db.query('SET LOCAL session_replication_role = replica');
      await generate((text, params) => db.query(text, params).then((r) => r.rows), SIZES[SIZE], SEED, passwordHash);
      await db.query('COMMIT');
      await db.query('ANALYZE');
    }
    const email = (await db.query('SELECT email FROM users WHERE role = $1 ORDER BY email LIMIT 1', ['VENDOR'])).rows[0].email;
    const regionIds = (await db.query('SELECT id FROM candidate_regions ORDER BY prefecture_code, id')).rows.map((r) => r.id as string);
    await db.end();
    const login = await post('mutation($i: LoginInput!) { login(input: $i) { token } }', { i: { email, password: BENCH_PASSWORD } });
    const token = JSON.parse(login.text).data.login.token as string;
    if (process.env.BENCH_EXPECT_DIR) mkdirSync(process.env.BENCH_EXPECT_DIR, { recursive: true });

    // W1 ({ __typename }) for comparison: the server's own cost, with nothing of the data behind it.
    const w1: Variant[] = [await variant('W1', OPERATIONS.W1, {}, token)];
    const w1a: Variant[] = [await variant('W1A', OPERATIONS.W1, {}, '')]; // anonymous: no sign-in check
    const w2: Variant[] = [];
    for (let offset = 0; offset < regionIds.length && w2.length < 10; offset += 50)
      w2.push(await variant(`W2-${offset}`, OPERATIONS.W2, { limit: 50, offset }, token));
    const w3: Variant[] = [];
    // Twenty regions spread over the list, as bench/run.ts picks them.
    const step = Math.max(1, Math.floor(regionIds.length / 20));
    for (const id of regionIds.filter((_, i) => i % step === 0).slice(0, 20)) w3.push(await variant(`W3-${id}`, OPERATIONS.W3, { id }, token));

    if (process.argv.includes('--sql')) {
      // The statements of one request of each workload, as sent.
      for (const [name, v] of [
        ['W2', w2[0]],
        ['W3', w3[0]],
      ] as const) {
        await api.probe('capture');
        await post(JSON.parse(v.body).query, JSON.parse(v.body).variables, token);
        const { captured } = await api.probe('release');
        log(`${name}: ${captured?.length} statements`);
        for (const q of captured ?? []) console.log(`  ${q.text.replace(/\s+/g, ' ').slice(0, 400)}`);
      }
    }
    const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
    for (const [name, vs] of [
      ['W1', w1],
      ['W1A', w1a],
      ['W2', w2],
      ['W3', w3],
    ] as const) {
      if (!only && name.startsWith('W1')) continue;
      if (only && only.toUpperCase() !== name) continue;
      await load(vs, 3); // warm-up
      const before = await api.probe();
      const r = await load(vs, SECONDS);
      const after = await api.probe();
      const cpu = round((after.cpuMicros - before.cpuMicros) / 1000 / r.requests, 3);
      const sql = round((after.queries - before.queries) / r.requests, 2);
      log(`${name}: ${r.rps} req/s (p50 ${r.p50} ms, p99 ${r.p99} ms), ${cpu} ms CPU/req, ${sql} SQL/req${r.invalid ? `, ${r.invalid} INVALID` : ''}`);
      if (process.argv.includes('--half')) {
        // As bench/run.ts: 50 % of the rate just measured, where p99 is latency rather than queueing.
        const rate = Math.max(1, Math.round(r.rps / 2));
        const h = await load(vs, SECONDS, rate);
        log(`${name} at ${rate} req/s (50 %): p50 ${h.p50} ms, p99 ${h.p99} ms${h.invalid ? `, ${h.invalid} INVALID` : ''}`);
      }
    }
  } finally {
    api.child.kill('SIGTERM');
    await new Promise((r) => api.child.once('exit', r));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
