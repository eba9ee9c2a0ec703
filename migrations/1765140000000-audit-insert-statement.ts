import { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_ROLE } from './1764920000000-audit-sealer-role';

/** audit_attach: the table's key, then `triggers` (with `tbl`, `pk` and `masked` in scope), then its SNAPSHOT. */
function attach(triggers: string): string {
  return `CREATE OR REPLACE FUNCTION audit_attach(tbl text, masked text[] DEFAULT '{}') RETURNS void LANGUAGE plpgsql AS $$
      DECLARE pk text;
      BEGIN
        SELECT string_agg(a.attname, ',' ORDER BY k.o) INTO pk
          FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, o)
          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
          WHERE i.indrelid = tbl::regclass AND i.indisprimary;
        IF pk IS NULL THEN RAISE EXCEPTION 'audit_attach: % has no primary key', tbl; END IF;
        ${triggers}
        EXECUTE format('GRANT SELECT ON %I TO ${AUDIT_ROLE}', tbl);
        PERFORM audit_snapshot(tbl);
      END $$`;
}

const ATTACH_BOTH = attach('PERFORM audit_triggers(tbl, ARRAY[pk] || masked);');

/** (Re)creates a table's two audit triggers with the given arguments (key columns, then masked and digested columns). */
const TRIGGERS = `CREATE OR REPLACE FUNCTION audit_triggers(tbl text, args text[]) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE list text := (SELECT string_agg(quote_literal(x), ', ') FROM unnest(args) AS x);
      BEGIN
        EXECUTE format('DROP TRIGGER IF EXISTS audit_row ON %I', tbl);
        EXECUTE format('DROP TRIGGER IF EXISTS audit_insert ON %I', tbl);
        EXECUTE format('CREATE TRIGGER audit_row AFTER UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION audit_row(%s)', tbl, list);
        EXECUTE format('CREATE TRIGGER audit_insert AFTER INSERT ON %I REFERENCING NEW TABLE AS audit_new FOR EACH STATEMENT EXECUTE FUNCTION audit_insert(%s)',
                       tbl, list);
      END $$`;

/** audit_attach as 1764920000000 left it (one row trigger for the three operations). */
const ATTACH_ROW = attach(`EXECUTE format('DROP TRIGGER IF EXISTS audit_row ON %I', tbl);
        EXECUTE format('CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION audit_row(%s)',
                       tbl, (SELECT string_agg(quote_literal(x), ', ') FROM unnest(ARRAY[pk] || masked) AS x));`);

/** Every audited table with its trigger's arguments (tgargs ends with a NUL: the split's last element is empty). */
const AUDITED = `SELECT c.relname::text AS tbl, a.args[1:array_length(a.args, 1) - 1] AS args
                   FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace ns ON ns.oid = c.relnamespace
                   CROSS JOIN LATERAL (SELECT string_to_array(encode(t.tgargs, 'escape'), '\\000') AS args) a
                  WHERE t.tgname = 'audit_row' AND ns.nspname = current_schema()`;

/** audit_insert as this migration installs it (1765150000000 replaces its body, and restores this one on the way down). */
export function auditInsertFunction(schema: string): string {
  return `CREATE OR REPLACE FUNCTION audit_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
         SET "TimeZone" = 'UTC' SET extra_float_digits = 1 SET search_path = ${schema}, pg_temp AS $$
      DECLARE
        pk text := TG_ARGV[0];
        masked text[] := coalesce(TG_ARGV[1:TG_NARGS - 1], '{}');
        actor text := coalesce(nullif(current_setting('rdx.actor', true), ''), 'system');
        fields text;
      BEGIN
        IF TG_TABLE_SCHEMA <> current_schema() THEN
          RAISE EXCEPTION 'audit_insert: % is not a table of the audited schema', TG_RELID::regclass USING ERRCODE = 'insufficient_privilege';
        END IF;
        -- An INSERT that inserted nothing (ON CONFLICT DO NOTHING on a conflict) records nothing, without building a query.
        IF NOT EXISTS (SELECT 1 FROM audit_new) THEN
          RETURN NULL;
        END IF;
        -- The row as to_jsonb(NEW) reads it, built from its columns (at most 50 arguments per jsonb_build_object), a
        -- digested column already as its digest (audit_mask_value), so that the patch below masks the others only.
        SELECT string_agg(format('jsonb_build_object(%s)', pairs), ' || ' ORDER BY chunk) INTO fields FROM (
          SELECT chunk, string_agg(format('%L, %s', attname,
                   CASE WHEN ('digest:' || attname) = ANY(masked)
                        THEN format('audit_mask_value(%L, %s, %L::text[])', attname,
                                    CASE WHEN atttypid = 'jsonb'::regtype THEN format('r.%I', attname) ELSE format('to_jsonb(r.%I)', attname) END, masked)
                        ELSE format('r.%I', attname) END), ', ' ORDER BY attnum) AS pairs
            FROM (SELECT a.attname::text AS attname, a.atttypid, a.attnum, (row_number() OVER (ORDER BY a.attnum) - 1) / 25 AS chunk
                    FROM pg_attribute a WHERE a.attrelid = TG_RELID AND a.attnum > 0 AND NOT a.attisdropped) cols
           GROUP BY chunk) chunks;
        EXECUTE format(
          'INSERT INTO audit_pending (actor, operation, entity, entity_id, patch)
           SELECT $1, ''INSERT'', $2, audit_key(n, $3),
                  (SELECT coalesce(jsonb_agg(jsonb_build_object(''op'', ''add'', ''path'', ''/'' || key, ''value'', audit_mask_value(key, value, $4)) ORDER BY key), ''[]''::jsonb)
                     FROM jsonb_each(n))
             FROM (SELECT %s AS n FROM audit_new r) s', fields)
          USING actor, TG_TABLE_NAME, pk, array(SELECT m FROM unnest(masked) AS m WHERE m NOT LIKE 'digest:%');
        RETURN NULL;
      END $$`;
}

/**
 * An INSERT enters the audit trail through one statement-level trigger per table (`audit_insert`, with the inserted
 * rows as its transition table) instead of the row trigger once per row: a national matching run inserts 1,740 matches
 * in one statement, and the row trigger's per-row work (its queries, the audit_pending insert) was 0.48 s of the 0.6 s
 * that statement took (issue 17). The records are the same ones, in the rows' order: one INSERT record per row with
 * the patch `audit_row` built (same masking, same digests, same time zone and float settings). `audit_row` keeps
 * UPDATE and DELETE (and still handles INSERT where it is attached for it, as the tests' temporary tables are).
 * A statement's INSERT records now come after the row-level records of that statement: an INSERT … ON CONFLICT DO
 * UPDATE records its updates first (other rows: each row's history keeps its order), and a row trigger that changed a
 * row its own statement inserted would be recorded before that row's INSERT (no trigger here does; verification would
 * say so).
 *
 * The rows' values are read column by column, not as a whole row: a whole-row reference expands every toasted value,
 * so a run's 5.6 MB snapshot was decompressed and rebuilt as JSON only to be hashed (`digest:` columns of 1765100000000);
 * named, a digested column is read once, as the text its digest is taken of.
 *
 * `audit_attach` attaches both; a table of `audit_tables` (the view reads `audit_row`) without `audit_insert` is reported
 * by verification (audit-verify.ts). Existing tables get the new triggers without a new SNAPSHOT: their rows did not change.
 */
export class AuditInsertStatement1765140000000 implements MigrationInterface {
  name = 'AuditInsertStatement1765140000000';

  public async up(q: QueryRunner): Promise<void> {
    const [{ schema }] = await q.query('SELECT quote_ident(current_schema()) AS schema');
    for (const sql of [
      auditInsertFunction(schema),
      TRIGGERS,
      ATTACH_BOTH,
      `DO $$ DECLARE audited record; BEGIN
         FOR audited IN ${AUDITED} LOOP PERFORM audit_triggers(audited.tbl, audited.args); END LOOP;
       END $$`,
      // As audit_row (1764920000000): it writes as rdx_audit, and nobody else may attach it.
      'REVOKE EXECUTE ON FUNCTION audit_insert(), audit_triggers(text, text[]) FROM PUBLIC',
      `DO $$ BEGIN EXECUTE format('GRANT EXECUTE ON FUNCTION audit_insert(), audit_triggers(text, text[]) TO %I', current_user); END $$`,
      `GRANT CREATE ON SCHEMA ${schema} TO ${AUDIT_ROLE}`,
      `ALTER FUNCTION audit_insert() OWNER TO ${AUDIT_ROLE}`,
      `REVOKE CREATE ON SCHEMA ${schema} FROM ${AUDIT_ROLE}`,
    ])
      await q.query(sql);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const sql of [
      // Every audit_insert trigger, also on a table whose audit_row was dropped (the function could not be dropped otherwise).
      `DO $$ DECLARE t record; BEGIN
         FOR t IN SELECT c.relname::text AS tbl FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace ns ON ns.oid = c.relnamespace
                   WHERE g.tgname = 'audit_insert' AND ns.nspname = current_schema() LOOP
           EXECUTE format('DROP TRIGGER audit_insert ON %I', t.tbl);
         END LOOP;
       END $$`,
      `DO $$ DECLARE audited record; BEGIN
         FOR audited IN ${AUDITED} LOOP
           EXECUTE format('DROP TRIGGER audit_row ON %I', audited.tbl);
           EXECUTE format('CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION audit_row(%s)',
                          audited.tbl, (SELECT string_agg(quote_literal(x), ', ') FROM unnest(audited.args) AS x));
         END LOOP;
       END $$`,
      ATTACH_ROW,
      'DROP FUNCTION audit_triggers(text, text[])',
      'DROP FUNCTION audit_insert()',
    ])
      await q.query(sql);
  }
}
