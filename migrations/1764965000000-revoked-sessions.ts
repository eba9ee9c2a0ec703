import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions the server can end (issues 13, 16): signing out refuses that token's session id until its expiry; a password
 * change or a deactivation refuses every token of the account issued before it (users.sessions_not_before).
 */
export class RevokedSessions1764965000000 implements MigrationInterface {
  name = 'RevokedSessions1764965000000';

  public async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE "revoked_sessions" (
        "session_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_revoked_sessions" PRIMARY KEY ("session_id"),
        CONSTRAINT "fk_revoked_sessions_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
      )`,
      'CREATE INDEX "idx_revoked_sessions_expires_at" ON "revoked_sessions" ("expires_at")',
      "SELECT audit_attach('revoked_sessions')",
      'ALTER TABLE "users" ADD COLUMN "sessions_not_before" TIMESTAMP WITH TIME ZONE',
    ])
      await q.query(sql);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "users" DROP COLUMN IF EXISTS "sessions_not_before"');
    await q.query('DROP TABLE IF EXISTS "revoked_sessions"');
  }
}
