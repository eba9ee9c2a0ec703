import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, AppConfig, Clock, DomainError, DomainEvents, isStaff, notFound, onlySecretariat } from '@app/core';
import { VendorApplicationService, VendorCallService, VendorService } from '@app/bidding';
import { CallStatus, CandidateRegionService, ProgramService } from '@app/calls';
import { EngagementService, SelectedPair } from '@app/engagement';
import { ScoringService } from '@app/evaluation';
import { MasterDataService } from '@app/master-data';
import { eligible, MatchingInput, nextInAwardingOrder } from './model/matching-model';
import { computeRunOffThread, stopSolverThread, warmUpSolverThread } from './model/solver-thread';
import type { RunNames, RunPhases } from './model/run-computation';
import { Match, MatchingPolicy, MatchingRun, MatchingRunStatus, MatchSource, MatchStatus } from './entities/matching.entities';
import { MatchingRepository } from './matching.repository';
import { ResultNotices } from './result-notices';
import { snapshotInput } from './model/snapshot';
import { explainer } from './model/explanations';

export interface RunOptions {
  policy?: MatchingPolicy;
  budgetYen?: number | null;
  /** The secretariat has seen that some proposals were not evaluated and runs the matching anyway. */
  acknowledgeNotEvaluated?: boolean;
}

/**
 * The matching of a vendor call: inputs snapshotted and digested, solved exactly with HiGHS (or
 * by the simple policy), explained, stored; then overridden with reasons, approved and published,
 * with every applicant told its own result through the outbox in the same transaction.
 */
@Injectable()
export class MatchingService implements OnModuleInit, OnModuleDestroy {
  constructor(
    private readonly repo: MatchingRepository,
    private readonly vendorCalls: VendorCallService,
    private readonly applications: VendorApplicationService,
    private readonly vendors: VendorService,
    private readonly regions: CandidateRegionService,
    private readonly programs: ProgramService,
    private readonly scoring: ScoringService,
    private readonly notices: ResultNotices,
    private readonly engagements: EngagementService,
    private readonly masterData: MasterDataService,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    private readonly config: AppConfig,
  ) {}

  private readonly logger = new Logger(MatchingService.name);

  /**
   * The solver's thread started and HiGHS loaded at start, so that the first run does not pay for it (not awaited:
   * start-up goes on). Not under NODE_ENV=test, where every test file starts the application and most never match:
   * there the first run starts the thread (solver-thread.spec.ts tests the warm-up).
   */
  onModuleInit(): void {
    if (this.config.NODE_ENV === 'test') return;
    void warmUpSolverThread().then((ready) => {
      // Runs would fail the same way (SOLVER_FAILED): said at start, not at the first run of a round.
      if (!ready) this.logger.error('The solver thread did not start or warm up: matching runs will fail until it does');
    });
  }

  async onModuleDestroy(): Promise<void> {
    await stopSolverThread();
  }

  async runs(actor: Actor, callId: string): Promise<MatchingRun[]> {
    if (!isStaff(actor)) throw new DomainError('FORBIDDEN');
    return this.repo.runsOfCall(callId);
  }

  async run(actor: Actor, id: string): Promise<MatchingRun> {
    if (!isStaff(actor)) throw new DomainError('FORBIDDEN');
    const [r] = await this.repo.runsByIds([id]);
    if (!r) throw notFound();
    return r;
  }

  /** How two stored runs differ: pairs in common and apart, regions and score. */
  async compareRuns(actor: Actor, firstId: string, secondId: string) {
    const [a, b] = [await this.run(actor, firstId), await this.run(actor, secondId)];
    const selected = async (r: MatchingRun) =>
      (await this.repo.matchesOfRuns([r.id])).filter((x) => x.status === MatchStatus.SELECTED).map((x) => x.proposalId);
    const [pa, pb] = [new Set(await selected(a)), new Set(await selected(b))];
    return {
      sameMatches: [...pa].filter((p) => pb.has(p)).length,
      onlyInFirst: [...pa].filter((p) => !pb.has(p)).sort(),
      onlyInSecond: [...pb].filter((p) => !pa.has(p)).sort(),
      regionsDelta: b.regionsSupported - a.regionsSupported,
      scoreDelta: b.totalScore - a.totalScore,
      sameInputs: a.inputDigest === b.inputDigest,
    };
  }

  matchesOfRuns(ids: readonly string[]) {
    return this.repo.matchesOfRuns(ids);
  }

  unsupportedOfRuns(ids: readonly string[]) {
    return this.repo.unsupportedOfRuns(ids);
  }

  eventsOfRuns(ids: readonly string[]) {
    return this.repo.eventsOfRuns(ids);
  }

  /** The notices each run's publication and the changes after it issued, oldest first (by run id). */
  noticesOfRuns(ids: readonly string[]) {
    return this.notices.ofRuns(ids);
  }

  publishedRunOfCall(callId: string) {
    return this.repo.publishedRunOfCall(callId);
  }

  publishedRunsOfCalls(callIds: readonly string[]) {
    return this.repo.publishedRunsOfCalls(callIds);
  }

  /**
   * Reads the call's data, computes the run in the solver's worker thread (aggregation, inputs, both policies, the
   * comparison, explanations, digest and the JSON to store: run-computation.ts) and stores it. This thread only reads
   * and writes: at national scale the large reads come as a few JSON texts (read by the worker itself on PostgreSQL),
   * and the run's snapshot and matches go to PostgreSQL as the bytes the worker serialised, so other requests are
   * served throughout.
   */
  async runMatching(actor: Actor, callId: string, options: RunOptions = {}): Promise<MatchingRun> {
    onlySecretariat(actor);
    const policy = options.policy ?? MatchingPolicy.OPTIMAL;
    const budgetYen = options.budgetYen ?? null;
    const started = performance.now();
    const regionIds = await this.vendorCalls.regionIdsOfCall(callId);
    const capacities = this.applications.submittedCapacities(callId);
    // On PostgreSQL the worker reads the sheets and proposals itself: their 19 MB never pass through this thread.
    const database = this.repo.workerDatabase() ?? undefined;
    const packed = database ? this.scoring.packedAggregationReads(callId, regionIds) : this.scoring.packedAggregation(callId, regionIds);
    const [aggregation, applications, committed, names] = await Promise.all([
      packed,
      capacities,
      this.programs.otherCallIdsOfProgram(callId).then((ids) => this.repo.committedIn(ids)),
      // The regions' prefectures as the aggregation read them (not read a second time).
      Promise.all([packed, capacities]).then(([a, apps]) =>
        this.names(
          a.regions,
          apps.map((x) => x.vendorId),
        ),
      ),
    ]);
    const read = performance.now();
    const computed = await computeRunOffThread(
      {
        policy,
        budgetYen,
        acknowledgeNotEvaluated: options.acknowledgeNotEvaluated ?? false,
        regionIds,
        aggregation,
        applications,
        committed: [...committed],
        names,
      },
      database,
    );
    const computedAt = performance.now();
    if (computed.kind === 'NOT_EVALUATED_UNACKNOWLEDGED') throw this.notEvaluatedUnacknowledged(computed.proposals, names);
    const out = await this.repo.transaction(actor, async (m) => {
      const call = await this.vendorCalls.vendorCall(m, callId);
      assertClosed(call.status);
      const run = await this.repo.insertRunWithSnapshot(
        m,
        {
          callId,
          policy,
          status: MatchingRunStatus.PROPOSED,
          budgetYen,
          solverStatus: computed.solverStatus,
          regionsSupported: computed.objective.regionsSupported,
          totalScore: computed.objective.totalScore,
          totalBudgetYen: computed.objective.totalBudgetYen,
          gap: computed.gap,
          seconds: computed.seconds,
          inputDigest: computed.inputDigest,
          comparison: computed.comparison,
          createdBy: actor.userId,
        },
        computed.snapshotJson,
      );
      await this.repo.insertMatchesJson(m, run.id, computed.matchesJson);
      await this.repo.insertUnsupported(
        m,
        computed.unsupported.map((u) => ({ runId: run.id, candidateRegionId: u.regionId, reason: u.reason, detail: u.detail, detailJa: u.detailJa })),
      );
      // The snapshot stays in the database (and out of this thread): what MatchingRun.notEvaluated reads of it comes along.
      return Object.assign(run, { notEvaluatedIds: computed.notEvaluatedIds });
    });
    // Where a run's time goes, for whoever looks into a slow one (docs/PERFORMANCE.md, "W8").
    const ms = (from: number, to: number) => Math.round(to - from);
    this.logger.log(
      `Matching run ${out.id} of call ${callId}: read ${ms(started, read)} ms${database ? ' (the sheets and proposals: by the solver thread)' : ''}, computed in the solver thread ${ms(read, computedAt)} ms (waiting for it included; ${phaseText(computed.phases)}), stored ${ms(computedAt, performance.now())} ms`,
    );
    return out;
  }

  /**
   * Replaces the selected proposal of a region before approval, as the panel decided; the reason
   * is recorded and the constraints are checked again (eligible proposal of that region, vendor capacity, budget).
   */
  async override(actor: Actor, runId: string, regionId: string, proposalId: string, reason: string): Promise<MatchingRun> {
    onlySecretariat(actor);
    if (!reason.trim()) throw new DomainError('VALIDATION_FAILED', { field: 'reason' }, { ja: '変更の理由を入力してください。', en: 'A reason is required.' });
    return this.repo.serializable(actor, async (m) => {
      const run = await this.lockedRun(m, runId, [MatchingRunStatus.PROPOSED]);
      const input = snapshotInput(run);
      const p = input.proposals.find((x) => x.id === proposalId && x.regionId === regionId);
      if (!p) throw notFound();
      if (!eligible(p))
        throw new DomainError(
          'INVALID_STATE',
          { proposalId },
          { ja: '基準を満たさない（または除外された）提案は選定できません。', en: 'An ineligible (failed or excluded) proposal cannot be selected.' },
        );
      const matches = (await this.repo.matchesOfRuns([run.id], m)).filter((x) => x.status === MatchStatus.SELECTED);
      const current = matches.find((x) => x.candidateRegionId === regionId);
      const after = [
        ...matches.filter((x) => x !== current).map((x) => ({ vendorId: x.vendorId, proposalId: x.proposalId, regionId: x.candidateRegionId })),
        { vendorId: p.vendorId, proposalId: p.id, regionId },
      ];
      assertConstraints(input, after);
      // The region keeps its explanation: every other proposal with why it was not chosen, as after the new selection;
      // the one selected before lost to this override, and says so.
      const explained = explainer(input, { matches: after })(p.id, regionId);
      const explanation = {
        ...explained,
        alternatives: explained.alternatives.map((a) => (a.proposalId === current?.proposalId ? { ...a, why: 'OVERRIDDEN' } : a)),
        overriddenFrom: current?.proposalId ?? null,
      };
      if (current) await this.repo.setMatchStatus(m, current.id, MatchStatus.DISQUALIFIED, `override: ${reason}`);
      await this.repo.deleteUnsupported(m, run.id, regionId);
      await this.repo.insertMatches(m, [
        {
          runId: run.id,
          candidateRegionId: regionId,
          proposalId: p.id,
          vendorId: p.vendorId,
          score: p.score,
          source: MatchSource.OVERRIDE,
          status: MatchStatus.SELECTED,
          reason,
          explanation: explanation as unknown as Record<string, unknown>,
        },
      ]);
      await this.repo.addEvent(m, {
        runId: run.id,
        kind: 'OVERRIDE',
        candidateRegionId: regionId,
        fromProposalId: current?.proposalId ?? null,
        toProposalId: p.id,
        reason,
        actorId: actor.userId,
      });
      await this.recount(m, run);
      return run;
    });
  }

  /** Approves a run: the only decided run of the call (a unique index holds it); the call becomes DECIDED. */
  async approve(actor: Actor, runId: string): Promise<MatchingRun> {
    onlySecretariat(actor);
    return this.repo.serializable(actor, async (m) => {
      // The call is locked before the run: two approvals of different runs of one call would
      // otherwise each hold their run and deadlock (broken only by PostgreSQL's 1 s detector).
      const [pre] = await this.repo.runsByIds([runId], m);
      if (!pre) throw notFound();
      const call = await this.vendorCalls.vendorCall(m, pre.callId, 'update');
      const run = await this.lockedRun(m, runId, [MatchingRunStatus.PROPOSED]);
      assertClosed(call.status);
      const selected = (await this.repo.matchesOfRuns([run.id], m)).filter((x) => x.status === MatchStatus.SELECTED);
      assertConstraints(
        snapshotInput(run),
        selected.map((x) => ({ vendorId: x.vendorId, proposalId: x.proposalId, regionId: x.candidateRegionId })),
      );
      Object.assign(run, { status: MatchingRunStatus.APPROVED, approvedAt: this.clock.now(), approvedBy: actor.userId });
      await this.repo.supersedeOthers(m, run.callId, run.id);
      call.status = CallStatus.DECIDED;
      call.version += 1;
      await this.programs.saveCall(m, call);
      return this.repo.saveRun(m, run);
    });
  }

  /** Publishes the approved run; every applicant (prefecture and vendor) gets its own result through the outbox, in this transaction. */
  async publish(actor: Actor, runId: string): Promise<MatchingRun> {
    const run = await this.publishInTransaction(actor, runId);
    this.events.emit({ type: 'RESULTS_PUBLISHED', callId: run.callId, runId: run.id });
    return run;
  }

  private async publishInTransaction(actor: Actor, runId: string): Promise<MatchingRun> {
    onlySecretariat(actor);
    const [pre] = await this.repo.runsByIds([runId]);
    if (!pre) throw notFound();
    const directory = await this.notices.directory(pre.callId, await this.vendorCalls.regionIdsOfCall(pre.callId));
    return this.repo.serializable(actor, async (m) => {
      const run = await this.lockedRun(m, runId, [MatchingRunStatus.APPROVED]);
      const call = await this.vendorCalls.vendorCall(m, run.callId, 'update');
      Object.assign(run, { status: MatchingRunStatus.PUBLISHED, publishedAt: this.clock.now() });
      call.status = CallStatus.PUBLISHED;
      call.version += 1;
      await this.programs.saveCall(m, call);
      await this.notices.queueResults(m, run, directory);
      const selected = (await this.repo.matchesOfRuns([run.id], m)).filter((x) => x.status === MatchStatus.SELECTED);
      await this.engagements.createFor(m, await this.pairs(m, call.programId, run.callId, selected), run.publishedAt!);
      return this.repo.saveRun(m, run);
    });
  }

  /**
   * A selected vendor declines or is disqualified after the decision: the next-ranked eligible
   * proposal of that region whose vendor still has capacity is offered (the awarding order, ranked by
   * compareProposalRank as the evaluation and the matching model rank);
   * without one, the region becomes unsupported. Re-checked, recorded and notified.
   */
  async withdrawSelection(actor: Actor, matchId: string, status: MatchStatus.DECLINED | MatchStatus.DISQUALIFIED, reason: string): Promise<Match | null> {
    onlySecretariat(actor);
    const pre = await this.repo.matchById(matchId);
    if (!pre) throw notFound();
    const [preRun] = await this.repo.runsByIds([pre.runId]);
    const directory = await this.notices.directory(preRun.callId, [pre.candidateRegionId]);
    return this.repo.serializable(actor, async (m) => {
      const match = await this.repo.matchById(matchId, m);
      if (!match || match.status !== MatchStatus.SELECTED) throw notFound();
      const run = await this.lockedRun(m, match.runId, [MatchingRunStatus.PUBLISHED]);
      const input = snapshotInput(run);
      await this.repo.setMatchStatus(m, match.id, status, reason);
      const all = await this.repo.matchesOfRuns([run.id], m);
      const selected = all.filter((x) => x.status === MatchStatus.SELECTED);
      // Whoever declined or was removed in this region is never offered it again.
      const refused = all.filter((x) => x.candidateRegionId === match.candidateRegionId && x.status !== MatchStatus.SELECTED);
      const refusedVendors = new Set([...refused.map((x) => x.vendorId), match.vendorId]);
      const used = new Map<string, number>();
      for (const x of selected) used.set(x.vendorId, (used.get(x.vendorId) ?? 0) + 1);
      const next = nextInAwardingOrder(input, match.candidateRegionId, refusedVendors, used);
      let offered: Match | null = null;
      if (next && withinBudget(input, [...selected.map((x) => x.proposalId), next.id])) {
        await this.repo.insertMatches(m, [
          {
            runId: run.id,
            candidateRegionId: next.regionId,
            proposalId: next.id,
            vendorId: next.vendorId,
            score: next.score,
            source: MatchSource.AWARD_ORDER,
            status: MatchStatus.SELECTED,
            reason: `awarding order after ${status}`,
            explanation: { replaces: match.proposalId },
          },
        ]);
        offered = (await this.repo.matchesOfRuns([run.id], m)).find((x) => x.proposalId === next.id && x.status === MatchStatus.SELECTED) ?? null;
      } else {
        await this.repo.insertUnsupported(m, [
          {
            runId: run.id,
            candidateRegionId: match.candidateRegionId,
            reason: 'DECLINED_NO_ALTERNATIVE',
            ...declinedDetail(status, directory.vendors.get(match.vendorId)?.name ?? ''),
          },
        ]);
      }
      await this.repo.addEvent(m, {
        runId: run.id,
        kind: status,
        candidateRegionId: match.candidateRegionId,
        fromProposalId: match.proposalId,
        toProposalId: next?.id ?? null,
        reason,
        actorId: actor.userId,
      });
      await this.recount(m, run);
      await this.notices.queueChange(m, run, directory, match.candidateRegionId, offered);
      await this.engagements.cancelFor(m, match.id);
      if (offered) {
        const call = await this.vendorCalls.vendorCall(m, run.callId);
        await this.engagements.createFor(m, await this.pairs(m, call.programId, run.callId, [offered]), this.clock.now());
      }
      return offered;
    });
  }

  /** What an engagement needs of each selected pair, read in the decision's transaction. */
  private async pairs(m: EntityManager, programId: string, callId: string, matches: Match[]): Promise<SelectedPair[]> {
    const [program] = await this.programs.programsByIds([programId], m);
    const regions = new Map(
      (
        await this.regions.byIds(
          matches.map((x) => x.candidateRegionId),
          m,
        )
      ).map((r) => [r.id, r]),
    );
    const proposals = new Map(
      (
        await this.applications.proposalsByIds(
          matches.map((x) => x.proposalId),
          m,
        )
      ).map((p) => [p.id, p]),
    );
    return matches.map((x) => {
      const region = regions.get(x.candidateRegionId)!;
      const proposal = proposals.get(x.proposalId)!;
      return {
        matchId: x.id,
        callId,
        candidateRegionId: x.candidateRegionId,
        applicationId: region.applicationId,
        prefectureCode: region.prefectureCode,
        vendorId: x.vendorId,
        proposalId: x.proposalId,
        budgetYen: proposal.budgetYen,
        menuItemCodes: proposal.menuItemCodes,
        team: proposal.team,
        fiscalYear: program.fiscalYear,
        supportEndsOn: program.supportEndsOn,
      };
    });
  }

  /**
   * Proposals still in the running that nobody evaluated (notEvaluated) would silently lose their region: the
   * secretariat must say it has seen them (RunMatchingInput.acknowledgeNotEvaluated). The refusal names each by
   * prefecture and vendor.
   */
  private notEvaluatedUnacknowledged(missing: ReadonlyArray<{ id: string; regionId: string; vendorId: string }>, known: RunNames): DomainError {
    // The run's names (read beside the call's data) cover them: their regions are listed, their vendors applied.
    const regionName = new Map(known.regions);
    const vendorName = new Map(known.vendors);
    const names = missing.map((p) => `${regionName.get(p.regionId) ?? ''}：${vendorName.get(p.vendorId) ?? ''}`);
    return new DomainError(
      'NOT_EVALUATED_UNACKNOWLEDGED',
      { proposalIds: missing.map((p) => p.id) },
      {
        ja: `評価されていない提案が${missing.length}件あります（${names.join('、')}）。評価されないまま選定を行う場合は、その旨を確認してから実行してください。`,
        en: `${missing.length} proposal(s) have not been evaluated (${names.join(', ')}). Acknowledge this to run the matching without them.`,
      },
    );
  }

  /**
   * The names the stored reasons of unsupported regions and a refusal use (RunData.names): prefectures of the regions,
   * vendors. `regions`: `[id, prefectureCode, bonus]` as the aggregation read them. Plain tuples, not entities:
   * hydrating 1,741 regions and 450 vendors with their dates held this thread for 20–40 ms at the start of a national
   * run (docs/PERFORMANCE.md, "W1 during a run").
   */
  private async names(regions: ReadonlyArray<readonly [string, string, number]>, vendorIds: readonly string[]): Promise<RunNames> {
    const [prefectureRows, vendors] = await Promise.all([
      this.masterData.prefecturesByCodes([...new Set(regions.map((r) => r[1]))]),
      this.vendors.vendorNames([...new Set(vendorIds)]),
    ]);
    const prefectures = new Map(prefectureRows.map((p) => [p.code, p.name]));
    return { regions: regions.map(([id, code]): [string, string] => [id, prefectures.get(code) ?? code]), vendors };
  }

  private async lockedRun(m: EntityManager, id: string, allowed: MatchingRunStatus[]): Promise<MatchingRun> {
    const run = await this.repo.lockRun(m, id);
    if (!run) throw notFound();
    if (!allowed.includes(run.status)) {
      throw new DomainError(
        'INVALID_STATE',
        { status: run.status },
        { ja: `この結果（${run.status}）ではこの操作はできません。`, en: `Not possible while the run is ${run.status}.` },
      );
    }
    return run;
  }

  private async recount(m: EntityManager, run: MatchingRun): Promise<void> {
    const selected = (await this.repo.matchesOfRuns([run.id], m)).filter((x) => x.status === MatchStatus.SELECTED);
    const budget = new Map(snapshotInput(run).proposals.map((p) => [p.id, p.budgetYen]));
    run.regionsSupported = selected.length;
    run.totalScore = selected.reduce((s, x) => s + x.score, 0);
    run.totalBudgetYen = selected.reduce((s, x) => s + (budget.get(x.proposalId) ?? 0), 0);
    await this.repo.saveRun(m, run);
  }
}

export { snapshotInput };

/** A run's phases in the solver thread, as its log line gives them. */
function phaseText(p: RunPhases): string {
  return `read ${p.read}, aggregated ${p.aggregated}, beside HiGHS ${p.beside}, waiting for HiGHS ${p.solving}, explained ${p.explained} ms`;
}

function assertClosed(status: CallStatus): void {
  if (status !== CallStatus.CLOSED) {
    throw new DomainError(
      'INVALID_STATE',
      { status },
      { ja: '締め切った（未決定の）公募についてのみ選定できます。', en: 'Matching needs a closed call that is not decided yet.' },
    );
  }
}

/** Why a region lost its selected vendor with none to follow, naming that vendor (English and Japanese). */
function declinedDetail(status: MatchStatus.DECLINED | MatchStatus.DISQUALIFIED, vendorName: string): { detail: string; detailJa: string } {
  const declined = status === MatchStatus.DECLINED;
  return {
    detail: `The selected vendor (${vendorName}) ${declined ? 'declined' : 'was disqualified'} and no other eligible proposal with capacity remains.`,
    detailJa: `選定された${vendorName}が${declined ? '辞退し' : '選定を取り消され'}、他に選定できる提案（基準を満たし、支援可能数に余裕のある事業者のもの）が残っていません。`,
  };
}

function withinBudget(input: MatchingInput, proposalIds: string[]): boolean {
  if (input.budgetYen === null || input.budgetYen === undefined) return true;
  const budget = new Map(input.proposals.map((p) => [p.id, p.budgetYen]));
  return proposalIds.reduce((s, id) => s + (budget.get(id) ?? 0), 0) <= input.budgetYen;
}

/** One vendor per region, vendors within capacity, within the programme budget. */
function assertConstraints(input: MatchingInput, selected: Array<{ vendorId: string; proposalId: string; regionId: string }>): void {
  const regions = new Set<string>();
  const used = new Map<string, number>();
  const capacity = new Map(input.vendors.map((v) => [v.id, v.capacity]));
  for (const s of selected) {
    if (regions.has(s.regionId))
      throw new DomainError('INVALID_STATE', { regionId: s.regionId }, { ja: '1地域に選定できる事業者は1者です。', en: 'At most one vendor per region.' });
    regions.add(s.regionId);
    used.set(s.vendorId, (used.get(s.vendorId) ?? 0) + 1);
    if ((used.get(s.vendorId) ?? 0) > (capacity.get(s.vendorId) ?? 0)) {
      throw new DomainError(
        'INVALID_STATE',
        { vendorId: s.vendorId, capacity: capacity.get(s.vendorId) ?? 0 },
        { ja: '事業者の同時支援可能数を超えます。', en: "This exceeds the vendor's capacity." },
      );
    }
  }
  if (
    !withinBudget(
      input,
      selected.map((s) => s.proposalId),
    )
  )
    throw new DomainError('BUDGET_OVER_CAP', { budgetYen: input.budgetYen }, { ja: '事業全体の予算を超えます。', en: 'This exceeds the programme budget.' });
}
