import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The calendar of reports (issue 15):
 * - a report's due date follows the business calendar (a closed day moves to the previous business day); the date the
 *   rule gave is kept beside the effective one, and a secretariat override records who, when and why (the audit
 *   trigger records every change);
 * - reminders before and after the due date: one row per report, step and due date, whose unique key is the claim
 *   that makes each reminder go out exactly once, however many job runs or API instances race for it.
 */
export class ReportCalendar1764950000000 implements MigrationInterface {
  name = 'ReportCalendar1764950000000';

  public async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      'ALTER TABLE "engagement_reports" ADD COLUMN "due_on_by_rule" date',
      'UPDATE "engagement_reports" SET "due_on_by_rule" = "due_on"',
      'ALTER TABLE "engagement_reports" ALTER COLUMN "due_on_by_rule" SET NOT NULL',
      'ALTER TABLE "engagement_reports" ADD COLUMN "due_on_override_reason" text',
      'ALTER TABLE "engagement_reports" ADD COLUMN "due_on_overridden_by" uuid',
      'ALTER TABLE "engagement_reports" ADD COLUMN "due_on_overridden_at" TIMESTAMP WITH TIME ZONE',
      'ALTER TABLE "engagement_reports" ADD CONSTRAINT "fk_engagement_reports_overridden_by" FOREIGN KEY ("due_on_overridden_by") REFERENCES "users"("id")',
      `ALTER TABLE "engagement_reports" ADD CONSTRAINT "ck_engagement_reports_override" CHECK (
        (due_on_overridden_by IS NULL AND due_on_overridden_at IS NULL AND due_on_override_reason IS NULL)
        OR (due_on_overridden_by IS NOT NULL AND due_on_overridden_at IS NOT NULL AND length(btrim(due_on_override_reason)) > 0))`,
      `CREATE TABLE "engagement_report_reminders" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "report_id" uuid NOT NULL,
        "step" text NOT NULL,
        "due_on" date NOT NULL,
        "queued_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_engagement_report_reminders" PRIMARY KEY ("id"),
        CONSTRAINT "uq_engagement_report_reminders_step" UNIQUE ("report_id", "step", "due_on"),
        CONSTRAINT "fk_engagement_report_reminders_report" FOREIGN KEY ("report_id") REFERENCES "engagement_reports"("id") ON DELETE CASCADE,
        CONSTRAINT "ck_engagement_report_reminders_step" CHECK (step IN ('BEFORE_14','BEFORE_3','AFTER_1','AFTER_7'))
      )`,
      "SELECT audit_attach('engagement_report_reminders')",
    ])
      await q.query(sql);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS "engagement_report_reminders"');
    for (const c of ['ck_engagement_reports_override', 'fk_engagement_reports_overridden_by'])
      await q.query(`ALTER TABLE "engagement_reports" DROP CONSTRAINT IF EXISTS "${c}"`);
    for (const c of ['due_on_overridden_at', 'due_on_overridden_by', 'due_on_override_reason', 'due_on_by_rule'])
      await q.query(`ALTER TABLE "engagement_reports" DROP COLUMN IF EXISTS "${c}"`);
  }
}
