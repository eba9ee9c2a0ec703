import { MigrationInterface, QueryRunner } from 'typeorm';

/** The Japanese reason a region was left without support, as the result notice words it (UNSUPPORTED_REASON_JA, 2026-12). */
const REASON_JA: Record<string, string> = {
  NO_PROPOSALS: '応募した事業者がありませんでした。',
  ALL_BELOW_THRESHOLD: '応募した事業者がいずれも評価基準を満たしませんでした。',
  NOT_EVALUATED: '応募のあった提案を、利益相反のない評価委員が評価できなかったため、選定を行えませんでした。',
  ALL_WITHDRAWN_OR_EXCLUDED: '応募した事業者がいずれも辞退または除外となりました。',
  LOST_TO_CAPACITY: '基準を満たした事業者がいずれも他の地域で選定され、支援可能数に達しました。',
  OVER_BUDGET: '事業全体の予算の範囲内で選定できませんでした。',
  DECLINED_NO_ALTERNATIVE: '選定事業者が辞退し、他に選定できる事業者がありませんでした。',
};

/**
 * The reason a region was left without support in Japanese (issue 14, item 4): `detail_ja`, written beside the English
 * `detail` with the same numbers and names. Rows stored before have no numbers to reword: they get the reason's
 * Japanese sentence (a copy of UnsupportedRegion.reasonJa).
 */
export class UnsupportedDetailJa1765130000000 implements MigrationInterface {
  name = 'UnsupportedDetailJa1765130000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "unsupported_regions" ADD COLUMN "detail_ja" text NOT NULL DEFAULT ''`);
    for (const [reason, ja] of Object.entries(REASON_JA)) {
      await q.query(`UPDATE "unsupported_regions" SET "detail_ja" = $1 WHERE "reason" = $2`, [ja, reason]);
    }
    await q.query(`ALTER TABLE "unsupported_regions" ALTER COLUMN "detail_ja" DROP DEFAULT`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "unsupported_regions" DROP COLUMN "detail_ja"`);
  }
}
