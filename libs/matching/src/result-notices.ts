import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { VendorApplicationService, VendorService } from '@app/bidding';
import { CandidateRegionService, ProgramService } from '@app/calls';
import { IdentityService } from '@app/identity';
import { MasterDataService } from '@app/master-data';
import { Notice, NoticeRequest, NoticeService } from '@app/notifications';
import { Match, MatchingRun, MatchStatus } from './entities/matching.entities';
import { MatchingRepository } from './matching.repository';
import { snapshotInput } from './model/snapshot';
import { REGION_OUTCOME_JA, vendorRegionOutcomes } from './domain/vendor-outcomes';

export const UNSUPPORTED_REASON_JA: Record<string, string> = {
  NO_PROPOSALS: '応募した事業者がありませんでした。',
  ALL_BELOW_THRESHOLD: '応募した事業者がいずれも評価基準を満たしませんでした。',
  NOT_EVALUATED: '応募のあった提案を、利益相反のない評価委員が評価できなかったため、選定を行えませんでした。',
  ALL_WITHDRAWN_OR_EXCLUDED: '応募した事業者がいずれも辞退または除外となりました。',
  LOST_TO_CAPACITY: '基準を満たした事業者がいずれも他の地域で選定され、支援可能数に達しました。',
  OVER_BUDGET: '事業全体の予算の範囲内で選定できませんでした。',
  DECLINED_NO_ALTERNATIVE: '選定事業者が辞退し、他に選定できる事業者がありませんでした。',
};

/** What a run's notices (its publication's and the changes after it) carry as NoticeRequest.reference. */
export const runNoticeReference = (runId: string): string => `matching-run:${runId}`;

/** Who to tell, read before the decision's transaction (names and addresses do not change the decision). */
export interface Directory {
  /** The programme's fiscal year (the letters' 令和8年度). */
  fiscalYear: number;
  regions: Map<string, { prefectureName: string; prefectureCode: string; emails: string[] }>;
  vendors: Map<string, { name: string; emails: string[]; applicationId: string }>;
}

/**
 * The individual result notices (選定結果のお知らせ), issued as business letters (NoticeService) inside the decision's
 * transaction, once per key. Subjects follow the call's convention: 「推進体制構築支援（兵庫県）選定結果のお知らせ」. A
 * vendor's notice lists every region it bid on with its outcome, not only those it won.
 */
@Injectable()
export class ResultNotices {
  constructor(
    private readonly repo: MatchingRepository,
    private readonly regions: CandidateRegionService,
    private readonly programs: ProgramService,
    private readonly masterData: MasterDataService,
    private readonly applications: VendorApplicationService,
    private readonly vendors: VendorService,
    private readonly identity: IdentityService,
    private readonly notices: NoticeService,
  ) {}

  async directory(callId: string, regionIds: string[]): Promise<Directory> {
    const [call] = await this.programs.callsByIds([callId]); // the decided call exists: its run was found
    const [program] = await this.programs.programsByIds([call.programId]);
    const regions = await this.regions.byIds(regionIds);
    const prefectures = new Map((await this.masterData.prefecturesByCodes([...new Set(regions.map((r) => r.prefectureCode))])).map((p) => [p.code, p.name]));
    const contacts = await this.regions.contactsByApplicationIds(regions.map((r) => r.applicationId));
    const applications = await this.applications.submittedApplications(callId);
    const vendorIds = [...new Set(applications.map((a) => a.vendorId))];
    const vendorRows = await this.vendors.vendorsByIds(vendorIds);
    const users = await this.identity.usersOfVendors(vendorIds);
    return {
      fiscalYear: program.fiscalYear,
      regions: new Map(
        regions.map((r) => [
          r.id,
          {
            prefectureName: prefectures.get(r.prefectureCode) ?? r.prefectureCode,
            prefectureCode: r.prefectureCode,
            emails: contacts.filter((c) => c.applicationId === r.applicationId).map((c) => c.email),
          },
        ]),
      ),
      vendors: new Map(
        vendorRows.map((v) => [
          v.id,
          {
            name: v.name,
            emails: users.filter((u) => u.vendorId === v.id).map((u) => u.email),
            applicationId: applications.find((a) => a.vendorId === v.id)!.id,
          },
        ]),
      ),
    };
  }

  async queueResults(m: EntityManager, run: MatchingRun, dir: Directory): Promise<void> {
    const all = await this.repo.matchesOfRuns([run.id], m);
    const matches = all.filter((x) => x.status === MatchStatus.SELECTED);
    const overridden = new Set(all.filter((x) => x.status !== MatchStatus.SELECTED && x.reason?.startsWith('override:')).map((x) => x.proposalId));
    const unsupported = await this.repo.unsupportedOfRuns([run.id], m);
    const requests: NoticeRequest[] = [];
    for (const [regionId, region] of dir.regions) {
      const match = matches.find((x) => x.candidateRegionId === regionId);
      const u = unsupported.find((x) => x.candidateRegionId === regionId);
      requests.push({
        ...this.toRegion(dir, regionId, region, `result:${run.id}:region:${regionId}`),
        ...(match
          ? { kind: 'STAGE2_RESULT_REGION_SELECTED', vars: { prefectureName: region.prefectureName, vendorName: dir.vendors.get(match.vendorId)?.name ?? '' } }
          : {
              kind: 'STAGE2_RESULT_REGION_UNSUPPORTED',
              vars: { prefectureName: region.prefectureName, reason: UNSUPPORTED_REASON_JA[u?.reason ?? ''] ?? '' },
            }),
      });
    }
    const input = snapshotInput(run);
    const ctx = { capacity: new Map(input.vendors.map((v) => [v.id, v.capacity])), budgetYen: input.budgetYen ?? null };
    for (const [vendorId, vendor] of dir.vendors) {
      const outcomes = vendorRegionOutcomes(input.proposals, matches, overridden, vendorId, ctx)
        .map((o) => ({ ...o, prefectureName: dir.regions.get(o.regionId)?.prefectureName ?? '' }))
        .sort((a, b) => (a.outcome === 'SELECTED' ? 0 : 1) - (b.outcome === 'SELECTED' ? 0 : 1) || a.prefectureName.localeCompare(b.prefectureName, 'ja'));
      const regionOutcomes = outcomes.length
        ? outcomes.map((o) => `・${o.prefectureName}：${REGION_OUTCOME_JA[o.outcome]}`).join('\n')
        : '・提案された地域はありませんでした。';
      requests.push({
        kind: 'STAGE2_RESULT_VENDOR',
        key: `result:${run.id}:vendor:${vendorId}`,
        addressee: vendor.name,
        honorific: '御中',
        audience: `vendor:${vendorId}`,
        emails: vendor.emails,
        fiscalYear: dir.fiscalYear,
        about: { type: 'VENDOR_APPLICATION', id: vendor.applicationId },
        vars: { vendorName: vendor.name, regionOutcomes },
      });
    }
    await this.notices.issue(
      m,
      requests.map((r) => ({ ...r, reference: runNoticeReference(run.id) })),
    );
  }

  async queueChange(m: EntityManager, run: MatchingRun, dir: Directory, regionId: string, offered: Match | null): Promise<void> {
    const region = dir.regions.get(regionId);
    if (!region) return;
    const vendor = offered ? dir.vendors.get(offered.vendorId) : undefined;
    const requests: NoticeRequest[] = [
      {
        ...this.toRegion(dir, regionId, region, `change:${run.id}:region:${regionId}:${offered?.id ?? 'none'}`),
        ...(offered
          ? { kind: 'RESULT_CHANGED_REGION_OFFERED', vars: { prefectureName: region.prefectureName, vendorName: vendor?.name ?? '' } }
          : { kind: 'RESULT_CHANGED_REGION_NONE', vars: { prefectureName: region.prefectureName } }),
      },
    ];
    if (offered && vendor) {
      requests.push({
        kind: 'RESULT_CHANGED_VENDOR_OFFERED',
        key: `change:${run.id}:vendor:${offered.id}`,
        addressee: vendor.name,
        honorific: '御中',
        audience: `vendor:${offered.vendorId}`,
        emails: vendor.emails,
        fiscalYear: dir.fiscalYear,
        about: { type: 'VENDOR_APPLICATION', id: vendor.applicationId },
        vars: { prefectureName: region.prefectureName, vendorName: vendor.name },
      });
    }
    await this.notices.issue(
      m,
      requests.map((r) => ({ ...r, reference: runNoticeReference(run.id) })),
    );
  }

  /** The notices each run issued (publication and changes), oldest first, in one query; by run id. */
  async ofRuns(runIds: readonly string[]): Promise<Map<string, Notice[]>> {
    const byReference = new Map(runIds.map((id) => [runNoticeReference(id), id]));
    const out = new Map<string, Notice[]>(runIds.map((id) => [id, []]));
    const number = (n: Notice) => Number(/第(\d+)号/.exec(n.documentNumber)?.[1] ?? 0);
    const notices = (await this.notices.byReferences([...byReference.keys()])).sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || number(a) - number(b),
    );
    for (const n of notices) out.get(byReference.get(n.reference ?? '')!)?.push(n);
    return out;
  }

  /** A notice to the prefecture of a candidate region: addressed to it (御中), read by it, about the region. */
  private toRegion(dir: Directory, regionId: string, region: Directory['regions'] extends Map<string, infer R> ? R : never, key: string) {
    return {
      key,
      addressee: region.prefectureName,
      honorific: '御中' as const,
      audience: `prefecture:${region.prefectureCode}`,
      emails: region.emails,
      fiscalYear: dir.fiscalYear,
      about: { type: 'CANDIDATE_REGION', id: regionId },
    };
  }
}
