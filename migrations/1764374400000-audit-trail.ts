import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Columns that hold personal data (APPI) or secrets, per table. The audit trail records that they
 * changed, never what they hold: their values become "[masked]" in the log (erased values, which
 * start with "[erased]", stay readable), so erasing a programme's personal data leaves nothing
 * behind in the log and the hash chain never has to be rewritten.
 */
export const AUDIT_MASKED_COLUMNS: Record<string, string[]> = {
  users: ['email', 'display_name', 'password_hash'],
  application_contacts: ['name', 'title', 'email', 'phone'],
  briefing_registrations: ['name', 'email'],
  evaluators: ['name'],
  region_proposals: ['team'],
  engagements: ['experts_deployed'],
  outbox: ['recipient_email', 'body', 'last_error'],
};

/** Tables that are not audited: TypeORM's own bookkeeping and the audit trail itself. */
export const AUDIT_EXCLUDED_TABLES = ['migrations', 'audit_pending', 'audit_log'];

/**
 * The audit trail (guarantee 9). Every INSERT, UPDATE and DELETE of every table is written by a
 * row trigger to `audit_pending` (who, when, what, and an RFC 6902 patch per top-level column);
 * `audit_seal()` then moves pending records, in order, into `audit_log`, each with the SHA-256 of
 * the previous record. Sealing runs in its own READ COMMITTED statement under an advisory lock:
 * chaining inside the writing transaction would fork the chain for SERIALIZABLE transactions (the
 * matching decision), whose snapshot cannot see the latest head, and would hold a global lock
 * across every write transaction. Both tables refuse UPDATE, DELETE and TRUNCATE (only the sealer
 * may take records out of `audit_pending`). A table created later joins with `SELECT audit_attach('t', '{col}')`;
 * a migration that adds columns to an audited table records the new state with `SELECT audit_snapshot('t')`.
 */
export class AuditTrail1764374400000 implements MigrationInterface {
  name = 'AuditTrail1764374400000';

  public async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE "audit_pending" (
        "id" bigserial PRIMARY KEY,
        "at" timestamptz NOT NULL DEFAULT now(),
        "actor" text NOT NULL,
        "operation" text NOT NULL,
        "entity" text NOT NULL,
        "entity_id" text,
        "patch" jsonb NOT NULL,
        "detail" jsonb)`,
      `CREATE TABLE "audit_log" (
        "id" bigint PRIMARY KEY,
        "change_id" bigint NOT NULL UNIQUE,
        "at" timestamptz NOT NULL,
        "actor" text NOT NULL,
        "operation" text NOT NULL,
        "entity" text NOT NULL,
        "entity_id" text,
        "patch" jsonb NOT NULL,
        "detail" jsonb,
        "prev_hash" char(64) NOT NULL,
        "hash" char(64) NOT NULL,
        CONSTRAINT "ck_audit_log_operation" CHECK (operation IN ('INSERT','UPDATE','DELETE','READ','SNAPSHOT')))`,
      'CREATE INDEX "idx_audit_log_entity" ON "audit_log" ("entity", "entity_id", "change_id")',

      // A personal value becomes "[masked]"; null and erased values ("[erased]…") are kept.
      `CREATE FUNCTION audit_mask_value(col text, v jsonb, masked text[]) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN col = ANY(masked) AND v IS NOT NULL AND v <> 'null'::jsonb
                     AND NOT (jsonb_typeof(v) = 'string' AND left(v #>> '{}', 8) = '[erased]')
                    THEN '"[masked]"'::jsonb ELSE v END $$`,
      `CREATE FUNCTION audit_image(j jsonb, masked text[]) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
        SELECT coalesce(jsonb_object_agg(key, audit_mask_value(key, value, masked)), '{}'::jsonb) FROM jsonb_each(j) $$`,
      `CREATE FUNCTION audit_key(j jsonb, pk text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT string_agg(j ->> c, ',' ORDER BY o) FROM unnest(string_to_array(pk, ',')) WITH ORDINALITY AS u(c, o) $$`,
      `CREATE FUNCTION audit_add_patch(j jsonb, masked text[]) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
        SELECT coalesce(jsonb_agg(jsonb_build_object('op', 'add', 'path', '/' || key, 'value', audit_mask_value(key, value, masked)) ORDER BY key), '[]'::jsonb)
        FROM jsonb_each(j) $$`,

      // The row trigger. Arguments: the primary-key columns (comma-separated), then the masked columns.
      // TimeZone and float digits are pinned so that a value reads the same whoever wrote it.
      `CREATE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql SET "TimeZone" = 'UTC' SET extra_float_digits = 1 AS $$
      DECLARE
        pk text := TG_ARGV[0];
        masked text[] := coalesce(TG_ARGV[1:TG_NARGS - 1], '{}');
        actor text := coalesce(nullif(current_setting('rdx.actor', true), ''), 'system');
        o jsonb; n jsonb; patch jsonb; ok text; nk text;
      BEGIN
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
        -- A DELETE, or the old identity of a row whose key changed.
        IF o IS NOT NULL THEN
          SELECT jsonb_agg(jsonb_build_object('op', 'remove', 'path', '/' || key) ORDER BY key) INTO patch FROM jsonb_each(o);
          INSERT INTO audit_pending (actor, operation, entity, entity_id, patch) VALUES (actor, 'DELETE', TG_TABLE_NAME, ok, patch);
        END IF;
        IF n IS NOT NULL THEN
          INSERT INTO audit_pending (actor, operation, entity, entity_id, patch) VALUES (actor, 'INSERT', TG_TABLE_NAME, nk, audit_add_patch(n, masked));
        END IF;
        RETURN NULL;
      END $$`,

      // Canonical text of a record: each field length-prefixed (octets), so no separator is ambiguous.
      `CREATE FUNCTION audit_canonical(prev_hash text, id bigint, change_id bigint, at timestamptz, actor text, operation text, entity text, entity_id text, patch jsonb, detail jsonb)
       RETURNS text LANGUAGE sql STABLE AS $$
        SELECT string_agg(CASE WHEN f IS NULL THEN '~' ELSE octet_length(f)::text || ':' || f END, '|' ORDER BY o)
        FROM unnest(ARRAY[prev_hash, id::text, change_id::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                          actor, operation, entity, entity_id, patch::text, detail::text]) WITH ORDINALITY AS u(f, o) $$`,

      // Moves committed pending records into the chain, oldest change first. Returns how many, or -1
      // when another session is sealing (its records and ours are taken by the next call).
      `CREATE FUNCTION audit_seal(wait boolean DEFAULT false, max_rows integer DEFAULT 10000) RETURNS integer
       LANGUAGE plpgsql SET "TimeZone" = 'UTC' AS $$
      DECLARE
        head_id bigint; head_hash text; prev text; r record; n integer := 0; ids bigint[] := '{}';
      BEGIN
        IF current_setting('transaction_isolation') <> 'read committed' THEN
          RAISE EXCEPTION 'audit_seal must run under READ COMMITTED (a snapshot could not see the chain head)';
        END IF;
        IF wait THEN PERFORM pg_advisory_xact_lock(727101);
        ELSIF NOT pg_try_advisory_xact_lock(727101) THEN RETURN -1;
        END IF;
        -- Read after taking the lock: under READ COMMITTED this statement sees the last sealer's commit.
        SELECT l.id, l.hash INTO head_id, head_hash FROM audit_log l ORDER BY l.id DESC LIMIT 1;
        head_id := coalesce(head_id, 0);
        head_hash := coalesce(head_hash, repeat('0', 64));
        PERFORM set_config('rdx.sealing', 'on', true);
        FOR r IN SELECT * FROM audit_pending p ORDER BY p.id LIMIT max_rows LOOP
          prev := head_hash;
          head_id := head_id + 1;
          head_hash := encode(sha256(convert_to(audit_canonical(prev, head_id, r.id, r.at, r.actor, r.operation, r.entity, r.entity_id, r.patch, r.detail), 'UTF8')), 'hex');
          INSERT INTO audit_log (id, change_id, at, actor, operation, entity, entity_id, patch, detail, prev_hash, hash)
            VALUES (head_id, r.id, r.at, r.actor, r.operation, r.entity, r.entity_id, r.patch, r.detail, prev, head_hash);
          ids := ids || r.id;
          n := n + 1;
        END LOOP;
        DELETE FROM audit_pending WHERE id = ANY(ids);
        PERFORM set_config('rdx.sealing', 'off', true);
        RETURN n;
      END $$`,

      // Append-only: the database refuses UPDATE, DELETE and TRUNCATE; only the sealer writes the log
      // and takes records out of the pending queue.
      `CREATE FUNCTION audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('rdx.sealing', true) = 'on' AND TG_LEVEL = 'ROW'
           AND ((TG_TABLE_NAME = 'audit_pending' AND TG_OP = 'DELETE') OR (TG_TABLE_NAME = 'audit_log' AND TG_OP = 'INSERT')) THEN
          RETURN coalesce(NEW, OLD);
        END IF;
        RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`,
      'CREATE TRIGGER audit_append_only BEFORE INSERT OR UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_refuse()',
      'CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse()',
      'CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_pending FOR EACH ROW EXECUTE FUNCTION audit_refuse()',
      'CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_pending FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse()',

      // Snapshot of every row of a table (its state when it joins the trail, or after a schema change).
      `CREATE FUNCTION audit_snapshot(tbl text) RETURNS void LANGUAGE plpgsql SET "TimeZone" = 'UTC' SET extra_float_digits = 1 AS $$
      DECLARE a text[];
      BEGIN
        SELECT string_to_array(encode(t.tgargs, 'escape'), '\\000') INTO a
          FROM pg_trigger t WHERE t.tgrelid = tbl::regclass AND t.tgname = 'audit_row';
        IF a IS NULL THEN RAISE EXCEPTION 'audit_snapshot: % is not audited', tbl; END IF;
        EXECUTE format('INSERT INTO audit_pending (actor, operation, entity, entity_id, patch)
                        SELECT %L, %L, %L, audit_key(to_jsonb(t), %L), audit_add_patch(to_jsonb(t), %L) FROM %I t',
                       'system', 'SNAPSHOT', tbl, a[1], coalesce(a[2:array_length(a, 1) - 1], '{}'), tbl);
      END $$`,
      `CREATE FUNCTION audit_attach(tbl text, masked text[] DEFAULT '{}') RETURNS void LANGUAGE plpgsql AS $$
      DECLARE pk text;
      BEGIN
        SELECT string_agg(a.attname, ',' ORDER BY k.o) INTO pk
          FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, o)
          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
          WHERE i.indrelid = tbl::regclass AND i.indisprimary;
        IF pk IS NULL THEN RAISE EXCEPTION 'audit_attach: % has no primary key', tbl; END IF;
        EXECUTE format('DROP TRIGGER IF EXISTS audit_row ON %I', tbl);
        EXECUTE format('CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION audit_row(%s)',
                       tbl, (SELECT string_agg(quote_literal(x), ', ') FROM unnest(ARRAY[pk] || masked) AS x));
        PERFORM audit_snapshot(tbl);
      END $$`,

      // What verification needs to know of each audited table: its key and its masked columns.
      `CREATE VIEW audit_tables AS
        SELECT c.relname::text AS entity, a.args[1] AS pk, coalesce(a.args[2:array_length(a.args, 1) - 1], '{}') AS masked
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace ns ON ns.oid = c.relnamespace
        CROSS JOIN LATERAL (SELECT string_to_array(encode(t.tgargs, 'escape'), '\\000') AS args) a
        WHERE t.tgname = 'audit_row' AND ns.nspname = current_schema()`,
      // Live rows of an audited table as the log sees them (masked), under the same settings as the trigger.
      `CREATE FUNCTION audit_live_rows(tbl text) RETURNS TABLE (entity_id text, image jsonb)
       LANGUAGE plpgsql STABLE SET "TimeZone" = 'UTC' SET extra_float_digits = 1 AS $$
      DECLARE t record;
      BEGIN
        SELECT * INTO t FROM audit_tables WHERE entity = tbl;
        RETURN QUERY EXECUTE format('SELECT audit_key(to_jsonb(r), %L), audit_image(to_jsonb(r), %L) FROM %I r', t.pk, t.masked, tbl);
      END $$`,
    ])
      await q.query(sql);

    const tables: Array<{ table_name: string }> = await q.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
    );
    for (const { table_name } of tables) {
      if (AUDIT_EXCLUDED_TABLES.includes(table_name)) continue;
      await q.query('SELECT audit_attach($1, $2)', [table_name, AUDIT_MASKED_COLUMNS[table_name] ?? []]);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    const tables: Array<{ entity: string }> = await q.query('SELECT entity FROM audit_tables');
    for (const { entity } of tables) await q.query(`DROP TRIGGER IF EXISTS audit_row ON "${entity}"`);
    await q.query('DROP VIEW IF EXISTS audit_tables');
    await q.query('DROP TABLE IF EXISTS audit_log');
    await q.query('DROP TABLE IF EXISTS audit_pending');
    for (const f of [
      'audit_live_rows(text)',
      'audit_attach(text, text[])',
      'audit_snapshot(text)',
      'audit_refuse()',
      'audit_seal(boolean, integer)',
      'audit_canonical(text, bigint, bigint, timestamptz, text, text, text, text, jsonb, jsonb)',
      'audit_row()',
      'audit_add_patch(jsonb, text[])',
      'audit_key(jsonb, text)',
      'audit_image(jsonb, text[])',
      'audit_mask_value(text, jsonb, text[])',
    ])
      await q.query(`DROP FUNCTION IF EXISTS ${f}`);
  }
}
