import { MigrationInterface, QueryRunner } from 'typeorm';

/** Briefing sessions (説明会) and their registrations. */
export class Briefing1764360000000 implements MigrationInterface {
  name = 'Briefing1764360000000';

  public async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      'CREATE TABLE "briefing_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "program_id" uuid NOT NULL, "title" text NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "online_url" text NOT NULL, "capacity" integer NOT NULL, "registration_closes_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closed_early_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0daa0d8e56c025bd9b1233ee973" PRIMARY KEY ("id"))',
      'CREATE INDEX "idx_briefing_sessions_program" ON "briefing_sessions"  ("program_id") ',
      'CREATE TABLE "briefing_registrations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_id" uuid NOT NULL, "name" text NOT NULL, "organisation" text NOT NULL, "kind" text NOT NULL, "email" text NOT NULL, "consent_to_recording" boolean NOT NULL, "registered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_briefing_registrations_email" UNIQUE ("session_id", "email"), CONSTRAINT "PK_e6a448a9d8cd65a5daab2274820" PRIMARY KEY ("id"))',
      'ALTER TABLE "briefing_sessions" ADD CONSTRAINT "fk_briefing_sessions_program" FOREIGN KEY ("program_id") REFERENCES "programs"("id")',
      'ALTER TABLE "briefing_sessions" ADD CONSTRAINT "ck_briefing_sessions_times" CHECK (starts_at < ends_at AND registration_closes_at <= starts_at AND capacity >= 1)',
      'ALTER TABLE "briefing_registrations" ADD CONSTRAINT "fk_briefing_registrations_session" FOREIGN KEY ("session_id") REFERENCES "briefing_sessions"("id") ON DELETE CASCADE',
      "ALTER TABLE \"briefing_registrations\" ADD CONSTRAINT \"ck_briefing_registrations_kind\" CHECK (kind IN ('LOCAL_GOVERNMENT','PROSPECTIVE_VENDOR','RELATED_AGENCY'))",
      'ALTER TABLE "briefing_registrations" ADD CONSTRAINT "ck_briefing_registrations_consent" CHECK (consent_to_recording)',
    ])
      await q.query(sql);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of ['briefing_registrations', 'briefing_sessions']) await q.query(`DROP TABLE IF EXISTS "${t}" CASCADE`);
  }
}
