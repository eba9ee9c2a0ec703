import { Injectable } from '@nestjs/common';
import { AccessService } from '@app/access';
import { Actor, Clock, DomainError, isStaff, notFound, Role, toJstText, toWareki } from '@app/core';
import { CallStatus, CandidateRegionService } from '@app/calls';
import { BiddingNotices } from './bidding-notices';
import { BiddingRepository } from './bidding.repository';
import { Inquiry } from './entities';
import { VendorCallService } from './vendor-call.service';
import { VendorStatus } from './domain/vendor-kind';

/**
 * 問い合わせ: vendors ask about a region or the call while the vendor call runs; the region's
 * prefecture (応募要件 7) or the secretariat answers; an answer can be published to all vendors
 * with the asker's identity hidden.
 */
@Injectable()
export class InquiryService {
  constructor(
    private readonly repo: BiddingRepository,
    private readonly calls: VendorCallService,
    private readonly regions: CandidateRegionService,
    private readonly clock: Clock,
    private readonly access: AccessService,
    private readonly notices: BiddingNotices,
  ) {}

  async ask(actor: Actor, callId: string, candidateRegionId: string | null, question: string): Promise<Inquiry> {
    if (actor.role !== Role.VENDOR || !actor.vendorId) throw new DomainError('FORBIDDEN');
    const [vendor] = await this.repo.vendorsByIds([actor.vendorId]);
    if (vendor?.status !== VendorStatus.APPROVED) throw new DomainError('VENDOR_NOT_APPROVED');
    const now = this.clock.now();
    // Who to tell (the region's contacts) is read before the transaction: it does not change the decision.
    const to = candidateRegionId ? await this.notices.regionContacts(candidateRegionId) : null;
    return this.repo.transaction(actor, async (m) => {
      const call = await this.calls.vendorCall(m, callId);
      const closes = call.questionsCloseAt ?? call.closesAt;
      if (call.status !== CallStatus.OPEN || now < call.opensAt || now >= closes) {
        throw new DomainError(
          'QUESTIONS_CLOSED',
          { closesAt: closes.toISOString() },
          { ja: `質問の受付期間外です（締切：${toWareki(closes)}）。`, en: `Questions are not accepted now (until ${toJstText(closes)}).` },
        );
      }
      if (candidateRegionId && !(await this.repo.regionIdsOfCall(callId, m)).includes(candidateRegionId)) throw notFound();
      const inquiry = await this.repo.saveInquiry(m, { callId, candidateRegionId, vendorId: actor.vendorId!, askedBy: actor.userId, question, askedAt: now });
      // 応募要件7: the region's prefecture answers, so it is told, with the question.
      if (to) await this.notices.inquiryAsked(m, call, inquiry, to);
      return inquiry;
    });
  }

  async answer(actor: Actor, id: string, answer: string, publish: boolean): Promise<Inquiry> {
    return this.repo.transaction(actor, async (m) => {
      const inquiry = await this.repo.lockInquiry(m, id);
      if (!inquiry || !(await this.access.canAnswerInquiry(actor, [inquiry], m)).has(inquiry.id)) throw notFound();
      const now = this.clock.now();
      Object.assign(inquiry, { answer, answeredBy: actor.userId, answeredAt: now });
      if (publish) inquiry.publishedAt = inquiry.publishedAt ?? now;
      const saved = await this.repo.saveInquiry(m, inquiry);
      // A published answer about a region: to every vendor that bid on, or asked about, it (once per vendor and answer).
      if (saved.publishedAt) await this.notices.answerPublished(m, await this.calls.vendorCall(m, saved.callId), saved);
      return saved;
    });
  }

  /** Inquiries of a call the actor may read: its own, its regions', all for staff, and every published one. */
  async list(actor: Actor, callId: string, candidateRegionId?: string): Promise<Inquiry[]> {
    if (isStaff(actor)) return this.repo.listInquiries({ callId, candidateRegionId, all: true });
    const regionIds = actor.role === Role.PREFECTURE ? await this.regionIdsOfPrefecture(callId, actor.prefectureCode!) : undefined;
    return this.repo.listInquiries({ callId, candidateRegionId, vendorId: actor.role === Role.VENDOR ? (actor.vendorId ?? undefined) : undefined, regionIds });
  }

  publishedByRegionIds(ids: readonly string[]) {
    return this.repo.publishedInquiriesByRegionIds(ids);
  }

  /** The asker is shown only to itself and the staff (AccessService.canSeeInquiryAsker). */
  canSeeAsker(actor: Actor | null, inquiry: Inquiry): boolean {
    return this.access.canSeeInquiryAsker(actor, [inquiry]).has(inquiry.id);
  }

  private async regionIdsOfPrefecture(callId: string, prefectureCode: string): Promise<string[]> {
    const ids = await this.repo.regionIdsOfCall(callId);
    return (await this.regions.byIds(ids)).filter((r) => r.prefectureCode === prefectureCode).map((r) => r.id);
  }
}
