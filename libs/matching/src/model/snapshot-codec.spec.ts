import { compressedSnapshotJson, snapshotValue } from './snapshot-codec';
import { generateNationalInstance } from './national-scale';
import { inputDigest } from './matching-model';
import { snapshotInput } from './snapshot';
import type { MatchingRun } from '../entities/matching.entities';

describe('the stored form of a run input (matching_runs.input_snapshot)', () => {
  const input = generateNationalInstance(3, { regions: 120, vendors: 40, proposals: 700 });
  const text = JSON.stringify(input);

  it('is one compressed string that reads back as the same input, with the same digest', () => {
    const stored = JSON.parse(compressedSnapshotJson(text));
    expect(Object.keys(stored)).toEqual(['brotli']);
    expect(stored.brotli.length).toBeLessThan(text.length / 2);
    expect(snapshotValue(stored)).toEqual(JSON.parse(text));
    expect(compressedSnapshotJson(new TextEncoder().encode(text))).toBe(compressedSnapshotJson(text));
    const read = snapshotInput({ inputSnapshot: stored } as unknown as MatchingRun);
    expect(inputDigest(read)).toBe(inputDigest(input));
  });

  it('reads a snapshot stored before as the input itself', () => {
    const legacy = JSON.parse(text);
    expect(snapshotValue(legacy)).toBe(legacy);
    expect(inputDigest(snapshotInput({ inputSnapshot: legacy } as unknown as MatchingRun))).toBe(inputDigest(input));
    // Only an object with the one key is a compressed form.
    const other = { brotli: 'x', budgetYen: 1 };
    expect(snapshotValue(other)).toBe(other);
  });
});
