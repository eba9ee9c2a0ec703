import { MigrationInterface, QueryRunner } from 'typeorm';

/** Engagements (伴走支援), their reports, meetings and observers. */
export class Engagement1764367200000 implements MigrationInterface {
  name = 'Engagement1764367200000';

  public async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      'CREATE TABLE "engagements" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "match_id" uuid NOT NULL, "call_id" uuid NOT NULL, "candidate_region_id" uuid NOT NULL, "application_id" uuid NOT NULL, "prefecture_code" character(2) NOT NULL, "vendor_id" uuid NOT NULL, "proposal_id" uuid NOT NULL, "starts_on" date NOT NULL, "ends_on" date NOT NULL, "budget_yen" integer NOT NULL, "planned_items" jsonb NOT NULL, "experts_deployed" jsonb NOT NULL DEFAULT \'[]\', "status" text NOT NULL DEFAULT \'ACTIVE\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_5512d51500343aef4ab7a684056" UNIQUE ("match_id"), CONSTRAINT "PK_aec8c95c82a37a5791001cdb9ae" PRIMARY KEY ("id"))',
      'CREATE INDEX "idx_engagements_prefecture" ON "engagements"  ("prefecture_code") ',
      'CREATE INDEX "idx_engagements_vendor" ON "engagements"  ("vendor_id") ',
      'CREATE TABLE "engagement_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "engagement_id" uuid NOT NULL, "kind" text NOT NULL, "due_on" date NOT NULL, "status" text NOT NULL DEFAULT \'DUE\', "body" text NOT NULL DEFAULT \'\', "progress" jsonb NOT NULL DEFAULT \'[]\', "outcomes" text NOT NULL DEFAULT \'\', "document_ids" jsonb NOT NULL DEFAULT \'[]\', "prefecture_comment" text, "versions" jsonb NOT NULL DEFAULT \'[]\', "submitted_at" TIMESTAMP WITH TIME ZONE, "accepted_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT \'1\', CONSTRAINT "uq_engagement_reports_kind" UNIQUE ("engagement_id", "kind"), CONSTRAINT "PK_a8b30b44a2a8bae0a26e813ff28" PRIMARY KEY ("id"))',
      'CREATE INDEX "idx_engagement_reports_due" ON "engagement_reports"  ("status", "due_on") ',
      'CREATE TABLE "meetings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "engagement_id" uuid NOT NULL, "scheduled_at" TIMESTAMP WITH TIME ZONE NOT NULL, "agenda" text NOT NULL, "mode" text NOT NULL, "minutes" text, "created_by" uuid NOT NULL, CONSTRAINT "PK_aa73be861afa77eb4ed31f3ed57" PRIMARY KEY ("id"))',
      'CREATE INDEX "idx_meetings_engagement" ON "meetings"  ("engagement_id") ',
      'CREATE TABLE "meeting_observers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "municipality_code" character(6) NOT NULL, "confirmed" boolean NOT NULL DEFAULT false, "attended" boolean, CONSTRAINT "uq_meeting_observers" UNIQUE ("meeting_id", "municipality_code"), CONSTRAINT "PK_5272e93a6f19044cfb7d6a0f016" PRIMARY KEY ("id"))',
      'ALTER TABLE "engagements" ADD CONSTRAINT "fk_engagements_match" FOREIGN KEY ("match_id") REFERENCES "matches"("id")',
      'ALTER TABLE "engagements" ADD CONSTRAINT "fk_engagements_vendor" FOREIGN KEY ("vendor_id") REFERENCES "vendors"("id")',
      'ALTER TABLE "engagements" ADD CONSTRAINT "fk_engagements_region" FOREIGN KEY ("candidate_region_id") REFERENCES "candidate_regions"("id")',
      "ALTER TABLE \"engagements\" ADD CONSTRAINT \"ck_engagements_status\" CHECK (status IN ('ACTIVE','CANCELLED','CLOSED'))",
      'ALTER TABLE "engagements" ADD CONSTRAINT "ck_engagements_dates" CHECK (starts_on <= ends_on)',
      'ALTER TABLE "engagement_reports" ADD CONSTRAINT "fk_engagement_reports_engagement" FOREIGN KEY ("engagement_id") REFERENCES "engagements"("id") ON DELETE CASCADE',
      "ALTER TABLE \"engagement_reports\" ADD CONSTRAINT \"ck_engagement_reports_status\" CHECK (status IN ('DUE','SUBMITTED','RETURNED','ACKNOWLEDGED','ACCEPTED'))",
      'ALTER TABLE "meetings" ADD CONSTRAINT "fk_meetings_engagement" FOREIGN KEY ("engagement_id") REFERENCES "engagements"("id") ON DELETE CASCADE',
      'ALTER TABLE "meetings" ADD CONSTRAINT "ck_meetings_mode" CHECK (mode IN (\'ONLINE\',\'ON_SITE\'))',
      'ALTER TABLE "meeting_observers" ADD CONSTRAINT "fk_meeting_observers_meeting" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE',
      'ALTER TABLE "meeting_observers" ADD CONSTRAINT "fk_meeting_observers_municipality" FOREIGN KEY ("municipality_code") REFERENCES "municipalities"("lg_code")',
    ])
      await q.query(sql);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of ['meeting_observers', 'meetings', 'engagement_reports', 'engagements']) await q.query(`DROP TABLE IF EXISTS "${t}" CASCADE`);
  }
}
