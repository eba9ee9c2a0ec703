import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The decision a notice was issued for (issue 14, item 4): `reference`, e.g. `matching-run:<id>` for the result notices
 * of a run's publication and the changes after it (a decline, the next in the awarding order), so that the secretariat's
 * page lists exactly those. Notices issued before are found by their keys (`result:<runId>:…`, `change:<runId>:…`).
 */
export class NoticeReference1765130001000 implements MigrationInterface {
  name = 'NoticeReference1765130001000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "notices" ADD COLUMN "reference" text`);
    await q.query(
      `UPDATE "notices" SET "reference" = 'matching-run:' || split_part("notice_key", ':', 2)
        WHERE "notice_key" LIKE 'result:%' OR "notice_key" LIKE 'change:%'`,
    );
    await q.query(`CREATE INDEX "idx_notices_reference" ON "notices" ("reference", "created_at") WHERE "reference" IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "idx_notices_reference"`);
    await q.query(`ALTER TABLE "notices" DROP COLUMN "reference"`);
  }
}
