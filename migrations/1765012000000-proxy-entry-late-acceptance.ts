import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Proxy entry and late acceptance (issue 16): the call's own channel is an e-mailed form, so the secretariat may enter an
 * application for a prefecture (marked as such) and accept one that arrived after the deadline, with a recorded reason.
 */
export class ProxyEntryLateAcceptance1765012000000 implements MigrationInterface {
  name = 'ProxyEntryLateAcceptance1765012000000';

  public async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      'ALTER TABLE "region_applications" ADD COLUMN "proxy_entered_by" uuid',
      'ALTER TABLE "region_applications" ADD COLUMN "proxy_entered_at" TIMESTAMP WITH TIME ZONE',
      'ALTER TABLE "region_applications" ADD COLUMN "proxy_note" text',
      'ALTER TABLE "region_applications" ADD COLUMN "late_accepted_by" uuid',
      'ALTER TABLE "region_applications" ADD COLUMN "late_accepted_at" TIMESTAMP WITH TIME ZONE',
      'ALTER TABLE "region_applications" ADD COLUMN "late_reason" text',
      'ALTER TABLE "region_applications" ADD CONSTRAINT "fk_region_applications_proxy_entered_by" FOREIGN KEY ("proxy_entered_by") REFERENCES "users"("id")',
      'ALTER TABLE "region_applications" ADD CONSTRAINT "fk_region_applications_late_accepted_by" FOREIGN KEY ("late_accepted_by") REFERENCES "users"("id")',
      `ALTER TABLE "region_applications" ADD CONSTRAINT "ck_region_applications_proxy" CHECK ((proxy_entered_by IS NULL) = (proxy_entered_at IS NULL))`,
      `ALTER TABLE "region_applications" ADD CONSTRAINT "ck_region_applications_late" CHECK ((late_accepted_by IS NULL) = (late_accepted_at IS NULL) AND (late_accepted_by IS NULL) = (coalesce(btrim(late_reason), '') = ''))`,
    ])
      await q.query(sql);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const sql of [
      'ALTER TABLE "region_applications" DROP CONSTRAINT "ck_region_applications_late"',
      'ALTER TABLE "region_applications" DROP CONSTRAINT "ck_region_applications_proxy"',
      'ALTER TABLE "region_applications" DROP CONSTRAINT "fk_region_applications_late_accepted_by"',
      'ALTER TABLE "region_applications" DROP CONSTRAINT "fk_region_applications_proxy_entered_by"',
      ...['late_reason', 'late_accepted_at', 'late_accepted_by', 'proxy_note', 'proxy_entered_at', 'proxy_entered_by'].map(
        (c) => `ALTER TABLE "region_applications" DROP COLUMN "${c}"`,
      ),
    ])
      await q.query(sql);
  }
}
