import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock, DomainError, isStaff, MaybeActor, notFound, Role } from '@app/core';
import { AccessRepository } from './access.repository';
import { isConflicted } from './domain/conflicts';
import { mayReadMemorandum } from './domain/memorandum';
import { isOwnBid, mayOpenBid } from './domain/sealed-bids';

/**
 * An object by id, or its loaded row when the caller has it: the prefecture's and the vendor's rules then need no
 * statement, nor the partners' when the caller also knows the partner municipalities (a domain event carries them).
 */
export type ApplicationRef = string | { id: string; prefectureCode: string; partnerCodes?: readonly string[] };
export type EngagementRef = string | { id: string; vendorId: string; prefectureCode: string; partnerCodes?: readonly string[] };
export type VendorOwnedRef = string | { id: string; vendorId: string };
export type InquiryRef = string | { id: string; candidateRegionId: string | null };
/** A bid (region proposal) by id, or with its application's vendor when the caller has it (a vendor's own then needs no statement). */
export type BidRef = string | { id: string; vendorId: string };

const idOf = (r: string | { id: string }) => (typeof r === 'string' ? r : r.id);
const unique = (ids: Iterable<string>) => [...new Set(ids)];

/**
 * THE access layer: who may read or change what, one set-based method per permission
 * (`can…(actor, ids) → Set<id>` of the ids allowed), in the manner of immich's `AccessRepository`/`requireAccess`.
 * Services, the API's object-field rules (access table), DataLoaders, the document download, the exports and the
 * subscription filter all ask here; nothing else decides ownership. Refusals to read become NOT_FOUND at the caller
 * (`requireRead`), so ids cannot be probed.
 */
@Injectable()
export class AccessService {
  constructor(
    private readonly repo: AccessRepository,
    private readonly clock: Clock,
  ) {}

  /** Region applications: the staff all, a prefecture its own, a municipality those it partners in. */
  async canReadRegionApplication(actor: MaybeActor, refs: readonly ApplicationRef[], m?: EntityManager): Promise<Set<string>> {
    if (!actor || !refs.length) return new Set();
    if (isStaff(actor)) return new Set(refs.map(idOf));
    if (actor.role === Role.PREFECTURE) return this.ofPrefecture(actor.prefectureCode, refs, m);
    if (actor.role === Role.MUNICIPALITY && actor.municipalityCode)
      return this.withPartner(actor.municipalityCode, refs, (ids, mc) => this.repo.applicationsWithPartner(ids, mc, m));
    return new Set();
  }

  /** Only the applying prefecture edits its application. */
  async canEditRegionApplication(actor: MaybeActor, refs: readonly ApplicationRef[], m?: EntityManager): Promise<Set<string>> {
    if (actor?.role !== Role.PREFECTURE) return new Set();
    return this.ofPrefecture(actor.prefectureCode, refs, m);
  }

  /** Contact data (personal data) of an application: the applying prefecture and the secretariat (its reads audited). */
  async canReadContacts(actor: MaybeActor, refs: readonly ApplicationRef[], m?: EntityManager): Promise<Set<string>> {
    if (actor?.role === Role.SECRETARIAT) return new Set(refs.map(idOf));
    return this.canEditRegionApplication(actor, refs, m);
  }

  /** Memorandum documents: the staff, the prefecture and the partner municipality it was made with (`mayReadMemorandum`). */
  async canReadMemorandum(actor: MaybeActor, documentIds: readonly string[]): Promise<Set<string>> {
    if (!actor || !documentIds.length) return new Set();
    const partners = await this.repo.memorandumPartners(unique(documentIds));
    return new Set(partners.filter((p) => mayReadMemorandum(actor, { municipalityCode: p.municipality_code })).map((p) => p.document_id));
  }

  /** Engagements: the staff, its vendor, its prefecture and the partner municipalities of its application. */
  async canReadEngagement(actor: MaybeActor, refs: readonly EngagementRef[], m?: EntityManager): Promise<Set<string>> {
    if (!actor || !refs.length) return new Set();
    if (isStaff(actor)) return new Set(refs.map(idOf));
    if (actor.role === Role.MUNICIPALITY)
      return actor.municipalityCode ? this.withPartner(actor.municipalityCode, refs, (ids, mc) => this.repo.engagementsWithPartner(ids, mc, m)) : new Set();
    if (actor.role !== Role.VENDOR && actor.role !== Role.PREFECTURE) return new Set();
    const known = refs.filter((r) => typeof r !== 'string');
    const loaded = await this.repo.engagementParties(
      refs.filter((r) => typeof r === 'string'),
      m,
    );
    const parties = [...known, ...loaded.map((e) => ({ id: e.id, vendorId: e.vendor_id, prefectureCode: e.prefecture_code }))];
    return new Set(
      parties
        .filter((e) => (actor.role === Role.VENDOR ? !!actor.vendorId && e.vendorId === actor.vendorId : e.prefectureCode === actor.prefectureCode))
        .map((e) => e.id),
    );
  }

  /** A vendor's applications (its bids as a whole): its vendor and the staff. */
  async canReadVendorApplication(actor: MaybeActor, refs: readonly VendorOwnedRef[], m?: EntityManager): Promise<Set<string>> {
    if (!actor || !refs.length) return new Set();
    if (isStaff(actor)) return new Set(refs.map(idOf));
    if (actor.role !== Role.VENDOR || !actor.vendorId) return new Set();
    return this.ownedBy(actor.vendorId, refs, (ids) => this.repo.vendorApplicationsOfVendor(ids, actor.vendorId!, m));
  }

  /** A vendor's record: the staff, and the vendor's own accounts. */
  canReadVendor(actor: MaybeActor, vendorIds: readonly string[]): Set<string> {
    if (isStaff(actor)) return new Set(vendorIds);
    return new Set(vendorIds.filter((id) => !!actor?.vendorId && actor.role === Role.VENDOR && id === actor.vendorId));
  }

  /** Who asked an inquiry: the asking vendor and the staff (everyone else reads the question and answer only). */
  canSeeInquiryAsker(actor: MaybeActor, inquiries: ReadonlyArray<{ id: string; vendorId: string }>): Set<string> {
    if (isStaff(actor)) return new Set(inquiries.map((i) => i.id));
    return new Set(inquiries.filter((i) => !!actor?.vendorId && i.vendorId === actor.vendorId).map((i) => i.id));
  }

  /** Answering an inquiry: the secretariat, and the prefecture of the candidate region it is about. */
  async canAnswerInquiry(actor: MaybeActor, refs: readonly InquiryRef[], m?: EntityManager): Promise<Set<string>> {
    if (actor?.role === Role.SECRETARIAT) return new Set(refs.map(idOf));
    if (actor?.role !== Role.PREFECTURE || !actor.prefectureCode) return new Set();
    return new Set(await this.repo.inquiriesOfPrefecture(unique(refs.map(idOf)), actor.prefectureCode, m));
  }

  /** The engagement's vendor: reports its progress and keeps the plan current. */
  canReportOnEngagement(actor: MaybeActor, engagements: ReadonlyArray<{ id: string; vendorId: string }>): Set<string> {
    if (actor?.role !== Role.VENDOR || !actor.vendorId) return new Set();
    return new Set(engagements.filter((e) => e.vendorId === actor.vendorId).map((e) => e.id));
  }

  /** The engagement's prefecture: acknowledges or returns reports, confirms observers. */
  canReviewEngagement(actor: MaybeActor, engagements: ReadonlyArray<{ id: string; prefectureCode: string }>): Set<string> {
    if (actor?.role !== Role.PREFECTURE || !actor.prefectureCode) return new Set();
    return new Set(engagements.filter((e) => e.prefectureCode === actor.prefectureCode).map((e) => e.id));
  }

  /** The two parties (its vendor, its prefecture): schedule meetings and record their minutes. */
  canMeetOnEngagement(actor: MaybeActor, engagements: ReadonlyArray<{ id: string; vendorId: string; prefectureCode: string }>): Set<string> {
    return new Set([...this.canReportOnEngagement(actor, engagements), ...this.canReviewEngagement(actor, engagements)]);
  }

  /** A report's documents: whoever reads the engagement the report belongs to. */
  async canReadReportDocument(actor: MaybeActor, documentIds: readonly string[]): Promise<Set<string>> {
    if (!actor || !documentIds.length) return new Set();
    const rows = await this.repo.reportDocumentEngagements(unique(documentIds));
    const readable = await this.canReadEngagement(actor, unique(rows.map((r) => r.engagement_id)));
    return new Set(rows.filter((r) => readable.has(r.engagement_id)).map((r) => r.document_id));
  }

  /**
   * Bids (region proposals) the actor may open, by the sealed-bid rule `mayOpenBid`: its vendor; after the deadline the
   * secretariat and an evaluator through a confirmed, unconflicted assignment; once the decision is published the
   * ministry, and the region's prefecture for the winning bid only. GraphQL, proposal documents and exports ask this.
   */
  async canOpenBid(actor: MaybeActor, refs: readonly BidRef[]): Promise<Set<string>> {
    if (!actor || !refs.length) return new Set();
    const out = new Set<string>();
    let ask = refs;
    if (actor.role === Role.VENDOR) {
      // A vendor opens its own bids, and only those, in any state (`isOwnBid`, mayOpenBid's first rule): a bid whose
      // vendor the caller knows needs no statement.
      for (const r of refs) if (typeof r !== 'string' && isOwnBid(actor, r.vendorId)) out.add(r.id);
      ask = refs.filter((r) => typeof r === 'string');
    }
    const proposalIds = unique(ask.map(idOf));
    if (!proposalIds.length) return out;
    const evaluatorId = actor.role === Role.EVALUATOR ? actor.evaluatorId : null;
    const [facts, conflicts] = await Promise.all([
      this.repo.bidFacts(proposalIds, evaluatorId),
      evaluatorId ? this.repo.conflictsOf(evaluatorId) : Promise.resolve([]),
    ]);
    const records = conflicts.map((c) => ({ evaluatorId: c.evaluator_id, corporateNumber: c.corporate_number, prefectureCode: c.prefecture_code }));
    const now = this.clock.now();
    for (const f of facts) {
      const assignedUnconflicted =
        !!evaluatorId &&
        f.assigned &&
        !isConflicted(evaluatorId, { proposalId: f.id, corporateNumber: f.corporate_number, prefectureCode: f.region_prefecture_code }, records);
      const open = mayOpenBid(
        { role: actor.role, vendorId: actor.vendorId, prefectureCode: actor.prefectureCode, assignedUnconflicted },
        {
          vendorId: f.vendor_id,
          submitted: f.status === 'SUBMITTED',
          regionPrefectureCode: f.region_prefecture_code,
          closesAt: new Date(f.closes_at),
          published: f.call_status === 'PUBLISHED',
          awarded: f.awarded,
        },
        now,
      );
      if (open) out.add(f.id);
    }
    return out;
  }

  /**
   * The bids an evaluator reads and scores: behind its confirmed assignment, with no conflict (`isConflicted`, by 法人番号
   * or prefecture), and open to it by the sealed-bid rule (`mayOpenBid`: submitted, after the deadline), each with its
   * vendor call. All of them in the order assigned, or only these ids; anyone but an evaluator gets none. One statement.
   * With `withRecords`, each comes with its proposal's row as read (`record`: the region_proposals columns by name), for
   * the caller's area to turn into its entity without reading the proposals again.
   */
  async scorableProposals(
    actor: MaybeActor,
    proposalIds?: readonly string[],
    opts: { withRecords?: boolean } = {},
  ): Promise<Array<{ id: string; callId: string; record?: Record<string, unknown> }>> {
    const evaluatorId = actor?.role === Role.EVALUATOR ? actor.evaluatorId : null;
    if (!evaluatorId || (proposalIds && !proposalIds.length)) return [];
    const rows = await this.repo.assignedBids(evaluatorId, proposalIds ? unique(proposalIds) : null, !!opts.withRecords);
    const now = this.clock.now();
    return rows
      .filter((f) => {
        const declared = typeof f.conflicts === 'string' ? (JSON.parse(f.conflicts) as Exclude<typeof f.conflicts, string>) : f.conflicts;
        const records = declared.map((c) => ({ evaluatorId, corporateNumber: c.corporate_number, prefectureCode: c.prefecture_code }));
        const assignedUnconflicted = !isConflicted(
          evaluatorId,
          { proposalId: f.id, corporateNumber: f.corporate_number, prefectureCode: f.region_prefecture_code },
          records,
        );
        return mayOpenBid(
          { role: Role.EVALUATOR, vendorId: null, prefectureCode: null, assignedUnconflicted },
          {
            vendorId: f.vendor_id,
            submitted: f.status === 'SUBMITTED',
            regionPrefectureCode: f.region_prefecture_code,
            closesAt: new Date(f.closes_at),
            published: false,
            awarded: false,
          },
          now,
        );
      })
      .map((f) =>
        opts.withRecords
          ? { id: f.id, callId: f.call_id, record: typeof f.record === 'string' ? (JSON.parse(f.record) as Record<string, unknown>) : f.record }
          : { id: f.id, callId: f.call_id },
      );
  }

  /** Set-based form of `scorableProposals`: which of these bids the evaluator reads and scores (its score sheets). */
  async canScoreProposal(actor: MaybeActor, proposalIds: readonly string[]): Promise<Set<string>> {
    return new Set((await this.scorableProposals(actor, proposalIds)).map((r) => r.id));
  }

  /**
   * Stored documents (GET /documents/:id): an uploading vendor its own files; a proposal's documents by the sealed-bid
   * rule; the staff the rest; a prefecture the files it uploaded; a memorandum and a report by their own rules above.
   */
  async canReadDocument(actor: MaybeActor, documentIds: readonly string[]): Promise<Set<string>> {
    if (!actor || !documentIds.length) return new Set();
    const docs = await this.repo.documents(unique(documentIds));
    const out = new Set<string>();
    const byPurpose = (p: string) => docs.filter((d) => !out.has(d.id) && d.purpose === p).map((d) => d.id);
    for (const d of docs) if (actor.role === Role.VENDOR && !!actor.vendorId && d.owner_vendor_id === actor.vendorId) out.add(d.id);
    // A proposal's documents are sealed like the bid, for the staff too.
    const proposalDocs = byPurpose('PROPOSAL');
    if (proposalDocs.length) {
      const cited = await this.repo.proposalDocuments(proposalDocs);
      const open = await this.canOpenBid(actor, unique(cited.map((c) => c.proposal_id)));
      for (const c of cited) if (open.has(c.proposal_id)) out.add(c.document_id);
    }
    for (const d of docs) {
      if (d.purpose === 'PROPOSAL') continue;
      if (isStaff(actor) || (actor.role === Role.PREFECTURE && d.owner_prefecture_code === actor.prefectureCode)) out.add(d.id);
    }
    const [memoranda, reports] = await Promise.all([
      this.canReadMemorandum(actor, byPurpose('MEMORANDUM')),
      this.canReadReportDocument(actor, byPurpose('REPORT')),
    ]);
    for (const id of [...memoranda, ...reports]) out.add(id);
    return out;
  }

  /** `requireAccess` for reads: the object, or NOT_FOUND exactly as for an id that does not exist. */
  async requireRead<T extends { id: string }>(
    check: (actor: MaybeActor, refs: readonly T[], m?: EntityManager) => Promise<Set<string>>,
    actor: MaybeActor,
    obj: T | null,
    m?: EntityManager,
  ): Promise<T> {
    if (!obj || !(await check.call(this, actor, [obj], m)).has(obj.id)) throw notFound();
    return obj;
  }

  /** `requireAccess` for changes on an object the caller may read: FORBIDDEN (reading it is allowed, so it is no secret). */
  async requireEdit<T extends { id: string }>(
    check: (actor: MaybeActor, refs: readonly T[], m?: EntityManager) => Promise<Set<string>>,
    actor: MaybeActor,
    obj: T,
    m?: EntityManager,
  ): Promise<T> {
    if (!(await check.call(this, actor, [obj], m)).has(obj.id)) throw new DomainError('FORBIDDEN');
    return obj;
  }

  /** The objects the municipality partners in: from the partner codes the caller knows, else one statement for the rest. */
  private async withPartner(
    municipalityCode: string,
    refs: ReadonlyArray<string | { id: string; partnerCodes?: readonly string[] }>,
    fetch: (ids: string[], municipalityCode: string) => Promise<string[]>,
  ): Promise<Set<string>> {
    const known = refs.filter((r): r is { id: string; partnerCodes: readonly string[] } => typeof r !== 'string' && !!r.partnerCodes);
    const out = new Set(known.filter((r) => r.partnerCodes.includes(municipalityCode)).map((r) => r.id));
    const unknown = refs.filter((r) => typeof r === 'string' || !r.partnerCodes).map(idOf);
    if (unknown.length) for (const id of await fetch(unique(unknown), municipalityCode)) out.add(id);
    return out;
  }

  private async ownedBy(vendorId: string, refs: readonly VendorOwnedRef[], fetch: (ids: string[]) => Promise<string[]>): Promise<Set<string>> {
    const out = new Set(refs.filter((r) => typeof r !== 'string' && r.vendorId === vendorId).map(idOf));
    const unknown = refs.filter((r): r is string => typeof r === 'string');
    if (unknown.length) for (const id of await fetch(unique(unknown))) out.add(id);
    return out;
  }

  private async ofPrefecture(prefectureCode: string | null, refs: readonly ApplicationRef[], m?: EntityManager): Promise<Set<string>> {
    if (!prefectureCode) return new Set();
    const out = new Set(refs.filter((r) => typeof r !== 'string' && r.prefectureCode === prefectureCode).map(idOf));
    const unknown = refs.filter((r): r is string => typeof r === 'string');
    if (unknown.length) for (const id of await this.repo.applicationsOfPrefecture(unique(unknown), prefectureCode, m)) out.add(id);
    return out;
  }
}
