import { MigrationInterface, QueryRunner } from 'typeorm';

/** The role that alone may write the audit trail: it owns the trigger and the sealer, and nobody logs in as it. */
export const AUDIT_ROLE = 'rdx_audit';

/**
 * The audit trail no longer trusts a session setting (`rdx.sealing`, which any session could set).
 * Only the role `rdx_audit` (NOLOGIN; roles are cluster-wide, so it is created once and shared) may
 * write it: `audit_row()` (the row trigger), `audit_seal_head()` (the sealer), `audit_snapshot()` and
 * `audit_record_reads()` (READ records) are SECURITY DEFINER functions owned by it, and the
 * append-only trigger checks `current_user`, which inside them is `rdx_audit` and outside them is
 * whoever is connected. The application role therefore cannot insert sealed records, cannot queue
 * forged changes in `audit_pending`, and cannot take records out of it, even if it were granted
 * every privilege on those tables. Every SECURITY DEFINER function pins its search_path (pg_temp
 * last), so that a caller's temporary table cannot stand in for `audit_pending`. Running
 * migrations needs a superuser or a member of `rdx_audit` (see docker/db-roles.sql).
 */
export class AuditSealerRole1764920000000 implements MigrationInterface {
  name = 'AuditSealerRole1764920000000';

  public async up(q: QueryRunner): Promise<void> {
    const [{ schema }] = await q.query('SELECT quote_ident(current_schema()) AS schema');
    const path = `SET search_path = ${schema}, pg_temp`;
    for (const sql of [
      // Created once per cluster; two databases migrated at once may race to create it.
      `DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${AUDIT_ROLE}') THEN
           BEGIN CREATE ROLE ${AUDIT_ROLE} NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
         END IF;
         -- A migration user that is not a superuser must be able to hand functions over to the role.
         IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AND NOT pg_has_role(current_user, '${AUDIT_ROLE}', 'MEMBER') THEN
           EXECUTE format('GRANT ${AUDIT_ROLE} TO %I', current_user);
         END IF;
       END $$`,

      // The row trigger, as before, but writing as rdx_audit and only for tables of this schema (not a caller's temporary table).
      `CREATE OR REPLACE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
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
          INSERT INTO audit_pending (actor, operation, entity, entity_id, patch) VALUES (actor, 'INSERT', TG_TABLE_NAME, nk, audit_add_patch(n, masked));
        END IF;
        RETURN NULL;
      END $$`,

      // The sealer, returning the head it left (what the application signs). No session flag any more.
      `CREATE OR REPLACE FUNCTION audit_seal_head(wait boolean DEFAULT false, max_rows integer DEFAULT 10000,
         OUT sealed integer, OUT head_id bigint, OUT head_hash text)
       LANGUAGE plpgsql SECURITY DEFINER SET "TimeZone" = 'UTC' ${path} AS $$
      DECLARE prev text; r record; ids bigint[] := '{}';
      BEGIN
        sealed := 0;
        IF current_setting('transaction_isolation') <> 'read committed' THEN
          RAISE EXCEPTION 'audit_seal must run under READ COMMITTED (a snapshot could not see the chain head)';
        END IF;
        IF wait THEN PERFORM pg_advisory_xact_lock(727101);
        ELSIF NOT pg_try_advisory_xact_lock(727101) THEN sealed := -1; RETURN;
        END IF;
        SELECT l.id, l.hash INTO head_id, head_hash FROM audit_log l ORDER BY l.id DESC LIMIT 1;
        head_id := coalesce(head_id, 0);
        head_hash := coalesce(head_hash, repeat('0', 64));
        FOR r IN SELECT * FROM audit_pending p ORDER BY p.id LIMIT max_rows LOOP
          prev := head_hash;
          head_id := head_id + 1;
          head_hash := encode(sha256(convert_to(audit_canonical(prev, head_id, r.id, r.at, r.actor, r.operation, r.entity, r.entity_id, r.patch, r.detail), 'UTF8')), 'hex');
          INSERT INTO audit_log (id, change_id, at, actor, operation, entity, entity_id, patch, detail, prev_hash, hash)
            VALUES (head_id, r.id, r.at, r.actor, r.operation, r.entity, r.entity_id, r.patch, r.detail, prev, head_hash);
          ids := ids || r.id;
          sealed := sealed + 1;
        END LOOP;
        DELETE FROM audit_pending WHERE id = ANY(ids);
      END $$`,
      `CREATE OR REPLACE FUNCTION audit_seal(wait boolean DEFAULT false, max_rows integer DEFAULT 10000) RETURNS integer
       LANGUAGE sql ${path} AS $$ SELECT sealed FROM audit_seal_head(wait, max_rows) $$`,

      // READ records (audited reads of personal data): the only records the application writes itself, and only READs.
      `CREATE FUNCTION audit_record_reads(actor text, entities text[], details jsonb[]) RETURNS void
       LANGUAGE plpgsql SECURITY DEFINER SET "TimeZone" = 'UTC' ${path} AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM unnest(entities) e WHERE e NOT IN (SELECT entity FROM audit_tables)) THEN
          RAISE EXCEPTION 'audit_record_reads: not an audited table' USING ERRCODE = 'insufficient_privilege';
        END IF;
        INSERT INTO audit_pending (actor, operation, entity, entity_id, patch, detail)
          SELECT actor, 'READ', e, NULL, '[]'::jsonb, d FROM unnest(entities, details) AS u(e, d);
      END $$`,

      `CREATE OR REPLACE FUNCTION audit_snapshot(tbl text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
         SET "TimeZone" = 'UTC' SET extra_float_digits = 1 ${path} AS $$
      DECLARE a text[];
      BEGIN
        SELECT string_to_array(encode(t.tgargs, 'escape'), '\\000') INTO a
          FROM pg_trigger t WHERE t.tgrelid = tbl::regclass AND t.tgname = 'audit_row';
        IF a IS NULL THEN RAISE EXCEPTION 'audit_snapshot: % is not audited', tbl; END IF;
        EXECUTE format('INSERT INTO audit_pending (actor, operation, entity, entity_id, patch)
                        SELECT %L, %L, %L, audit_key(to_jsonb(t), %L), audit_add_patch(to_jsonb(t), %L) FROM %I t',
                       'system', 'SNAPSHOT', tbl, a[1], coalesce(a[2:array_length(a, 1) - 1], '{}'), tbl);
      END $$`,
      // A table that joins the trail lets rdx_audit read it (for its snapshot).
      `CREATE OR REPLACE FUNCTION audit_attach(tbl text, masked text[] DEFAULT '{}') RETURNS void LANGUAGE plpgsql AS $$
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
        EXECUTE format('GRANT SELECT ON %I TO ${AUDIT_ROLE}', tbl);
        PERFORM audit_snapshot(tbl);
      END $$`,

      // Who may write is decided by the role the statement runs as, which a session cannot choose.
      `CREATE OR REPLACE FUNCTION audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_user = '${AUDIT_ROLE}' AND TG_LEVEL = 'ROW'
           AND ((TG_TABLE_NAME = 'audit_pending' AND TG_OP IN ('INSERT', 'DELETE')) OR (TG_TABLE_NAME = 'audit_log' AND TG_OP = 'INSERT')) THEN
          RETURN coalesce(NEW, OLD);
        END IF;
        RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`,
      'DROP TRIGGER audit_append_only ON audit_pending',
      'CREATE TRIGGER audit_append_only BEFORE INSERT OR UPDATE OR DELETE ON audit_pending FOR EACH ROW EXECUTE FUNCTION audit_refuse()',

      `GRANT USAGE ON SCHEMA ${schema} TO ${AUDIT_ROLE}`,
      `GRANT SELECT, INSERT, DELETE ON audit_pending TO ${AUDIT_ROLE}`,
      `GRANT USAGE ON SEQUENCE audit_pending_id_seq TO ${AUDIT_ROLE}`,
      `GRANT SELECT, INSERT ON audit_log TO ${AUDIT_ROLE}`,
      `GRANT SELECT ON audit_tables TO ${AUDIT_ROLE}`,
      'REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_log, audit_pending FROM PUBLIC',
      `DO $$ DECLARE t record; BEGIN
         FOR t IN SELECT entity FROM audit_tables LOOP EXECUTE format('GRANT SELECT ON %I TO ${AUDIT_ROLE}', t.entity); END LOOP;
       END $$`,
      // Nobody but the owner may attach the trigger function to a table of its own, or queue snapshots.
      'REVOKE EXECUTE ON FUNCTION audit_row(), audit_snapshot(text), audit_attach(text, text[]) FROM PUBLIC',
      `DO $$ BEGIN
         EXECUTE format('GRANT EXECUTE ON FUNCTION audit_row(), audit_snapshot(text), audit_attach(text, text[]) TO %I', current_user);
       END $$`,
      // A new owner needs CREATE on the schema (unless a superuser runs this); rdx_audit keeps none afterwards.
      `GRANT CREATE ON SCHEMA ${schema} TO ${AUDIT_ROLE}`,
      `ALTER FUNCTION audit_row() OWNER TO ${AUDIT_ROLE}`,
      `ALTER FUNCTION audit_seal_head(boolean, integer) OWNER TO ${AUDIT_ROLE}`,
      `ALTER FUNCTION audit_record_reads(text, text[], jsonb[]) OWNER TO ${AUDIT_ROLE}`,
      `ALTER FUNCTION audit_snapshot(text) OWNER TO ${AUDIT_ROLE}`,
      `REVOKE CREATE ON SCHEMA ${schema} FROM ${AUDIT_ROLE}`,
    ])
      await q.query(sql);
  }

  public async down(q: QueryRunner): Promise<void> {
    // Back to the session flag of 1764374400000 (the functions return to the migration user).
    for (const f of ['audit_row()', 'audit_snapshot(text)']) await q.query(`ALTER FUNCTION ${f} OWNER TO CURRENT_USER`);
    for (const f of ['audit_row()', 'audit_snapshot(text)', 'audit_attach(text, text[])']) await q.query(`GRANT EXECUTE ON FUNCTION ${f} TO PUBLIC`);
    for (const f of ['audit_row()', 'audit_snapshot(text)']) await q.query(`ALTER FUNCTION ${f} SECURITY INVOKER RESET search_path`);
    await q.query('DROP TRIGGER audit_append_only ON audit_pending');
    await q.query('CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_pending FOR EACH ROW EXECUTE FUNCTION audit_refuse()');
    await q.query(`CREATE OR REPLACE FUNCTION audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('rdx.sealing', true) = 'on' AND TG_LEVEL = 'ROW'
           AND ((TG_TABLE_NAME = 'audit_pending' AND TG_OP = 'DELETE') OR (TG_TABLE_NAME = 'audit_log' AND TG_OP = 'INSERT')) THEN
          RETURN coalesce(NEW, OLD);
        END IF;
        RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE OR REPLACE FUNCTION audit_seal(wait boolean DEFAULT false, max_rows integer DEFAULT 10000) RETURNS integer
       LANGUAGE plpgsql SET "TimeZone" = 'UTC' AS $$
      DECLARE n integer;
      BEGIN
        PERFORM set_config('rdx.sealing', 'on', true);
        SELECT s.sealed INTO n FROM audit_seal_head(wait, max_rows) s;
        PERFORM set_config('rdx.sealing', 'off', true);
        RETURN n;
      END $$`);
    await q.query(`ALTER FUNCTION audit_seal_head(boolean, integer) OWNER TO CURRENT_USER`);
    await q.query(`ALTER FUNCTION audit_seal_head(boolean, integer) SECURITY INVOKER`);
    await q.query('DROP FUNCTION audit_record_reads(text, text[], jsonb[])');
  }
}
