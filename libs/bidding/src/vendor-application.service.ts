import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService } from '@app/access';
import { Actor, bumpVersion, canonicalJson, Clock, DomainError, DomainEvents, isStaff, notFound, Role, sha256Hex } from '@app/core';
import {
  assertAcceptingSubmissions,
  Call,
  CallStatus,
  CandidateRegionService,
  ProgramService,
  REQUIRED_SUPPORT_MENU_ITEM,
  SUPPORT_MENU_CODES,
  SubmissionReceiptService,
} from '@app/calls';
import { DocumentPurpose, DocumentService } from '@app/documents';
import { BiddingRepository } from './bidding.repository';
import { assertBudgetWithinCaps, missingForVendorSubmission } from './domain/proposal-rules';
import { VendorApplicationStatus as S, VendorStatus } from './domain/vendor-kind';
import { RegionProposal, TeamMember, VendorApplication } from './entities';
import { VendorCallService } from './vendor-call.service';

export const VENDOR_APPLICATION = 'VENDOR_APPLICATION';

export interface ProposalInput {
  approach: string;
  menuItemCodes: string[];
  team: TeamMember[];
  schedule: string;
  budgetYen: number;
  documentIds?: string[];
}

/**
 * 伴走支援事業者の応募: one per vendor per call, a proposal per chosen candidate region. Drafts are
 * edited until the deadline; each submission gets a receipt whose content is the version kept.
 * Nobody but the vendor and the staff reads it (evaluators through their assignments only).
 */
@Injectable()
export class VendorApplicationService {
  constructor(
    private readonly repo: BiddingRepository,
    private readonly calls: VendorCallService,
    private readonly programs: ProgramService,
    private readonly regions: CandidateRegionService,
    private readonly documents: DocumentService,
    private readonly receipts: SubmissionReceiptService,
    private readonly clock: Clock,
    private readonly access: AccessService,
    private readonly events: DomainEvents,
  ) {}

  /** After the commit: the secretariat's live count of bids per region (vendorBidsChanged) reads again. */
  private announce<T>(callId: string, result: T): T {
    this.events.emit({ type: 'VENDOR_BIDS_CHANGED', callId });
    return result;
  }

  /** Reading an application: its vendor and the staff; anyone else gets NOT_FOUND (nothing to probe). */
  async get(actor: Actor, id: string): Promise<VendorApplication> {
    const [a] = await this.repo.applicationsByIds([id]);
    return this.access.requireRead(this.access.canReadVendorApplication, actor, a ?? null);
  }

  mine(actor: Actor): Promise<VendorApplication[]> {
    if (actor.role !== Role.VENDOR || !actor.vendorId) return Promise.resolve([]);
    return this.repo.applicationsOfVendor(actor.vendorId);
  }

  listForStaff(actor: Actor, callId: string, statuses: S[]) {
    if (!isStaff(actor)) throw new DomainError('FORBIDDEN');
    return this.repo.listApplications(callId, statuses.length ? statuses : [S.SUBMITTED]);
  }

  /** Submitted applications of a call (for matching: capacities), without an actor check: callers are staff services. */
  submittedApplications(callId: string) {
    return this.repo.listApplications(callId, [S.SUBMITTED]);
  }

  proposalsByApplicationIds(ids: readonly string[]) {
    return this.repo.proposalsByApplicationIds(ids);
  }

  applicationsByIds(ids: readonly string[], m?: EntityManager) {
    return this.repo.applicationsByIds(ids, m);
  }

  proposalsByIds(ids: readonly string[], m?: EntityManager) {
    return this.repo.proposalsByIds(ids, m);
  }

  /** Per vendor call and listed region: proposals submitted and in draft, with the submitted ones' ids (the dashboard). */
  proposalCountsOfCalls(callIds: readonly string[]) {
    return this.repo.proposalCountsOfCalls(callIds);
  }

  /** A call's submitted proposals in listed regions, with vendor, 法人番号, submission time and budget (aggregation). */
  aggregationProposals(callId: string) {
    return this.repo.aggregationProposals(callId);
  }

  /** `aggregationProposals` as one JSON text (see BiddingRepository.aggregationProposalsJson), for the matching's worker thread. */
  aggregationProposalsJson(callId: string) {
    return this.repo.aggregationProposalsJson(callId);
  }

  /** The read that gives `aggregationProposalsJson`, for the matching's worker to run on its own connection. */
  aggregationProposalsJsonRead(callId: string) {
    return this.repo.aggregationProposalsJsonRead(callId);
  }

  /** The call's submitted applications' vendors with their declared capacity and whether the vendor is approved (the matching). */
  submittedCapacities(callId: string) {
    return this.repo.submittedCapacities(callId);
  }

  submittedProposalsOfCall(callId: string, m?: EntityManager) {
    return this.repo.submittedProposalsOfCall(callId, m);
  }

  async start(actor: Actor, callId: string, capacity?: number): Promise<VendorApplication> {
    const vendorId = await this.approvedVendor(actor);
    const now = this.clock.now();
    return this.repo.transaction(actor, async (m) => {
      const call = await this.calls.vendorCall(m, callId);
      assertAcceptingSubmissions(call, now);
      if (await this.repo.applicationOf(callId, vendorId, m)) {
        throw new DomainError(
          'ALREADY_APPLIED',
          {},
          { ja: 'この公募には既に応募があります（1事業者につき1応募）。', en: 'This vendor has already applied to this call (one application per vendor).' },
        );
      }
      return this.repo.insertApplication(m, { callId, vendorId, status: S.DRAFT, capacity: capacity ?? null, createdBy: actor.userId });
    });
  }

  async setCapacity(actor: Actor, applicationId: string, capacity: number, expectedVersion?: number) {
    return this.editDraft(actor, applicationId, expectedVersion, async (_m, a) => {
      a.capacity = capacity;
    });
  }

  /** Adds or replaces the proposal for one region of the call. */
  async saveProposal(actor: Actor, applicationId: string, candidateRegionId: string, input: ProposalInput, expectedVersion?: number) {
    const unknown = input.menuItemCodes.filter((c) => !SUPPORT_MENU_CODES.has(c));
    if (unknown.length)
      throw new DomainError(
        'VALIDATION_FAILED',
        { field: 'menuItemCodes', unknown },
        { ja: '支援メニューにない項目です。', en: 'Not an item of the support menu.' },
      );
    if (!input.menuItemCodes.includes(REQUIRED_SUPPORT_MENU_ITEM)) {
      throw new DomainError(
        'VALIDATION_FAILED',
        { field: 'menuItemCodes', required: REQUIRED_SUPPORT_MENU_ITEM },
        { ja: '必須の支援メニュー（地域DX推進体制の構築支援）を含めてください。', en: 'Proposals must cover the required support-menu item (DX_STRUCTURE).' },
      );
    }
    return this.editDraft(actor, applicationId, expectedVersion, async (m, a, call) => {
      if (!(await this.repo.regionIdsOfCall(call.id, m)).includes(candidateRegionId)) throw notFound();
      const [region] = await this.regions.byIds([candidateRegionId], m);
      const [program] = await this.programs.programsByIds([call.programId], m);
      assertBudgetWithinCaps(input.budgetYen, region.budgetCapYen, program?.regionBudgetCapYen ?? null);
      const documentIds = input.documentIds ?? [];
      if (documentIds.length) {
        const docs = await this.documents.byIds(documentIds, m);
        if (docs.length !== new Set(documentIds).size || docs.some((d) => d.ownerVendorId !== a.vendorId || d.purpose !== DocumentPurpose.PROPOSAL))
          throw notFound();
      }
      const existing = (await this.repo.proposalsByApplicationIds([a.id], m)).find((p) => p.candidateRegionId === candidateRegionId);
      await this.repo.saveProposal(m, { ...(existing ?? {}), applicationId: a.id, candidateRegionId, ...input, documentIds });
    });
  }

  async removeProposal(actor: Actor, proposalId: string, expectedVersion?: number) {
    const [p] = await this.repo.proposalsByIds([proposalId]);
    if (!p) throw notFound();
    return this.editDraft(actor, p.applicationId, expectedVersion, (m) => this.repo.deleteProposal(m, proposalId));
  }

  /** Submits before the deadline with a receipt; a retry with the same key gets the same receipt. */
  async submit(actor: Actor, applicationId: string, receivedAt: Date, idempotencyKey?: string) {
    await this.approvedVendor(actor);
    let callId = '';
    const receipt = await this.repo.transaction(actor, async (m) => {
      const before = await this.owned(actor, applicationId, m);
      callId = before.callId;
      await bumpVersion(m, 'vendor_applications', before.id);
      const [a] = await this.repo.applicationsByIds([applicationId], m);
      if (idempotencyKey) {
        const earlier = await this.receipts.replay(m, VENDOR_APPLICATION, applicationId, idempotencyKey, {
          submitted: a.status === S.SUBMITTED,
          contentDigest: async () => sha256Hex(canonicalJson(snapshot(a, await this.repo.proposalsByApplicationIds([a.id], m)))),
        });
        if (earlier) return earlier;
      }
      const call = await this.calls.vendorCall(m, a.callId);
      assertAcceptingSubmissions(call, receivedAt);
      assertDraft(a);
      const proposals = await this.repo.proposalsByApplicationIds([a.id], m);
      const missing = missingForVendorSubmission(
        {
          capacity: a.capacity,
          proposals: proposals.map((p) => ({
            candidateRegionId: p.candidateRegionId,
            menuItemCodes: p.menuItemCodes,
            teamSize: p.team.length,
            approach: p.approach,
          })),
        },
        REQUIRED_SUPPORT_MENU_ITEM,
      );
      if (missing.length) {
        throw new DomainError(
          'APPLICATION_INCOMPLETE',
          { missing },
          { ja: `応募内容に不足があります：${missing.join('、')}`, en: `The application is incomplete: ${missing.join(', ')}` },
        );
      }
      const content = snapshot(a, proposals);
      const [program] = await this.programs.programsByIds([call.programId], m);
      const receipt = await this.receipts.issue(m, {
        subjectType: VENDOR_APPLICATION,
        subjectId: a.id,
        prefix: `VA${program?.fiscalYear ?? ''}`,
        receivedAt,
        content,
        digest: sha256Hex(canonicalJson(content)),
        idempotencyKey: idempotencyKey ?? null,
        submittedBy: actor.userId,
      });
      Object.assign(a, { status: S.SUBMITTED, submittedAt: receivedAt, returnedNotice: null });
      await this.repo.saveApplication(m, a);
      return receipt;
    });
    return this.announce(callId, receipt);
  }

  /** Takes a submitted application back to draft to amend it (before the deadline); receipts stay. */
  reopen(actor: Actor, applicationId: string) {
    return this.change(actor, applicationId, [S.SUBMITTED, S.WITHDRAWN], S.DRAFT);
  }

  withdraw(actor: Actor, applicationId: string) {
    return this.change(actor, applicationId, [S.DRAFT, S.SUBMITTED], S.WITHDRAWN);
  }

  private async change(actor: Actor, applicationId: string, from: S[], to: S) {
    const now = this.clock.now();
    const saved = await this.repo.transaction(actor, async (m) => {
      await this.owned(actor, applicationId, m);
      await bumpVersion(m, 'vendor_applications', applicationId);
      const [a] = await this.repo.applicationsByIds([applicationId], m);
      assertAcceptingSubmissions(await this.calls.vendorCall(m, a.callId), now);
      if (!from.includes(a.status)) throw stateError(a.status);
      a.status = to;
      if (to !== S.SUBMITTED) a.submittedAt = null;
      return this.repo.saveApplication(m, a);
    });
    return this.announce(saved.callId, saved);
  }

  private async editDraft(
    actor: Actor,
    applicationId: string,
    expectedVersion: number | undefined,
    work: (m: EntityManager, a: VendorApplication, call: Call) => Promise<unknown>,
  ) {
    await this.approvedVendor(actor);
    const now = this.clock.now();
    const saved = await this.repo.transaction(actor, async (m) => {
      await this.owned(actor, applicationId, m);
      await bumpVersion(m, 'vendor_applications', applicationId, expectedVersion);
      const [a] = await this.repo.applicationsByIds([applicationId], m);
      const call = await this.calls.vendorCall(m, a.callId);
      assertAcceptingSubmissions(call, now);
      assertDraft(a);
      await work(m, a, call);
      return this.repo.saveApplication(m, a);
    });
    return this.announce(saved.callId, saved);
  }

  private async owned(actor: Actor, id: string, m: EntityManager): Promise<VendorApplication> {
    const [a] = await this.repo.applicationsByIds([id], m);
    if (!a || actor.vendorId !== a.vendorId) throw notFound();
    return a;
  }

  private async approvedVendor(actor: Actor): Promise<string> {
    if (actor.role !== Role.VENDOR || !actor.vendorId) throw new DomainError('FORBIDDEN');
    const [v] = await this.repo.vendorsByIds([actor.vendorId]);
    if (!v || v.status !== VendorStatus.APPROVED) throw new DomainError('VENDOR_NOT_APPROVED');
    return v.id;
  }

  /** Results are published when the vendor call is PUBLISHED; only then may prefectures see who proposed for them. */
  static resultsPublished(call: Call): boolean {
    return call.status === CallStatus.PUBLISHED;
  }
}

function assertDraft(a: VendorApplication): void {
  if (a.status !== S.DRAFT) throw stateError(a.status);
}

function stateError(status: S) {
  return new DomainError(
    'INVALID_STATE',
    { status },
    { ja: `応募の状態（${status}）ではこの操作はできません。`, en: `Not possible while the application is ${status}.` },
  );
}

function snapshot(a: VendorApplication, proposals: RegionProposal[]) {
  return {
    applicationId: a.id,
    callId: a.callId,
    vendorId: a.vendorId,
    capacity: a.capacity,
    proposals: proposals.map((p) => ({
      candidateRegionId: p.candidateRegionId,
      approach: p.approach,
      menuItemCodes: [...p.menuItemCodes].sort(),
      team: p.team,
      schedule: p.schedule,
      budgetYen: p.budgetYen,
      documentIds: p.documentIds,
    })),
  };
}
