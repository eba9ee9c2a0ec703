import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A 法人番号 may be claimed by a second registration, held as DISPUTED until the secretariat decides (issue 11,
 * finding 9): the unique constraint becomes a partial unique index over the holders (not DISPUTED, not REJECTED),
 * and the secretariat's reason is kept on the row (so the audit trail records it with the decision).
 */
export class CorporateNumberDisputes1764910000000 implements MigrationInterface {
  name = 'CorporateNumberDisputes1764910000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "vendors" DROP CONSTRAINT "UQ_23840a8c096ed1322cfc0d5928c"');
    await q.query(`CREATE UNIQUE INDEX "uq_vendors_corporate_number_holder" ON "vendors" ("corporate_number") WHERE status NOT IN ('DISPUTED','REJECTED')`);
    await q.query('CREATE INDEX "idx_vendors_corporate_number" ON "vendors" ("corporate_number")');
    await q.query('ALTER TABLE "vendors" DROP CONSTRAINT "ck_vendors_status"');
    await q.query(`ALTER TABLE "vendors" ADD CONSTRAINT "ck_vendors_status" CHECK (status IN ('PENDING','APPROVED','SUSPENDED','DISPUTED','REJECTED'))`);
    await q.query('ALTER TABLE "vendors" ADD "status_reason" text');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "vendors" DROP COLUMN "status_reason"');
    await q.query('ALTER TABLE "vendors" DROP CONSTRAINT "ck_vendors_status"');
    await q.query(`ALTER TABLE "vendors" ADD CONSTRAINT "ck_vendors_status" CHECK (status IN ('PENDING','APPROVED','SUSPENDED'))`);
    await q.query('DROP INDEX IF EXISTS "idx_vendors_corporate_number"');
    await q.query('DROP INDEX IF EXISTS "uq_vendors_corporate_number_holder"');
    await q.query('ALTER TABLE "vendors" ADD CONSTRAINT "UQ_23840a8c096ed1322cfc0d5928c" UNIQUE ("corporate_number")');
  }
}
