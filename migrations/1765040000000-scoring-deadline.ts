import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The scoring deadline of a vendor call's evaluation (issue 14 item 1): set and moved by the secretariat (every move in
 * the audit trail, as the table is audited), shown to evaluators, enforced when scores are saved or submitted. Null
 * for calls evaluated before it existed: they score until the decision, as before.
 */
export class ScoringDeadline1765040000000 implements MigrationInterface {
  name = 'ScoringDeadline1765040000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "evaluation_settings" ADD COLUMN "scoring_deadline" TIMESTAMP WITH TIME ZONE');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "evaluation_settings" DROP COLUMN "scoring_deadline"');
  }
}
