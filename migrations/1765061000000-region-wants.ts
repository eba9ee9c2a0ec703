import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a region wants (issue 16): the ◇ detail items chosen per desired support, whether the region builds or extends its
 * regional DX structure (構築 / 拡充), and issues of the prefecture itself besides its partners'.
 */
export class RegionWants1765061000000 implements MigrationInterface {
  name = 'RegionWants1765061000000';

  public async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `ALTER TABLE "desired_supports" ADD "detail_codes" text[] NOT NULL DEFAULT '{}'`,
      `ALTER TABLE "region_applications" ADD "structure_mode" text`,
      `ALTER TABLE "region_applications" ADD CONSTRAINT "chk_region_applications_structure_mode" CHECK ("structure_mode" IN ('BUILD', 'EXTEND'))`,
      `CREATE TABLE "prefecture_issues" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "application_id" uuid NOT NULL,
        "category" text NOT NULL,
        "title" text NOT NULL,
        "description" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_prefecture_issues" PRIMARY KEY ("id"),
        CONSTRAINT "fk_prefecture_issues_application" FOREIGN KEY ("application_id") REFERENCES "region_applications"("id") ON DELETE CASCADE
      )`,
      'CREATE INDEX "idx_prefecture_issues_application" ON "prefecture_issues" ("application_id")',
      "SELECT audit_attach('prefecture_issues')",
    ])
      await q.query(sql);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS "prefecture_issues"');
    await q.query('ALTER TABLE "region_applications" DROP CONSTRAINT IF EXISTS "chk_region_applications_structure_mode"');
    await q.query('ALTER TABLE "region_applications" DROP COLUMN IF EXISTS "structure_mode"');
    await q.query('ALTER TABLE "desired_supports" DROP COLUMN IF EXISTS "detail_codes"');
  }
}
