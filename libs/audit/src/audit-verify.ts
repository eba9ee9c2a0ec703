import { applyPatch, Operation } from 'fast-json-patch';
import { DataSource, QueryRunner } from 'typeorm';
import { canonicalJson, sha256Hex } from '@app/core';
import { checkSignedHeads, DATABASE_IDENTITY_SQL, SignedHeadSource } from './audit-heads';

/** Tables that are not audited (TypeORM's bookkeeping and the trail itself). Kept equal to the migration's list. */
export const UNAUDITED_TABLES = ['migrations', 'audit_pending', 'audit_log'];

const GENESIS = '0'.repeat(64);
const PAGE = 5000;
const AT_TEXT = `to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export interface AuditRecordText {
  id: string;
  change_id: string;
  at: string;
  actor: string;
  operation: string;
  entity: string;
  entity_id: string | null;
  patch: string;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditVerification {
  ok: boolean;
  /** Records in the chain, and records written but not sealed yet (rebuilt all the same). */
  records: number;
  pending: number;
  reads: number;
  tables: number;
  rows: number;
  /** The first problems found (at most 50), and how many there were. */
  problems: string[];
  problemCount: number;
  headHash: string;
  /** Signed heads of this database checked against the chain (0 when no heads were given), and the newest one's record. */
  signedHeads: number;
  newestSignedHead: number;
  /** Remarks that are not proof of tampering (no signed head for this database yet). */
  warnings: string[];
}

/** The canonical text a record's hash covers: each field length-prefixed in UTF-8 octets, "~" for null (as audit_canonical() in SQL). */
export function canonicalRecord(prevHash: string, r: Omit<AuditRecordText, 'prev_hash' | 'hash'>): string {
  return [prevHash, r.id, r.change_id, r.at, r.actor, r.operation, r.entity, r.entity_id, r.patch, r.detail]
    .map((f) => (f === null || f === undefined ? '~' : `${Buffer.byteLength(f, 'utf8')}:${f}`))
    .join('|');
}

/** Seals whatever is pending (waiting for the chain lock); returns how many records were sealed. */
export async function sealAuditTrail(db: DataSource): Promise<number> {
  let total = 0;
  for (;;) {
    const [{ n }] = await db.query('SELECT audit_seal(true, $1) AS n', [PAGE]);
    total += n;
    if (n < PAGE) return total;
  }
}

type Image = Record<string, unknown>;

/** Applies one record to an entity's rebuilt image; returns the new image (undefined: deleted) or a problem. */
function apply(image: Image | undefined, operation: string, patch: Operation[]): { image?: Image; problem?: string } {
  switch (operation) {
    case 'SNAPSHOT':
      return { image: applyPatch({}, patch, true, true).newDocument as Image };
    case 'INSERT':
      if (image) return { problem: 'inserted twice' };
      return { image: applyPatch({}, patch, true, true).newDocument as Image };
    case 'UPDATE':
      if (!image) return { problem: 'updated before it was inserted' };
      return { image: applyPatch(image, patch, true, true).newDocument as Image };
    case 'DELETE': {
      if (!image) return { problem: 'deleted before it was inserted' };
      const left = applyPatch(image, patch, true, true).newDocument as Image;
      if (Object.keys(left).length) return { problem: 'delete left columns behind' };
      return { image: undefined };
    }
    default:
      return { problem: `unknown operation ${operation}` };
  }
}

/**
 * `npm run audit:verify` and the tests: seals pending records, then in one REPEATABLE READ snapshot
 * (so a running API cannot make the live rows and the log disagree) checks the hash chain record by
 * record, rebuilds every audited row from its patches with fast-json-patch and compares it with
 * the live row (personal columns as masked), and checks that every table is audited. With `heads`,
 * also checks the chain against the signed heads kept outside the database (truncation, re-hashing).
 */
export async function verifyAuditTrail(db: DataSource, options: { seal?: boolean; heads?: SignedHeadSource } = {}): Promise<AuditVerification> {
  if (options.seal !== false) await sealAuditTrail(db);
  // Read before the snapshot: every head in the file was committed before it was written, so the snapshot sees its record.
  const signed = options.heads ? { ...(await options.heads.read()), publicKeyPem: options.heads.publicKeyPem, location: options.heads.location } : null;
  const qr = db.createQueryRunner();
  const problems: string[] = [];
  let problemCount = 0;
  const problem = (p: string) => {
    problemCount++;
    if (problems.length < 50) problems.push(p);
  };
  try {
    await qr.startTransaction('REPEATABLE READ');
    const result = await verifyIn(qr, problem, signed);
    await qr.commitTransaction();
    return { ok: problemCount === 0, ...result, problems, problemCount };
  } catch (e) {
    if (qr.isTransactionActive) await qr.rollbackTransaction();
    throw e;
  } finally {
    await qr.release();
  }
}

type SignedHeads = Parameters<typeof checkSignedHeads>[0];

async function verifyIn(qr: QueryRunner, problem: (p: string) => void, signed: SignedHeads | null) {
  const warnings: string[] = [];
  const [{ id: database }] = await qr.query(DATABASE_IDENTITY_SQL);
  // The records the signed heads name, collected while the chain is walked.
  const signedSeqs = new Set((signed?.heads ?? []).filter((h) => (h as { db?: unknown }).db === database).map((h) => (h as { seq?: unknown }).seq));
  const hashAt = new Map<number, string>();

  const images = new Map<string, Map<string, Image>>();
  const rebuild = (r: Pick<AuditRecordText, 'operation' | 'entity' | 'entity_id' | 'patch'>, where: string) => {
    if (r.operation === 'READ') return;
    const rows = images.get(r.entity) ?? new Map<string, Image>();
    images.set(r.entity, rows);
    const key = r.entity_id ?? '';
    try {
      const out = apply(rows.get(key), r.operation, JSON.parse(r.patch) as Operation[]);
      if (out.problem) problem(`${where}: ${r.entity} ${key} ${out.problem}`);
      else if (out.image) rows.set(key, out.image);
      else rows.delete(key);
    } catch (e) {
      problem(`${where}: ${r.entity} ${key}: the patch does not apply (${(e as Error).message.split('\n')[0]})`);
    }
  };

  // 1. The chain, in order: ids without gaps, each record's prev_hash is the previous hash, each hash recomputes.
  let prev = GENESIS;
  let lastId = 0n;
  let records = 0;
  let reads = 0;
  for (;;) {
    const page: AuditRecordText[] = await qr.query(
      `SELECT id::text, change_id::text, ${AT_TEXT} AS at, actor, operation, entity, entity_id, patch::text AS patch, detail::text AS detail, prev_hash, hash
       FROM audit_log WHERE audit_log.id > $1 ORDER BY audit_log.id LIMIT ${PAGE}`,
      [lastId.toString()],
    );
    for (const r of page) {
      const id = BigInt(r.id);
      if (id !== lastId + 1n) problem(`record ${r.id}: expected record ${lastId + 1n} (records missing or reordered)`);
      if (r.prev_hash !== prev) problem(`record ${r.id}: prev_hash does not match the hash of record ${lastId}`);
      const hash = sha256Hex(canonicalRecord(r.prev_hash, r));
      if (hash !== r.hash) problem(`record ${r.id}: hash does not match its content (altered record)`);
      if (signedSeqs.has(Number(id))) hashAt.set(Number(id), r.hash);
      prev = r.hash;
      lastId = id;
      records++;
      if (r.operation === 'READ') reads++;
    }
    if (page.length < PAGE) break;
  }

  // 2. Rebuild every row from all records (sealed and pending), each row's changes in the order they happened.
  const all = await qr.query(
    `SELECT change_id::text AS id, operation, entity, entity_id, patch::text AS patch FROM audit_log WHERE operation <> 'READ'
     UNION ALL SELECT id::text, operation, entity, entity_id, patch::text FROM audit_pending WHERE operation <> 'READ'`,
  );
  all.sort((a: { id: string }, b: { id: string }) => (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0));
  for (const r of all) rebuild(r, `change ${r.id}`);
  const [{ pending }] = await qr.query('SELECT count(*)::int AS pending FROM audit_pending');

  // 3. Compare with the live rows.
  const tables: Array<{ entity: string }> = await qr.query('SELECT entity FROM audit_tables ORDER BY entity');
  let rows = 0;
  for (const { entity } of tables) {
    const rebuilt = images.get(entity) ?? new Map<string, Image>();
    const live: Array<{ entity_id: string; image: Image }> = await qr.query('SELECT entity_id, image FROM audit_live_rows($1)', [entity]);
    for (const row of live) {
      rows++;
      const expected = rebuilt.get(row.entity_id);
      if (!expected) problem(`${entity} ${row.entity_id}: live row has no history in the audit trail`);
      else if (canonicalJson(expected) !== canonicalJson(row.image)) {
        const cols = Object.keys({ ...expected, ...row.image }).filter((c) => canonicalJson(expected[c]) !== canonicalJson(row.image[c]));
        problem(`${entity} ${row.entity_id}: live row differs from its rebuilt state in ${cols.join(', ')}`);
      }
      rebuilt.delete(row.entity_id);
    }
    for (const id of rebuilt.keys()) problem(`${entity} ${id}: the audit trail holds a row that is missing from the table (deleted without a record)`);
  }

  // 4. Every table of the schema is audited.
  const unaudited: Array<{ table_name: string }> = await qr.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
     AND table_name <> ALL($1) AND table_name NOT IN (SELECT entity FROM audit_tables) ORDER BY 1`,
    [UNAUDITED_TABLES],
  );
  for (const t of unaudited) problem(`table ${t.table_name} has no audit trigger`);
  // INSERTs are recorded by a statement trigger of their own (migration 1765140000000): after INSERT, per statement
  // (tgtype 4), enabled in normal sessions, on audit_insert() with the arguments of the table's audit_row.
  const noInsertTrigger: Array<{ entity: string }> = await qr.query(
    `SELECT a.entity FROM audit_tables a
      WHERE NOT EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_trigger r ON r.tgrelid = t.tgrelid AND r.tgname = 'audit_row'
                         WHERE t.tgrelid = to_regclass(quote_ident(current_schema()) || '.' || quote_ident(a.entity))
                           AND t.tgname = 'audit_insert' AND t.tgenabled IN ('O', 'A') AND t.tgtype = 4
                           AND t.tgfoid = to_regproc(quote_ident(current_schema()) || '.audit_insert') AND t.tgargs = r.tgargs)
      ORDER BY 1`,
  );
  for (const t of noInsertTrigger) problem(`table ${t.entity} has no audit trigger for inserts`);

  // 5. The signed heads: no signed record missing (truncation), none with another hash (re-hashing), no forged head.
  let signedHeads = 0;
  let newestSignedHead = 0;
  if (signed) {
    const r = checkSignedHeads(signed, database, Number(lastId), (seq) => hashAt.get(seq), problem);
    signedHeads = r.checked;
    newestSignedHead = r.newest;
    if (!r.checked && records)
      warnings.push(
        `no signed head for this database in ${signed.location} (heads kept elsewhere, none sealed by the application yet, or the database was replaced)`,
      );
  }

  return { records, pending, reads, tables: tables.length, rows, headHash: prev, signedHeads, newestSignedHead, warnings };
}

export interface AuditVersion {
  changeId: string;
  at: string;
  actor: string;
  operation: string;
  /** The row as it was after this change (personal columns masked); null once deleted. */
  image: Image | null;
}

/** Every version of one row, rebuilt from its patches: the row "as it was" at any point in the trail. */
export async function rowHistory(db: DataSource, entity: string, entityId: string): Promise<AuditVersion[]> {
  const records: AuditRecordText[] = await db.query(
    `SELECT change_id::text, ${AT_TEXT} AS at, actor, operation, patch::text AS patch FROM audit_log WHERE entity = $1 AND entity_id = $2
     UNION ALL SELECT id::text, ${AT_TEXT}, actor, operation, patch::text FROM audit_pending WHERE entity = $1 AND entity_id = $2`,
    [entity, entityId],
  );
  records.sort((a, b) => (BigInt(a.change_id) < BigInt(b.change_id) ? -1 : 1));
  const versions: AuditVersion[] = [];
  let image: Image | undefined;
  for (const r of records) {
    const out = apply(image, r.operation, JSON.parse(r.patch) as Operation[]);
    if (out.problem) throw new Error(`${entity} ${entityId} change ${r.change_id}: ${out.problem}`);
    image = out.image;
    versions.push({ changeId: r.change_id, at: r.at, actor: r.actor, operation: r.operation, image: image ? structuredClone(image) : null });
  }
  return versions;
}
