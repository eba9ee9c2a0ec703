import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables whose rows published pages show: candidate regions, their partners, issues and desired support, the
 * published Q&A, master data, and the published results (calls, runs, matches, unsupported regions).
 */
export const PUBLISHED_TABLES = [
  'candidate_regions',
  'partner_municipalities',
  'regional_issues',
  'desired_supports',
  'support_menu_items',
  'inquiries',
  'prefectures',
  'municipalities',
  'calls',
  'matching_runs',
  'matches',
  'unsupported_regions',
] as const;

/**
 * The version of the published data (issue 17): every API instance keeps its published responses under the version
 * it read before resolving them, so a change is seen on the next read of every instance. Triggers on each published
 * table bump it in the writer's own transaction, whatever code (or script) writes: correct by construction.
 * The bump happens at commit: a statement trigger marks the transaction once (a row in published_data_changes), and a
 * deferred trigger on that row bumps the version. The one version row is thus locked only at the very end of a
 * writer's transaction, never while the writer still waits for other locks (no deadlock), and a bulk statement costs
 * one trigger call, not one per row.
 */
export class PublishedDataVersion1765020000000 implements MigrationInterface {
  name = 'PublishedDataVersion1765020000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "published_data_version" ("id" int PRIMARY KEY CHECK (id = 1), "version" bigint NOT NULL)`);
    await q.query(`INSERT INTO "published_data_version" (id, version) VALUES (1, 1)`);
    await q.query(`CREATE TABLE "published_data_changes" ("txid" bigint PRIMARY KEY)`);
    await q.query(`CREATE FUNCTION mark_published_data_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('rdx.published_changed', true) IS DISTINCT FROM txid_current()::text THEN
          INSERT INTO published_data_changes (txid) VALUES (txid_current()) ON CONFLICT DO NOTHING;
          PERFORM set_config('rdx.published_changed', txid_current()::text, true);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE FUNCTION bump_published_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE published_data_version SET version = version + 1 WHERE id = 1;
        DELETE FROM published_data_changes WHERE txid = NEW.txid;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE CONSTRAINT TRIGGER "trg_published_data_changes_bump" AFTER INSERT ON "published_data_changes"
         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_published_data_version()`,
    );
    // Every table is in the audit trail (audit-verify checks it): the version and the marks are written by the triggers.
    await q.query("SELECT audit_attach('published_data_version')");
    await q.query("SELECT audit_attach('published_data_changes')");
    for (const t of PUBLISHED_TABLES)
      await q.query(
        `CREATE TRIGGER "trg_${t}_published_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${t}"
           FOR EACH STATEMENT EXECUTE FUNCTION mark_published_data_change()`,
      );
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of PUBLISHED_TABLES) await q.query(`DROP TRIGGER "trg_${t}_published_change" ON "${t}"`);
    await q.query('DROP TABLE "published_data_changes"');
    await q.query('DROP FUNCTION bump_published_data_version()');
    await q.query('DROP FUNCTION mark_published_data_change()');
    await q.query('DROP TABLE "published_data_version"');
  }
}
