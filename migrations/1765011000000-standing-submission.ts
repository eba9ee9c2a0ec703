import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reopening keeps the submitted version (issue 16): the last submission's receipt, time and restorable content stay on the
 * application while it is reopened as a draft, and count at the deadline unless a new submission replaces them.
 */
export class StandingSubmission1765011000000 implements MigrationInterface {
  name = 'StandingSubmission1765011000000';

  public async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      'ALTER TABLE "region_applications" ADD COLUMN "standing_receipt_id" uuid',
      'ALTER TABLE "region_applications" ADD COLUMN "standing_submitted_at" TIMESTAMP WITH TIME ZONE',
      'ALTER TABLE "region_applications" ADD COLUMN "standing_content" jsonb',
      'ALTER TABLE "region_applications" ADD CONSTRAINT "fk_region_applications_standing_receipt" FOREIGN KEY ("standing_receipt_id") REFERENCES "submission_receipts"("id")',
      `ALTER TABLE "region_applications" ADD CONSTRAINT "ck_region_applications_standing" CHECK ((standing_receipt_id IS NULL) = (standing_submitted_at IS NULL) AND (standing_receipt_id IS NULL) = (standing_content IS NULL))`,
    ])
      await q.query(sql);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const sql of [
      'ALTER TABLE "region_applications" DROP CONSTRAINT "ck_region_applications_standing"',
      'ALTER TABLE "region_applications" DROP CONSTRAINT "fk_region_applications_standing_receipt"',
      'ALTER TABLE "region_applications" DROP COLUMN "standing_content"',
      'ALTER TABLE "region_applications" DROP COLUMN "standing_submitted_at"',
      'ALTER TABLE "region_applications" DROP COLUMN "standing_receipt_id"',
    ])
      await q.query(sql);
  }
}
