import { aggregateCallData, CallAggregationInput, PackedCallAggregation, unpackCallAggregation } from './call-aggregation';
import { CriterionDef, SheetInput } from './score-aggregation';

/** A deterministic call: uuid-like ids in random order, three sheets per proposal, a conflict that removes some. */
function call(seed = 7) {
  let x = seed;
  const rnd = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
  const criteria: CriterionDef[] = [25, 25, 20, 20, 10].map((weight, i) => ({ id: uuid(), weight, maxPoints: 5, minPoints: i === 0 ? 2 : null }));
  const regions = Array.from({ length: 7 }, () => uuid());
  const evaluators = Array.from({ length: 9 }, () => uuid());
  const proposals = Array.from({ length: 60 }, (_, i) => [uuid(), regions[i % 7], uuid(), String(1000000000000 + i), 1743000000000 + i * 1000, 5000000 + i]);
  const sheets: Array<[string, string, Record<string, number>]> = [];
  proposals.forEach((p, i) => {
    for (let k = 0; k < 3; k++)
      sheets.push([p[0] as string, evaluators[(3 * i + k) % 9], Object.fromEntries(criteria.map((c) => [c.id, Math.floor(rnd() * 6)]))]);
  });
  const packed: PackedCallAggregation = {
    options: { passThreshold: 55, normalise: true, applyBonus: true },
    criteria,
    proposalsJson: JSON.stringify(proposals),
    regions: regions.map((id, i) => [id, String(i + 10), i % 2 ? 5 : 0]),
    sheetsJson: [JSON.stringify(sheets.slice(0, 70).reverse()), JSON.stringify(sheets.slice(70))],
    conflicts: [{ evaluatorId: evaluators[2], corporateNumber: proposals[0][3] as string, prefectureCode: null }],
  };
  return { packed, criteria, proposals, sheets };
}

/** The same call as rows, ordered as ScoringService.aggregateCall reads them. */
function asRows(c: ReturnType<typeof call>): CallAggregationInput {
  const unpacked = unpackCallAggregation(c.packed);
  const rows: SheetInput[] = c.sheets
    .map(([proposalId, evaluatorId, points]) => ({ proposalId, evaluatorId, points }))
    .sort((a, b) => (a.evaluatorId < b.evaluatorId ? -1 : a.evaluatorId > b.evaluatorId ? 1 : a.proposalId < b.proposalId ? -1 : 1));
  return { ...unpacked, sheets: rows };
}

describe('a call aggregated from its packed text (the matching worker) and from rows (ScoringService)', () => {
  it('gives the same results to the last bit, with a conflict and normalisation', () => {
    const c = call();
    const fromText = aggregateCallData(unpackCallAggregation(c.packed));
    const fromRows = aggregateCallData(asRows(c));
    expect(JSON.stringify(fromText)).toBe(JSON.stringify(fromRows));
    expect(fromText.reduce((n, r) => n + r.sheetCount, 0)).toBe(179); // the conflicted evaluator's one sheet left out
    expect(fromText.filter((r) => r.rank === 1)).toHaveLength(7);
  });

  it('rejects points for a criterion outside the rubric, out of range or missing, but only on a sheet that counts', () => {
    const c = call();
    const [sheet] = JSON.parse(c.packed.sheetsJson[1]) as Array<[string, string, Record<string, number>]>;
    // Points by the criterion's position from 1 (any other key as it is).
    const withSheet = (byPosition: Record<string, number>, proposalId = sheet[0]) => {
      const points = Object.fromEntries(Object.entries(byPosition).map(([k, v]) => [c.criteria[Number(k) - 1]?.id ?? k, v]));
      return { ...c.packed, sheetsJson: [...c.packed.sheetsJson, JSON.stringify([[proposalId, 'ffffffff-0000-0000-0000-000000000000', points]])] };
    };
    expect(() => aggregateCallData(unpackCallAggregation(withSheet({ 1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 'aaaa-bbbb': 3 })))).toThrow(/unknown criteria: aaaa-bbbb/);
    expect(() => aggregateCallData(unpackCallAggregation(withSheet({ 1: 1, 2: 1, 3: 6, 4: 1, 5: 1 })))).toThrow(RangeError);
    expect(() => aggregateCallData(unpackCallAggregation(withSheet({ 1: 1, 2: 1, 3: 1, 4: 1 })))).toThrow(
      new RegExp(`No points for criterion ${c.criteria[4].id}`),
    );
    // A sheet of a proposal that is not the call's is ignored, whatever it holds.
    const ignored = aggregateCallData(unpackCallAggregation(withSheet({ 1: 9 }, '00000000-0000-0000-0000-000000000000')));
    expect(JSON.stringify(ignored)).toBe(JSON.stringify(aggregateCallData(unpackCallAggregation(c.packed))));
    expect(() => aggregateCallData(unpackCallAggregation(withSheet({ 1: 1, 2: 1, 3: 1, 4: 1, 5: 1 }, sheet[0])))).not.toThrow();
  });

  it('rejects a second sheet of one evaluator for one proposal', () => {
    const c = call();
    const twice = { ...c.packed, sheetsJson: [...c.packed.sheetsJson, c.packed.sheetsJson[1]] };
    expect(() => aggregateCallData(unpackCallAggregation(twice))).toThrow(/has two sheets for proposal/);
  });
});
