import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The row trigger of 1764920000000, with the INSERT record's patch built by a statement of the function itself
 * (`patchOfInsert`): as an argument of the INSERT, `audit_add_patch` (a SQL function) was planned again for every row,
 * most of the trigger's time when a statement inserts many rows (a national run's 1,740 matches).
 */
function auditRow(path: string, patchOfInsert: 'statement' | 'function'): string {
  const insert =
    patchOfInsert === 'statement'
      ? `SELECT coalesce(jsonb_agg(jsonb_build_object('op', 'add', 'path', '/' || key, 'value', audit_mask_value(key, value, masked)) ORDER BY key), '[]'::jsonb)
            INTO patch FROM jsonb_each(n);
          INSERT INTO audit_pending (actor, operation, entity, entity_id, patch) VALUES (actor, 'INSERT', TG_TABLE_NAME, nk, patch);`
      : `INSERT INTO audit_pending (actor, operation, entity, entity_id, patch) VALUES (actor, 'INSERT', TG_TABLE_NAME, nk, audit_add_patch(n, masked));`;
  return `CREATE OR REPLACE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
         SET "TimeZone" = 'UTC' SET extra_float_digits = 1 ${path} AS $$
      DECLARE
        pk text := TG_ARGV[0];
        masked text[] := coalesce(TG_ARGV[1:TG_NARGS - 1], '{}');
        actor text := coalesce(nullif(current_setting('rdx.actor', true), ''), 'system');
        o jsonb; n jsonb; patch jsonb; ok text; nk text;
      BEGIN
        IF TG_TABLE_SCHEMA <> current_schema() THEN
          RAISE EXCEPTION 'audit_row: % is not a table of the audited schema', TG_RELID::regclass USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF TG_OP <> 'INSERT' THEN o := to_jsonb(OLD); ok := audit_key(o, pk); END IF;
        IF TG_OP <> 'DELETE' THEN n := to_jsonb(NEW); nk := audit_key(n, pk); END IF;
        IF TG_OP = 'UPDATE' AND ok = nk THEN
          SELECT coalesce(jsonb_agg(jsonb_build_object('op', 'replace', 'path', '/' || key, 'value', audit_mask_value(key, value, masked)) ORDER BY key), '[]'::jsonb)
            INTO patch FROM jsonb_each(n) WHERE value IS DISTINCT FROM o -> key;
          IF patch <> '[]'::jsonb THEN
            INSERT INTO audit_pending (actor, operation, entity, entity_id, patch) VALUES (actor, 'UPDATE', TG_TABLE_NAME, nk, patch);
          END IF;
          RETURN NULL;
        END IF;
        IF o IS NOT NULL THEN
          SELECT jsonb_agg(jsonb_build_object('op', 'remove', 'path', '/' || key) ORDER BY key) INTO patch FROM jsonb_each(o);
          INSERT INTO audit_pending (actor, operation, entity, entity_id, patch) VALUES (actor, 'DELETE', TG_TABLE_NAME, ok, patch);
        END IF;
        IF n IS NOT NULL THEN
          ${insert}
        END IF;
        RETURN NULL;
      END $$`;
}

/**
 * The audit trail records a matching run's input snapshot (5.6 MB at national scale) and each match's explanation
 * (4.3 MB per run together) by their SHA-256 rather than copying them (issue 17): a column listed as `digest:<column>`
 * among a table's masked columns enters the trail as `{"sha256": <hex of the value's jsonb text>}`. The values stay
 * where they are (matching_runs.input_snapshot, matches.explanation), and the trail still proves them: verification
 * (`audit_live_rows`) digests the live value the same way, so an altered snapshot or explanation no longer matches its
 * history. The run's own `input_digest` (the model's canonical digest) is recorded in full as before. The row trigger
 * also builds an INSERT's patch faster (see auditRow).
 *
 * Why not a separate, unaudited table for the snapshot: the run row, its digest and the snapshot would then be
 * written and proven apart, and every reader of the snapshot (override, approval, notices, exports) would need a second
 * read; a digest keeps one row, one write, and the same proof at 64 bytes.
 */
export class AuditDigestedColumns1765100000000 implements MigrationInterface {
  name = 'AuditDigestedColumns1765100000000';

  public async up(q: QueryRunner): Promise<void> {
    const [{ schema }] = await q.query('SELECT quote_ident(current_schema()) AS schema');
    for (const sql of [
      auditRow(`SET search_path = ${schema}, pg_temp`, 'statement'),
      // A personal value becomes "[masked]" (null and erased values are kept); a digested one its SHA-256.
      `CREATE OR REPLACE FUNCTION audit_mask_value(col text, v jsonb, masked text[]) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE
          WHEN v IS NULL OR v = 'null'::jsonb THEN v
          WHEN ('digest:' || col) = ANY(masked) THEN jsonb_build_object('sha256', encode(sha256(convert_to(v::text, 'UTF8')), 'hex'))
          WHEN col = ANY(masked) AND NOT (jsonb_typeof(v) = 'string' AND left(v #>> '{}', 8) = '[erased]') THEN '"[masked]"'::jsonb
          ELSE v END $$`,
      // Re-attached: the trigger's new arguments, and a SNAPSHOT of every row as the trail now sees it.
      "SELECT audit_attach('matching_runs', '{digest:input_snapshot}')",
      "SELECT audit_attach('matches', '{digest:explanation}')",
    ])
      await q.query(sql);
  }

  public async down(q: QueryRunner): Promise<void> {
    const [{ schema }] = await q.query('SELECT quote_ident(current_schema()) AS schema');
    for (const sql of [
      auditRow(`SET search_path = ${schema}, pg_temp`, 'function'),
      `CREATE OR REPLACE FUNCTION audit_mask_value(col text, v jsonb, masked text[]) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN col = ANY(masked) AND v IS NOT NULL AND v <> 'null'::jsonb
                     AND NOT (jsonb_typeof(v) = 'string' AND left(v #>> '{}', 8) = '[erased]')
                    THEN '"[masked]"'::jsonb ELSE v END $$`,
      "SELECT audit_attach('matching_runs')",
      "SELECT audit_attach('matches')",
    ])
      await q.query(sql);
  }
}
