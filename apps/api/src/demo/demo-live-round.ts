import { INestApplicationContext, Logger } from '@nestjs/common';
import { Actor, ControlledClock, dueOnBusinessDay, jstDate } from '@app/core';
import { CallKind, CallStatus, CandidateRegionService, ProgramService, REQUIREMENT_NUMBERS, RegionReviewService } from '@app/calls';
import { InquiryService, VendorApplicationService, VendorCallService } from '@app/bidding';
import { AssignmentService, PanelService, ScoringService } from '@app/evaluation';
import { EngagementService } from '@app/engagement';
import { MatchingService, ResultsService } from '@app/matching';

/** The fiscal year (April to March) of an instant, read in JST. */
export function fiscalYearOf(d: Date): number {
  const [y, m] = jstDate(d).split('-').map(Number);
  return m >= 4 ? y : y - 1;
}

/** The instant `days` JST calendar days from `base`, at `hhmm` JST. */
export function jstDayAt(base: Date, days: number, hhmm: string): Date {
  const day = jstDate(new Date(base.getTime() + days * 86_400_000));
  return new Date(`${day}T${hhmm}:00+09:00`);
}

/** As jstDayAt, on that day or the business day before it (a deadline never falls on a weekend, holiday or 年末年始). */
export function businessDayAt(base: Date, days: number, hhmm: string): Date {
  const day = dueOnBusinessDay(jstDate(new Date(base.getTime() + days * 86_400_000)));
  return new Date(`${day}T${hhmm}:00+09:00`);
}

export interface LiveRoundContext {
  sec: Actor;
  actors: Record<string, Actor>;
  vendors: Record<string, Actor>;
  experts: Array<{ actor: Actor; evaluatorId: string }>;
  /** Builds a complete application (partners, memoranda, issues, requirements, a contact) and submits it. */
  fullApplication: (prefecture: Actor, callId: string, partners: string[]) => Promise<{ id: string }>;
}

const CRITERIA = [
  { titleJa: '地域課題の理解', titleEn: "Understanding of the region's issues", weight: 25, maxPoints: 5, minPoints: 2 },
  { titleJa: '実現可能性・手法', titleEn: 'Feasibility and method', weight: 25, maxPoints: 5, minPoints: 2 },
  { titleJa: '実施体制', titleEn: 'Team', weight: 20, maxPoints: 5 },
  { titleJa: '持続可能性・地域人材育成', titleEn: 'Sustainability and local talent development', weight: 20, maxPoints: 5 },
  { titleJa: '費用対効果', titleEn: 'Cost-effectiveness', weight: 10, maxPoints: 5 },
];

/**
 * The round that is running today, so that every user of the web client has something to do on a fresh demo. This
 * fiscal year: a region call decided months ago (兵庫県, 福岡県, 高知県 and 北海道 adopted), its vendor call matched and
 * published (engagements running for 兵庫県 and 福岡県, a meeting ahead that 芦屋市 may observe), 高知県 and 北海道 left
 * without bids, and the follow-up call for them open for three more weeks (a draft bid, an unanswered question). Next
 * fiscal year: a region call open for four weeks, where 長野県 and 兵庫県 are repeat applicants. Dates are relative to
 * the clock at seeding, so the demo is live whenever it is loaded; when either fiscal year is taken (a clock set into
 * the past with CLOCK_START_AT) the live round is left out.
 */
export async function seedLiveRound(app: INestApplicationContext, clock: ControlledClock, ctx: LiveRoundContext): Promise<void> {
  const log = new Logger('Demo');
  const programs = app.get(ProgramService);
  const review = app.get(RegionReviewService);
  const panel = app.get(PanelService);
  const bids = app.get(VendorApplicationService);
  const inquiries = app.get(InquiryService);
  const now = clock.now();
  const fy = fiscalYearOf(now);
  const taken = new Set((await programs.listPrograms()).map((p) => p.fiscalYear));
  if (taken.has(fy) || taken.has(fy + 1)) {
    log.log(`live round left out: fiscal year ${fy} or ${fy + 1} already has a programme`);
    return;
  }
  const reiwa = (y: number) => y - 2018;
  const { sec, actors, vendors } = ctx;

  // The region call, decided and published.
  clock.set(jstDayAt(now, -160, '09:00'));
  const current = await programs.createProgram(sec, {
    fiscalYear: fy,
    name: `令和${reiwa(fy)}年度 地域社会DX推進パッケージ事業 推進体制構築支援`,
    regionBudgetCapYen: 80_000_000,
  });
  const regionCall = await programs.createCall(sec, {
    programId: current.id,
    kind: CallKind.REGION,
    title: `支援地域の公募（令和${reiwa(fy)}年度）`,
    opensAt: jstDayAt(now, -155, '00:00'),
    closesAt: jstDayAt(now, -135, '17:00'),
  });
  await programs.transition(sec, regionCall.id, CallStatus.OPEN, clock.now());
  clock.set(jstDayAt(now, -145, '10:00'));
  // 兵庫県 was adopted in 令和7年度 with three partners: one more now (the repeat-applicant rule).
  await ctx.fullApplication(actors.hyogo, regionCall.id, ['282090', '282120', '282201', '282014']);
  await ctx.fullApplication(actors.fukuoka, regionCall.id, ['401005', '402036']);
  await ctx.fullApplication(actors.kochi, regionCall.id, ['392014', '392022']);
  await ctx.fullApplication(actors.hokkaido, regionCall.id, ['012025', '012033']);
  clock.set(jstDayAt(now, -133, '10:00'));
  await programs.transition(sec, regionCall.id, CallStatus.CLOSED, clock.now());
  const submitted = await review.list(sec, { callId: regionCall.id, statuses: [], limit: 100, offset: 0 });
  for (const a of submitted.items) {
    for (const n of REQUIREMENT_NUMBERS) await review.recordCheck(sec, a.id, n, true, '確認済み');
    await review.adopt(sec, a.id);
  }
  await review.decide(sec, regionCall.id);
  await review.publishCandidates(sec, regionCall.id);
  const regionIds = Object.fromEntries(
    (await app.get(CandidateRegionService).list({ callId: regionCall.id }, { limit: 100, offset: 0 })).items.map((r) => [r.prefectureCode, r.id]),
  );

  // The vendor call: bids for 兵庫県 and 福岡県 only, a published answer, the panel scores everything.
  clock.set(jstDayAt(now, -130, '10:00'));
  const vendorCall = await app.get(VendorCallService).create(sec, {
    programId: current.id,
    regionCallId: regionCall.id,
    title: `伴走支援事業者の公募（令和${reiwa(fy)}年度）`,
    opensAt: jstDayAt(now, -125, '00:00'),
    closesAt: jstDayAt(now, -105, '15:00'),
    questionsCloseAt: jstDayAt(now, -112, '17:00'),
  });
  const criteria = await panel.setCriteria(sec, vendorCall.id, CRITERIA);
  await panel.updateSettings(sec, vendorCall.id, { passThreshold: 60, evaluatorsPerProposal: 2 });
  for (const e of ctx.experts) await panel.setPanelMember(sec, vendorCall.id, e.evaluatorId, 0, 10);
  await programs.transition(sec, vendorCall.id, CallStatus.OPEN, clock.now());
  clock.set(jstDayAt(now, -118, '10:00'));
  const q = await inquiries.ask(vendors.itvendor, vendorCall.id, regionIds['40'], '連携市の情報担当部署と定例会議を持つことは可能ですか？');
  await inquiries.answer(actors.fukuoka, q.id, '月1回の定例会議を県庁で開催します。オンライン参加も可能です。', true);
  const plan: Array<[string, string, number]> = [
    ['thinktank', '28', 30_000_000],
    ['bank', '28', 18_000_000],
    ['itvendor', '40', 28_000_000],
  ];
  const liveApplications = new Set<string>();
  for (const [key, pc, budgetYen] of plan) {
    const a = await bids.start(vendors[key], vendorCall.id, 1);
    liveApplications.add(a.id);
    await bids.saveProposal(vendors[key], a.id, regionIds[pc], {
      approach: `${pc === '28' ? '兵庫県' : '福岡県'}と連携市町の役割分担を整理し、地域DX推進体制の構築と人材育成を伴走支援する。`,
      menuItemCodes: ['DX_STRUCTURE', 'DX_STRUCTURE_PREF_MUNI', 'DX_PROMOTION_TALENT'],
      team: [{ name: 'デモ 統括者', role: '統括', qualifications: 'ITストラテジスト' }],
      schedule: `${fy}年度（契約日から${fy + 1}年3月まで）`,
      budgetYen,
    });
    await bids.submit(vendors[key], a.id, clock.now(), `demo-live-${key}`);
  }
  clock.set(jstDayAt(now, -104, '10:00'));
  await programs.transition(sec, vendorCall.id, CallStatus.CLOSED, clock.now());
  await app.get(AssignmentService).runAutomatic(sec, vendorCall.id);
  await app.get(AssignmentService).confirm(sec, vendorCall.id);
  const scoring = app.get(ScoringService);
  for (const [i, e] of ctx.experts.entries()) {
    for (const p of await scoring.assignedProposals(e.actor)) {
      if (!liveApplications.has(p.applicationId)) continue;
      const points = p.budgetYen < 20_000_000 ? 3 : 4 + (i % 2);
      await scoring.saveScores(
        e.actor,
        p.id,
        criteria.map((c) => ({ criterionId: c.id, points: Math.min(c.maxPoints, points), comment: '地域課題の分析が具体的（デモ）' })),
      );
      await scoring.submitSheet(e.actor, p.id);
    }
  }

  // The decision, published: engagements start; 高知県 and 北海道 are left without support.
  clock.set(jstDayAt(now, -95, '10:00'));
  const matching = app.get(MatchingService);
  const run = await matching.runMatching(sec, vendorCall.id);
  await matching.approve(sec, run.id);
  clock.set(jstDayAt(now, -94, '10:00'));
  await matching.publish(sec, run.id);
  const engagements = app.get(EngagementService);
  const [hyogoEngagement] = await engagements.mine(actors.hyogo);
  if (hyogoEngagement) {
    clock.set(jstDayAt(now, -3, '10:00'));
    await engagements.scheduleMeeting(actors.hyogo, hyogoEngagement.id, {
      scheduledAt: jstDayAt(now, 12, '14:00'),
      agenda: '第3回 推進会議：DX推進計画（素案）の検討',
      mode: 'ONLINE',
    });
  }

  // The follow-up call for the regions left without support, open for three weeks.
  clock.set(jstDayAt(now, -10, '10:00'));
  const followUp = await app.get(ResultsService).openFollowUpCall(sec, run.id, {
    title: `伴走支援事業者の二次公募（令和${reiwa(fy)}年度）`,
    opensAt: jstDayAt(now, -7, '00:00'),
    closesAt: businessDayAt(now, 21, '15:00'),
  });
  if (followUp.status === CallStatus.DRAFT) await programs.transition(sec, followUp.id, CallStatus.OPEN, clock.now());
  clock.set(jstDayAt(now, -2, '10:00'));
  const draft = await bids.start(vendors.thinktank, followUp.id, 1);
  await bids.saveProposal(vendors.thinktank, draft.id, regionIds['39'], {
    approach: '高知県と連携市の庁内体制を整理し、DX推進計画の策定を伴走支援する。（作成中）',
    menuItemCodes: ['DX_STRUCTURE', 'DX_STRUCTURE_PREF_MUNI'],
    team: [{ name: 'デモ 統括者', role: '統括', qualifications: 'ITストラテジスト' }],
    schedule: `${fy}年度`,
    budgetYen: 25_000_000,
  });
  await inquiries.ask(vendors.itvendor, followUp.id, regionIds['01'], '函館市・小樽市との打合せは現地で行う想定でしょうか？');

  // Next fiscal year's region call, open now.
  clock.set(jstDayAt(now, -5, '09:00'));
  const next = await programs.createProgram(sec, {
    fiscalYear: fy + 1,
    name: `令和${reiwa(fy + 1)}年度 地域社会DX推進パッケージ事業 推進体制構築支援`,
    regionBudgetCapYen: 80_000_000,
  });
  const nextCall = await programs.createCall(sec, {
    programId: next.id,
    kind: CallKind.REGION,
    title: `支援地域の公募（令和${reiwa(fy + 1)}年度）`,
    opensAt: jstDayAt(now, -3, '00:00'),
    closesAt: businessDayAt(now, 28, '17:00'),
  });
  await programs.transition(sec, nextCall.id, CallStatus.OPEN, clock.now());
  log.log(`live round: follow-up vendor call ${followUp.id} open until ${jstDate(businessDayAt(now, 21, '15:00'))} 15:00 JST; region call ${nextCall.id} open`);
}
