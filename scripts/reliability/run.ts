/**
 * `npm run test:reliability`: one summary line per guarantee of issue 6, with its figures, against
 * the real PostgreSQL (TEST_DATABASE_URL, else DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres).
 *
 * Guarantees proven by Jest files are read from a Jest JSON report: RELIABILITY_JEST_JSON names
 * one that a PostgreSQL pass of `npm test` already wrote (CI does that, so nothing runs twice);
 * without it the files below are run here on PostgreSQL. A file that does not exist yet is reported
 * as missing (and fails the run). Then the burst (scripts/reliability/burst.ts) and the faults
 * (scripts/reliability/faults.ts) run as their own processes; their summary lines are passed on.
 * RELIABILITY_SKIP=burst,faults leaves scripts out (e.g. FAULTS=proxy-cut,sigkill for faults without
 * stopping PostgreSQL is passed through).
 *
 * A guarantee fails when its tests ran no case (0 passed, or no test matched its titles), when its figure
 * pattern matches no test title, or when its figure line was not written: a proof that proved nothing is
 * not a pass. The summary is also written to docs/reliability-last-run.txt (RELIABILITY_OUT to move it):
 * docs/SECURITY.md quotes no figure by hand and points to that file, and the run fails if it does.
 */
import { execSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from './lib';

const PG_URL = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SKIP = (process.env.RELIABILITY_SKIP ?? '').split(',').filter(Boolean);

interface Guarantee {
  n: number;
  label: string;
  file: string;
  /** Only the tests whose title matches (when two guarantees share a file). */
  titles?: RegExp;
  /** Only the tests under a top-level describe whose title matches (when two guarantees share a file). */
  describe?: RegExp;
  exclude?: RegExp;
  /** The figure a test title carries, e.g. "(200 rounds)" or "2,000 operations". */
  figure?: RegExp;
  /** The prefix of the figure line the test writes through reportFigures. */
  figures?: string;
}

const PERSONAL = /personal data|contact data|erase/i;
const JEST_GUARANTEES: Guarantee[] = [
  { n: 1, label: 'authorization matrix', file: 'test/authorization-matrix.e2e-spec.ts', figures: 'authorization' },
  { n: 2, label: 'graphql limits', file: 'test/graphql-limits.e2e-spec.ts' },
  { n: 2, label: 'rate limits', file: 'test/rate-limits.e2e-spec.ts' },
  { n: 3, label: 'errors', file: 'test/errors-logging.e2e-spec.ts' },
  { n: 4, label: 'fuzzing', file: 'test/fuzz.e2e-spec.ts', figure: /(\d[\d,]*) (?:generated )?operations/, figures: 'fuzz' },
  { n: 5, label: 'submissions and the deadline', file: 'test/region-application.e2e-spec.ts' },
  { n: 8, label: 'races', file: 'test/races.e2e-spec.ts', figure: /\((\d+) rounds\)/ },
  { n: 9, label: 'audit trail', file: 'test/audit.e2e-spec.ts', exclude: PERSONAL },
  { n: 10, label: 'personal data (APPI)', file: 'test/audit.e2e-spec.ts', titles: PERSONAL },
  // The security round of issue 11: one line per new guarantee, each with the figures its test wrote.
  { n: 11, label: 'slow body, impossible dates, alias and introspection limits', file: 'test/security-http.e2e-spec.ts', figures: 'slow body' },
  { n: 12, label: 'production start', file: 'test/security-startup.e2e-spec.ts', describe: /^production start/, figures: 'production start' },
  { n: 13, label: 'one clock, server request ids', file: 'test/security-startup.e2e-spec.ts', describe: /^(clock|request id)/, figures: 'clock' },
  { n: 14, label: 'audit forgery', file: 'test/security-audit.e2e-spec.ts', figures: 'audit forgery' },
  { n: 15, label: 'briefing flood', file: 'test/security-briefing.e2e-spec.ts', figures: 'briefing flood' },
  { n: 16, label: 'sign-in abuse, enumeration, suspended vendors', file: 'test/security-identity.e2e-spec.ts', figures: 'sign-in abuse' },
  { n: 17, label: 'bounded work', file: 'test/security-limits.e2e-spec.ts', describe: /^unbounded work/, figures: 'unbounded work' },
  { n: 18, label: 'sockets follow their account', file: 'test/security-limits.e2e-spec.ts', describe: /^sockets/, figures: 'socket recheck' },
  { n: 19, label: 'exports and file types', file: 'test/security-files.e2e-spec.ts', figures: 'file types' },
  { n: 20, label: 'awarded budget, idempotency replays, one programme a year', file: 'test/security-domain.e2e-spec.ts', figures: 'domain rules' },
  { n: 21, label: 'sealed bids and memoranda', file: 'test/security-access.e2e-spec.ts', figures: 'sealed bids' },
];

interface JestReport {
  testResults: Array<{
    name: string;
    status: string;
    message?: string;
    assertionResults: Array<{ title: string; ancestorTitles?: string[]; status: string; duration?: number | null }>;
  }>;
}

/** Runs a command, echoing nothing; resolves with its output and exit code. */
function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  return new Promise((ok) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => ok({ code: code ?? 1, out }));
  });
}

/** The figure lines the tests wrote (reportFigures), e.g. "authorization: 12 principals, … 0 leaks". */
let figuresFile = process.env.RDX_FIGURES_FILE ?? '';
const figureLine = (prefix: string) =>
  figuresFile && existsSync(figuresFile)
    ? readFileSync(figuresFile, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith(`${prefix}:`))
        .pop()
    : undefined;

async function jestReport(files: string[]): Promise<JestReport> {
  if (process.env.RELIABILITY_JEST_JSON) return JSON.parse(readFileSync(process.env.RELIABILITY_JEST_JSON, 'utf8'));
  const dir = tempDir('rdx-reliability-');
  const outputFile = join(dir, 'jest.json');
  figuresFile = join(dir, 'figures.txt');
  await run(join(ROOT, 'node_modules/.bin/jest'), ['--runInBand', '--json', `--outputFile=${outputFile}`, ...files], {
    NODE_OPTIONS: '--experimental-vm-modules',
    TEST_DATABASE_URL: PG_URL,
    RDX_FIGURES_FILE: figuresFile,
  });
  if (!existsSync(outputFile)) throw new Error('jest wrote no report');
  return JSON.parse(readFileSync(outputFile, 'utf8'));
}

async function main() {
  const started = Date.now();
  let failed = 0;
  const entries: Array<{ n: number; text: string }> = [];
  const lines = { push: (text: string) => entries.push({ n: parseInt(text, 10), text }) };
  const present = [...new Set(JEST_GUARANTEES.map((g) => g.file))].filter((f) => existsSync(join(ROOT, f)));
  const report = present.length ? await jestReport(present) : { testResults: [] };
  for (const g of JEST_GUARANTEES) {
    const file = report.testResults.find((r) => r.name.endsWith(g.file));
    if (!file) {
      failed++;
      lines.push(`${g.n} ${g.label}: MISSING (${g.file} ${existsSync(join(ROOT, g.file)) ? 'not in the report' : 'does not exist'})`);
      continue;
    }
    const tests = file.assertionResults.filter(
      (a) => (!g.titles || g.titles.test(a.title)) && !(g.exclude && g.exclude.test(a.title)) && (!g.describe || g.describe.test(a.ancestorTitles?.[0] ?? '')),
    );
    const passed = tests.filter((a) => a.status === 'passed').length;
    const bad = tests.filter((a) => a.status === 'failed').length;
    const suiteFailed = file.status === 'failed' && tests.length === 0;
    if (bad || suiteFailed || !tests.length || passed === 0) failed++;
    const figures = g.figure
      ? tests
          .map((a) => g.figure!.exec(a.title)?.[1])
          .filter(Boolean)
          .map((x) => Number(x!.replace(/,/g, '')))
      : [];
    const figure = g.n === 8 && figures.length ? `, ${figures.reduce((s, x) => s + x, 0)} rounds in all (${figures.length} races × ${figures[0]})` : '';
    const fuzz = g.n === 4 && figures.length ? `, ${Math.max(...figures)} operations` : '';
    const measured = g.figures ? figureLine(g.figures) : undefined;
    // Zero cases prove nothing: no test ran or passed, a figure pattern matching no title, or no figure line.
    const empty = [
      ...(!tests.length && !suiteFailed ? ['no test matched'] : []),
      ...(tests.length && passed === 0 ? ['0 tests passed'] : []),
      ...(g.figure && !figures.length ? [`figure pattern ${g.figure} matched no test title`] : []),
      ...(g.figures && !measured ? [`no "${g.figures}:" figure line written`] : []),
    ];
    if (empty.length && !(bad || suiteFailed || !tests.length || passed === 0)) failed++;
    lines.push(
      `${g.n} ${g.label}: ${passed} tests passed, ${bad} failed${figure}${fuzz}${suiteFailed ? ' (the file failed to run)' : ''}${measured ? ` (${measured})` : ''}${empty.length ? ` — FAILED: ${empty.join('; ')}` : ''} — ${g.file}`,
    );
  }

  for (const [n, name, script, prefix] of [
    [6, 'burst', 'scripts/reliability/burst.ts', 'burst:'],
    [7, 'faults', 'scripts/reliability/faults.ts', 'fault'],
  ] as const) {
    if (SKIP.includes(name)) {
      lines.push(`${n} ${name}: skipped (RELIABILITY_SKIP)`);
      continue;
    }
    const r = await run(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(ROOT, script)], {
      DATABASE_URL: PG_URL,
    });
    const summary = r.out.split('\n').filter((l) => l.startsWith(prefix) || l.startsWith('  FAIL'));
    if (r.code !== 0) failed++;
    if (!summary.length) lines.push(`${n} ${name}: FAILED (exit ${r.code})\n${r.out.trim().split('\n').slice(-15).join('\n')}`);
    for (const l of summary) entries.push({ n, text: l.startsWith('  ') ? l : `${n} ${l}` });
  }

  const byHand = handTypedFigures();
  if (byHand.length) {
    failed++;
    lines.push(`0 docs/SECURITY.md quotes figures by hand (they belong in ${OUT_NAME}): ${byHand.join(' | ')}`);
  }
  entries.sort((a, b) => a.n - b.n); // stable: a script's detail lines stay under its summary
  const summary = [
    ...entries.map((e) => e.text),
    `reliability: ${failed ? `${failed} guarantee check(s) FAILED` : 'all guarantees hold'} (${Math.round((Date.now() - started) / 1000)} s)`,
  ];
  console.log(summary.join('\n'));
  writeLastRun(summary);
  process.exit(failed ? 1 : 0);
}

const OUT_NAME = 'docs/reliability-last-run.txt';

/** The summary, with when, where and on which commit it ran: the only place the figures are written down. */
function writeLastRun(summary: string[]): void {
  const out = process.env.RELIABILITY_OUT ?? join(ROOT, OUT_NAME);
  if (!out) return;
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    // not a git checkout
  }
  const db = (() => {
    try {
      return new URL(PG_URL).host;
    } catch {
      return 'PostgreSQL';
    }
  })();
  const header = [
    '# Written by `npm run test:reliability` (scripts/reliability/run.ts); do not edit by hand.',
    `# ${new Date().toISOString()}, commit ${commit}, PostgreSQL at ${db}${process.env.CI ? ', CI' : ''}${SKIP.length ? `, skipped: ${SKIP.join(',')}` : ''}`,
  ];
  writeFileSync(out, [...header, ...summary].join('\n') + '\n');
}

/** Lines of docs/SECURITY.md that quote a run's figures ("last run: … 450 acknowledged") instead of pointing to the file. */
function handTypedFigures(): string[] {
  const file = join(ROOT, 'docs/SECURITY.md');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((l) =>
      [...l.matchAll(/last (?:CI )?run\b[^|.]*?\d[\d,.]*\s*(?:s\b|acknowledged|sent|lost|rounds|operations|requests)/gi)].map((m) => m[0].slice(0, 80)),
    );
}

void main();
