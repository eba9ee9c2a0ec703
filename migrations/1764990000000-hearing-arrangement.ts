import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How a hearing is held (issue 15: the hearing notice says when and how): online (the place is the meeting's URL) or in
 * person (the place is the venue). Both optional, as hearings scheduled before this migration recorded only a note.
 */
export class HearingArrangement1764990000000 implements MigrationInterface {
  name = 'HearingArrangement1764990000000';

  public async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      'ALTER TABLE "region_applications" ADD COLUMN "hearing_format" text',
      'ALTER TABLE "region_applications" ADD COLUMN "hearing_place" text',
      `ALTER TABLE "region_applications" ADD CONSTRAINT "ck_region_applications_hearing_format" CHECK (hearing_format IN ('ONLINE','IN_PERSON'))`,
    ])
      await q.query(sql);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const sql of [
      'ALTER TABLE "region_applications" DROP CONSTRAINT "ck_region_applications_hearing_format"',
      'ALTER TABLE "region_applications" DROP COLUMN "hearing_place"',
      'ALTER TABLE "region_applications" DROP COLUMN "hearing_format"',
    ])
      await q.query(sql);
  }
}
