import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService } from '@app/access';
import { Call, CandidateRegionService, ProgramService } from '@app/calls';
import { Actor, Role, toWareki } from '@app/core';
import { IdentityService } from '@app/identity';
import { MasterDataService } from '@app/master-data';
import { NoticeRequest, NoticeService } from '@app/notifications';
import { BiddingRepository } from './bidding.repository';
import { BidChange } from './domain/material-change';
import { Inquiry } from './entities';

/** The contacts of a region's prefecture, read before the transaction that asks about it (they do not change the decision). */
export interface RegionContacts {
  regionId: string;
  prefectureCode: string;
  emails: string[];
}

/**
 * The notices of the vendor call (templates/bidding.ts), issued through NoticeService in the decision's transaction:
 * every read here takes the transaction's EntityManager.
 */
@Injectable()
export class BiddingNotices {
  constructor(
    private readonly repo: BiddingRepository,
    private readonly notices: NoticeService,
    private readonly programs: ProgramService,
    private readonly regions: CandidateRegionService,
    private readonly identity: IdentityService,
    private readonly masterData: MasterDataService,
    private readonly access: AccessService,
  ) {}

  /** 再提出のお願い: to each vendor whose bid a material change returned to draft (what changed, submit again, by when). */
  async bidsReturned(
    m: EntityManager,
    call: Call,
    deadline: Date,
    returned: ReadonlyArray<{ applicationId: string; applicationVersion: number; vendorId: string; change: BidChange }>,
  ): Promise<number> {
    if (!returned.length) return 0;
    const vendorIds = [...new Set(returned.map((r) => r.vendorId))];
    const [vendors, users, fiscalYear, names] = [
      await this.repo.vendorsByIds(vendorIds, m),
      await this.identity.usersOfVendors(vendorIds, m),
      await this.fiscalYear(m, call.programId),
      await this.prefectureNamesOfRegions(m, [...new Set(returned.flatMap((r) => r.change.removedRegionIds))]),
    ];
    // One key per return of an application (each return bumps its version): a step re-run tells nothing new, a later change tells again.
    const requests: NoticeRequest[] = returned.map((r) => ({
      kind: 'BIDS_RETURNED_TO_DRAFT',
      key: `bids-returned:${r.applicationId}:v${r.applicationVersion}`,
      addressee: vendors.find((v) => v.id === r.vendorId)?.name ?? '',
      honorific: '御中',
      audience: `vendor:${r.vendorId}`,
      emails: users.filter((u) => u.vendorId === r.vendorId).map((u) => u.email),
      fiscalYear,
      about: { type: 'VENDOR_APPLICATION', id: r.applicationId },
      vars: {
        vendorName: vendors.find((v) => v.id === r.vendorId)?.name ?? '',
        callTitle: call.title,
        changes: changeLines(r.change, names),
        deadline: toWareki(deadline),
      },
    }));
    return this.notices.issue(m, requests);
  }

  /**
   * To the prefecture of each candidate region a change removed from an open (or closed) vendor call: its region is no
   * longer in the call. Once per removal (the call's version), so a region added back and removed again is told again.
   */
  async regionsRemoved(m: EntityManager, call: Call, regionIds: readonly string[], changedAt: Date): Promise<number> {
    if (!regionIds.length || call.status === 'DRAFT') return 0;
    const regions = await this.regions.byIds(regionIds, m);
    const [contacts, prefectures, fiscalYear] = [
      await this.regions.contactsByApplicationIds(
        regions.map((r) => r.applicationId),
        m,
      ),
      await this.masterData.prefecturesByCodes([...new Set(regions.map((r) => r.prefectureCode))], m),
      await this.fiscalYear(m, call.programId),
    ];
    return this.notices.issue(
      m,
      regions.map((r) => {
        const prefectureName = prefectures.find((p) => p.code === r.prefectureCode)?.name ?? r.prefectureCode;
        return {
          kind: 'VENDOR_CALL_REGION_REMOVED' as const,
          key: `vendor-call-region-removed:${call.id}:${r.id}:v${call.version}`,
          addressee: prefectureName,
          honorific: '御中' as const,
          audience: `prefecture:${r.prefectureCode}`,
          emails: contacts.filter((c) => c.applicationId === r.applicationId).map((c) => c.email),
          fiscalYear,
          about: { type: 'CANDIDATE_REGION', id: r.id },
          vars: { prefectureName, callTitle: call.title, changedOn: toWareki(changedAt, false) },
        };
      }),
    );
  }

  /** Who to tell of a question about a region: its application's contacts (read before the question's transaction). */
  async regionContacts(regionId: string): Promise<RegionContacts | null> {
    const [region] = await this.regions.byIds([regionId]);
    if (!region) return null;
    const contacts = await this.regions.contactsByApplicationIds([region.applicationId]);
    return { regionId, prefectureCode: region.prefectureCode, emails: contacts.map((c) => c.email) };
  }

  /** A vendor's question (応募要件7) to the prefecture of its region; the asker named only where the prefecture may see it. */
  async inquiryAsked(m: EntityManager, call: Call, inquiry: Inquiry, to: RegionContacts): Promise<number> {
    // The prefecture's readers, as the access layer knows them: the asker is named only if they may see it.
    const prefectureReader: Actor = {
      userId: '',
      role: Role.PREFECTURE,
      prefectureCode: to.prefectureCode,
      municipalityCode: null,
      vendorId: null,
      evaluatorId: null,
    };
    const mayName = this.access.canSeeInquiryAsker(prefectureReader, [inquiry]).has(inquiry.id);
    const [prefecture] = await this.masterData.prefecturesByCodes([to.prefectureCode], m);
    const asker = mayName ? ((await this.repo.vendorsByIds([inquiry.vendorId], m))[0]?.name ?? '') : '応募予定の事業者（事業者名は公表しません）';
    const closes = call.questionsCloseAt ?? call.closesAt;
    return this.notices.issue(m, [
      {
        kind: 'INQUIRY_RECEIVED',
        key: `inquiry-asked:${inquiry.id}`,
        addressee: prefecture?.name ?? to.prefectureCode,
        honorific: '御中',
        audience: `prefecture:${to.prefectureCode}`,
        emails: to.emails,
        fiscalYear: await this.fiscalYear(m, call.programId),
        about: { type: 'INQUIRY', id: inquiry.id },
        vars: {
          prefectureName: prefecture?.name ?? to.prefectureCode,
          callTitle: call.title,
          askedAt: toWareki(inquiry.askedAt),
          asker,
          question: inquiry.question,
          questionsCloseAt: toWareki(closes),
        },
      },
    ]);
  }

  /** A published answer about a region: to every vendor that bid on, or asked about, that region, once per vendor. */
  async answerPublished(m: EntityManager, call: Call, inquiry: Inquiry): Promise<number> {
    if (!inquiry.candidateRegionId || !inquiry.publishedAt || !inquiry.answer) return 0;
    const vendorIds = await this.repo.vendorsInterestedInRegion(m, inquiry.callId, inquiry.candidateRegionId);
    if (!vendorIds.length) return 0;
    const [vendors, users, fiscalYear, names] = [
      await this.repo.vendorsByIds(vendorIds, m),
      await this.identity.usersOfVendors(vendorIds, m),
      await this.fiscalYear(m, call.programId),
      await this.prefectureNamesOfRegions(m, [inquiry.candidateRegionId]),
    ];
    const prefectureName = names.get(inquiry.candidateRegionId) ?? '';
    return this.notices.issue(
      m,
      vendors.map((v) => ({
        kind: 'INQUIRY_ANSWER_PUBLISHED',
        key: `inquiry-answer:${inquiry.id}:${v.id}`,
        addressee: v.name,
        honorific: '御中',
        audience: `vendor:${v.id}`,
        emails: users.filter((u) => u.vendorId === v.id).map((u) => u.email),
        fiscalYear,
        about: { type: 'INQUIRY', id: inquiry.id },
        vars: {
          vendorName: v.name,
          callTitle: call.title,
          prefectureName,
          question: inquiry.question,
          answer: inquiry.answer!,
          publishedAt: toWareki(inquiry.publishedAt!),
        },
      })),
    );
  }

  private async fiscalYear(m: EntityManager, programId: string): Promise<number> {
    const [p] = await this.programs.programsByIds([programId], m);
    return p.fiscalYear;
  }

  private async prefectureNamesOfRegions(m: EntityManager, regionIds: readonly string[]): Promise<Map<string, string>> {
    if (!regionIds.length) return new Map();
    const regions = await this.regions.byIds(regionIds, m);
    const prefectures = await this.masterData.prefecturesByCodes([...new Set(regions.map((r) => r.prefectureCode))], m);
    return new Map(regions.map((r) => [r.id, prefectures.find((p) => p.code === r.prefectureCode)?.name ?? r.prefectureCode]));
  }
}

/** What changed, as the notice lists it. */
function changeLines(change: BidChange, regionNames: ReadonlyMap<string, string>): string {
  const lines: string[] = [];
  if (change.criteria === 'CRITERIA') lines.push('・評価項目及び配点を変更しました。');
  if (change.criteria === 'PASS_THRESHOLD') lines.push('・評価の合格基準（基準点）を変更しました。');
  if (change.removedRegionIds.length) {
    lines.push(
      `・対象地域から次の地域を除外しました（貴社の提案に含まれる地域）：${change.removedRegionIds.map((id) => regionNames.get(id) ?? id).join('、')}`,
    );
  }
  return lines.join('\n');
}
