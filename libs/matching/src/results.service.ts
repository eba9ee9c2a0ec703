import { Injectable } from '@nestjs/common';
import { Actor, DomainError, isStaff, notFound, onlySecretariat, Role } from '@app/core';
import { VendorApplicationService, VendorCallService, VendorService } from '@app/bidding';
import { MasterDataService } from '@app/master-data';
import { Call, CallStatus, CandidateRegionService, ProgramService } from '@app/calls';
import { PanelService, ScoringService } from '@app/evaluation';
import { MatchingRunStatus, MatchStatus } from './entities/matching.entities';
import { MatchingRepository } from './matching.repository';
import { prefectureSupport } from './domain/prefecture-support';
import { snapshotInput } from './model/snapshot';
import { outcomeExplanation, REGION_OUTCOME_JA, vendorRegionOutcomes } from './domain/vendor-outcomes';

export type RankBand = 'FIRST' | 'TOP_HALF' | 'BOTTOM_HALF' | 'NOT_RANKED';

/** The rank as a band: a vendor learns where it stood, not the others' exact places. */
export function rankBand(rank: number | null, ranked: number): RankBand {
  if (!rank) return 'NOT_RANKED';
  if (rank === 1) return 'FIRST';
  return rank <= Math.ceil(ranked / 2) ? 'TOP_HALF' : 'BOTTOM_HALF';
}

/** What each party may see of the results, the feedback sheets, the dashboard, and the second round. */
@Injectable()
export class ResultsService {
  constructor(
    private readonly repo: MatchingRepository,
    private readonly programs: ProgramService,
    private readonly vendorCalls: VendorCallService,
    private readonly applications: VendorApplicationService,
    private readonly regions: CandidateRegionService,
    private readonly scoring: ScoringService,
    private readonly panel: PanelService,
    private readonly vendors: VendorService,
    private readonly masterData: MasterDataService,
  ) {}

  /** The published result of every region of a vendor call: anyone signed in, once published; the staff always (latest decided run). */
  async callResults(actor: Actor, callId: string) {
    const call = await this.programs.call(callId);
    const runs = await this.repo.runsOfCall(callId);
    const run =
      call.status === CallStatus.PUBLISHED
        ? runs.find((r) => r.status === MatchingRunStatus.PUBLISHED)
        : isStaff(actor)
          ? runs.find((r) => r.status === MatchingRunStatus.APPROVED)
          : undefined;
    if (!run) {
      if (isStaff(actor)) return { run: null, matches: [], unsupported: [] };
      throw new DomainError('INVALID_STATE', {}, { ja: '選定結果はまだ公表されていません。', en: 'Results are not published yet.' });
    }
    const matches = (await this.repo.matchesOfRuns([run.id])).filter((m) => m.status === MatchStatus.SELECTED);
    return { run, matches, unsupported: await this.repo.unsupportedOfRuns([run.id]) };
  }

  /**
   * A vendor's feedback sheet for one of its proposals, after publication: the panel's mean per criterion (never per
   * evaluator), its rank band in the region among the proposals not excluded, and why it was or was not selected
   * (vendorRegionOutcomes on the published run, explained by region and vendor names: outcomeExplanation). An
   * excluded or unevaluated proposal neither passed nor ranked.
   */
  async feedback(actor: Actor, proposalId: string) {
    const [p] = await this.applications.proposalsByIds([proposalId]);
    if (!p) throw notFound();
    const [a] = await this.applications.applicationsByIds([p.applicationId]);
    if (actor.role !== Role.VENDOR || actor.vendorId !== a.vendorId) throw notFound();
    const call = await this.programs.call(a.callId);
    if (call.status !== CallStatus.PUBLISHED)
      throw new DomainError('INVALID_STATE', {}, { ja: '選定結果の公表後に確認できます。', en: 'Available once results are published.' });
    const results = await this.scoring.aggregateCall(a.callId);
    const mine = results.find((r) => r.proposalId === proposalId);
    if (!mine) throw notFound();
    const run = await this.repo.publishedRunOfCall(a.callId);
    const all = run ? await this.repo.matchesOfRuns([run.id]) : [];
    const selectedMatches = all.filter((m) => m.status === MatchStatus.SELECTED);
    const input = run ? snapshotInput(run) : null;
    const excludedIds = new Set((input?.proposals ?? []).filter((x) => x.excluded).map((x) => x.id));
    const excluded = excludedIds.has(proposalId);
    const notEvaluated = mine.sheetCount === 0;
    const rankedHere = results
      .filter((r) => r.regionId === mine.regionId && r.rank !== null && !excludedIds.has(r.proposalId))
      .sort((x, y) => x.rank! - y.rank!);
    const place = rankedHere.findIndex((r) => r.proposalId === proposalId);
    const overridden = new Set(all.filter((x) => x.status !== MatchStatus.SELECTED && x.reason?.startsWith('override:')).map((x) => x.proposalId));
    const capacity = new Map((input?.vendors ?? []).map((v) => [v.id, v.capacity]));
    const outcome = input
      ? (vendorRegionOutcomes(input.proposals, selectedMatches, overridden, a.vendorId, { capacity, budgetYen: input.budgetYen ?? null }).find(
          (o) => o.proposalId === proposalId,
        )?.outcome ?? null)
      : null;
    const winner = selectedMatches.find((m) => m.candidateRegionId === mine.regionId);
    const elsewhere = selectedMatches.filter((m) => m.vendorId === a.vendorId && m.candidateRegionId !== mine.regionId).map((m) => m.candidateRegionId);
    const regions = await this.regions.byIds([mine.regionId, ...elsewhere]);
    const prefectures = new Map((await this.masterData.prefecturesByCodes([...new Set(regions.map((r) => r.prefectureCode))])).map((x) => [x.code, x.name]));
    const prefectureOf = (id: string) => {
      const r = regions.find((x) => x.id === id);
      return r ? (prefectures.get(r.prefectureCode) ?? r.prefectureCode) : '';
    };
    const [winnerVendor] = winner && winner.vendorId !== a.vendorId ? await this.vendors.vendorsByIds([winner.vendorId]) : [];
    const explanation = outcome
      ? outcomeExplanation(outcome, {
          prefecture: prefectureOf(mine.regionId),
          elsewhere: elsewhere.map(prefectureOf),
          winner: winnerVendor?.name ?? null,
          capacity: capacity.get(a.vendorId) ?? null,
        })
      : null;
    const criteria = await this.panel.criteria(a.callId);
    return {
      proposalId,
      candidateRegionId: mine.regionId,
      prefectureName: prefectureOf(mine.regionId),
      criteria: criteria.map((c) => ({
        criterionId: c.id,
        titleJa: c.titleJa,
        titleEn: c.titleEn,
        maxPoints: c.maxPoints,
        mean: mine.criterionMeans[c.id] ?? null,
      })),
      meanTotal: mine.meanTotal,
      passed: mine.passed && !excluded,
      excluded,
      notEvaluated,
      rankBand: excluded || place < 0 ? 'NOT_RANKED' : rankBand(place + 1, rankedHere.length),
      selected: outcome === 'SELECTED',
      outcome,
      outcomeJa: outcome ? REGION_OUTCOME_JA[outcome] : null,
      explanationJa: explanation?.ja ?? null,
      explanationEn: explanation?.en ?? null,
    };
  }

  /**
   * Per vendor call and listed region: proposals submitted and in draft (bidding's), confirmed assignments of the
   * submitted proposals and how many of those have a submitted sheet (evaluation's). Two statements for all the calls.
   */
  private async dashboardCounts(
    callIds: readonly string[],
  ): Promise<Array<{ callId: string; candidateRegionId: string; submitted: number; draft: number; assigned: number; scored: number }>> {
    const [proposals, assignments] = await Promise.all([this.applications.proposalCountsOfCalls(callIds), this.scoring.assignmentCountsOfCalls(callIds)]);
    const byProposal = new Map(assignments.map((a) => [`${a.callId}:${a.proposalId}`, a]));
    return proposals.map(({ submittedIds, ...c }) => {
      const of = submittedIds.map((id) => byProposal.get(`${c.callId}:${id}`));
      return { ...c, assigned: of.reduce((n, a) => n + (a?.assigned ?? 0), 0), scored: of.reduce((n, a) => n + (a?.scored ?? 0), 0) };
    });
  }

  /** The secretariat's and ministry's view of a programme: calls by status, and every candidate region's state. */
  async dashboard(actor: Actor, programId: string) {
    if (!isStaff(actor)) throw new DomainError('FORBIDDEN');
    const calls = await this.programs.callsByProgramIds([programId]);
    const vendorCalls = calls.filter((c) => c.kind === 'VENDOR');
    const published = vendorCalls.length ? await this.repo.publishedRunsOfCalls(vendorCalls.map((c) => c.id)) : [];
    const runCall = new Map(published.map((r) => [r.id, r.callId]));
    const key = (callId: string, regionId: string) => `${callId}:${regionId}`;
    const matches = new Map<string, { vendorId: string }>();
    for (const m of published.length ? await this.repo.matchesOfRuns(published.map((r) => r.id)) : []) {
      const k = key(runCall.get(m.runId)!, m.candidateRegionId);
      if (m.status === MatchStatus.SELECTED && !matches.has(k)) matches.set(k, m);
    }
    const unsupported = new Map(
      (published.length ? await this.repo.unsupportedOfRuns(published.map((r) => r.id)) : []).map((u) => [key(runCall.get(u.runId)!, u.candidateRegionId), u]),
    );
    const counts = vendorCalls.length ? await this.dashboardCounts(vendorCalls.map((c) => c.id)) : [];
    const order = new Map(vendorCalls.map((c, i) => [c.id, i]));
    const regionRows = counts
      .sort((a, b) => order.get(a.callId)! - order.get(b.callId)!)
      .map((c) => ({
        callId: c.callId,
        candidateRegionId: c.candidateRegionId,
        proposalsSubmitted: c.submitted,
        proposalsDraft: c.draft,
        scoresAssigned: c.assigned,
        scoresSubmitted: c.scored,
        selectedVendorId: matches.get(key(c.callId, c.candidateRegionId))?.vendorId ?? null,
        unsupportedReason: unsupported.get(key(c.callId, c.candidateRegionId))?.reason ?? null,
      }));
    const statusCounts = new Map<string, number>();
    for (const c of calls) statusCounts.set(`${c.kind}:${c.status}`, (statusCounts.get(`${c.kind}:${c.status}`) ?? 0) + 1);
    return { programId, calls, callCounts: [...statusCounts.entries()].map(([key, count]) => ({ key, count })), regions: regionRows };
  }

  /**
   * Each prefecture's support status for the dashboard's map, from a dashboard's calls and region rows: read only when
   * asked for (one more statement).
   */
  async dashboardPrefectures(d: {
    calls: Array<{ id: string; kind: string }>;
    regions: Array<{ candidateRegionId: string; selectedVendorId: string | null; unsupportedReason: string | null }>;
  }) {
    const calls = d.calls;
    const regionRows = d.regions;
    // The programme's candidate regions (those not listed by a vendor call yet count as pending on the map), read in
    // one statement however many calls the programme has.
    const regionCallIds = calls.filter((c) => c.kind === 'REGION').map((c) => c.id);
    const candidates = await this.regions.ofCallsOrIds(
      regionCallIds,
      regionRows.map((r) => r.candidateRegionId),
    );
    const prefectureOf = new Map(candidates.map((r) => [r.id, r.prefectureCode]));
    const prefectures = prefectureSupport([
      ...candidates.map((r) => ({ candidateRegionId: r.id, prefectureCode: r.prefectureCode, selected: false, unsupported: false })),
      ...regionRows.map((r) => ({
        candidateRegionId: r.candidateRegionId,
        prefectureCode: prefectureOf.get(r.candidateRegionId) ?? '',
        selected: r.selectedVendorId !== null,
        unsupported: r.unsupportedReason !== null,
      })),
    ]);
    return prefectures;
  }

  /**
   * A follow-up vendor call limited to the regions left unsupported by a published run, reusing
   * its panel, criteria and settings; its matching respects what vendors already hold (see MatchingRepository.committedIn).
   */
  async openFollowUpCall(actor: Actor, runId: string, window: { title: string; opensAt: Date; closesAt: Date }): Promise<Call> {
    onlySecretariat(actor);
    const [run] = await this.repo.runsByIds([runId]);
    if (!run) throw notFound();
    if (run.status !== MatchingRunStatus.PUBLISHED) throw new DomainError('INVALID_STATE', { status: run.status });
    const unsupported = await this.repo.unsupportedOfRuns([run.id]);
    if (!unsupported.length) throw new DomainError('INVALID_STATE', {}, { ja: '支援を受けられない地域はありません。', en: 'No region was left unsupported.' });
    const first = await this.programs.call(run.callId);
    const regionIds = unsupported.map((u) => u.candidateRegionId);
    // One transaction, under the first call's lock: the call and its set-up commit together, and a second click finds the first.
    return this.repo.transaction(actor, async (m) => {
      await this.programs.lockCall(m, first.id, 'update');
      if ((await this.vendorCalls.callsListingRegions(regionIds, m)).some((id) => id !== first.id)) {
        throw new DomainError(
          'INVALID_STATE',
          {},
          { ja: 'これらの地域の二次公募は既に作成されています。', en: 'A follow-up call for these regions already exists.' },
        );
      }
      const call = await this.vendorCalls.create(
        actor,
        {
          programId: first.programId,
          regionCallId: first.regionCallId!,
          title: window.title,
          opensAt: window.opensAt,
          closesAt: window.closesAt,
          candidateRegionIds: regionIds,
        },
        m,
      );
      await this.panel.copySetup(actor, first.id, call.id, m);
      return call;
    });
  }
}
