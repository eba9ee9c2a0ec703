import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Domain rules of security round 2 (issue 11):
 * - one programme per fiscal year (finding 19): a unique index, so that two concurrent creations cannot both land;
 * - engagement budget changes beyond the awarded bid wait for the secretariat (finding 6): each request is kept with
 *   who asked, who decided, when and why; the audit trigger records every change of it.
 */
export class DomainRules1764940000000 implements MigrationInterface {
  name = 'DomainRules1764940000000';

  public async up(q: QueryRunner): Promise<void> {
    const duplicates: Array<{ fiscal_year: number }> = await q.query('SELECT fiscal_year FROM programs GROUP BY fiscal_year HAVING count(*) > 1');
    if (duplicates.length) {
      // Which programme of a year is the real one is an operator's decision, not a migration's.
      throw new Error(`Several programmes share a fiscal year (${duplicates.map((d) => d.fiscal_year).join(', ')}); merge or remove them before migrating.`);
    }
    for (const sql of [
      'CREATE UNIQUE INDEX "uq_programs_fiscal_year" ON "programs" ("fiscal_year")',
      `CREATE TABLE "engagement_budget_changes" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "engagement_id" uuid NOT NULL,
        "awarded_budget_yen" integer NOT NULL,
        "previous_budget_yen" integer NOT NULL,
        "requested_budget_yen" integer NOT NULL,
        "requested_by" uuid NOT NULL,
        "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "status" text NOT NULL DEFAULT 'PENDING',
        "decided_by" uuid,
        "decided_at" TIMESTAMP WITH TIME ZONE,
        "decision_reason" text,
        CONSTRAINT "PK_engagement_budget_changes" PRIMARY KEY ("id"),
        CONSTRAINT "fk_engagement_budget_changes_engagement" FOREIGN KEY ("engagement_id") REFERENCES "engagements"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_engagement_budget_changes_requested_by" FOREIGN KEY ("requested_by") REFERENCES "users"("id"),
        CONSTRAINT "fk_engagement_budget_changes_decided_by" FOREIGN KEY ("decided_by") REFERENCES "users"("id"),
        CONSTRAINT "ck_engagement_budget_changes_status" CHECK (status IN ('PENDING','APPROVED','REJECTED')),
        CONSTRAINT "ck_engagement_budget_changes_decision" CHECK (
          (status = 'PENDING' AND decided_by IS NULL AND decided_at IS NULL AND decision_reason IS NULL)
          OR (status <> 'PENDING' AND decided_by IS NOT NULL AND decided_at IS NOT NULL AND length(btrim(decision_reason)) > 0)),
        CONSTRAINT "ck_engagement_budget_changes_yen" CHECK (requested_budget_yen >= 0 AND awarded_budget_yen >= 0)
      )`,
      'CREATE INDEX "idx_engagement_budget_changes_engagement" ON "engagement_budget_changes" ("engagement_id")',
      // At most one request waits per engagement: the secretariat decides on one figure at a time.
      `CREATE UNIQUE INDEX "uq_engagement_budget_changes_pending" ON "engagement_budget_changes" ("engagement_id") WHERE status = 'PENDING'`,
      "SELECT audit_attach('engagement_budget_changes')",
    ])
      await q.query(sql);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS "engagement_budget_changes"');
    await q.query('DROP INDEX IF EXISTS "uq_programs_fiscal_year"');
  }
}
