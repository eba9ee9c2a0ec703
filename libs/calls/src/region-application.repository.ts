import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { clockNow, idsParam as ids, inWriteTransaction, Writer } from '@app/core';
import { RegionApplicationStatus } from './domain/application-status';
import { CallKind } from './domain/call-window';
import { StructureMode } from './domain/support-menu';
import {
  ApplicationContact,
  CandidateRegion,
  DesiredSupport,
  PartnerMunicipality,
  PrefectureIssue,
  RegionalIssue,
  RegionApplication,
  RequirementCheck,
  RequirementDeclaration,
  StandingContent,
  SubmissionReceipt,
} from './entities';

export interface ApplicationFilter {
  callId?: string;
  statuses?: RegionApplicationStatus[];
  prefectureCode?: string;
  /** Applications where this requirement is not (yet) confirmed as met. */
  unmetRequirement?: number;
  /** Applications where any requirement is declared false or checked as not met. */
  anyRequirementFailed?: boolean;
  limit: number;
  offset: number;
}

export interface CandidateRegionFilter {
  callId?: string;
  /** Only these regions (a vendor call's list). */
  regionIds?: string[];
  prefectureCodes?: string[];
  menuItemCodes?: string[];
  issueCategories?: string[];
  /** Free text (Japanese or English): every term must appear in the region's issues, desired support, or names. */
  textTerms?: string[];
}

/** A free-text term as an ILIKE pattern, with the master-data codes whose names it matches (resolved by the caller). */
export interface TextMatch {
  pattern: string;
  municipalityCodes: string[];
  prefectureCodes: string[];
}

/** Every query on region applications and what hangs off them. */
@Injectable()
export class RegionApplicationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private m(m?: EntityManager): EntityManager {
    return m ?? this.db.manager;
  }

  /** A write's unit of work, recorded in the audit trail as `writer`'s. */
  transaction<T>(writer: Writer, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return inWriteTransaction(this.db, writer, work);
  }

  byIds(values: readonly string[], m?: EntityManager): Promise<RegionApplication[]> {
    return this.m(m).getRepository(RegionApplication).createQueryBuilder('a').where('a.id = ANY(:ids)', ids(values)).getMany();
  }

  async byId(id: string, m?: EntityManager): Promise<RegionApplication | null> {
    return (await this.byIds([id], m))[0] ?? null;
  }

  /** The application with its row locked for the rest of the transaction (concurrent submissions queue here). */
  byIdForUpdate(m: EntityManager, id: string): Promise<RegionApplication | null> {
    return m.getRepository(RegionApplication).createQueryBuilder('a').setLock('pessimistic_write').where('a.id = :id', { id }).getOne();
  }

  /** Records a submission in one statement: status, time, repeat-applicant history, and the version bump of every edit. */
  async markSubmitted(
    m: EntityManager,
    id: string,
    f: {
      status: RegionApplicationStatus;
      submittedAt: Date;
      previousPartnerCount: number | null;
      previousFiscalYear: number | null;
      standingReceiptId: string;
      standingContent: StandingContent;
    },
  ): Promise<{ version: number; updatedAt: Date }> {
    const updatedAt = clockNow(m);
    const [rows] = (await m.query(
      `UPDATE region_applications SET status = $2, submitted_at = $3, previous_partner_count = $4, previous_fiscal_year = $5,
              version = version + 1, updated_at = $6, standing_receipt_id = $7, standing_submitted_at = $3, standing_content = $8
        WHERE id = $1 RETURNING version`,
      [id, f.status, f.submittedAt, f.previousPartnerCount, f.previousFiscalYear, updatedAt, f.standingReceiptId, JSON.stringify(f.standingContent)],
    )) as [Array<{ version: number }>, number];
    return { version: rows[0].version, updatedAt };
  }

  async markLateAccepted(m: EntityManager, id: string, f: { by: string; at: Date; reason: string }): Promise<void> {
    await m.query('UPDATE region_applications SET late_accepted_by = $2, late_accepted_at = $3, late_reason = $4 WHERE id = $1', [id, f.by, f.at, f.reason]);
  }

  /** Forgets the standing submission (a withdrawal: nothing of it is to count any more). */
  async clearStandingSubmission(m: EntityManager, id: string): Promise<void> {
    await m.query('UPDATE region_applications SET standing_receipt_id = NULL, standing_submitted_at = NULL, standing_content = NULL WHERE id = $1', [id]);
  }

  /**
   * At the close of a call: every application still reopened as a draft gets its standing submission back (partners,
   * memoranda, issues, desired support and declarations as submitted) and is SUBMITTED again, with the submission's time.
   * Returns the ids restored.
   */
  async restoreStandingSubmissions(m: EntityManager, callId: string): Promise<string[]> {
    const apps: Array<{ id: string; standing_content: StandingContent }> = await m.query(
      `SELECT id, standing_content FROM region_applications WHERE call_id = $1 AND status = $2 AND standing_receipt_id IS NOT NULL FOR UPDATE`,
      [callId, RegionApplicationStatus.DRAFT],
    );
    for (const a of apps) {
      const c = a.standing_content;
      await m.query('DELETE FROM partner_municipalities WHERE application_id = $1', [a.id]);
      await m.query('DELETE FROM requirement_declarations WHERE application_id = $1', [a.id]);
      for (const p of c.partners) {
        const [{ id: partnerId }] = (await m.query(
          'INSERT INTO partner_municipalities (application_id, municipality_code, memorandum_document_id) VALUES ($1, $2, $3) RETURNING id',
          [a.id, p.municipalityCode, p.memorandumDocumentId],
        )) as Array<{ id: string }>;
        // Issues are listed by created_at: a millisecond apart, they keep their submitted order.
        const base = clockNow(m).getTime();
        for (const [n, i] of p.issues.entries()) {
          await m.query('INSERT INTO regional_issues (partner_id, category, title, description, created_at) VALUES ($1, $2, $3, $4, $5)', [
            partnerId,
            i.category,
            i.title,
            i.description,
            new Date(base + n),
          ]);
        }
        if (p.desiredSupport.length) {
          await m
            .getRepository(DesiredSupport)
            .insert(p.desiredSupport.map((d) => ({ partnerId, menuItemCode: d.menuItemCode, note: d.note, detailCodes: d.detailCodes ?? [] })));
        }
      }
      // Standing versions kept before issue 16 have neither: the draft's own stay as they are.
      if (c.prefectureIssues) {
        await m.query('DELETE FROM prefecture_issues WHERE application_id = $1', [a.id]);
        const base = clockNow(m).getTime();
        for (const [n, i] of c.prefectureIssues.entries()) {
          await m.query('INSERT INTO prefecture_issues (application_id, category, title, description, created_at) VALUES ($1, $2, $3, $4, $5)', [
            a.id,
            i.category,
            i.title,
            i.description,
            new Date(base + n),
          ]);
        }
      }
      if (c.structureMode !== undefined) await m.query('UPDATE region_applications SET structure_mode = $2 WHERE id = $1', [a.id, c.structureMode]);
      if (c.declarations.length) {
        await m
          .getRepository(RequirementDeclaration)
          .insert(c.declarations.map((d) => ({ applicationId: a.id, requirementNumber: d.number, declared: d.declared, evidence: d.evidence })));
      }
      await m.query(`UPDATE region_applications SET status = $2, submitted_at = standing_submitted_at, version = version + 1, updated_at = $3 WHERE id = $1`, [
        a.id,
        RegionApplicationStatus.SUBMITTED,
        clockNow(m),
      ]);
    }
    return apps.map((a) => a.id);
  }

  /**
   * What a submission's receipt covers, in one statement: partners (with their issues and desired support, in the order of
   * partnersByApplicationIds, issuesByPartnerIds and desiredByPartnerIds), declarations and contacts (ordered as
   * declarationsByApplicationIds and contactsByApplicationIds), so that the digest is the one those reads gave.
   */
  async submissionContent(
    m: EntityManager,
    applicationId: string,
  ): Promise<{
    partners: Array<{
      municipalityCode: string;
      memorandumDocumentId: string | null;
      issues: Array<{ category: string; title: string; description: string }>;
      desiredSupport: Array<{ menuItemCode: string; note: string; detailCodes: string[] }>;
    }>;
    declarations: Array<{ number: number; declared: boolean; evidence: string }>;
    structureMode: StructureMode | null;
    prefectureIssues: Array<{ category: string; title: string; description: string }>;
    contacts: Array<{ name: string; department: string; title: string; email: string; phone: string }>;
  }> {
    const [row] = await m.query(
      `SELECT
         COALESCE((SELECT json_agg(json_build_object(
                    'municipalityCode', p.municipality_code, 'memorandumDocumentId', p.memorandum_document_id,
                    'issues', COALESCE((SELECT json_agg(json_build_object('category', i.category, 'title', i.title, 'description', i.description)
                                                         ORDER BY i.created_at, i.id)
                                          FROM regional_issues i WHERE i.partner_id = p.id), '[]'),
                    'desiredSupport', COALESCE((SELECT json_agg(json_build_object('menuItemCode', d.menu_item_code, 'note', d.note, 'detailCodes', d.detail_codes)
                                                         ORDER BY s.sort_order)
                                                  FROM desired_supports d JOIN support_menu_items s ON s.code = d.menu_item_code
                                                 WHERE d.partner_id = p.id), '[]'))
                    ORDER BY p.municipality_code)
                     FROM partner_municipalities p WHERE p.application_id = $1), '[]') AS partners,
         COALESCE((SELECT json_agg(json_build_object('number', d.requirement_number, 'declared', d.declared, 'evidence', d.evidence)
                                   ORDER BY d.requirement_number)
                     FROM requirement_declarations d WHERE d.application_id = $1), '[]') AS declarations,
         (SELECT a.structure_mode FROM region_applications a WHERE a.id = $1) AS "structureMode",
         COALESCE((SELECT json_agg(json_build_object('category', i.category, 'title', i.title, 'description', i.description) ORDER BY i.created_at, i.id)
                     FROM prefecture_issues i WHERE i.application_id = $1), '[]') AS "prefectureIssues",
         COALESCE((SELECT json_agg(json_build_object('name', c.name, 'department', c.department, 'title', c.title, 'email', c.email, 'phone', c.phone)
                                   ORDER BY c.consented_at, c.id)
                     FROM application_contacts c WHERE c.application_id = $1), '[]') AS contacts`,
      [applicationId],
    );
    return row;
  }

  findByCallAndPrefecture(callId: string, prefectureCode: string, m?: EntityManager): Promise<RegionApplication | null> {
    return this.m(m).getRepository(RegionApplication).findOne({ where: { callId, prefectureCode } });
  }

  insert(m: EntityManager, a: Partial<RegionApplication>): Promise<RegionApplication> {
    const repo = m.getRepository(RegionApplication);
    return repo.save(repo.create(a));
  }

  save(m: EntityManager, a: RegionApplication): Promise<RegionApplication> {
    return m.getRepository(RegionApplication).save(a);
  }

  /** Applications the prefecture made, newest call first. */
  byPrefecture(prefectureCode: string): Promise<RegionApplication[]> {
    return this.db.getRepository(RegionApplication).find({ where: { prefectureCode }, order: { createdAt: 'DESC' } });
  }

  /** Applications in which the municipality is a partner. */
  byPartnerMunicipality(municipalityCode: string): Promise<RegionApplication[]> {
    return this.db
      .getRepository(RegionApplication)
      .createQueryBuilder('a')
      .where('EXISTS (SELECT 1 FROM partner_municipalities p WHERE p.application_id = a.id AND p.municipality_code = :mc)', { mc: municipalityCode })
      .orderBy('a.created_at', 'DESC')
      .getMany();
  }

  /** The ids of the applications in which the municipality is a partner. */
  async applicationIdsOfPartner(municipalityCode: string): Promise<string[]> {
    const rows: Array<{ application_id: string }> = await this.db.query(
      'SELECT DISTINCT application_id FROM partner_municipalities WHERE municipality_code = $1',
      [municipalityCode],
    );
    return rows.map((r) => r.application_id);
  }

  async list(f: ApplicationFilter, m?: EntityManager): Promise<{ items: RegionApplication[]; total: number }> {
    const q = this.m(m).getRepository(RegionApplication).createQueryBuilder('a');
    if (f.callId) q.andWhere('a.call_id = :callId', { callId: f.callId });
    if (f.statuses?.length) q.andWhere('a.status = ANY(:statuses)', { statuses: f.statuses });
    if (f.prefectureCode) q.andWhere('a.prefecture_code = :pc', { pc: f.prefectureCode });
    if (f.unmetRequirement) {
      q.andWhere(`NOT EXISTS (SELECT 1 FROM requirement_checks c WHERE c.application_id = a.id AND c.requirement_number = :rn AND c.met)`, {
        rn: f.unmetRequirement,
      });
    }
    if (f.anyRequirementFailed) {
      q.andWhere(
        `(EXISTS (SELECT 1 FROM requirement_checks c WHERE c.application_id = a.id AND NOT c.met)
          OR EXISTS (SELECT 1 FROM requirement_declarations d WHERE d.application_id = a.id AND NOT d.declared))`,
      );
    }
    const [items, total] = await q.orderBy('a.prefecture_code', 'ASC').addOrderBy('a.id', 'ASC').take(f.limit).skip(f.offset).getManyAndCount();
    return { items, total };
  }

  /**
   * The selection of the latest earlier fiscal year, with its partner count: the reference for the repeat-applicant
   * rule. Applications adopted on this platform and selections imported from the years before it (past_selections).
   */
  async previousSelection(prefectureCode: string, beforeFiscalYear: number, m?: EntityManager): Promise<{ partnerCount: number; fiscalYear: number } | null> {
    const rows: Array<{ partner_count: number; fiscal_year: number }> = await this.m(m).query(
      `SELECT partner_count, fiscal_year FROM (
         SELECT (SELECT count(*) FROM partner_municipalities p WHERE p.application_id = a.id)::int AS partner_count, pr.fiscal_year,
                a.decided_at AS decided_at
           FROM region_applications a
           JOIN calls c ON c.id = a.call_id AND c.kind = $3
           JOIN programs pr ON pr.id = c.program_id
          WHERE a.prefecture_code = $1 AND pr.fiscal_year < $2 AND a.status = $4
         UNION ALL
         SELECT cardinality(s.partner_codes), s.fiscal_year, s.imported_at
           FROM past_selections s
          WHERE s.prefecture_code = $1 AND s.fiscal_year < $2) selections
        ORDER BY fiscal_year DESC, decided_at DESC
        LIMIT 1`,
      [prefectureCode, beforeFiscalYear, CallKind.REGION, RegionApplicationStatus.ADOPTED],
    );
    return rows[0] ? { partnerCount: rows[0].partner_count, fiscalYear: rows[0].fiscal_year } : null;
  }

  // Partners ---------------------------------------------------------------

  partnersByApplicationIds(values: readonly string[], m?: EntityManager): Promise<PartnerMunicipality[]> {
    return this.m(m)
      .getRepository(PartnerMunicipality)
      .createQueryBuilder('p')
      .where('p.application_id = ANY(:ids)', ids(values))
      .orderBy('p.municipality_code', 'ASC')
      .getMany();
  }

  /**
   * Partners with their issues and desired support in one statement (json_agg per partner), for lists that show all
   * three: one round trip instead of three. Same order as partnersByApplicationIds, issuesByPartnerIds and desiredByPartnerIds.
   */
  async partnersWithDetailsByApplicationIds(
    values: readonly string[],
  ): Promise<Array<{ partner: PartnerMunicipality; issues: RegionalIssue[]; desired: DesiredSupport[] }>> {
    const rows: Array<{
      id: string;
      application_id: string;
      municipality_code: string;
      memorandum_document_id: string | null;
      created_at: Date;
      issues: Array<{ id: string; category: string; title: string; description: string; created_at: string }>;
      desired: Array<{ menu_item_code: string; note: string; detail_codes: string[] }>;
    }> = await this.db.query(
      `SELECT p.id, p.application_id, p.municipality_code, p.memorandum_document_id, p.created_at,
              COALESCE((SELECT json_agg(json_build_object('id', i.id, 'category', i.category, 'title', i.title, 'description', i.description,
                                                          'created_at', i.created_at) ORDER BY i.created_at, i.id)
                          FROM regional_issues i WHERE i.partner_id = p.id), '[]') AS issues,
              COALESCE((SELECT json_agg(json_build_object('menu_item_code', d.menu_item_code, 'note', d.note, 'detail_codes', d.detail_codes)
                                   ORDER BY s.sort_order)
                          FROM desired_supports d JOIN support_menu_items s ON s.code = d.menu_item_code WHERE d.partner_id = p.id), '[]') AS desired
         FROM partner_municipalities p
        WHERE p.application_id = ANY($1)
        ORDER BY p.municipality_code`,
      [[...values]],
    );
    return rows.map((r) => ({
      partner: Object.assign(new PartnerMunicipality(), {
        id: r.id,
        applicationId: r.application_id,
        municipalityCode: r.municipality_code,
        memorandumDocumentId: r.memorandum_document_id,
        createdAt: r.created_at,
      }),
      issues: r.issues.map((i) =>
        Object.assign(new RegionalIssue(), {
          id: i.id,
          partnerId: r.id,
          category: i.category,
          title: i.title,
          description: i.description,
          createdAt: new Date(i.created_at),
        }),
      ),
      desired: r.desired.map((d) =>
        Object.assign(new DesiredSupport(), { partnerId: r.id, menuItemCode: d.menu_item_code, note: d.note, detailCodes: d.detail_codes }),
      ),
    }));
  }

  async partnerById(id: string, m?: EntityManager): Promise<PartnerMunicipality | null> {
    return this.m(m).getRepository(PartnerMunicipality).findOne({ where: { id } });
  }

  insertPartner(m: EntityManager, p: Partial<PartnerMunicipality>): Promise<PartnerMunicipality> {
    const repo = m.getRepository(PartnerMunicipality);
    return repo.save(repo.create(p));
  }

  async deletePartner(m: EntityManager, id: string): Promise<void> {
    await m.getRepository(PartnerMunicipality).delete({ id });
  }

  async setMemorandum(m: EntityManager, partnerId: string, documentId: string): Promise<void> {
    await m.getRepository(PartnerMunicipality).update({ id: partnerId }, { memorandumDocumentId: documentId });
  }

  // Issues and desired support ---------------------------------------------

  issuesByPartnerIds(values: readonly string[], m?: EntityManager): Promise<RegionalIssue[]> {
    return this.m(m)
      .getRepository(RegionalIssue)
      .createQueryBuilder('i')
      .where('i.partner_id = ANY(:ids)', ids(values))
      .orderBy('i.created_at', 'ASC')
      .addOrderBy('i.id', 'ASC')
      .getMany();
  }

  issueById(id: string, m?: EntityManager): Promise<RegionalIssue | null> {
    return this.m(m).getRepository(RegionalIssue).findOne({ where: { id } });
  }

  saveIssue(m: EntityManager, i: Partial<RegionalIssue>): Promise<RegionalIssue> {
    const repo = m.getRepository(RegionalIssue);
    return repo.save(repo.create(i));
  }

  async deleteIssue(m: EntityManager, id: string): Promise<void> {
    await m.getRepository(RegionalIssue).delete({ id });
  }

  desiredByPartnerIds(values: readonly string[], m?: EntityManager): Promise<DesiredSupport[]> {
    return this.m(m)
      .getRepository(DesiredSupport)
      .createQueryBuilder('d')
      .innerJoin('support_menu_items', 's', 's.code = d.menu_item_code')
      .where('d.partner_id = ANY(:ids)', ids(values))
      .orderBy('s.sort_order', 'ASC')
      .getMany();
  }

  async replaceDesired(m: EntityManager, partnerId: string, items: Array<{ menuItemCode: string; note: string; detailCodes?: string[] }>): Promise<void> {
    await m.getRepository(DesiredSupport).delete({ partnerId });
    if (items.length) await m.getRepository(DesiredSupport).insert(items.map((i) => ({ partnerId, ...i })));
  }

  // The prefecture's own issues and its structure mode ----------------------

  prefectureIssuesByApplicationIds(values: readonly string[], m?: EntityManager): Promise<PrefectureIssue[]> {
    return this.m(m)
      .getRepository(PrefectureIssue)
      .createQueryBuilder('i')
      .where('i.application_id = ANY(:ids)', ids(values))
      .orderBy('i.created_at', 'ASC')
      .addOrderBy('i.id', 'ASC')
      .getMany();
  }

  prefectureIssueById(id: string, m?: EntityManager): Promise<PrefectureIssue | null> {
    return this.m(m).getRepository(PrefectureIssue).findOne({ where: { id } });
  }

  savePrefectureIssue(m: EntityManager, i: Partial<PrefectureIssue>): Promise<PrefectureIssue> {
    const repo = m.getRepository(PrefectureIssue);
    return repo.save(repo.create(i));
  }

  async deletePrefectureIssue(m: EntityManager, id: string): Promise<void> {
    await m.getRepository(PrefectureIssue).delete({ id });
  }

  async setStructureMode(m: EntityManager, applicationId: string, mode: StructureMode | null): Promise<void> {
    await m.query('UPDATE region_applications SET structure_mode = $2 WHERE id = $1', [applicationId, mode]);
  }

  /** Structure modes of applications by id (candidate regions show their application's). */
  async structureModesByApplicationIds(values: readonly string[]): Promise<Array<{ id: string; structureMode: StructureMode | null }>> {
    const rows: Array<{ id: string; structure_mode: StructureMode | null }> = await this.db.query(
      'SELECT id, structure_mode FROM region_applications WHERE id = ANY($1)',
      [[...values]],
    );
    return rows.map((r) => ({ id: r.id, structureMode: r.structure_mode }));
  }

  // Requirements -------------------------------------------------------------

  declarationsByApplicationIds(values: readonly string[], m?: EntityManager): Promise<RequirementDeclaration[]> {
    return this.m(m)
      .getRepository(RequirementDeclaration)
      .createQueryBuilder('d')
      .where('d.application_id = ANY(:ids)', ids(values))
      .orderBy('d.requirement_number')
      .getMany();
  }

  async upsertDeclarations(m: EntityManager, rows: RequirementDeclaration[]): Promise<void> {
    await m.getRepository(RequirementDeclaration).upsert(rows, ['applicationId', 'requirementNumber']);
  }

  checksByApplicationIds(values: readonly string[], m?: EntityManager): Promise<RequirementCheck[]> {
    return this.m(m)
      .getRepository(RequirementCheck)
      .createQueryBuilder('c')
      .where('c.application_id = ANY(:ids)', ids(values))
      .orderBy('c.requirement_number')
      .getMany();
  }

  /** Records the checks of one or more requirements in one statement (a later check of a requirement replaces the earlier). */
  async upsertChecks(m: EntityManager, rows: RequirementCheck[]): Promise<void> {
    if (rows.length) await m.getRepository(RequirementCheck).upsert(rows, ['applicationId', 'requirementNumber']);
  }

  // Contacts -------------------------------------------------------------------

  contactsByApplicationIds(values: readonly string[], m?: EntityManager): Promise<ApplicationContact[]> {
    return this.m(m)
      .getRepository(ApplicationContact)
      .createQueryBuilder('c')
      .where('c.application_id = ANY(:ids)', ids(values))
      .orderBy('c.consented_at')
      .addOrderBy('c.id')
      .getMany();
  }

  contactById(id: string): Promise<ApplicationContact | null> {
    return this.db.getRepository(ApplicationContact).findOne({ where: { id } });
  }

  insertContact(m: EntityManager, c: Partial<ApplicationContact>): Promise<ApplicationContact> {
    const repo = m.getRepository(ApplicationContact);
    return repo.save(repo.create(c));
  }

  async deleteContact(m: EntityManager, id: string): Promise<void> {
    await m.getRepository(ApplicationContact).delete({ id });
  }

  // Receipts ---------------------------------------------------------------------

  receiptsBySubjectIds(subjectType: string, values: readonly string[], m?: EntityManager): Promise<SubmissionReceipt[]> {
    return this.m(m)
      .getRepository(SubmissionReceipt)
      .createQueryBuilder('r')
      .where('r.subject_type = :t AND r.subject_id = ANY(:ids)', { t: subjectType, ...ids(values) })
      .orderBy('r.received_at', 'ASC')
      .getMany();
  }

  receiptByIdempotencyKey(m: EntityManager, subjectType: string, subjectId: string, key: string): Promise<SubmissionReceipt | null> {
    return m.getRepository(SubmissionReceipt).findOne({ where: { subjectType, subjectId, idempotencyKey: key } });
  }

  /** The latest receipt of one subject (receipts of one subject come from successive transactions; the serial breaks a tie). */
  latestReceipt(m: EntityManager, subjectType: string, subjectId: string): Promise<SubmissionReceipt | null> {
    return m
      .getRepository(SubmissionReceipt)
      .createQueryBuilder('r')
      .where('r.subject_type = :t AND r.subject_id = :id', { t: subjectType, id: subjectId })
      .orderBy('r.db_received_at', 'DESC')
      .addOrderBy('r.number', 'DESC')
      .getOne();
  }

  /** Inserts a receipt numbered `${prefix}-${serial}` (the serial zero-padded to six digits) in the same statement. */
  async insertReceipt(m: EntityManager, prefix: string, r: Omit<Partial<SubmissionReceipt>, 'number'>): Promise<SubmissionReceipt> {
    const result = await m
      .createQueryBuilder()
      .insert()
      .into(SubmissionReceipt)
      .values({
        ...r,
        number: () => `(SELECT :receiptPrefix || '-' || lpad(s, greatest(6, length(s)), '0') FROM (SELECT nextval('receipt_number_seq')::text AS s) n)`,
      } as QueryDeepPartialEntity<SubmissionReceipt>)
      .setParameter('receiptPrefix', prefix)
      .returning(['id', 'number', 'db_received_at'])
      .updateEntity(false)
      .execute();
    const [row] = result.raw as Array<{ id: string; number: string; db_received_at: Date }>;
    return Object.assign(m.getRepository(SubmissionReceipt).create(r), { id: row.id, number: row.number, dbReceivedAt: row.db_received_at });
  }

  // Candidate regions ------------------------------------------------------------

  async insertCandidateRegions(m: EntityManager, rows: Partial<CandidateRegion>[]): Promise<void> {
    if (rows.length) await m.getRepository(CandidateRegion).insert(rows);
  }

  candidateRegionsByIds(values: readonly string[], m?: EntityManager): Promise<CandidateRegion[]> {
    return this.m(m).getRepository(CandidateRegion).createQueryBuilder('r').where('r.id = ANY(:ids)', ids(values)).getMany();
  }

  /** Prefecture and repeat bonus of these regions as plain tuples (the matching's aggregation: 1,741 rows at national scale, no entities). */
  async prefectureAndBonusOfRegions(values: readonly string[]): Promise<Array<[string, string, number]>> {
    if (!values.length) return [];
    const rows: Array<{ id: string; prefecture_code: string; bonus_points: number }> = await this.db.query(
      'SELECT id, prefecture_code, bonus_points FROM candidate_regions WHERE id = ANY($1)',
      [[...values]],
    );
    return rows.map((r) => [r.id, r.prefecture_code, Number(r.bonus_points)]);
  }

  /** Candidate regions adopted in these region calls or with these ids, in one statement (the dashboard's map). */
  candidateRegionsOfCallsOrIds(callIds: readonly string[], regionIds: readonly string[]): Promise<CandidateRegion[]> {
    return this.db
      .getRepository(CandidateRegion)
      .createQueryBuilder('r')
      .where('r.call_id = ANY(:calls) OR r.id = ANY(:ids)', { calls: [...callIds], ids: [...regionIds] })
      .getMany();
  }

  candidateRegionsByApplicationIds(values: readonly string[]): Promise<CandidateRegion[]> {
    return this.db.getRepository(CandidateRegion).createQueryBuilder('r').where('r.application_id = ANY(:ids)', ids(values)).getMany();
  }

  async listCandidateRegions(
    f: Omit<CandidateRegionFilter, 'textTerms'> & { textMatches?: TextMatch[] },
    page: { limit: number; offset: number },
    m?: EntityManager,
  ): Promise<{ items: CandidateRegion[]; total: number }> {
    const q = this.m(m).getRepository(CandidateRegion).createQueryBuilder('r');
    if (f.callId) q.andWhere('r.call_id = :callId', { callId: f.callId });
    if (f.regionIds) q.andWhere('r.id = ANY(:regionIds)', { regionIds: f.regionIds });
    if (f.prefectureCodes?.length) q.andWhere('r.prefecture_code = ANY(:pcs)', { pcs: f.prefectureCodes });
    if (f.menuItemCodes?.length) {
      q.andWhere(
        `EXISTS (SELECT 1 FROM partner_municipalities p JOIN desired_supports d ON d.partner_id = p.id
                  WHERE p.application_id = r.application_id AND d.menu_item_code = ANY(:codes))`,
        { codes: f.menuItemCodes },
      );
    }
    if (f.issueCategories?.length) {
      q.andWhere(
        `EXISTS (SELECT 1 FROM partner_municipalities p JOIN regional_issues i ON i.partner_id = p.id
                  WHERE p.application_id = r.application_id AND i.category = ANY(:cats))`,
        { cats: f.issueCategories },
      );
    }
    (f.textMatches ?? []).forEach((t, i) => {
      // Japanese has no word boundaries: a substring match over the region's own texts, and the partners' and the
      // prefecture's names (matched in master data, which owns them).
      q.andWhere(
        `EXISTS (SELECT 1 FROM partner_municipalities p
                   LEFT JOIN regional_issues i ON i.partner_id = p.id
                   LEFT JOIN desired_supports d ON d.partner_id = p.id
                   LEFT JOIN support_menu_items s ON s.code = d.menu_item_code
                  WHERE p.application_id = r.application_id
                    AND (i.title ILIKE :t${i} OR i.description ILIKE :t${i} OR d.note ILIKE :t${i} OR s.title_ja ILIKE :t${i}
                         OR s.title_en ILIKE :t${i} OR p.municipality_code = ANY(:mu${i}) OR r.prefecture_code = ANY(:pf${i})))`,
        { [`t${i}`]: t.pattern, [`mu${i}`]: t.municipalityCodes, [`pf${i}`]: t.prefectureCodes },
      );
    });
    // The total rides on the page's own statement (a window count) instead of a second COUNT query.
    const { raw, entities } = await q
      .addSelect('count(*) OVER ()', 'total_count')
      .orderBy('r.prefecture_code', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .limit(page.limit)
      .offset(page.offset)
      .getRawAndEntities();
    if (entities.length || page.offset === 0) return { items: entities, total: entities.length ? Number(raw[0].total_count) : 0 };
    return { items: entities, total: await q.orderBy().limit().offset().getCount() };
  }
}
