import { MigrationInterface, QueryRunner } from 'typeorm';

/** Vendors, the vendor call (regions, questions, applications and proposals) and the expert panel (criteria, conflicts, assignments, scores). */
export class VendorCallAndPanel1764345600000 implements MigrationInterface {
  name = 'VendorCallAndPanel1764345600000';

  public async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      'CREATE TABLE "vendors" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "corporate_number" character(13) NOT NULL, "kind" text NOT NULL, "head_office_prefecture_code" character(2) NOT NULL, "status" text NOT NULL DEFAULT \'PENDING\', "registered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "approved_at" TIMESTAMP WITH TIME ZONE, "approved_by" uuid, CONSTRAINT "UQ_23840a8c096ed1322cfc0d5928c" UNIQUE ("corporate_number"), CONSTRAINT "PK_9c956c9797edfae5c6ddacc4e6e" PRIMARY KEY ("id"))',
      'CREATE TABLE "vendor_call_regions" ("call_id" uuid NOT NULL, "candidate_region_id" uuid NOT NULL, CONSTRAINT "PK_934571987d87cce11535cdfcf37" PRIMARY KEY ("call_id", "candidate_region_id"))',
      'CREATE TABLE "inquiries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "call_id" uuid NOT NULL, "candidate_region_id" uuid, "vendor_id" uuid NOT NULL, "asked_by" uuid NOT NULL, "question" text NOT NULL, "asked_at" TIMESTAMP WITH TIME ZONE NOT NULL, "answer" text, "answered_by" uuid, "answered_at" TIMESTAMP WITH TIME ZONE, "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_ceacaa439988b25eb9459e694d9" PRIMARY KEY ("id"))',
      'CREATE INDEX "idx_inquiries_call" ON "inquiries"  ("call_id") ',
      'CREATE TABLE "vendor_applications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "call_id" uuid NOT NULL, "vendor_id" uuid NOT NULL, "status" text NOT NULL DEFAULT \'DRAFT\', "capacity" integer, "version" integer NOT NULL DEFAULT \'1\', "submitted_at" TIMESTAMP WITH TIME ZONE, "returned_notice" text, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_vendor_applications_call_vendor" UNIQUE ("call_id", "vendor_id"), CONSTRAINT "PK_040e931a5acccc7051d7f726520" PRIMARY KEY ("id"))',
      'CREATE TABLE "region_proposals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "candidate_region_id" uuid NOT NULL, "approach" text NOT NULL DEFAULT \'\', "menu_item_codes" jsonb NOT NULL DEFAULT \'[]\', "team" jsonb NOT NULL DEFAULT \'[]\', "schedule" text NOT NULL DEFAULT \'\', "budget_yen" integer NOT NULL, "document_ids" jsonb NOT NULL DEFAULT \'[]\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_region_proposals_application_region" UNIQUE ("application_id", "candidate_region_id"), CONSTRAINT "PK_779b816b827cc0fc82d19d17583" PRIMARY KEY ("id"))',
      'CREATE INDEX "idx_region_proposals_region" ON "region_proposals"  ("candidate_region_id") ',
      'CREATE TABLE "evaluation_settings" ("call_id" uuid NOT NULL, "pass_threshold" double precision NOT NULL DEFAULT \'60\', "evaluators_per_proposal" integer NOT NULL DEFAULT \'3\', "normalise" boolean NOT NULL DEFAULT false, "reveal_after_submit" boolean NOT NULL DEFAULT true, "apply_repeat_bonus" boolean NOT NULL DEFAULT true, "required_field" text, CONSTRAINT "PK_6875a07fc20d1b89ac2ce05bd56" PRIMARY KEY ("call_id"))',
      'CREATE TABLE "evaluation_criteria" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "call_id" uuid NOT NULL, "title_ja" text NOT NULL, "title_en" text NOT NULL, "weight" double precision NOT NULL, "max_points" integer NOT NULL, "min_points" integer, "sort_order" integer NOT NULL, CONSTRAINT "PK_1bf12cd7c46af786eec5987c5c5" PRIMARY KEY ("id"))',
      'CREATE INDEX "idx_evaluation_criteria_call" ON "evaluation_criteria"  ("call_id") ',
      'CREATE TABLE "evaluators" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "name" text NOT NULL, "affiliation" text NOT NULL DEFAULT \'\', "fields" jsonb NOT NULL DEFAULT \'[]\', CONSTRAINT "UQ_47323904c0b9a51d85f944894a8" UNIQUE ("user_id"), CONSTRAINT "PK_2fb9e59726008443c9c8aafcd12" PRIMARY KEY ("id"))',
      'CREATE TABLE "panel_members" ("call_id" uuid NOT NULL, "evaluator_id" uuid NOT NULL, "min_load" integer NOT NULL DEFAULT \'0\', "max_load" integer NOT NULL DEFAULT \'1000\', CONSTRAINT "PK_316f525f9be68bc44d5917048dd" PRIMARY KEY ("call_id", "evaluator_id"))',
      'CREATE TABLE "conflicts_of_interest" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "evaluator_id" uuid NOT NULL, "corporate_number" character(13), "prefecture_code" character(2), "kind" text NOT NULL, "note" text NOT NULL DEFAULT \'\', "declared_by" uuid NOT NULL, "declared_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0be43c14eac716e40346c72071a" PRIMARY KEY ("id"))',
      'CREATE INDEX "idx_conflicts_evaluator" ON "conflicts_of_interest"  ("evaluator_id") ',
      'CREATE TABLE "assignments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "call_id" uuid NOT NULL, "proposal_id" uuid NOT NULL, "evaluator_id" uuid NOT NULL, "status" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_assignments_pair" UNIQUE ("proposal_id", "evaluator_id"), CONSTRAINT "PK_c54ca359535e0012b04dcbd80ee" PRIMARY KEY ("id"))',
      'CREATE INDEX "idx_assignments_evaluator" ON "assignments"  ("evaluator_id") ',
      'CREATE TABLE "score_sheets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "proposal_id" uuid NOT NULL, "evaluator_id" uuid NOT NULL, "status" text NOT NULL DEFAULT \'DRAFT\', "submitted_at" TIMESTAMP WITH TIME ZONE, "reopen_log" jsonb NOT NULL DEFAULT \'[]\', "version" integer NOT NULL DEFAULT \'1\', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_score_sheets_pair" UNIQUE ("proposal_id", "evaluator_id"), CONSTRAINT "PK_1e6230a5aa8654a69fcb545a90b" PRIMARY KEY ("id"))',
      'CREATE TABLE "scores" ("sheet_id" uuid NOT NULL, "criterion_id" uuid NOT NULL, "points" integer NOT NULL, "comment" text NOT NULL DEFAULT \'\', CONSTRAINT "PK_9ac4ae6cf7a8606c9f3f71d1a4b" PRIMARY KEY ("sheet_id", "criterion_id"))',
      'ALTER TABLE "calls" ADD "region_call_id" uuid',
      'ALTER TABLE "calls" ADD "questions_close_at" TIMESTAMP WITH TIME ZONE',
      'ALTER TABLE "calls" ADD CONSTRAINT "fk_calls_region_call" FOREIGN KEY ("region_call_id") REFERENCES "calls"("id")',
      'ALTER TABLE "calls" ADD CONSTRAINT "ck_calls_vendor_has_region_call" CHECK (kind <> \'VENDOR\' OR region_call_id IS NOT NULL)',
      "ALTER TABLE \"vendors\" ADD CONSTRAINT \"ck_vendors_kind\" CHECK (kind IN ('THINK_TANK','CONSULTANCY','IT_VENDOR','TELECOM','LOCAL_FIRM','REGIONAL_BANK','OTHER'))",
      "ALTER TABLE \"vendors\" ADD CONSTRAINT \"ck_vendors_status\" CHECK (status IN ('PENDING','APPROVED','SUSPENDED'))",
      'ALTER TABLE "vendors" ADD CONSTRAINT "ck_vendors_corporate_number" CHECK (corporate_number ~ \'^[0-9]{13}$\')',
      'ALTER TABLE "vendors" ADD CONSTRAINT "fk_vendors_prefecture" FOREIGN KEY ("head_office_prefecture_code") REFERENCES "prefectures"("code")',
      'ALTER TABLE "users" ADD CONSTRAINT "fk_users_vendor" FOREIGN KEY ("vendor_id") REFERENCES "vendors"("id")',
      'ALTER TABLE "users" ADD CONSTRAINT "fk_users_evaluator" FOREIGN KEY ("evaluator_id") REFERENCES "evaluators"("id") DEFERRABLE INITIALLY DEFERRED',
      'ALTER TABLE "vendor_call_regions" ADD CONSTRAINT "fk_vendor_call_regions_call" FOREIGN KEY ("call_id") REFERENCES "calls"("id") ON DELETE CASCADE',
      'ALTER TABLE "vendor_call_regions" ADD CONSTRAINT "fk_vendor_call_regions_region" FOREIGN KEY ("candidate_region_id") REFERENCES "candidate_regions"("id")',
      'ALTER TABLE "inquiries" ADD CONSTRAINT "fk_inquiries_call" FOREIGN KEY ("call_id") REFERENCES "calls"("id")',
      'ALTER TABLE "inquiries" ADD CONSTRAINT "fk_inquiries_region" FOREIGN KEY ("candidate_region_id") REFERENCES "candidate_regions"("id")',
      'ALTER TABLE "inquiries" ADD CONSTRAINT "fk_inquiries_vendor" FOREIGN KEY ("vendor_id") REFERENCES "vendors"("id")',
      'ALTER TABLE "vendor_applications" ADD CONSTRAINT "fk_vendor_applications_call" FOREIGN KEY ("call_id") REFERENCES "calls"("id")',
      'ALTER TABLE "vendor_applications" ADD CONSTRAINT "fk_vendor_applications_vendor" FOREIGN KEY ("vendor_id") REFERENCES "vendors"("id")',
      "ALTER TABLE \"vendor_applications\" ADD CONSTRAINT \"ck_vendor_applications_status\" CHECK (status IN ('DRAFT','SUBMITTED','WITHDRAWN'))",
      'ALTER TABLE "vendor_applications" ADD CONSTRAINT "ck_vendor_applications_capacity" CHECK (capacity IS NULL OR capacity >= 1)',
      'CREATE INDEX "idx_vendor_applications_vendor" ON "vendor_applications" ("vendor_id")',
      'ALTER TABLE "region_proposals" ADD CONSTRAINT "fk_region_proposals_application" FOREIGN KEY ("application_id") REFERENCES "vendor_applications"("id") ON DELETE CASCADE',
      'ALTER TABLE "region_proposals" ADD CONSTRAINT "fk_region_proposals_region" FOREIGN KEY ("candidate_region_id") REFERENCES "candidate_regions"("id")',
      'ALTER TABLE "region_proposals" ADD CONSTRAINT "ck_region_proposals_budget" CHECK (budget_yen >= 0)',
      'ALTER TABLE "evaluation_settings" ADD CONSTRAINT "fk_evaluation_settings_call" FOREIGN KEY ("call_id") REFERENCES "calls"("id") ON DELETE CASCADE',
      'ALTER TABLE "evaluation_criteria" ADD CONSTRAINT "fk_evaluation_criteria_call" FOREIGN KEY ("call_id") REFERENCES "calls"("id") ON DELETE CASCADE',
      'ALTER TABLE "evaluation_criteria" ADD CONSTRAINT "ck_evaluation_criteria_points" CHECK (max_points > 0 AND weight > 0 AND (min_points IS NULL OR (min_points >= 0 AND min_points <= max_points)))',
      'ALTER TABLE "evaluators" ADD CONSTRAINT "fk_evaluators_user" FOREIGN KEY ("user_id") REFERENCES "users"("id")',
      'ALTER TABLE "panel_members" ADD CONSTRAINT "fk_panel_members_call" FOREIGN KEY ("call_id") REFERENCES "calls"("id") ON DELETE CASCADE',
      'ALTER TABLE "panel_members" ADD CONSTRAINT "fk_panel_members_evaluator" FOREIGN KEY ("evaluator_id") REFERENCES "evaluators"("id")',
      'ALTER TABLE "panel_members" ADD CONSTRAINT "ck_panel_members_load" CHECK (min_load >= 0 AND min_load <= max_load)',
      'ALTER TABLE "conflicts_of_interest" ADD CONSTRAINT "fk_conflicts_evaluator" FOREIGN KEY ("evaluator_id") REFERENCES "evaluators"("id")',
      'ALTER TABLE "conflicts_of_interest" ADD CONSTRAINT "ck_conflicts_target" CHECK ((corporate_number IS NULL) <> (prefecture_code IS NULL))',
      "ALTER TABLE \"conflicts_of_interest\" ADD CONSTRAINT \"ck_conflicts_kind\" CHECK (kind IN ('EMPLOYMENT','RECENT_COLLABORATION','ADVISORY','FINANCIAL','PERSONAL','OTHER'))",
      'CREATE INDEX "idx_conflicts_corporate_number" ON "conflicts_of_interest" ("corporate_number")',
      'ALTER TABLE "assignments" ADD CONSTRAINT "fk_assignments_call" FOREIGN KEY ("call_id") REFERENCES "calls"("id")',
      'ALTER TABLE "assignments" ADD CONSTRAINT "fk_assignments_proposal" FOREIGN KEY ("proposal_id") REFERENCES "region_proposals"("id") ON DELETE CASCADE',
      'ALTER TABLE "assignments" ADD CONSTRAINT "fk_assignments_evaluator" FOREIGN KEY ("evaluator_id") REFERENCES "evaluators"("id")',
      'ALTER TABLE "assignments" ADD CONSTRAINT "ck_assignments_status" CHECK (status IN (\'PROPOSED\',\'CONFIRMED\'))',
      'CREATE INDEX "idx_assignments_call" ON "assignments" ("call_id")',
      'ALTER TABLE "score_sheets" ADD CONSTRAINT "fk_score_sheets_proposal" FOREIGN KEY ("proposal_id") REFERENCES "region_proposals"("id") ON DELETE CASCADE',
      'ALTER TABLE "score_sheets" ADD CONSTRAINT "fk_score_sheets_evaluator" FOREIGN KEY ("evaluator_id") REFERENCES "evaluators"("id")',
      'ALTER TABLE "score_sheets" ADD CONSTRAINT "ck_score_sheets_status" CHECK (status IN (\'DRAFT\',\'SUBMITTED\'))',
      'ALTER TABLE "scores" ADD CONSTRAINT "fk_scores_sheet" FOREIGN KEY ("sheet_id") REFERENCES "score_sheets"("id") ON DELETE CASCADE',
      'ALTER TABLE "scores" ADD CONSTRAINT "fk_scores_criterion" FOREIGN KEY ("criterion_id") REFERENCES "evaluation_criteria"("id")',
      'ALTER TABLE "scores" ADD CONSTRAINT "ck_scores_points" CHECK (points >= 0)',
    ])
      await q.query(sql);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "users" DROP CONSTRAINT IF EXISTS "fk_users_vendor"');
    await q.query('ALTER TABLE "users" DROP CONSTRAINT IF EXISTS "fk_users_evaluator"');
    for (const t of [
      'scores',
      'score_sheets',
      'assignments',
      'conflicts_of_interest',
      'panel_members',
      'evaluation_criteria',
      'evaluation_settings',
      'region_proposals',
      'vendor_applications',
      'inquiries',
      'vendor_call_regions',
    ])
      await q.query(`DROP TABLE IF EXISTS "${t}" CASCADE`);
    await q.query('DROP TABLE IF EXISTS "evaluators" CASCADE');
    await q.query('DROP TABLE IF EXISTS "vendors" CASCADE');
    await q.query('ALTER TABLE "calls" DROP COLUMN IF EXISTS "region_call_id", DROP COLUMN IF EXISTS "questions_close_at"');
  }
}
