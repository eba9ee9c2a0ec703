import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { clockNow, DeferredRead, idsParam as ids, inWriteTransaction, runDeferredRead, Writer } from '@app/core';
import { VendorApplicationStatus, VendorStatus } from './domain/vendor-kind';
import { Inquiry, RegionProposal, Vendor, VendorApplication, VendorCallRegion } from './entities';

/** Every query of the bidding area: vendors, vendor calls' regions, inquiries, applications, proposals. */
@Injectable()
export class BiddingRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private m(m?: EntityManager): EntityManager {
    return m ?? this.db.manager;
  }

  /** A write's unit of work, recorded in the audit trail as `writer`'s. */
  transaction<T>(writer: Writer, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return inWriteTransaction(this.db, writer, work);
  }

  // Vendors -----------------------------------------------------------------------------

  vendorsByIds(values: readonly string[], m?: EntityManager): Promise<Vendor[]> {
    return this.m(m).getRepository(Vendor).createQueryBuilder('v').where('v.id = ANY(:ids)', ids(values)).getMany();
  }

  /** `[id, name]` of these vendors as plain tuples (a matching run names 450 of them at national scale: no entities). */
  async vendorNames(values: readonly string[]): Promise<Array<[string, string]>> {
    if (!values.length) return [];
    const rows: Array<{ id: string; name: string }> = await this.db.query('SELECT id, name FROM vendors WHERE id = ANY($1)', [[...values]]);
    return rows.map((r) => [r.id, r.name]);
  }

  /** The vendor that holds a 法人番号 (not a DISPUTED or REJECTED claim to it); `lock` for a dispute decision. */
  corporateNumberHolder(corporateNumber: string, m?: EntityManager, lock = false): Promise<Vendor | null> {
    const q = this.m(m)
      .getRepository(Vendor)
      .createQueryBuilder('v')
      .where('v.corporate_number = :corporateNumber', { corporateNumber })
      .andWhere('v.status NOT IN (:...claims)', { claims: [VendorStatus.DISPUTED, VendorStatus.REJECTED] });
    if (lock) q.setLock('pessimistic_write');
    return q.getOne();
  }

  lockVendor(id: string, m: EntityManager): Promise<Vendor | null> {
    return m.getRepository(Vendor).createQueryBuilder('v').where('v.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  listVendors(status?: string): Promise<Vendor[]> {
    const q = this.db.getRepository(Vendor).createQueryBuilder('v');
    if (status) q.where('v.status = :status', { status });
    return q.orderBy('v.registered_at', 'ASC').getMany();
  }

  insertVendor(m: EntityManager, v: Partial<Vendor>): Promise<Vendor> {
    const repo = m.getRepository(Vendor);
    return repo.save(repo.create(v));
  }

  saveVendor(m: EntityManager, v: Vendor): Promise<Vendor> {
    return m.getRepository(Vendor).save(v);
  }

  // Vendor call regions ------------------------------------------------------------------

  /** The regions a vendor call lists (ids only: 1,741 at national scale, read without entities). */
  async regionIdsOfCall(callId: string, m?: EntityManager): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.m(m).query('SELECT candidate_region_id AS id FROM vendor_call_regions WHERE call_id = $1', [callId]);
    return rows.map((r) => r.id);
  }

  async callsListingRegions(regionIds: readonly string[], m?: EntityManager): Promise<string[]> {
    const rows: Array<{ call_id: string }> = await this.m(m).query('SELECT DISTINCT call_id FROM vendor_call_regions WHERE candidate_region_id = ANY($1)', [
      [...regionIds],
    ]);
    return rows.map((r) => r.call_id);
  }

  regionIdsByCallIds(callIds: readonly string[]): Promise<VendorCallRegion[]> {
    return this.db.getRepository(VendorCallRegion).createQueryBuilder('r').where('r.call_id = ANY(:ids)', ids(callIds)).getMany();
  }

  async replaceCallRegions(m: EntityManager, callId: string, regionIds: string[]): Promise<void> {
    await m.getRepository(VendorCallRegion).delete({ callId });
    if (regionIds.length) await m.getRepository(VendorCallRegion).insert(regionIds.map((candidateRegionId) => ({ callId, candidateRegionId })));
  }

  /** The submitted applications of a call with the regions each proposes for, locked (a material change decides on them). */
  async submittedBidsOfCall(m: EntityManager, callId: string): Promise<Array<{ applicationId: string; vendorId: string; regionIds: string[] }>> {
    const rows: Array<{ id: string; vendor_id: string; region_ids: string[] }> = await m.query(
      `SELECT a.id, a.vendor_id,
              COALESCE((SELECT array_agg(p.candidate_region_id::text ORDER BY p.candidate_region_id) FROM region_proposals p WHERE p.application_id = a.id), '{}') AS region_ids
         FROM vendor_applications a
        WHERE a.call_id = $1 AND a.status = 'SUBMITTED'
        ORDER BY a.id
          FOR UPDATE OF a`,
      [callId],
    );
    return rows.map((r) => ({ applicationId: r.id, vendorId: r.vendor_id, regionIds: r.region_ids }));
  }

  /** These submitted applications go back to draft (a material change of the call that touches them). */
  async returnSubmittedToDraft(m: EntityManager, applicationIds: readonly string[], notice: string): Promise<VendorApplication[]> {
    if (!applicationIds.length) return [];
    const rows: VendorApplication[] = await m
      .getRepository(VendorApplication)
      .createQueryBuilder()
      .update()
      .set({ status: VendorApplicationStatus.DRAFT, submittedAt: null, returnedNotice: notice, version: () => 'version + 1', updatedAt: clockNow(m) })
      .where('id = ANY(:ids) AND status = :s', { ids: [...applicationIds], s: VendorApplicationStatus.SUBMITTED })
      .returning('*')
      .execute()
      .then((r) => r.raw as VendorApplication[]);
    return rows;
  }

  /** Vendors with a proposal for the region in the call (draft or submitted) or a question about it: who hears its answers. */
  async vendorsInterestedInRegion(m: EntityManager, callId: string, regionId: string): Promise<string[]> {
    const rows: Array<{ vendor_id: string }> = await m.query(
      `SELECT a.vendor_id FROM vendor_applications a JOIN region_proposals p ON p.application_id = a.id
        WHERE a.call_id = $1 AND p.candidate_region_id = $2
       UNION
       SELECT i.vendor_id FROM inquiries i WHERE i.call_id = $1 AND i.candidate_region_id = $2
       ORDER BY 1`,
      [callId, regionId],
    );
    return rows.map((r) => r.vendor_id);
  }

  /** Proposals per region of a call, by application status: the secretariat's early warning. */
  async proposalCountsByRegion(callId: string): Promise<Array<{ candidateRegionId: string; submitted: number; draft: number }>> {
    const rows: Array<{ candidate_region_id: string; submitted: number; draft: number }> = await this.db.query(
      `SELECT r.candidate_region_id,
              count(p.id) FILTER (WHERE a.status = 'SUBMITTED')::int AS submitted,
              count(p.id) FILTER (WHERE a.status = 'DRAFT')::int AS draft
         FROM vendor_call_regions r
         LEFT JOIN region_proposals p ON p.candidate_region_id = r.candidate_region_id
         LEFT JOIN vendor_applications a ON a.id = p.application_id AND a.call_id = r.call_id
        WHERE r.call_id = $1
        GROUP BY r.candidate_region_id
        ORDER BY r.candidate_region_id`,
      [callId],
    );
    return rows.map((r) => ({ candidateRegionId: r.candidate_region_id, submitted: r.submitted, draft: r.draft }));
  }

  /**
   * Per vendor call and listed region: proposals submitted and in draft, and the ids of the submitted ones (what the
   * dashboard counts assignments and sheets of). One statement for all the calls.
   */
  async proposalCountsOfCalls(
    callIds: readonly string[],
  ): Promise<Array<{ callId: string; candidateRegionId: string; submitted: number; draft: number; submittedIds: string[] }>> {
    const rows: Array<{ call_id: string; candidate_region_id: string; submitted: number; draft: number; submitted_ids: string[] }> = await this.db.query(
      `SELECT r.call_id, r.candidate_region_id,
              count(DISTINCT p.id) FILTER (WHERE a.status = 'SUBMITTED')::int AS submitted,
              count(DISTINCT p.id) FILTER (WHERE a.status = 'DRAFT')::int AS draft,
              COALESCE(json_agg(DISTINCT p.id) FILTER (WHERE a.status = 'SUBMITTED'), '[]'::json) AS submitted_ids
         FROM vendor_call_regions r
         LEFT JOIN region_proposals p ON p.candidate_region_id = r.candidate_region_id
         LEFT JOIN vendor_applications a ON a.id = p.application_id AND a.call_id = r.call_id
        WHERE r.call_id = ANY($1)
        GROUP BY r.call_id, r.candidate_region_id
        ORDER BY r.call_id, r.candidate_region_id`,
      [[...callIds]],
    );
    return rows.map((r) => ({
      callId: r.call_id,
      candidateRegionId: r.candidate_region_id,
      submitted: r.submitted,
      draft: r.draft,
      submittedIds: r.submitted_ids,
    }));
  }

  /**
   * What aggregating a call needs of its submitted proposals (application submitted, region still listed by the call),
   * with the vendor's 法人番号 for the conflict test and the budget: one statement, no entities.
   */
  async aggregationProposals(
    callId: string,
  ): Promise<Array<{ id: string; regionId: string; vendorId: string; corporateNumber: string; submittedAt: Date; budgetYen: number }>> {
    const rows: Array<{ id: string; region_id: string; vendor_id: string; corporate_number: string; submitted_at: string | Date; budget_yen: number }> =
      await this.db.query(
        `SELECT p.id, p.candidate_region_id AS region_id, a.vendor_id, v.corporate_number, a.submitted_at, p.budget_yen
           FROM region_proposals p
           JOIN vendor_applications a ON a.id = p.application_id
           JOIN vendors v ON v.id = a.vendor_id
           JOIN vendor_call_regions r ON r.call_id = a.call_id AND r.candidate_region_id = p.candidate_region_id
          WHERE a.call_id = $1 AND a.status = 'SUBMITTED'
          ORDER BY p.id`,
        [callId],
      );
    return rows.map((r) => ({
      id: r.id,
      regionId: r.region_id,
      vendorId: r.vendor_id,
      corporateNumber: r.corporate_number,
      submittedAt: new Date(r.submitted_at),
      budgetYen: Number(r.budget_yen),
    }));
  }

  /**
   * The same proposals as `aggregationProposals`, as one JSON text built by PostgreSQL (`PackedCallAggregation.proposalsJson`
   * in @app/evaluation: `[[id, regionId, vendorId, corporateNumber, submittedAt ms, budgetYen], …]`): the matching parses
   * it in its worker thread instead of the event loop parsing 20,000 rows. submittedAt is truncated to the millisecond,
   * as the driver's Date is. Unordered (the worker orders them by id, as `aggregationProposals` is).
   */
  aggregationProposalsJson(callId: string): Promise<string> {
    return runDeferredRead((sql, params) => this.db.query(sql, params), this.aggregationProposalsJsonRead(callId));
  }

  /** `aggregationProposalsJson`'s statement, for a thread with a connection of its own to run (the matching's worker). */
  aggregationProposalsJsonRead(callId: string): DeferredRead {
    return {
      sql: `SELECT coalesce(json_agg(json_build_array(p.id, p.candidate_region_id, a.vendor_id, v.corporate_number,
                                                     floor(extract(epoch FROM a.submitted_at) * 1000)::bigint, p.budget_yen)), '[]')::text AS proposals
              FROM region_proposals p
              JOIN vendor_applications a ON a.id = p.application_id
              JOIN vendors v ON v.id = a.vendor_id
              JOIN vendor_call_regions r ON r.call_id = a.call_id AND r.candidate_region_id = p.candidate_region_id
             WHERE a.call_id = $1 AND a.status = 'SUBMITTED'`,
      params: [callId],
    };
  }

  /** Per submitted application of the call: its vendor, the capacity it declared and whether the vendor is approved (the matching's vendors). */
  async submittedCapacities(callId: string): Promise<Array<{ vendorId: string; capacity: number | null; approved: boolean }>> {
    const rows: Array<{ vendor_id: string; capacity: number | null; status: string }> = await this.db.query(
      `SELECT a.vendor_id, a.capacity, v.status
         FROM vendor_applications a
         JOIN vendors v ON v.id = a.vendor_id
        WHERE a.call_id = $1 AND a.status = 'SUBMITTED'
        ORDER BY a.submitted_at, a.id`,
      [callId],
    );
    return rows.map((r) => ({ vendorId: r.vendor_id, capacity: r.capacity, approved: r.status === VendorStatus.APPROVED }));
  }

  // Inquiries --------------------------------------------------------------------------------

  inquiryById(id: string, m?: EntityManager): Promise<Inquiry | null> {
    return this.m(m).getRepository(Inquiry).findOne({ where: { id } });
  }

  /** The inquiry row locked for the caller's transaction: two answers in a row, never interleaved. */
  lockInquiry(m: EntityManager, id: string): Promise<Inquiry | null> {
    return m.getRepository(Inquiry).createQueryBuilder('i').setLock('pessimistic_write').where('i.id = :id', { id }).getOne();
  }

  saveInquiry(m: EntityManager, i: Partial<Inquiry>): Promise<Inquiry> {
    const repo = m.getRepository(Inquiry);
    return repo.save(repo.create(i));
  }

  /** Inquiries of a call a reader may see: its own (vendor), its regions' (prefecture), all (staff), plus every published one. */
  listInquiries(f: { callId: string; vendorId?: string; regionIds?: string[]; all?: boolean; candidateRegionId?: string }): Promise<Inquiry[]> {
    const q = this.db.getRepository(Inquiry).createQueryBuilder('i').where('i.call_id = :callId', { callId: f.callId });
    if (f.candidateRegionId) q.andWhere('i.candidate_region_id = :rid', { rid: f.candidateRegionId });
    if (!f.all) {
      const own: string[] = ['i.published_at IS NOT NULL'];
      if (f.vendorId) own.push('i.vendor_id = :vid');
      if (f.regionIds?.length) own.push('i.candidate_region_id = ANY(:rids)');
      q.andWhere(`(${own.join(' OR ')})`, { vid: f.vendorId, rids: f.regionIds });
    }
    return q.orderBy('i.asked_at', 'ASC').addOrderBy('i.id', 'ASC').getMany();
  }

  publishedInquiriesByRegionIds(regionIds: readonly string[]): Promise<Inquiry[]> {
    return this.db
      .getRepository(Inquiry)
      .createQueryBuilder('i')
      .where('i.candidate_region_id = ANY(:ids) AND i.published_at IS NOT NULL', ids(regionIds))
      .orderBy('i.published_at', 'ASC')
      .getMany();
  }

  // Applications and proposals ----------------------------------------------------------------

  applicationsByIds(values: readonly string[], m?: EntityManager): Promise<VendorApplication[]> {
    return this.m(m).getRepository(VendorApplication).createQueryBuilder('a').where('a.id = ANY(:ids)', ids(values)).getMany();
  }

  applicationOf(callId: string, vendorId: string, m?: EntityManager): Promise<VendorApplication | null> {
    return this.m(m).getRepository(VendorApplication).findOne({ where: { callId, vendorId } });
  }

  applicationsOfVendor(vendorId: string): Promise<VendorApplication[]> {
    return this.db.getRepository(VendorApplication).find({ where: { vendorId }, order: { createdAt: 'DESC' } });
  }

  listApplications(callId: string, statuses: VendorApplicationStatus[]): Promise<VendorApplication[]> {
    return this.db
      .getRepository(VendorApplication)
      .createQueryBuilder('a')
      .where('a.call_id = :callId AND a.status = ANY(:statuses)', { callId, statuses })
      .orderBy('a.submitted_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .getMany();
  }

  insertApplication(m: EntityManager, a: Partial<VendorApplication>): Promise<VendorApplication> {
    const repo = m.getRepository(VendorApplication);
    return repo.save(repo.create(a));
  }

  saveApplication(m: EntityManager, a: VendorApplication): Promise<VendorApplication> {
    return m.getRepository(VendorApplication).save(a);
  }

  proposalsByApplicationIds(values: readonly string[], m?: EntityManager): Promise<RegionProposal[]> {
    return this.m(m)
      .getRepository(RegionProposal)
      .createQueryBuilder('p')
      .where('p.application_id = ANY(:ids)', ids(values))
      .orderBy('p.created_at', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .getMany();
  }

  proposalsByIds(values: readonly string[], m?: EntityManager): Promise<RegionProposal[]> {
    return this.m(m).getRepository(RegionProposal).createQueryBuilder('p').where('p.id = ANY(:ids)', ids(values)).getMany();
  }

  /** The proposals of submitted applications of a call, with the vendor and submission time (for evaluation). */
  async submittedProposalsOfCall(
    callId: string,
    m?: EntityManager,
  ): Promise<Array<RegionProposal & { vendorId: string; corporateNumber: string; submittedAt: Date }>> {
    const rows = await this.m(m)
      .getRepository(RegionProposal)
      .createQueryBuilder('p')
      .innerJoin(VendorApplication, 'a', 'a.id = p.application_id')
      .innerJoin(Vendor, 'v', 'v.id = a.vendor_id')
      // Only regions the call (still) lists: a proposal for a region removed by a material change does not count.
      .innerJoin(VendorCallRegion, 'r', 'r.call_id = a.call_id AND r.candidate_region_id = p.candidate_region_id')
      .addSelect(['a.vendor_id AS vendor_id', 'v.corporate_number AS corporate_number', 'a.submitted_at AS submitted_at'])
      .where('a.call_id = :callId AND a.status = :s', { callId, s: VendorApplicationStatus.SUBMITTED })
      .orderBy('p.id', 'ASC')
      .getRawAndEntities();
    return rows.entities.map((p, i) =>
      Object.assign(p, { vendorId: rows.raw[i].vendor_id, corporateNumber: rows.raw[i].corporate_number, submittedAt: new Date(rows.raw[i].submitted_at) }),
    );
  }

  saveProposal(m: EntityManager, p: Partial<RegionProposal>): Promise<RegionProposal> {
    const repo = m.getRepository(RegionProposal);
    return repo.save(repo.create(p));
  }

  async deleteProposal(m: EntityManager, id: string): Promise<void> {
    await m.getRepository(RegionProposal).delete({ id });
  }
}
