import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The ownership facts behind every permission, one `= ANY($1)` statement per question whatever the number of ids.
 * This is the one place whose SQL joins across areas for ownership (calls' applications and partners, bidding's bids,
 * evaluation's assignments and conflicts, engagement's engagements and reports, the documents): it reads by table
 * name, so it imports no area and every area may call it: the one exception to "an area's SQL names only its own tables".
 */
@Injectable()
export class AccessRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Inside a write's transaction the caller passes its manager (PGlite lends its one session to one runner at a time). */
  private q<T>(m: EntityManager | undefined, sql: string, params: unknown[]): Promise<T[]> {
    return (m ?? this.db.manager).query(sql, params);
  }

  async applicationsOfPrefecture(ids: readonly string[], prefectureCode: string, m?: EntityManager): Promise<string[]> {
    const rows = await this.q<{ id: string }>(m, 'SELECT id FROM region_applications WHERE id = ANY($1) AND prefecture_code = $2', [[...ids], prefectureCode]);
    return rows.map((r) => r.id);
  }

  async applicationsWithPartner(ids: readonly string[], municipalityCode: string, m?: EntityManager): Promise<string[]> {
    const rows = await this.q<{ application_id: string }>(
      m,
      'SELECT application_id FROM partner_municipalities WHERE application_id = ANY($1) AND municipality_code = $2',
      [[...ids], municipalityCode],
    );
    return rows.map((r) => r.application_id);
  }

  async vendorApplicationsOfVendor(ids: readonly string[], vendorId: string, m?: EntityManager): Promise<string[]> {
    const rows = await this.q<{ id: string }>(m, 'SELECT id FROM vendor_applications WHERE id = ANY($1) AND vendor_id = $2', [[...ids], vendorId]);
    return rows.map((r) => r.id);
  }

  /** Inquiries about a candidate region of the prefecture. */
  async inquiriesOfPrefecture(ids: readonly string[], prefectureCode: string, m?: EntityManager): Promise<string[]> {
    const rows = await this.q<{ id: string }>(
      m,
      'SELECT i.id FROM inquiries i JOIN candidate_regions r ON r.id = i.candidate_region_id WHERE i.id = ANY($1) AND r.prefecture_code = $2',
      [[...ids], prefectureCode],
    );
    return rows.map((r) => r.id);
  }

  /** The partnerships a memorandum document backs. */
  memorandumPartners(documentIds: readonly string[], m?: EntityManager): Promise<Array<{ document_id: string; municipality_code: string }>> {
    return this.q(m, 'SELECT memorandum_document_id AS document_id, municipality_code FROM partner_municipalities WHERE memorandum_document_id = ANY($1)', [
      [...documentIds],
    ]);
  }

  /** Engagements with the parties that read them. */
  engagementParties(
    ids: readonly string[],
    m?: EntityManager,
  ): Promise<Array<{ id: string; vendor_id: string; prefecture_code: string; application_id: string }>> {
    return this.q(m, 'SELECT id, vendor_id, prefecture_code, application_id FROM engagements WHERE id = ANY($1)', [[...ids]]);
  }

  async engagementsWithPartner(ids: readonly string[], municipalityCode: string, m?: EntityManager): Promise<string[]> {
    const rows = await this.q<{ id: string }>(
      m,
      `SELECT e.id FROM engagements e
        WHERE e.id = ANY($1) AND EXISTS (SELECT 1 FROM partner_municipalities p WHERE p.application_id = e.application_id AND p.municipality_code = $2)`,
      [[...ids], municipalityCode],
    );
    return rows.map((r) => r.id);
  }

  /** The engagements whose reports cite these documents. */
  reportDocumentEngagements(documentIds: readonly string[]): Promise<Array<{ document_id: string; engagement_id: string }>> {
    return this.q(
      undefined,
      `SELECT DISTINCT d.id AS document_id, r.engagement_id
         FROM engagement_reports r CROSS JOIN LATERAL jsonb_array_elements_text(r.document_ids) AS d(id)
        WHERE d.id = ANY($1::text[])`,
      [[...documentIds]],
    );
  }

  /** The proposals that cite these documents. */
  proposalDocuments(documentIds: readonly string[]): Promise<Array<{ document_id: string; proposal_id: string }>> {
    return this.q(
      undefined,
      `SELECT DISTINCT d.id AS document_id, p.id AS proposal_id
         FROM region_proposals p CROSS JOIN LATERAL jsonb_array_elements_text(p.document_ids) AS d(id)
        WHERE d.id = ANY($1::text[])`,
      [[...documentIds]],
    );
  }

  /**
   * What the sealed-bid rule needs of each bid: its vendor, whether it is submitted, its region's prefecture, the
   * vendor call's deadline and status, whether it won its region in a published decision, the vendor's 法人番号, and
   * (for an evaluator) whether that evaluator holds a confirmed assignment to it.
   */
  bidFacts(
    proposalIds: readonly string[],
    evaluatorId: string | null,
  ): Promise<
    Array<{
      id: string;
      vendor_id: string;
      status: string;
      region_prefecture_code: string;
      closes_at: Date | string;
      call_status: string;
      corporate_number: string;
      awarded: boolean;
      assigned: boolean;
    }>
  > {
    return this.q(
      undefined,
      `SELECT p.id, a.vendor_id, a.status, r.prefecture_code AS region_prefecture_code, k.closes_at, k.status AS call_status,
              v.corporate_number,
              EXISTS (SELECT 1 FROM matches x JOIN matching_runs u ON u.id = x.run_id
                       WHERE x.proposal_id = p.id AND x.status = 'SELECTED' AND u.status = 'PUBLISHED') AS awarded,
              ($2::uuid IS NOT NULL AND EXISTS (SELECT 1 FROM assignments s
                       WHERE s.proposal_id = p.id AND s.evaluator_id = $2::uuid AND s.status = 'CONFIRMED')) AS assigned
         FROM region_proposals p
         JOIN vendor_applications a ON a.id = p.application_id
         JOIN vendors v ON v.id = a.vendor_id
         JOIN candidate_regions r ON r.id = p.candidate_region_id
         JOIN calls k ON k.id = a.call_id
        WHERE p.id = ANY($1)`,
      [[...proposalIds], evaluatorId],
    );
  }

  /**
   * The bids behind an evaluator's confirmed assignments (all, or only these ids), in the order assigned, with what the
   * sealed-bid rule and the conflict test need and the vendor call of each; the evaluator's declared conflicts ride
   * along as one JSON list (an uncorrelated subquery, run once): one statement for an evaluator's whole page. With
   * `withRecord`, each bid's proposal row comes along as a JSON record (`record`, its columns by name), so that the
   * evaluator's list needs no second read of the proposals (bidding turns it into its entity). The record is a scalar
   * subquery by primary key, made for the evaluator's rows only: `to_jsonb(p)` on the join's own row made PostgreSQL form
   * the whole row of every proposal its hash join scanned (20,000 at M: 73–99 → 27–45 ms).
   */
  assignedBids(
    evaluatorId: string,
    proposalIds: readonly string[] | null,
    withRecord = false,
  ): Promise<
    Array<{
      id: string;
      call_id: string;
      vendor_id: string;
      status: string;
      region_prefecture_code: string;
      closes_at: Date | string;
      corporate_number: string;
      conflicts: Array<{ corporate_number: string | null; prefecture_code: string | null }> | string;
      record?: Record<string, unknown> | string;
    }>
  > {
    return this.q(
      undefined,
      `SELECT p.id, a.call_id, a.vendor_id, a.status, r.prefecture_code AS region_prefecture_code, k.closes_at, v.corporate_number,
              ${withRecord ? '(SELECT to_jsonb(q) FROM region_proposals q WHERE q.id = p.id) AS record,' : ''}
              (SELECT COALESCE(json_agg(json_build_object('corporate_number', c.corporate_number, 'prefecture_code', c.prefecture_code)), '[]'::json)
                 FROM conflicts_of_interest c WHERE c.evaluator_id = $1) AS conflicts
         FROM assignments x
         JOIN region_proposals p ON p.id = x.proposal_id
         JOIN vendor_applications a ON a.id = p.application_id
         JOIN vendors v ON v.id = a.vendor_id
         JOIN candidate_regions r ON r.id = p.candidate_region_id
         JOIN calls k ON k.id = a.call_id
        WHERE x.evaluator_id = $1 AND x.status = 'CONFIRMED' AND ($2::uuid[] IS NULL OR x.proposal_id = ANY($2::uuid[]))
        ORDER BY x.created_at, p.id`,
      [evaluatorId, proposalIds ? [...proposalIds] : null],
    );
  }

  conflictsOf(evaluatorId: string): Promise<Array<{ evaluator_id: string; corporate_number: string | null; prefecture_code: string | null }>> {
    return this.q(undefined, 'SELECT evaluator_id, corporate_number, prefecture_code FROM conflicts_of_interest WHERE evaluator_id = $1', [evaluatorId]);
  }

  documents(ids: readonly string[]): Promise<Array<{ id: string; purpose: string; owner_vendor_id: string | null; owner_prefecture_code: string | null }>> {
    return this.q(undefined, 'SELECT id, purpose, owner_vendor_id, owner_prefecture_code FROM documents WHERE id = ANY($1)', [[...ids]]);
  }
}
