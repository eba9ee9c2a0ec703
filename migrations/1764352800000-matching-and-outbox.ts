import { MigrationInterface, QueryRunner } from 'typeorm';

/** Matching runs with their matches, unsupported regions and events; the notification outbox. */
export class MatchingAndOutbox1764352800000 implements MigrationInterface {
  name = 'MatchingAndOutbox1764352800000';

  public async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      'CREATE TABLE "matching_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "call_id" uuid NOT NULL, "policy" text NOT NULL, "status" text NOT NULL, "budget_yen" bigint, "solver_status" text NOT NULL, "regions_supported" integer NOT NULL, "total_score" double precision NOT NULL, "total_budget_yen" bigint NOT NULL, "gap" double precision, "seconds" double precision NOT NULL, "input_digest" character(64) NOT NULL, "input_snapshot" jsonb NOT NULL, "comparison" jsonb NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "approved_at" TIMESTAMP WITH TIME ZONE, "approved_by" uuid, "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_c0bebed77bb3aa81e48b4654d40" PRIMARY KEY ("id"))',
      'CREATE INDEX "idx_matching_runs_call" ON "matching_runs"  ("call_id") ',
      'CREATE TABLE "matches" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "run_id" uuid NOT NULL, "candidate_region_id" uuid NOT NULL, "proposal_id" uuid NOT NULL, "vendor_id" uuid NOT NULL, "score" double precision NOT NULL, "rank_in_region" integer, "source" text NOT NULL, "status" text NOT NULL, "explanation" jsonb NOT NULL, "reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8a22c7b2e0828988d51256117f4" PRIMARY KEY ("id"))',
      'CREATE INDEX "idx_matches_run" ON "matches"  ("run_id") ',
      'CREATE TABLE "unsupported_regions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "run_id" uuid NOT NULL, "candidate_region_id" uuid NOT NULL, "reason" text NOT NULL, "detail" text NOT NULL, CONSTRAINT "PK_84ffdcd5d3f0a8fc76f4f6fb02e" PRIMARY KEY ("id"))',
      'CREATE INDEX "idx_unsupported_regions_run" ON "unsupported_regions"  ("run_id") ',
      'CREATE TABLE "match_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "run_id" uuid NOT NULL, "kind" text NOT NULL, "candidate_region_id" uuid NOT NULL, "from_proposal_id" uuid, "to_proposal_id" uuid, "reason" text NOT NULL, "actor_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_34160ac79fb420bdc42a6b24854" PRIMARY KEY ("id"))',
      'CREATE INDEX "idx_match_events_run" ON "match_events"  ("run_id") ',
      'CREATE TABLE "outbox" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dedupe_key" text NOT NULL, "recipient_email" text NOT NULL, "subject" text NOT NULL, "body" text NOT NULL, "status" text NOT NULL DEFAULT \'PENDING\', "attempts" integer NOT NULL DEFAULT \'0\', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "claimed_until" TIMESTAMP WITH TIME ZONE, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_52c6221ea953d3acd726ca982d6" UNIQUE ("dedupe_key"), CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))',
      'CREATE INDEX "idx_outbox_due" ON "outbox"  ("status", "next_attempt_at") ',
      'ALTER TABLE "matching_runs" ADD CONSTRAINT "fk_matching_runs_call" FOREIGN KEY ("call_id") REFERENCES "calls"("id")',
      'ALTER TABLE "matching_runs" ADD CONSTRAINT "ck_matching_runs_policy" CHECK (policy IN (\'OPTIMAL\',\'GREEDY\'))',
      "ALTER TABLE \"matching_runs\" ADD CONSTRAINT \"ck_matching_runs_status\" CHECK (status IN ('PROPOSED','APPROVED','PUBLISHED','SUPERSEDED'))",
      'CREATE UNIQUE INDEX "uq_matching_runs_decided" ON "matching_runs" ("call_id") WHERE status IN (\'APPROVED\',\'PUBLISHED\')',
      'ALTER TABLE "matches" ADD CONSTRAINT "fk_matches_run" FOREIGN KEY ("run_id") REFERENCES "matching_runs"("id") ON DELETE CASCADE',
      'ALTER TABLE "matches" ADD CONSTRAINT "fk_matches_region" FOREIGN KEY ("candidate_region_id") REFERENCES "candidate_regions"("id")',
      'ALTER TABLE "matches" ADD CONSTRAINT "fk_matches_proposal" FOREIGN KEY ("proposal_id") REFERENCES "region_proposals"("id")',
      'ALTER TABLE "matches" ADD CONSTRAINT "fk_matches_vendor" FOREIGN KEY ("vendor_id") REFERENCES "vendors"("id")',
      "ALTER TABLE \"matches\" ADD CONSTRAINT \"ck_matches_source\" CHECK (source IN ('SOLVER','OVERRIDE','AWARD_ORDER'))",
      "ALTER TABLE \"matches\" ADD CONSTRAINT \"ck_matches_status\" CHECK (status IN ('SELECTED','DECLINED','DISQUALIFIED'))",
      'CREATE UNIQUE INDEX "uq_matches_one_selected_per_region" ON "matches" ("run_id", "candidate_region_id") WHERE status = \'SELECTED\'',
      'ALTER TABLE "unsupported_regions" ADD CONSTRAINT "fk_unsupported_regions_run" FOREIGN KEY ("run_id") REFERENCES "matching_runs"("id") ON DELETE CASCADE',
      'ALTER TABLE "unsupported_regions" ADD CONSTRAINT "fk_unsupported_regions_region" FOREIGN KEY ("candidate_region_id") REFERENCES "candidate_regions"("id")',
      'CREATE UNIQUE INDEX "uq_unsupported_regions_run_region" ON "unsupported_regions" ("run_id", "candidate_region_id")',
      "ALTER TABLE \"unsupported_regions\" ADD CONSTRAINT \"ck_unsupported_regions_reason\" CHECK (reason IN ('NO_PROPOSALS','ALL_BELOW_THRESHOLD','ALL_WITHDRAWN_OR_EXCLUDED','LOST_TO_CAPACITY','OVER_BUDGET','DECLINED_NO_ALTERNATIVE'))",
      'ALTER TABLE "match_events" ADD CONSTRAINT "fk_match_events_run" FOREIGN KEY ("run_id") REFERENCES "matching_runs"("id") ON DELETE CASCADE',
      "ALTER TABLE \"outbox\" ADD CONSTRAINT \"ck_outbox_status\" CHECK (status IN ('PENDING','SENT','FAILED'))",
    ])
      await q.query(sql);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of ['match_events', 'unsupported_regions', 'matches', 'matching_runs', 'outbox']) await q.query(`DROP TABLE IF EXISTS "${t}" CASCADE`);
  }
}
