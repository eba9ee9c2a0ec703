/**
 * How a run's large texts cross between the API's thread and the solver's worker: as UTF-8 bytes in transferred
 * buffers, not as strings. A string is copied by the structured clone on both sides (a national run's 10 MB of input and
 * 10 MB of result held the API's event loop for 50–150 ms each way, more for text with Japanese in it); a transferred
 * buffer moves without a copy, and the result's bytes go to PostgreSQL as they are (MatchingRepository takes `JsonText`).
 */
import type { PackedCallAggregation } from '@app/core/util/call-aggregation';
import type { RunComputation, RunData } from './run-computation';

type Bytes = Uint8Array;

/** RunData as posted: the aggregation's JSON texts as bytes. */
export interface WireRunData extends Omit<RunData, 'aggregation'> {
  aggregation: Omit<PackedCallAggregation, 'proposalsJson' | 'sheetsJson'> & { proposalsJson: Bytes; sheetsJson: Bytes[] };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The bytes of a text in a buffer of their own (a pooled Buffer would transfer its whole pool). */
function bytes(text: string, transfer: ArrayBuffer[]): Bytes {
  const b = encoder.encode(text);
  transfer.push(b.buffer as ArrayBuffer);
  return b;
}

export function runDataToWire(data: RunData): { data: WireRunData; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const a = data.aggregation;
  const aggregation = { ...a, proposalsJson: bytes(a.proposalsJson, transfer), sheetsJson: a.sheetsJson.map((s) => bytes(s, transfer)) };
  return { data: { ...data, aggregation }, transfer };
}

export function runDataFromWire(data: WireRunData): RunData {
  const a = data.aggregation;
  return { ...data, aggregation: { ...a, proposalsJson: decoder.decode(a.proposalsJson), sheetsJson: a.sheetsJson.map((s) => decoder.decode(s)) } };
}

/** A solved run's snapshot and matches as bytes (the rest as is). */
export function resultToWire(result: RunComputation): { result: RunComputation; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  if (result.kind !== 'SOLVED') return { result, transfer };
  const text = (t: string | Bytes) => (typeof t === 'string' ? bytes(t, transfer) : t);
  return { result: { ...result, snapshotJson: text(result.snapshotJson), matchesJson: text(result.matchesJson) }, transfer };
}

/** A JSON text as a string, whichever form it came in (tests, and readers of a result). */
export function jsonText(t: string | Bytes): string {
  return typeof t === 'string' ? t : decoder.decode(t);
}
