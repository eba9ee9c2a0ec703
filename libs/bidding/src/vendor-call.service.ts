import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, Clock, DomainError, DomainEvents, isStaff, notFound, onlySecretariat } from '@app/core';
import { Call, CallKind, CallStatus, CandidateRegionService, currentRound, currentRoundValidUntil, ProgramService, Round, RoundCall } from '@app/calls';
import { BiddingRepository } from './bidding.repository';
import { BiddingNotices } from './bidding-notices';
import { assertMaterialChangeAllowed, bidChangeOf, MATERIAL_CHANGE_FREEZE_DAYS, VendorCallChange } from './domain/material-change';

export interface VendorCallInput {
  programId: string;
  regionCallId: string;
  title: string;
  opensAt: Date;
  closesAt: Date;
  questionsCloseAt?: Date;
  /** Default: every published candidate region of the region call. */
  candidateRegionIds?: string[];
}

export const MATERIAL_CHANGE_NOTICE = {
  ja: '公募の内容（対象地域・評価項目）が貴社の応募に関わる形で変更されたため、提出済みの応募を下書きに戻しました。内容を確認のうえ再提出してください。',
  en: 'The call changed in a way that touches your bid (its regions or the criteria): your submitted application is back in draft. Review it and submit again.',
};

/** The vendor call (伴走支援事業者の公募): its regions, its material changes, its progress. */
@Injectable()
export class VendorCallService {
  constructor(
    private readonly repo: BiddingRepository,
    private readonly programs: ProgramService,
    private readonly regions: CandidateRegionService,
    private readonly clock: Clock,
    private readonly notices: BiddingNotices,
    private readonly events: DomainEvents,
  ) {}

  regionIdsOfCall(callId: string, m?: EntityManager) {
    return this.repo.regionIdsOfCall(callId, m);
  }

  /** Vendor calls listing any of these regions (a second round must not open twice). */
  async callsListingRegions(regionIds: readonly string[], m?: EntityManager): Promise<string[]> {
    return this.repo.callsListingRegions(regionIds, m);
  }

  regionIdsByCallIds(ids: readonly string[]) {
    return this.repo.regionIdsByCallIds(ids);
  }

  /**
   * The round shown by default now (currentRound in libs/calls), and until when that answer holds without a write
   * (the next opening of a vendor call; undefined: until a write). Three statements: programmes, calls, listed regions.
   */
  async currentRound(): Promise<{ round: Round | undefined; validUntil: Date | undefined }> {
    const now = this.clock.now();
    const [programs, calls] = await Promise.all([this.programs.listPrograms(), this.programs.listCalls({})]);
    const vendorCallIds = calls.filter((c) => c.kind === CallKind.VENDOR).map((c) => c.id);
    const listed = new Map<string, number>();
    for (const r of vendorCallIds.length ? await this.repo.regionIdsByCallIds(vendorCallIds) : []) listed.set(r.callId, (listed.get(r.callId) ?? 0) + 1);
    const roundCalls: RoundCall[] = calls.map((c) => ({ ...c, listedRegions: listed.get(c.id) ?? 0 }));
    return { round: currentRound(programs, roundCalls, now), validUntil: currentRoundValidUntil(roundCalls, now) };
  }

  /** Creates the call; inside the caller's transaction when one is given (a follow-up call and its set-up commit together). */
  async create(actor: Actor, input: VendorCallInput, outer?: EntityManager): Promise<Call> {
    onlySecretariat(actor);
    const run = <T>(work: (m: EntityManager) => Promise<T>) => (outer ? work(outer) : this.repo.transaction(actor, work));
    return run(async (m) => {
      const regionCall = await this.programs.lockCall(m, input.regionCallId);
      if (!regionCall || regionCall.kind !== CallKind.REGION) throw notFound();
      if (regionCall.status !== CallStatus.PUBLISHED) {
        throw new DomainError(
          'INVALID_STATE',
          { status: regionCall.status },
          { ja: '支援地域候補の公表後に事業者の公募を作成してください。', en: 'Publish the candidate regions before creating the vendor call.' },
        );
      }
      if (regionCall.programId !== input.programId) {
        throw new DomainError(
          'VALIDATION_FAILED',
          { field: 'programId' },
          { ja: '事業者の公募は支援地域の公募と同じ事業に属します。', en: 'A vendor call belongs to the programme of its region call.' },
        );
      }
      const published = await this.regions.idsOfRegionCall(regionCall.id, m);
      const chosen = input.candidateRegionIds ?? published;
      assertRegionsOf(chosen, published);
      const call = await this.programs.createCall(
        actor,
        {
          programId: input.programId,
          kind: CallKind.VENDOR,
          title: input.title,
          opensAt: input.opensAt,
          closesAt: input.closesAt,
          regionCallId: regionCall.id,
          questionsCloseAt: input.questionsCloseAt,
        },
        m,
      );
      await this.repo.replaceCallRegions(m, call.id, chosen);
      return call;
    });
  }

  /**
   * Changes regions or the deadline: refused within 7 days of the deadline; otherwise the submitted bids the change
   * touches (`bidChangeOf`: a region they propose for removed) go back to draft, and their vendors are told; the
   * prefecture of a removed region is told too.
   */
  async update(
    actor: Actor,
    callId: string,
    change: { title?: string; closesAt?: Date; questionsCloseAt?: Date; candidateRegionIds?: string[] },
  ): Promise<{ call: Call; returned: number }> {
    onlySecretariat(actor);
    const result = await this.repo.transaction(actor, async (m) => {
      const call = await this.vendorCall(m, callId, 'update');
      const material = change.closesAt !== undefined || change.candidateRegionIds !== undefined;
      const callChange: VendorCallChange = {};
      if (material) {
        assertMaterialChangeAllowed(call, this.clock.now());
        if (change.candidateRegionIds) {
          assertRegionsOf(change.candidateRegionIds, await this.regions.idsOfRegionCall(call.regionCallId!, m));
          const kept = new Set(change.candidateRegionIds);
          callChange.removedRegionIds = (await this.repo.regionIdsOfCall(call.id, m)).filter((id) => !kept.has(id));
          await this.repo.replaceCallRegions(m, call.id, change.candidateRegionIds);
        }
      }
      if (change.title !== undefined) call.title = change.title;
      if (change.closesAt) {
        // A new deadline must leave vendors the full notice period: never inside the 7-day freeze.
        const earliest = Math.max(call.opensAt.getTime(), call.status === 'OPEN' ? this.clock.now().getTime() + MATERIAL_CHANGE_FREEZE_DAYS * 86_400_000 : 0);
        if (change.closesAt.getTime() <= earliest) {
          throw new DomainError(
            'VALIDATION_FAILED',
            { field: 'closesAt' },
            {
              ja: `新しい締切は${MATERIAL_CHANGE_FREEZE_DAYS}日以上先にしてください。`,
              en: `The new deadline must be more than ${MATERIAL_CHANGE_FREEZE_DAYS} days ahead.`,
            },
          );
        }
        call.closesAt = change.closesAt;
      }
      if (change.questionsCloseAt) call.questionsCloseAt = change.questionsCloseAt;
      if (call.questionsCloseAt && call.questionsCloseAt.getTime() > call.closesAt.getTime()) {
        throw new DomainError(
          'VALIDATION_FAILED',
          { field: 'questionsCloseAt' },
          { ja: '質問の締切は公募の締切までにしてください。', en: 'Questions must close no later than the call.' },
        );
      }
      call.version += 1;
      const saved = await this.programs.saveCall(m, call);
      const returned = material ? await this.returnTouchedBids(m, saved, callChange) : 0;
      await this.notices.regionsRemoved(m, saved, callChange.removedRegionIds ?? [], this.clock.now());
      return { call: saved, returned };
    });
    // The regions listed and the bids returned to draft change the live count (after the commit).
    if (change.candidateRegionIds || result.returned) this.announceBids(callId);
    return result;
  }

  /** Tells the secretariat's live count that the call's bids changed; only after the change committed. */
  announceBids(callId: string): void {
    this.events.emit({ type: 'VENDOR_BIDS_CHANGED', callId });
  }

  /**
   * For a material change of the criteria (or the pass threshold) of a vendor call: refused within 7 days of the
   * deadline; otherwise every submitted bid goes back to draft, and its vendor is told. Called in the change's
   * transaction (evaluation's panel service).
   */
  async applyMaterialChange(m: EntityManager, call: Call, change: VendorCallChange = { criteria: 'CRITERIA' }): Promise<number> {
    const { returnSubmitted } = assertMaterialChangeAllowed(call, this.clock.now());
    if (!returnSubmitted) return 0;
    return this.returnTouchedBids(m, call, change);
  }

  /** The submitted bids the change touches go back to draft; each vendor gets 再提出のお願い with the deadline. */
  private async returnTouchedBids(m: EntityManager, call: Call, change: VendorCallChange): Promise<number> {
    if (call.status === 'DRAFT') return 0;
    const touched = (await this.repo.submittedBidsOfCall(m, call.id))
      .map((b) => ({ ...b, change: bidChangeOf(change, b.regionIds) }))
      .filter((b): b is typeof b & { change: NonNullable<typeof b.change> } => b.change !== null);
    const rows = await this.repo.returnSubmittedToDraft(
      m,
      touched.map((b) => b.applicationId),
      MATERIAL_CHANGE_NOTICE.ja,
    );
    const versions = new Map(rows.map((r) => [r.id, Number(r.version)]));
    await this.notices.bidsReturned(
      m,
      call,
      call.closesAt,
      touched.filter((b) => versions.has(b.applicationId)).map((b) => ({ ...b, applicationVersion: versions.get(b.applicationId)! })),
    );
    return rows.length;
  }

  async vendorCall(m: EntityManager, callId: string, mode: 'share' | 'update' = 'share'): Promise<Call> {
    const call = await this.programs.lockCall(m, callId, mode);
    if (!call || call.kind !== CallKind.VENDOR) throw notFound();
    return call;
  }

  /** Proposals received per region before the deadline, so the secretariat can act on regions nobody bids for. Staff only. */
  async progress(actor: Actor, callId: string) {
    if (!isStaff(actor)) throw new DomainError('FORBIDDEN');
    await this.programs.call(callId);
    return this.repo.proposalCountsByRegion(callId);
  }
}

function assertRegionsOf(chosen: string[], published: string[]): void {
  const allowed = new Set(published);
  const bad = chosen.filter((id) => !allowed.has(id));
  if (bad.length || !chosen.length) {
    throw new DomainError(
      'VALIDATION_FAILED',
      { field: 'candidateRegionIds', bad },
      { ja: '対象地域は公表済みの支援地域候補から選んでください。', en: 'Regions must be published candidate regions of the region call.' },
    );
  }
}
