import { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables whose rows the published pages show (candidate regions, partners, issues, desired support, Q&A, master data). */
export const PUBLISHED_TABLES = [
  'candidate_regions',
  'partner_municipalities',
  'regional_issues',
  'desired_supports',
  'support_menu_items',
  'inquiries',
  'prefectures',
  'municipalities',
] as const;

/**
 * The version of the published data (issue 17): every API instance keeps its published responses under the version
 * it read before resolving them, so a change is seen on the next read of every instance. A trigger on each published
 * table bumps it in the writer's own transaction, whatever code (or script) writes: correct by construction. The row
 * triggers are deferred to commit and bump once per transaction (a transaction-local flag), so the one row is locked
 * only at the very end of a writer's transaction (never while it still waits for other locks: no deadlock).
 */
export class PublishedDataVersion1765020000000 implements MigrationInterface {
  name = 'PublishedDataVersion1765020000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "published_data_version" ("id" int PRIMARY KEY CHECK (id = 1), "version" bigint NOT NULL)`);
    await q.query(`INSERT INTO "published_data_version" (id, version) VALUES (1, 1)`);
    await q.query(`CREATE FUNCTION bump_published_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_LEVEL = 'ROW' AND current_setting('rdx.published_bumped', true) = txid_current()::text THEN RETURN NULL; END IF;
        UPDATE published_data_version SET version = version + 1 WHERE id = 1;
        IF TG_LEVEL = 'ROW' THEN PERFORM set_config('rdx.published_bumped', txid_current()::text, true); END IF;
        RETURN NULL;
      END $$`);
    for (const t of PUBLISHED_TABLES) {
      await q.query(
        `CREATE CONSTRAINT TRIGGER "trg_${t}_published_version" AFTER INSERT OR UPDATE OR DELETE ON "${t}"
           DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_published_data_version()`,
      );
      await q.query(`CREATE TRIGGER "trg_${t}_published_version_truncate" AFTER TRUNCATE ON "${t}" FOR EACH STATEMENT EXECUTE FUNCTION bump_published_data_version()`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of PUBLISHED_TABLES) {
      await q.query(`DROP TRIGGER "trg_${t}_published_version_truncate" ON "${t}"`);
      await q.query(`DROP TRIGGER "trg_${t}_published_version" ON "${t}"`);
    }
    await q.query('DROP FUNCTION bump_published_data_version()');
    await q.query('DROP TABLE "published_data_version"');
  }
}
