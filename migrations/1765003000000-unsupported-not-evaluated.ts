import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A region whose proposals nobody could evaluate (every evaluator conflicted) is unsupported for that reason, not
 * "all below the threshold" (issue 16, honest results).
 */
export class UnsupportedNotEvaluated1765003000000 implements MigrationInterface {
  name = 'UnsupportedNotEvaluated1765003000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "unsupported_regions" DROP CONSTRAINT "ck_unsupported_regions_reason"');
    await q.query(
      `ALTER TABLE "unsupported_regions" ADD CONSTRAINT "ck_unsupported_regions_reason" CHECK (reason IN ('NO_PROPOSALS','ALL_BELOW_THRESHOLD','NOT_EVALUATED','ALL_WITHDRAWN_OR_EXCLUDED','LOST_TO_CAPACITY','OVER_BUDGET','DECLINED_NO_ALTERNATIVE'))`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE "unsupported_regions" SET reason = 'ALL_BELOW_THRESHOLD' WHERE reason = 'NOT_EVALUATED'`);
    await q.query('ALTER TABLE "unsupported_regions" DROP CONSTRAINT "ck_unsupported_regions_reason"');
    await q.query(
      `ALTER TABLE "unsupported_regions" ADD CONSTRAINT "ck_unsupported_regions_reason" CHECK (reason IN ('NO_PROPOSALS','ALL_BELOW_THRESHOLD','ALL_WITHDRAWN_OR_EXCLUDED','LOST_TO_CAPACITY','OVER_BUDGET','DECLINED_NO_ALTERNATIVE'))`,
    );
  }
}
