import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { VendorApplicationService, VendorService } from '@app/bidding';
import { CandidateRegionService } from '@app/calls';
import { IdentityService } from '@app/identity';
import { MasterDataService } from '@app/master-data';
import { OutboxService } from '@app/notifications';
import { Match, MatchingRun, MatchStatus } from './entities/matching.entities';
import { MatchingRepository } from './matching.repository';

export const UNSUPPORTED_REASON_JA: Record<string, string> = {
  NO_PROPOSALS: '応募した事業者がありませんでした。',
  ALL_BELOW_THRESHOLD: '応募した事業者がいずれも評価基準を満たしませんでした。',
  ALL_WITHDRAWN_OR_EXCLUDED: '応募した事業者がいずれも辞退または除外となりました。',
  LOST_TO_CAPACITY: '基準を満たした事業者がいずれも他の地域で選定され、支援可能数に達しました。',
  OVER_BUDGET: '事業全体の予算の範囲内で選定できませんでした。',
  DECLINED_NO_ALTERNATIVE: '選定事業者が辞退し、他に選定できる事業者がありませんでした。',
};

/** Who to tell, read before the decision's transaction (names and addresses do not change the decision). */
export interface Directory {
  regions: Map<string, { prefectureName: string; emails: string[] }>;
  vendors: Map<string, { name: string; emails: string[] }>;
}

/**
 * The individual result notices (選定結果のお知らせ), written to the outbox inside the decision's
 * transaction. Subjects follow the call's convention: 「推進体制構築支援（兵庫県）選定結果のお知らせ」.
 */
@Injectable()
export class ResultNotices {
  constructor(
    private readonly repo: MatchingRepository,
    private readonly regions: CandidateRegionService,
    private readonly masterData: MasterDataService,
    private readonly applications: VendorApplicationService,
    private readonly vendors: VendorService,
    private readonly identity: IdentityService,
    private readonly outbox: OutboxService,
  ) {}

  async directory(callId: string, regionIds: string[]): Promise<Directory> {
    const regions = await this.regions.byIds(regionIds);
    const prefectures = new Map((await this.masterData.prefecturesByCodes([...new Set(regions.map((r) => r.prefectureCode))])).map((p) => [p.code, p.name]));
    const contacts = await this.regions.contactsByApplicationIds(regions.map((r) => r.applicationId));
    const applications = await this.applications.submittedApplications(callId);
    const vendorIds = [...new Set(applications.map((a) => a.vendorId))];
    const vendorRows = await this.vendors.vendorsByIds(vendorIds);
    const users = await this.identity.usersOfVendors(vendorIds);
    return {
      regions: new Map(
        regions.map((r) => [
          r.id,
          {
            prefectureName: prefectures.get(r.prefectureCode) ?? r.prefectureCode,
            emails: contacts.filter((c) => c.applicationId === r.applicationId).map((c) => c.email),
          },
        ]),
      ),
      vendors: new Map(vendorRows.map((v) => [v.id, { name: v.name, emails: users.filter((u) => u.vendorId === v.id).map((u) => u.email) }])),
    };
  }

  async queueResults(m: EntityManager, run: MatchingRun, dir: Directory): Promise<void> {
    const matches = (await this.repo.matchesOfRuns([run.id], m)).filter((x) => x.status === MatchStatus.SELECTED);
    const unsupported = await this.repo.unsupportedOfRuns([run.id], m);
    const messages = [];
    for (const [regionId, region] of dir.regions) {
      const match = matches.find((x) => x.candidateRegionId === regionId);
      const u = unsupported.find((x) => x.candidateRegionId === regionId);
      const body = match
        ? `${region.prefectureName} 御中\n\n伴走支援事業者の選定結果をお知らせします。\n選定事業者：${dir.vendors.get(match.vendorId)?.name ?? ''}\n`
        : `${region.prefectureName} 御中\n\n伴走支援事業者の選定結果をお知らせします。\n誠に残念ながら、本地域は伴走支援を受けられないこととなりました。\n理由：${UNSUPPORTED_REASON_JA[u?.reason ?? ''] ?? ''}\n`;
      for (const email of region.emails) {
        messages.push({
          dedupeKey: `result:${run.id}:region:${regionId}:${email}`,
          recipientEmail: email,
          subject: `推進体制構築支援（${region.prefectureName}）選定結果のお知らせ`,
          body,
        });
      }
    }
    for (const [vendorId, vendor] of dir.vendors) {
      const won = matches.filter((x) => x.vendorId === vendorId).map((x) => dir.regions.get(x.candidateRegionId)?.prefectureName ?? '');
      const body = `${vendor.name} 御中\n\n伴走支援事業者の公募の選定結果をお知らせします。\n${won.length ? `選定された地域：${won.join('、')}` : '誠に残念ながら、今回は選定に至りませんでした。'}\n各提案の評価結果はシステムのフィードバックシートでご確認いただけます。\n`;
      for (const email of vendor.emails) {
        messages.push({
          dedupeKey: `result:${run.id}:vendor:${vendorId}:${email}`,
          recipientEmail: email,
          subject: `伴走支援事業者の公募 選定結果のお知らせ（${vendor.name}）`,
          body,
        });
      }
    }
    await this.outbox.enqueue(m, messages);
  }

  async queueChange(m: EntityManager, run: MatchingRun, dir: Directory, regionId: string, offered: Match | null): Promise<void> {
    const region = dir.regions.get(regionId);
    if (!region) return;
    const messages = region.emails.map((email) => ({
      dedupeKey: `change:${run.id}:region:${regionId}:${offered?.id ?? 'none'}:${email}`,
      recipientEmail: email,
      subject: `推進体制構築支援（${region.prefectureName}）選定結果の変更のお知らせ`,
      body: offered
        ? `選定事業者が変更となりました。新たな選定事業者：${dir.vendors.get(offered.vendorId)?.name ?? ''}\n`
        : `選定事業者の辞退により、本地域は伴走支援を受けられないこととなりました。\n`,
    }));
    if (offered) {
      const vendor = dir.vendors.get(offered.vendorId);
      for (const email of vendor?.emails ?? []) {
        messages.push({
          dedupeKey: `change:${run.id}:vendor:${offered.id}:${email}`,
          recipientEmail: email,
          subject: `伴走支援事業者の公募 選定のお知らせ（${vendor!.name}）`,
          body: `${region.prefectureName}の伴走支援事業者として選定されました（繰り上げ）。\n`,
        });
      }
    }
    await this.outbox.enqueue(m, messages);
  }
}
