/**
 * How a run keeps its input in matching_runs.input_snapshot: `{"brotli": "<base64>"}`, the model's input as JSON text,
 * Brotli-compressed in the solver's worker thread. At national scale the input is 5.3 MB of JSON, mostly uuids: stored
 * as jsonb, PostgreSQL parsed it, compressed it and the audit trigger digested it, 0.4–0.6 s of a 3 s run on the API's
 * transaction; compressed (quality 1: 20 ms, 1.3 MB) it is one jsonb string, written in a quarter of the time. Nobody
 * queries into the snapshot in SQL; the audit trail records its digest as before (`digest:input_snapshot`) and
 * verification proves it the same way. Runs stored before hold the input itself: `snapshotValue` reads both.
 * No Nest, no TypeORM: the worker loads this file.
 */
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';

/** The JSON text of the stored form of an input given as JSON text (or its UTF-8 bytes). */
export function compressedSnapshotJson(json: string | Uint8Array): string {
  const bytes = typeof json === 'string' ? Buffer.from(json) : json;
  const packed = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 1,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
    },
  });
  // Base64 has no character JSON escapes.
  return `{"brotli":"${packed.toString('base64')}"}`;
}

/** The input's JSON value from what input_snapshot holds (compressed, or the input itself in runs stored before). */
export function snapshotValue(stored: unknown): unknown {
  if (stored && typeof stored === 'object' && !Array.isArray(stored)) {
    const packed = (stored as { brotli?: unknown }).brotli;
    if (typeof packed === 'string' && Object.keys(stored).length === 1) return JSON.parse(brotliDecompressSync(Buffer.from(packed, 'base64')).toString('utf8'));
  }
  return stored;
}
