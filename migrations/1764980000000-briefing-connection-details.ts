import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The briefing's connection details (the online link) are mailed when the call says (公募要領5: 「2月15日(土)を目途に」),
 * not at registration: each session has the instant they are sent (existing sessions: their registration deadline), and
 * each registration the instant its details were sent (the claim that sends them once, whichever instance runs the job).
 * The briefing's mails are notices now, to audience `email:<address>` with outbox keys ending in the address: both columns
 * are masked in the audit trail like the addresses themselves (a registrant's address never enters the log).
 */
export class BriefingConnectionDetails1764980000000 implements MigrationInterface {
  name = 'BriefingConnectionDetails1764980000000';

  public async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      'ALTER TABLE "briefing_sessions" ADD COLUMN "connection_details_at" TIMESTAMP WITH TIME ZONE',
      'UPDATE "briefing_sessions" SET "connection_details_at" = "registration_closes_at"',
      'ALTER TABLE "briefing_sessions" ALTER COLUMN "connection_details_at" SET NOT NULL',
      'ALTER TABLE "briefing_sessions" ADD CONSTRAINT "ck_briefing_sessions_connection_details" CHECK (connection_details_at <= starts_at)',
      'ALTER TABLE "briefing_registrations" ADD COLUMN "connection_sent_at" TIMESTAMP WITH TIME ZONE',
      `ALTER TABLE "briefing_registrations" ADD CONSTRAINT "ck_briefing_registrations_connection_sent" CHECK (connection_sent_at IS NULL OR status = 'CONFIRMED')`,
      `CREATE INDEX "idx_briefing_registrations_connection_due" ON "briefing_registrations" ("session_id") WHERE status = 'CONFIRMED' AND connection_sent_at IS NULL`,
      "SELECT audit_attach('notices', '{addressee,body,audience}')",
      "SELECT audit_attach('outbox', '{recipient_email,body,last_error,dedupe_key}')",
    ])
      await q.query(sql);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query("SELECT audit_attach('outbox', '{recipient_email,body,last_error}')");
    await q.query("SELECT audit_attach('notices', '{addressee,body}')");
    await q.query('DROP INDEX IF EXISTS "idx_briefing_registrations_connection_due"');
    await q.query('ALTER TABLE "briefing_registrations" DROP CONSTRAINT IF EXISTS "ck_briefing_registrations_connection_sent"');
    await q.query('ALTER TABLE "briefing_registrations" DROP COLUMN IF EXISTS "connection_sent_at"');
    await q.query('ALTER TABLE "briefing_sessions" DROP CONSTRAINT IF EXISTS "ck_briefing_sessions_connection_details"');
    await q.query('ALTER TABLE "briefing_sessions" DROP COLUMN IF EXISTS "connection_details_at"');
  }
}
