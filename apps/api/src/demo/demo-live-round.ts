import { INestApplicationContext, Logger } from '@nestjs/common';
import { Actor, ControlledClock, jstDate } from '@app/core';
import { CallKind, CallStatus, CandidateRegionService, ProgramService, REQUIREMENT_NUMBERS, RegionReviewService } from '@app/calls';
import { InquiryService, VendorApplicationService, VendorCallService } from '@app/bidding';
import { PanelService } from '@app/evaluation';

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

export interface LiveRoundContext {
  sec: Actor;
  actors: Record<string, Actor>;
  vendors: Record<string, Actor>;
  /** Builds a complete application (partners, memoranda, issues, requirements, a contact) and submits it. */
  fullApplication: (prefecture: Actor, callId: string, partners: string[]) => Promise<{ id: string }>;
}

/**
 * The round that is running today, so that the web client has something to do on a fresh demo: in this fiscal year a
 * region call already decided (高知県 and 福岡県 adopted) and its vendor call open for three more weeks (a draft bid and
 * an unanswered question in it); in the next fiscal year a region call open for four weeks, where 兵庫県 and 長野県 are
 * repeat applicants. Dates are relative to the clock at seeding, so the demo stays live whenever it is loaded; when
 * either fiscal year is taken (a clock set into the past with CLOCK_START_AT) the live round is left out.
 */
export async function seedLiveRound(app: INestApplicationContext, clock: ControlledClock, ctx: LiveRoundContext): Promise<void> {
  const log = new Logger('Demo');
  const programs = app.get(ProgramService);
  const review = app.get(RegionReviewService);
  const now = clock.now();
  const fy = fiscalYearOf(now);
  const taken = new Set((await programs.listPrograms()).map((p) => p.fiscalYear));
  if (taken.has(fy) || taken.has(fy + 1)) {
    log.log(`live round left out: fiscal year ${fy} or ${fy + 1} already has a programme`);
    return;
  }
  const reiwa = (y: number) => y - 2018;
  const { sec } = ctx;

  clock.set(jstDayAt(now, -60, '09:00'));
  const current = await programs.createProgram(sec, {
    fiscalYear: fy,
    name: `令和${reiwa(fy)}年度 地域社会DX推進パッケージ事業 推進体制構築支援`,
    regionBudgetCapYen: 80_000_000,
  });
  const regionCall = await programs.createCall(sec, {
    programId: current.id,
    kind: CallKind.REGION,
    title: `支援地域の公募（令和${reiwa(fy)}年度）`,
    opensAt: jstDayAt(now, -55, '00:00'),
    closesAt: jstDayAt(now, -35, '17:00'),
  });
  await programs.transition(sec, regionCall.id, CallStatus.OPEN, clock.now());
  clock.set(jstDayAt(now, -45, '10:00'));
  await ctx.fullApplication(ctx.actors.kochi, regionCall.id, ['392014', '392022']);
  await ctx.fullApplication(ctx.actors.fukuoka, regionCall.id, ['401005', '402036']);
  clock.set(jstDayAt(now, -33, '10:00'));
  await programs.transition(sec, regionCall.id, CallStatus.CLOSED, clock.now());
  const submitted = await review.list(sec, { callId: regionCall.id, statuses: [], limit: 100, offset: 0 });
  for (const a of submitted.items) {
    for (const n of REQUIREMENT_NUMBERS) await review.recordCheck(sec, a.id, n, true, '確認済み');
    await review.adopt(sec, a.id);
  }
  await review.decide(sec, regionCall.id);
  await review.publishCandidates(sec, regionCall.id);

  clock.set(jstDayAt(now, -20, '10:00'));
  const vendorCall = await app.get(VendorCallService).create(sec, {
    programId: current.id,
    regionCallId: regionCall.id,
    title: `伴走支援事業者の公募（令和${reiwa(fy)}年度）`,
    opensAt: jstDayAt(now, -14, '00:00'),
    closesAt: jstDayAt(now, 21, '15:00'),
    questionsCloseAt: jstDayAt(now, 14, '17:00'),
  });
  const panel = app.get(PanelService);
  await panel.setCriteria(sec, vendorCall.id, [
    { titleJa: '地域課題の理解', titleEn: "Understanding of the region's issues", weight: 25, maxPoints: 5, minPoints: 2 },
    { titleJa: '実現可能性・手法', titleEn: 'Feasibility and method', weight: 25, maxPoints: 5, minPoints: 2 },
    { titleJa: '実施体制', titleEn: 'Team', weight: 20, maxPoints: 5 },
    { titleJa: '持続可能性・地域人材育成', titleEn: 'Sustainability and local talent development', weight: 20, maxPoints: 5 },
    { titleJa: '費用対効果', titleEn: 'Cost-effectiveness', weight: 10, maxPoints: 5 },
  ]);
  await panel.updateSettings(sec, vendorCall.id, { passThreshold: 60, evaluatorsPerProposal: 2 });
  await programs.transition(sec, vendorCall.id, CallStatus.OPEN, clock.now());

  clock.set(jstDayAt(now, -7, '10:00'));
  const regionIds = Object.fromEntries(
    (await app.get(CandidateRegionService).list({ callId: regionCall.id }, { limit: 100, offset: 0 })).items.map((r) => [r.prefectureCode, r.id]),
  );
  const bids = app.get(VendorApplicationService);
  const draft = await bids.start(ctx.vendors.thinktank, vendorCall.id, 1);
  await bids.saveProposal(ctx.vendors.thinktank, draft.id, regionIds['39'], {
    approach: '高知県と連携市の庁内体制を整理し、DX推進計画の策定を伴走支援する。（作成中）',
    menuItemCodes: ['DX_STRUCTURE', 'DX_STRUCTURE_PREF_MUNI'],
    team: [{ name: 'デモ 統括者', role: '統括', qualifications: 'ITストラテジスト' }],
    schedule: `${fy}年度`,
    budgetYen: 25_000_000,
  });
  await app.get(InquiryService).ask(ctx.vendors.itvendor, vendorCall.id, regionIds['40'], '連携市の情報担当部署と定例会議を持つことは可能ですか？');

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
    closesAt: jstDayAt(now, 28, '17:00'),
  });
  await programs.transition(sec, nextCall.id, CallStatus.OPEN, clock.now());
  log.log(`live round: vendor call ${vendorCall.id} open until ${jstDate(jstDayAt(now, 21, '15:00'))} 15:00 JST; region call ${nextCall.id} open`);
}
