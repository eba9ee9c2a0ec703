import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Briefing registrations are held until the address confirms them (security round 2, finding 8): a
 * PENDING registration carries the SHA-256 of a single-use token mailed to the address and its expiry;
 * only CONFIRMED ones take a seat. Rows registered before this migration were already counted: CONFIRMED.
 */
export class BriefingConfirmation1764930000000 implements MigrationInterface {
  name = 'BriefingConfirmation1764930000000';

  public async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `ALTER TABLE "briefing_registrations" ADD COLUMN "status" text NOT NULL DEFAULT 'CONFIRMED'`,
      `ALTER TABLE "briefing_registrations" ALTER COLUMN "status" SET DEFAULT 'PENDING'`,
      'ALTER TABLE "briefing_registrations" ADD COLUMN "confirm_token_hash" text',
      'ALTER TABLE "briefing_registrations" ADD COLUMN "confirm_expires_at" TIMESTAMP WITH TIME ZONE',
      'ALTER TABLE "briefing_registrations" ADD COLUMN "confirmed_at" TIMESTAMP WITH TIME ZONE',
      `ALTER TABLE "briefing_registrations" ADD CONSTRAINT "ck_briefing_registrations_status" CHECK (status IN ('PENDING','CONFIRMED'))`,
      // A pending row has a live token; a confirmed one has none left (single use) and the instant it was confirmed.
      `ALTER TABLE "briefing_registrations" ADD CONSTRAINT "ck_briefing_registrations_token" CHECK (
         (status = 'PENDING' AND confirm_token_hash IS NOT NULL AND confirm_expires_at IS NOT NULL)
         OR (status = 'CONFIRMED' AND confirm_token_hash IS NULL))`,
      'CREATE UNIQUE INDEX "uq_briefing_registrations_token" ON "briefing_registrations" ("confirm_token_hash") WHERE confirm_token_hash IS NOT NULL',
      `CREATE INDEX "idx_briefing_registrations_confirmed" ON "briefing_registrations" ("session_id") WHERE status = 'CONFIRMED'`,
    ])
      await q.query(sql);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "briefing_registrations" WHERE status <> 'CONFIRMED'`);
    await q.query('DROP INDEX IF EXISTS "idx_briefing_registrations_confirmed"');
    await q.query('DROP INDEX IF EXISTS "uq_briefing_registrations_token"');
    await q.query('ALTER TABLE "briefing_registrations" DROP CONSTRAINT IF EXISTS "ck_briefing_registrations_token"');
    await q.query('ALTER TABLE "briefing_registrations" DROP CONSTRAINT IF EXISTS "ck_briefing_registrations_status"');
    for (const c of ['confirmed_at', 'confirm_expires_at', 'confirm_token_hash', 'status'])
      await q.query(`ALTER TABLE "briefing_registrations" DROP COLUMN IF EXISTS "${c}"`);
  }
}
