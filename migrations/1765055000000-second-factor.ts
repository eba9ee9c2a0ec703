import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An optional TOTP second factor for staff and evaluators (issue 16): the secret, sealed with a key outside the database
 * (AES-256-GCM, derived from JWT_SECRET), whether it is in force, and the last time step used (a code works once).
 */
export class SecondFactor1765055000000 implements MigrationInterface {
  name = 'SecondFactor1765055000000';

  public async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      'ALTER TABLE "users" ADD COLUMN "totp_secret" text',
      'ALTER TABLE "users" ADD COLUMN "totp_enabled_at" TIMESTAMP WITH TIME ZONE',
      'ALTER TABLE "users" ADD COLUMN "totp_last_step" bigint',
      // The sealed secret joins the masked columns: the audit trail records that it changed, never what it holds.
      "SELECT audit_attach('users', '{email,display_name,password_hash,totp_secret}')",
    ])
      await q.query(sql);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query("SELECT audit_attach('users', '{email,display_name,password_hash}')");
    for (const c of ['totp_last_step', 'totp_enabled_at', 'totp_secret']) await q.query(`ALTER TABLE "users" DROP COLUMN IF EXISTS "${c}"`);
  }
}
