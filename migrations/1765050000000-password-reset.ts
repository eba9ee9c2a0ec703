import { MigrationInterface, QueryRunner } from 'typeorm';

/** Password reset by an e-mailed link (issue 16): the link's token hash, single use, short-lived. */
export class PasswordReset1765050000000 implements MigrationInterface {
  name = 'PasswordReset1765050000000';

  public async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE "password_reset_requests" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "token_hash" character(64) NOT NULL,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "spent_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_password_reset_requests" PRIMARY KEY ("id"),
        CONSTRAINT "uq_password_reset_requests_token" UNIQUE ("token_hash"),
        CONSTRAINT "fk_password_reset_requests_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
      )`,
      'CREATE INDEX "idx_password_reset_requests_user" ON "password_reset_requests" ("user_id")',
      "SELECT audit_attach('password_reset_requests')",
    ])
      await q.query(sql);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS "password_reset_requests"');
  }
}
