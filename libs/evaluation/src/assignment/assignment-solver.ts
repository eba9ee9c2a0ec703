/**
 * Assignment of evaluators to proposals, solved as a MIP with HiGHS (WebAssembly).
 *
 * Candidates C = unconflicted pairs (p, e) with maxLoad_e > 0; binary x[p,e] exists only for (p, e) ∈ C.
 * Confirmed (fixed) pairs are kept unless declared a conflict; where they exceed maxLoad_e or k, those limits are
 * raised to fit them (noted in the result).
 * k_p = min(k, |C_p|), so a proposal with too few candidates is still covered as far as it can be (and reported).
 * F_p = candidates of p holding p's required field. B = evaluators with at least one candidate (the balance set:
 * an evaluator nobody can be given would otherwise pin Lmin at 0).
 *
 *   min  (Lmax − Lmin) + ε Σ c[p,e] x[p,e]
 *   s.t. Σ_e x[p,e] = k_p                    ∀p
 *        Σ_{e ∈ F_p} x[p,e] ≥ 1              ∀p with a required field and F_p ≠ ∅
 *        minLoad_e ≤ Σ_p x[p,e] ≤ maxLoad_e  ∀e
 *        Lmin ≤ Σ_p x[p,e] ≤ Lmax            ∀e ∈ B
 *        x[p,e] = 1                          for confirmed (fixed) pairs
 *
 * Tie-break: c[p,e] ∈ [0, 1) is a hash of the two ids and ε = 0.5 / Σ_p k_p, so the term stays below 0.5 while
 * Lmax − Lmin moves in steps of 1: it only chooses among equally balanced assignments. Not the pairs' lexicographic
 * rank: a rank cost has the form a_p + b_e, which is equal for all assignments with the same loads and so breaks no
 * tie between pairs. Ids are sorted before indexing, so the model text, and with it the result, depends only on
 * the problem's content and not on the order of the input.
 *
 * Elastic model, only when the one above is infeasible (load limits): slacks enter the rows; maximum loads,
 * conflicts and fixed pairs stay hard, so it is always feasible:
 *   Σ_e x[p,e] + Σ_j s[p,j] = k_p   (s[p,j] ∈ [0, 1]: p's j-th missing evaluator, j = 1..k_p)
 *   Σ_{F_p} x[p,e] + f_p ≥ 1,   Σ_p x[p,e] + u_e ≥ minLoad_e
 *   min  W_s Σ j·s[p,j] + W_f Σ f_p + W_u Σ u_e + (Lmax − Lmin) + ε Σ c x
 * A second missing evaluator costs twice the first, which spreads a shortage: two proposals with 2 of 3
 * evaluators rather than one with 1 of 3 (and, where the conflicts leave that choice, even at the price of one
 * assignment fewer in all).
 * Each weight exceeds the most that every level below it can add up to (S: spread bound, U = Σ minLoad,
 * Φ = number of field rows): W_u = S + 1, W_f = W_u·U + S + 1, W_s = W_f·Φ + W_u·U + S + 1.
 * Coverage comes first, then required fields, then minimum loads, then balance.
 */
import type { LegacyHighsOptions, LegacyHighsSolution } from 'highs';
import { withHighs } from '@app/core/solver/highs';

export interface AssignmentProblem {
  proposals: Array<{ id: string; requiredField?: string | null }>;
  evaluators: Array<{ id: string; minLoad: number; maxLoad: number; fields: string[] }>;
  /** Pairs that must never be assigned; ids not in the problem are ignored. */
  conflicts: Array<{ proposalId: string; evaluatorId: string }>;
  /** k, evaluators per proposal (3 at the caller). */
  perProposal: number;
  /** Already confirmed pairs to keep. */
  fixed?: Array<{ proposalId: string; evaluatorId: string }>;
}

/** One entry per proposal and reason; a proposal may appear with more than one reason. */
export interface UncoveredProposal {
  proposalId: string;
  reason: 'TOO_FEW_UNCONFLICTED_EVALUATORS' | 'NO_EVALUATOR_OF_REQUIRED_FIELD' | 'LOAD_LIMITS';
  detail: string;
  available: number;
  needed: number;
}

export interface MinLoadShortfall {
  evaluatorId: string;
  minLoad: number;
  load: number;
}

export interface AssignmentResult {
  /** OPTIMAL: all covered, proved optimal. PARTIAL: a solution with something short (see uncovered, minLoadShortfalls, notes). INFEASIBLE: HiGHS returned no solution (see solverStatus). */
  status: 'OPTIMAL' | 'PARTIAL' | 'INFEASIBLE';
  /** Sorted by proposalId, then evaluatorId. */
  pairs: Array<{ proposalId: string; evaluatorId: string }>;
  /** Every evaluator, 0 included. */
  loads: Record<string, number>;
  /** Over the balance set B (evaluators with at least one candidate); 0 when B is empty. */
  maxLoad: number;
  minLoad: number;
  uncovered: UncoveredProposal[];
  /** Evaluators left below their minimum load because the minimums could not all be met. */
  minLoadShortfalls: MinLoadShortfall[];
  /** Why the elastic model was needed, with the numbers; also a time limit reached. */
  notes: string[];
  solverStatus: string;
  /** The model text that produced `pairs`, for audit ('' when nothing needed solving). */
  lp: string;
}

const DEFAULT_TIME_LIMIT_SECONDS = 60;

interface Candidate {
  p: number;
  e: number;
  name: string;
  cost: number;
  fixed: boolean;
}

/** The problem in canonical (id-sorted) index space, with the pre-checks done. */
interface Prepared {
  proposals: AssignmentProblem['proposals'];
  evaluators: AssignmentProblem['evaluators'];
  candidates: Candidate[];
  byProposal: Candidate[][];
  byEvaluator: Candidate[][];
  k: number[];
  /** maxLoad_e, raised to the number of confirmed pairs where those exceed it. */
  maxLoads: number[];
  /** F_p when p gets a field row, else null. */
  fieldRow: Array<Candidate[] | null>;
  balanced: boolean[];
  uncovered: UncoveredProposal[];
  /** Σ_p k_p */
  needed: number;
  /** Load-limit conflicts visible without solving: when any, the strict model is known to be infeasible. */
  loadNotes: string[];
  /** The note saying that the maximum loads cannot take every assignment, if so. */
  capacityNote: string | null;
  /** Confirmed pairs dropped or limits raised for them. */
  inputNotes: string[];
}

export async function solveAssignment(problem: AssignmentProblem, options?: { timeLimitSeconds?: number }): Promise<AssignmentResult> {
  const prep = prepare(problem);
  const highsOptions: LegacyHighsOptions = {
    output_flag: false,
    time_limit: options?.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS,
    // Integer levels of the objective differ by ≥ 0.5 (the tie-break stays below it): an absolute gap of 0.25 proves
    // them optimal without spending time on the tie-break's last digits, and a relative gap would scale with the elastic weights.
    mip_rel_gap: 0,
    mip_abs_gap: 0.25,
    random_seed: 0,
  };

  const notes = [...prep.inputNotes];
  if (prep.candidates.length === 0) return finish(prep, null, 'Not solved: no candidate pairs', '', [...notes, ...prep.loadNotes]);

  if (prep.loadNotes.length === 0) {
    const lp = buildLp(prep, false);
    const solution = await runHighs(lp, highsOptions);
    if (!isInfeasible(solution)) return finish(prep, solution, solution.Status, lp, notes);
    notes.push(
      'The load limits cannot all be met together given the conflicts and required fields: solved again with coverage, required fields and minimum loads made soft.',
    );
  } else notes.push(...prep.loadNotes);

  const lp = buildLp(prep, true);
  const solution = await runHighs(lp, highsOptions);
  return finish(prep, solution, solution.Status, lp, notes);
}

function prepare(problem: AssignmentProblem): Prepared {
  const k = problem.perProposal;
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`perProposal must be an integer ≥ 0, got ${k}`);
  const proposals = sortedUnique(problem.proposals, 'proposal');
  const evaluators = sortedUnique(problem.evaluators, 'evaluator');
  for (const e of evaluators) {
    if (!Number.isInteger(e.minLoad) || !Number.isInteger(e.maxLoad) || e.minLoad < 0 || e.minLoad > e.maxLoad) {
      throw new RangeError(`Evaluator ${e.id}: need integers 0 ≤ minLoad ≤ maxLoad, got ${e.minLoad}..${e.maxLoad}`);
    }
  }
  const pIndex = new Map(proposals.map((p, i) => [p.id, i]));
  const eIndex = new Map(evaluators.map((e, i) => [e.id, i]));
  const conflicted = new Set(problem.conflicts.map((c) => pairKey(c.proposalId, c.evaluatorId)));

  // Confirmed pairs come from earlier decisions that later data may contradict; rather than fail the whole run,
  // a conflict wins over a confirmation, and a confirmation wins over maxLoad and k (each noted).
  const inputNotes: string[] = [];
  const fixed = new Set<string>();
  const fixedPerEvaluator = evaluators.map(() => 0);
  const fixedPerProposal = proposals.map(() => 0);
  for (const f of problem.fixed ?? []) {
    const p = pIndex.get(f.proposalId);
    const e = eIndex.get(f.evaluatorId);
    const key = pairKey(f.proposalId, f.evaluatorId);
    if (p === undefined || e === undefined)
      inputNotes.push(`Confirmed pair ${f.proposalId}/${f.evaluatorId} names a proposal or evaluator not in the problem: ignored.`);
    else if (conflicted.has(key)) inputNotes.push(`Confirmed pair ${f.proposalId}/${f.evaluatorId} is declared a conflict: not kept.`);
    else if (!fixed.has(key)) {
      fixed.add(key);
      fixedPerEvaluator[e]++;
      fixedPerProposal[p]++;
    }
  }
  const maxLoads = evaluators.map((ev, e) => {
    if (fixedPerEvaluator[e] <= ev.maxLoad) return ev.maxLoad;
    inputNotes.push(
      `Evaluator ${ev.id} has ${fixedPerEvaluator[e]} confirmed pairs, more than maxLoad ${ev.maxLoad}: the confirmed pairs are kept and nothing is added.`,
    );
    return fixedPerEvaluator[e];
  });

  const candidates: Candidate[] = [];
  const byProposal: Candidate[][] = proposals.map(() => []);
  const byEvaluator: Candidate[][] = evaluators.map(() => []);
  proposals.forEach((proposal, p) =>
    evaluators.forEach((evaluator, e) => {
      const key = pairKey(proposal.id, evaluator.id);
      if (conflicted.has(key) || maxLoads[e] === 0) return;
      const c: Candidate = { p, e, name: `x_${p}_${e}`, cost: hashUnit(key), fixed: fixed.has(key) };
      candidates.push(c);
      byProposal[p].push(c);
      byEvaluator[e].push(c);
    }),
  );

  const uncovered: UncoveredProposal[] = [];
  const kp = byProposal.map((list, p) => {
    if (list.length < k) {
      const detail = `only ${list.length} of ${evaluators.length} evaluators have no conflict with this proposal and can take work; ${k} needed`;
      uncovered.push({ proposalId: proposals[p].id, reason: 'TOO_FEW_UNCONFLICTED_EVALUATORS', detail, available: list.length, needed: k });
    }
    if (fixedPerProposal[p] <= k) return Math.min(k, list.length);
    inputNotes.push(`Proposal ${proposals[p].id} has ${fixedPerProposal[p]} confirmed evaluators, more than ${k}: all are kept.`);
    return fixedPerProposal[p];
  });

  const fieldRow = proposals.map((proposal, p): Candidate[] | null => {
    const field = proposal.requiredField;
    if (!field || kp[p] === 0) return null;
    const holders = byProposal[p].filter((c) => evaluators[c.e].fields.includes(field));
    if (holders.length > 0) return holders;
    const total = evaluators.filter((e) => e.fields.includes(field)).length;
    const detail =
      total === 0
        ? `no evaluator holds the required field "${field}"`
        : `all ${total} evaluators holding the required field "${field}" have a conflict with this proposal or no capacity`;
    uncovered.push({ proposalId: proposal.id, reason: 'NO_EVALUATOR_OF_REQUIRED_FIELD', detail, available: 0, needed: 1 });
    return null;
  });

  const needed = kp.reduce((a, b) => a + b, 0);
  const capacity = evaluators.reduce((sum, _, e) => sum + Math.min(maxLoads[e], byEvaluator[e].length), 0);
  const minimums = evaluators.reduce((sum, ev) => sum + ev.minLoad, 0);
  const capacityNote =
    capacity < needed ? `the evaluators can take ${capacity} assignments in all (maximum loads, conflicts considered) but ${needed} are needed` : null;
  const loadNotes: string[] = capacityNote ? [`${capacityNote[0].toUpperCase()}${capacityNote.slice(1)}.`] : [];
  if (minimums > needed) loadNotes.push(`The minimum loads add up to ${minimums}, more than the ${needed} assignments to make.`);
  evaluators.forEach((ev, e) => {
    if (ev.minLoad > byEvaluator[e].length)
      loadNotes.push(`Evaluator ${ev.id} has minLoad ${ev.minLoad} but only ${byEvaluator[e].length} proposals without a conflict.`);
  });

  return {
    proposals,
    evaluators,
    candidates,
    byProposal,
    byEvaluator,
    k: kp,
    maxLoads,
    fieldRow,
    balanced: byEvaluator.map((list) => list.length > 0),
    uncovered,
    needed,
    loadNotes,
    capacityNote,
    inputNotes,
  };
}

/** Writes the model of the header comment in CPLEX LP format; `elastic` adds the slacks. */
function buildLp(prep: Prepared, elastic: boolean): string {
  const { proposals, evaluators, byProposal, byEvaluator, k, fieldRow, balanced } = prep;
  const epsilon = 0.5 / Math.max(prep.needed, 1);
  const spreadBound = Math.max(0, ...prep.maxLoads);
  const minSum = evaluators.reduce((sum, e) => sum + e.minLoad, 0);
  const fieldRows = fieldRow.filter((f) => f !== null).length;
  const wMin = spreadBound + 1;
  const wField = wMin * minSum + spreadBound + 1;
  const wCover = wField * fieldRows + wMin * minSum + spreadBound + 1;

  const objective: Term[] = [];
  const rows: string[] = [];
  const bounds = prep.candidates.filter((c) => c.fixed).map((c) => ` ${c.name} = 1`);
  const anyBalanced = balanced.some((b) => b);
  if (anyBalanced) objective.push([1, 'lmax'], [-1, 'lmin']);
  for (const c of prep.candidates) objective.push([epsilon * c.cost, c.name]);

  byProposal.forEach((list, p) => {
    if (k[p] === 0) return;
    const terms: Term[] = list.map((c) => [1, c.name]);
    if (elastic) {
      for (let j = 1; j <= k[p]; j++) {
        terms.push([1, `s_${p}_${j}`]);
        objective.push([wCover * j, `s_${p}_${j}`]);
        bounds.push(` s_${p}_${j} <= 1`);
      }
    }
    rows.push(`cover_${p}: ${expr(terms)} = ${k[p]}`);
  });
  fieldRow.forEach((holders, p) => {
    if (!holders) return;
    const terms: Term[] = holders.map((c) => [1, c.name]);
    if (elastic) {
      terms.push([1, `f_${p}`]);
      objective.push([wField, `f_${p}`]);
    }
    rows.push(`field_${p}: ${expr(terms)} >= 1`);
  });
  byEvaluator.forEach((list, e) => {
    const load: Term[] = list.map((c) => [1, c.name]);
    const { minLoad } = evaluators[e];
    const maxLoad = prep.maxLoads[e];
    if (list.length > maxLoad) rows.push(`max_${e}: ${expr(load)} <= ${maxLoad}`);
    if (minLoad > 0) {
      // A row needs a variable: without candidates only the elastic model (which has u_e) gets here.
      const terms: Term[] = elastic ? [...load, [1, `u_${e}`]] : load;
      if (elastic) objective.push([wMin, `u_${e}`]);
      if (terms.length > 0) rows.push(`min_${e}: ${expr(terms)} >= ${minLoad}`);
    }
    if (balanced[e]) {
      rows.push(`hi_${e}: ${expr([...load, [-1, 'lmax']])} <= 0`);
      rows.push(`lo_${e}: ${expr([...load, [-1, 'lmin']])} >= 0`);
    }
  });

  const header = [
    `\\ Evaluator assignment (${elastic ? 'elastic' : 'strict'} model), ${proposals.length} proposals, ${evaluators.length} evaluators.`,
    `\\ x_p_e: proposal p = ${indexLegend(proposals)}; evaluator e = ${indexLegend(evaluators)}.`,
  ];
  return [
    ...header,
    'Minimize',
    ` obj: ${expr(objective)}`,
    'Subject To',
    ...rows.map((r) => ` ${r}`),
    ...(bounds.length > 0 ? ['Bounds', ...bounds] : []),
    'Binaries',
    ...chunk(
      prep.candidates.map((c) => c.name),
      12,
    ).map((names) => ` ${names.join(' ')}`),
    'End',
    '',
  ].join('\n');
}

function finish(prep: Prepared, solution: LegacyHighsSolution | null, solverStatus: string, lp: string, notes: string[]): AssignmentResult {
  const { proposals, evaluators } = prep;
  const columns = solution?.Columns as Record<string, { Primal?: number }> | undefined;
  const hasSolution = columns !== undefined && prep.candidates.every((c) => typeof columns[c.name]?.Primal === 'number');
  const chosen = hasSolution ? prep.candidates.filter((c) => (columns[c.name].Primal ?? 0) > 0.5) : prep.candidates.filter((c) => c.fixed);
  const chosenSet = new Set(chosen);

  const counts = evaluators.map(() => 0);
  const perProposal = proposals.map(() => 0);
  for (const c of chosen) {
    counts[c.e]++;
    perProposal[c.p]++;
  }
  const balancedLoads = counts.filter((_, e) => prep.balanced[e]);

  const uncovered = [...prep.uncovered];
  const minLoadShortfalls: MinLoadShortfall[] = [];
  if (hasSolution || solution === null) {
    proposals.forEach((proposal, p) => {
      if (perProposal[p] < prep.k[p]) {
        const detail = `${perProposal[p]} of ${prep.k[p]} evaluators assigned: ${prep.capacityNote ?? 'the evaluators free of conflicts are at their maximum load'}`;
        uncovered.push({ proposalId: proposal.id, reason: 'LOAD_LIMITS', detail, available: perProposal[p], needed: prep.k[p] });
      }
      const holders = prep.fieldRow[p];
      const field = proposal.requiredField;
      if (holders && field && !holders.some((h) => chosenSet.has(h))) {
        const detail = `the evaluators holding the required field "${field}" (${holders.length} without a conflict) are at their maximum load`;
        uncovered.push({ proposalId: proposal.id, reason: 'LOAD_LIMITS', detail, available: 0, needed: 1 });
      }
    });
    evaluators.forEach((ev, e) => {
      if (counts[e] < ev.minLoad) minLoadShortfalls.push({ evaluatorId: ev.id, minLoad: ev.minLoad, load: counts[e] });
    });
  }
  if (solution !== null && solution.Status !== 'Optimal')
    notes.push(`HiGHS stopped with status "${solution.Status}"${hasSolution ? '; its best assignment is returned' : ''}.`);

  const complete = uncovered.length === 0 && minLoadShortfalls.length === 0;
  const status = solution !== null && !hasSolution ? 'INFEASIBLE' : complete && (solution === null || solution.Status === 'Optimal') ? 'OPTIMAL' : 'PARTIAL';
  return {
    status,
    pairs: chosen.map((c) => ({ proposalId: proposals[c.p].id, evaluatorId: evaluators[c.e].id })),
    loads: Object.fromEntries(evaluators.map((ev, e) => [ev.id, counts[e]])),
    maxLoad: balancedLoads.length > 0 ? Math.max(...balancedLoads) : 0,
    minLoad: balancedLoads.length > 0 ? Math.min(...balancedLoads) : 0,
    uncovered,
    minLoadShortfalls,
    notes,
    solverStatus,
    lp,
  };
}

function isInfeasible(solution: LegacyHighsSolution): boolean {
  return solution.Status === 'Infeasible' || solution.Status === 'Primal infeasible or unbounded';
}

/** On the shared HiGHS instance (withHighs: one per thread, retried once on a fresh one after a Wasm abort). */
function runHighs(lp: string, options: LegacyHighsOptions): Promise<LegacyHighsSolution> {
  return withHighs((highs) => highs.solve(lp, options));
}

type Term = [coefficient: number, variable: string];

function expr(terms: Term[]): string {
  const parts = terms.map(([coefficient, variable], i) => {
    const sign = coefficient < 0 ? '- ' : i === 0 ? '' : '+ ';
    const size = Math.abs(coefficient);
    return `${sign}${size === 1 ? '' : `${formatNumber(size)} `}${variable}`;
  });
  // Short lines keep the text readable and clear of LP readers' line-length limits.
  return chunk(parts, 10)
    .map((line) => line.join(' '))
    .join('\n   ');
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(12);
}

function indexLegend(items: Array<{ id: string }>): string {
  return items.length === 0 ? '(none)' : `0..${items.length - 1} in id order`;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function sortedUnique<T extends { id: string }>(items: T[], what: string): T[] {
  const sorted = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  sorted.forEach((item, i) => {
    if (i > 0 && sorted[i - 1].id === item.id) throw new Error(`The ${what} ${item.id} is listed twice`);
  });
  return sorted;
}

function pairKey(proposalId: string, evaluatorId: string): string {
  return `${proposalId}\u0000${evaluatorId}`;
}

/** FNV-1a with a murmur3 finaliser, mapped to [0, 1): a fixed, order-independent preference per pair. */
function hashUnit(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}
