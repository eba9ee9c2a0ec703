/**
 * National-scale benchmark of the region–vendor matching model (HiGHS), in memory: part of W8 in `npm run bench`
 * (bench/run.ts), or alone:
 *
 *   npx ts-node -T -r tsconfig-paths/register bench/matching.bench.ts [--quick]
 *
 * On the synthetic national instance (1,741 regions, 2,000 vendors, 20,000 proposals): the optimum without a budget
 * (LP), with a budget of 60 % of that optimum's spend (MIP, 60 s; 10 s with --quick), the greedy policy, and the
 * optimum on integer scores with many ties. Prints a table and writes bench/results.matching.json.
 * The unbudgeted optimum is also checked in exact integer arithmetic (no improving cycle in the residual graph),
 * independently of HiGHS' floating-point tolerances.
 */
import { writeFileSync } from 'node:fs';
import { arch, cpus, platform, totalmem } from 'node:os';
import { join } from 'node:path';
import {
  eligible,
  MatchingInput,
  MatchingSolution,
  OptimalDiagnostics,
  solveGreedy,
  solveOptimalWithDiagnostics,
} from '../libs/matching/src/model/matching-model';
import { generateNationalInstance } from '../libs/matching/src/model/national-scale';

const SEED = 20250401;
const BUDGET_SHARE = 0.6;

export async function modelBench(quick: boolean) {
  const budgetTimeLimit = quick ? 10 : 60;
  const instance = generateNationalInstance(SEED);
  console.log(`Instance: ${instance.regionIds.length} regions, ${instance.vendors.length} vendors, ${instance.proposals.length} proposals (seed ${SEED}).`);

  // Warm-up: the first solve also pays for compiling the Wasm module and JIT-compiling the model code.
  await solveOptimalWithDiagnostics(generateNationalInstance(SEED, { regions: 50, vendors: 40, proposals: 400 }));
  const optimal = await solveOptimalWithDiagnostics(instance);
  const budgetYen = Math.round(BUDGET_SHARE * optimal.solution.objective.totalBudgetYen);
  const budgeted = await solveOptimalWithDiagnostics({ ...instance, budgetYen, timeLimitSeconds: budgetTimeLimit });
  const greedy = solveGreedy(instance);
  const greedyBudgeted = solveGreedy({ ...instance, budgetYen });
  const integerInstance = generateNationalInstance(SEED, { integerScores: true });
  const integerOptimal = await solveOptimalWithDiagnostics(integerInstance);
  const integerGreedy = solveGreedy(integerInstance);

  const checkStarted = performance.now();
  const exact = !improvingCycleExists(instance, optimal.solution);
  const exactInteger = !improvingCycleExists(integerInstance, integerOptimal.solution);
  // Control: the check must find the greedy selection improvable (it serves fewer regions).
  const greedyImprovable = improvingCycleExists(instance, greedy);
  const checkSeconds = (performance.now() - checkStarted) / 1000;

  const rows: Array<[string, MatchingSolution, OptimalDiagnostics | null]> = [
    ['optimal, no budget', optimal.solution, optimal.diagnostics],
    [`optimal, budget ¥${budgetYen.toLocaleString('en-US')}`, budgeted.solution, budgeted.diagnostics],
    ['greedy, no budget', greedy, null],
    ['greedy, same budget', greedyBudgeted, null],
    ['optimal, integer scores', integerOptimal.solution, integerOptimal.diagnostics],
    ['greedy, integer scores', integerGreedy, null],
  ];
  const table = [
    ['run', 'model', 'status', 'seconds', 'regions', 'total score', 'budget ¥', 'gap', 'gap (points)', 'LP max |x − round(x)|'],
    ...rows.map(([name, s, d]) => [
      name,
      d?.model ?? '-',
      s.status,
      s.seconds.toFixed(2),
      String(s.objective.regionsSupported),
      s.objective.totalScore.toFixed(2),
      s.objective.totalBudgetYen.toLocaleString('en-US'),
      s.gap === null ? '-' : s.gap.toExponential(2),
      d?.absoluteGapPoints == null ? '-' : d.absoluteGapPoints.toFixed(2),
      d?.maxFractionality == null ? '-' : d.maxFractionality.toExponential(1),
    ]),
  ];
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  for (const row of table) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  '));
  console.log(
    `Exact check of the unbudgeted optima (integer weights, no improving cycle): random scores ${exact ? 'optimal' : 'NOT optimal'}, ` +
      `integer scores ${exactInteger ? 'optimal' : 'NOT optimal'}; control, greedy ${greedyImprovable ? 'improvable' : 'NOT improvable'} (${checkSeconds.toFixed(1)} s).`,
  );
  const lost = greedy.unsupported.filter((u) => u.reason === 'LOST_TO_CAPACITY').length;
  console.log(`Greedy leaves ${lost} regions LOST_TO_CAPACITY that the optimum serves.`);

  const cpu = cpus();
  const results = {
    w8_m_seconds: round(optimal.solution.seconds),
    w8_m_optimal: optimal.solution.status === 'OPTIMAL' && exact,
    w8_m_budget_gap: budgeted.solution.gap,
    w8_m_budget_seconds: round(budgeted.solution.seconds),
    greedy_regions: greedy.objective.regionsSupported,
    optimal_regions: optimal.solution.objective.regionsSupported,
    greedy_score: greedy.objective.totalScore,
    optimal_score: optimal.solution.objective.totalScore,
    integer_scores_seconds: round(integerOptimal.solution.seconds),
    machine: `${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length}, ${Math.round(totalmem() / 2 ** 30)} GB, ${platform()} ${arch()}, Node ${process.version}${quick ? ', --quick' : ''}`,
    date: new Date().toISOString(),
  };
  return { ...results, integer_vs_random_time_ratio: round(integerOptimal.solution.seconds / Math.max(optimal.solution.seconds, 1e-3)) };
}

async function main(): Promise<void> {
  const results = await modelBench(process.argv.includes('--quick'));
  const file = join(__dirname, 'results.matching.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`Wrote ${file}`);
}

/**
 * Whether the selection can be improved under the model's full objective, tie-break included, in exact integers:
 * W_p = 2N(M + S_p) + (n_r − k_p), the model's c_p times 2N (see matching-model.ts), recomputed here on purpose.
 * As a flow s → vendor (capacity) → region (1) → t, a selection is optimal iff the residual graph has no cycle of
 * positive weight; Bellman–Ford (queue-based) on the negated weights finds one if it exists. Without a budget only.
 */
export function improvingCycleExists(input: MatchingInput, solution: MatchingSolution): boolean {
  const regionIds = [...input.regionIds].sort();
  const regionIndex = new Map(regionIds.map((id, i) => [id, i]));
  const vendorIndex = new Map(input.vendors.map((v, i) => [v.id, i]));
  const units = (score: number) => Math.round(score * 100);
  const candidates = input.proposals.filter((p) => eligible(p) && regionIndex.has(p.regionId) && input.vendors[vendorIndex.get(p.vendorId)!].capacity > 0);
  const byRegion = regionIds.map(() => [] as typeof candidates);
  for (const p of candidates) byRegion[regionIndex.get(p.regionId)!].push(p);
  const n = candidates.length;
  let bigM = 1;
  const tie = new Map<string, number>();
  for (const list of byRegion) {
    list.sort((a, b) => units(b.score) - units(a.score) || a.submittedAt.getTime() - b.submittedAt.getTime() || (a.id < b.id ? -1 : 1));
    if (list.length > 0) bigM += units(list[0].score);
    list.forEach((p, k) => tie.set(p.id, list.length - k));
  }
  const weight = (p: (typeof candidates)[number]) => 2 * n * (bigM + units(p.score)) + tie.get(p.id)!;
  const nodes = 2 + input.vendors.length + regionIds.length;
  // Distances are sums of at most `nodes` weights: they must stay exact in doubles.
  if ((2 * n * 2 * bigM + n) * nodes > Number.MAX_SAFE_INTEGER) throw new Error('Weights too large for exact arithmetic in doubles');

  const selected = new Set(solution.matches.map((m) => m.proposalId));
  const load = input.vendors.map(() => 0);
  const matched = regionIds.map(() => false);
  for (const m of solution.matches) {
    load[vendorIndex.get(m.vendorId)!]++;
    matched[regionIndex.get(m.regionId)!] = true;
  }
  const S = 0;
  const T = 1;
  const vendorNode = (v: number) => 2 + v;
  const regionNode = (r: number) => 2 + input.vendors.length + r;
  const out: Array<Array<[to: number, cost: number]>> = Array.from({ length: nodes }, () => []);
  const arc = (from: number, to: number, cost: number) => out[from].push([to, cost]);
  input.vendors.forEach((v, i) => {
    if (load[i] < v.capacity) arc(S, vendorNode(i), 0);
    if (load[i] > 0) arc(vendorNode(i), S, 0);
  });
  for (const p of candidates) {
    const v = vendorNode(vendorIndex.get(p.vendorId)!);
    const r = regionNode(regionIndex.get(p.regionId)!);
    if (selected.has(p.id)) arc(r, v, weight(p));
    else arc(v, r, -weight(p));
  }
  matched.forEach((isMatched, r) => (isMatched ? arc(T, regionNode(r), 0) : arc(regionNode(r), T, 0)));
  arc(T, S, 0);
  if (solution.matches.length > 0) arc(S, T, 0);

  const dist = new Array<number>(nodes).fill(0);
  const relaxed = new Array<number>(nodes).fill(0);
  const queued = new Array<boolean>(nodes).fill(true);
  const queue = Array.from({ length: nodes }, (_, i) => i);
  for (let head = 0; head < queue.length; head++) {
    const a = queue[head];
    queued[a] = false;
    for (const [b, cost] of out[a]) {
      if (dist[a] + cost >= dist[b]) continue;
      dist[b] = dist[a] + cost;
      if (++relaxed[b] >= nodes) return true;
      if (!queued[b]) {
        queued[b] = true;
        queue.push(b);
      }
    }
  }
  return false;
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
