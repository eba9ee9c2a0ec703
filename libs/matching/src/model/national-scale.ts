/**
 * A synthetic national-scale matching instance for benchmarks: by default 1,741 regions (the municipalities of
 * Japan), 2,000 vendors and 20,000 proposals. Deterministic from the seed (mulberry32), so runs are comparable.
 *
 * Vendors work near home: each has a home region and proposes to regions within a window around it (regions are
 * numbered as if listed by prefecture), so capacity competition is local as it is in the programme, rather than
 * the uniform random graph that any matching covers easily.
 */
import { mulberry32 } from '@app/core/util/seeded-random';
import type { MatchingInput, MatchingProposal } from './matching-model';
import type { RunData } from './run-computation';

export interface NationalInstanceOptions {
  regions?: number;
  vendors?: number;
  proposals?: number;
  budgetYen?: number | null;
  /** Integer scores in a narrow band (many ties) instead of scores with two decimals. */
  integerScores?: boolean;
}

/** Half-width of the neighbourhood a vendor proposes in, in regions. */
const REACH = 40;
const START = Date.UTC(2025, 3, 1, 0, 0, 0);
const MINUTES_IN_WINDOW = 14 * 24 * 60;

export function generateNationalInstance(seed: number, opts: NationalInstanceOptions = {}): MatchingInput {
  const regionCount = opts.regions ?? 1741;
  const vendorCount = opts.vendors ?? 2000;
  const proposalCount = opts.proposals ?? 20000;
  if (regionCount < 1 || vendorCount < 1) throw new RangeError('Need at least one region and one vendor');
  if (proposalCount > regionCount * vendorCount) throw new RangeError(`${proposalCount} proposals exceed the ${regionCount * vendorCount} vendor–region pairs`);
  const random = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

  const regionIds = Array.from({ length: regionCount }, (_, i) => `R${pad(i + 1, regionCount)}`);
  // Skewed appeal: cities draw many proposals, remote regions few or none (accepted with this probability).
  const appeal = regionIds.map(() => 0.02 + 0.98 * random() ** 2);
  // Repeat regions (the programme ran there before) get the bonus on every proposal.
  const bonus = regionIds.map(() => (random() < 0.1 ? 5 : 0));
  const vendors = Array.from({ length: vendorCount }, (_, i) => ({ id: `V${pad(i + 1, vendorCount)}`, capacity: int(1, 5) }));
  const home = vendors.map(() => int(0, regionCount - 1));
  // About 2 % of vendors withdrew or are conflicted: all their proposals are excluded.
  const vendorExcluded = vendors.map(() => random() < 0.02);

  const proposals: MatchingProposal[] = [];
  const seen = new Set<number>();
  const reach = Math.min(REACH, regionCount);
  while (proposals.length < proposalCount) {
    const v = int(0, vendorCount - 1);
    // Near home while the window has room; anywhere otherwise, so that any feasible count terminates.
    const nearby = seen.size < vendorCount * reach * 0.5;
    const r = nearby ? (((home[v] + int(-reach, reach)) % regionCount) + regionCount) % regionCount : int(0, regionCount - 1);
    const key = v * regionCount + r;
    if (seen.has(key) || (nearby && random() >= appeal[r])) continue;
    seen.add(key);
    const base = opts.integerScores ? int(60, 80) : Math.round((40 + 60 * random()) * 100) / 100;
    proposals.push({
      id: `P${pad(proposals.length + 1, proposalCount)}`,
      regionId: regionIds[r],
      vendorId: vendors[v].id,
      score: base + bonus[r],
      passed: random() < 0.9,
      excluded: vendorExcluded[v] || random() < 0.01,
      budgetYen: int(1000, 10000) * 1000,
      submittedAt: new Date(START + int(0, MINUTES_IN_WINDOW) * 60_000),
    });
  }
  return { regionIds, vendors, proposals, budgetYen: opts.budgetYen ?? null };
}

function pad(n: number, max: number): string {
  return String(n).padStart(String(max).length, '0');
}

/**
 * A call's data as the API reads it for a run (RunData), made from a model instance: one criterion scored out of
 * 20,000 and one sheet per proposal, so that each proposal's aggregated score is half its score in the instance (the
 * same order; finalScore = points / 200), every proposal passing. The solver thread warms up on it; tests run it.
 */
export function runDataOf(instance: MatchingInput, extra: Partial<RunData> = {}): RunData {
  const criterion = 'c0000000-0000-4000-8000-000000000001';
  return {
    policy: 'OPTIMAL',
    budgetYen: instance.budgetYen ?? null,
    acknowledgeNotEvaluated: false,
    regionIds: instance.regionIds,
    aggregation: {
      options: { passThreshold: 0, normalise: false, applyBonus: false },
      criteria: [{ id: criterion, weight: 1, maxPoints: 20_000, minPoints: null }],
      proposalsJson: JSON.stringify(instance.proposals.map((p) => [p.id, p.regionId, p.vendorId, '1234567890123', p.submittedAt.getTime(), p.budgetYen])),
      regions: instance.regionIds.map((id): [string, string, number] => [id, '13', 0]),
      sheetsJson: [JSON.stringify(instance.proposals.map((p) => [p.id, 'E1', { [criterion]: Math.round(p.score * 100) }]))],
      conflicts: [],
    },
    applications: instance.vendors.map((v) => ({ vendorId: v.id, capacity: v.capacity, approved: true })),
    committed: [],
    ...extra,
  };
}
