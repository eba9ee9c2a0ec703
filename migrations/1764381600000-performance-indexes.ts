import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the hot read paths, chosen from EXPLAIN ANALYZE on the national-scale benchmark data (docs/PERFORMANCE.md):
 * - a region's published questions and answers (W3, CandidateRegion.publishedInquiries): inquiries had only a call index,
 *   so every region detail scanned the call's questions;
 * - the candidate-region list page (W2) in its order (prefecture, id): a page is read from the index instead of
 *   sorting every region of the call.
 */
export class PerformanceIndexes1764381600000 implements MigrationInterface {
  name = 'PerformanceIndexes1764381600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX "idx_inquiries_region_published" ON "inquiries" ("candidate_region_id", "published_at") WHERE published_at IS NOT NULL');
    await q.query('CREATE INDEX "idx_candidate_regions_page" ON "candidate_regions" ("prefecture_code", "id")');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS "idx_candidate_regions_page"');
    await q.query('DROP INDEX IF EXISTS "idx_inquiries_region_published"');
  }
}
