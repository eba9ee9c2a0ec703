import { MigrationInterface, QueryRunner } from 'typeorm';

/** Signing out ends the session on the server too (issue 13): the token's session id is refused until its expiry. */
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
    ])
      await q.query(sql);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS "revoked_sessions"');
  }
}
