/**
 * How a run's large texts cross between the API's thread and the solver's worker: as UTF-8 bytes in transferred
 * buffers, not as strings, or not at all. A string is copied by the structured clone on both sides (a national run's
 * 10 MB of input and 10 MB of result held the API's event loop for 50–150 ms each way, more for text with Japanese in
 * it); a transferred buffer moves without a copy, and the result's bytes go to PostgreSQL as they are
 * (MatchingRepository takes `JsonText`). On PostgreSQL the input's texts do not pass through the API's thread at all:
 * it hands over the reads that give them (DeferredRead), which the worker runs on connections of its own
 * (worker-reads.ts).
 */
import type { DeferredRead } from '@app/core/database/deferred-read';
import type { PackedCallAggregation } from '@app/core/util/call-aggregation';
import type { RunComputation, RunData } from './run-computation';

type Bytes = Uint8Array;

/** The name a failed read's error carries back from the worker (worker-reads.ts; solver-thread.ts makes it a typed SOLVER_FAILED). */
export const READ_FAILED = 'SolverReadFailed';

/** RunData as the API hands it to the solver thread: the aggregation's large texts, or the reads that give them. */
export interface RunRequest extends Omit<RunData, 'aggregation'> {
  aggregation: PackedCallAggregation<string | DeferredRead>;
}

/** RunRequest as posted: texts as bytes, reads as they are. */
export interface WireRunData extends Omit<RunData, 'aggregation'> {
  aggregation: PackedCallAggregation<Bytes | DeferredRead>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The bytes of a text in a buffer of their own (a pooled Buffer would transfer its whole pool). */
function bytes(text: string, transfer: ArrayBuffer[]): Bytes {
  const b = encoder.encode(text);
  transfer.push(b.buffer as ArrayBuffer);
  return b;
}

export function runDataToWire(data: RunRequest): { data: WireRunData; transfer: ArrayBuffer[]; reads: number } {
  const transfer: ArrayBuffer[] = [];
  let reads = 0;
  const wire = (t: string | DeferredRead) => (typeof t === 'string' ? bytes(t, transfer) : (reads++, t));
  const a = data.aggregation;
  const aggregation = { ...a, proposalsJson: wire(a.proposalsJson), sheetsJson: a.sheetsJson.map(wire) };
  return { data: { ...data, aggregation }, transfer, reads };
}

/** The run's data with every text in hand: bytes decoded, reads run (by `read`, all at once). */
export async function runDataFromWire(data: WireRunData, read: (r: DeferredRead) => Promise<string>): Promise<RunData> {
  const a = data.aggregation;
  const text = (t: Bytes | DeferredRead) => (t instanceof Uint8Array ? decoder.decode(t) : read(t));
  const [proposalsJson, ...sheetsJson] = await Promise.all([text(a.proposalsJson), ...a.sheetsJson.map(text)]);
  return { ...data, aggregation: { ...a, proposalsJson, sheetsJson } };
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
