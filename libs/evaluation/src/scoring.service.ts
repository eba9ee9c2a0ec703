import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, Clock, DeferredRead, DomainError, isStaff, notFound, onlySecretariat, Role } from '@app/core';
import { AccessService, isConflicted } from '@app/access';
import { RegionProposal, regionProposalFromRecord, VendorApplicationService } from '@app/bidding';
import { CallStatus, CandidateRegionService, ProgramService } from '@app/calls';
import { AggregationOptions, CriterionDef } from './domain/aggregation';
import { aggregateCallData, AggregationProposal, CallProposalResult, PackedCallAggregation } from '@app/core/util/call-aggregation';
import { evaluationProgress } from './domain/progress';
import { AssignmentStatus, Score, ScoreSheet, ScoreSheetStatus } from './entities/evaluation.entities';
import { EvaluationRepository } from './evaluation.repository';
import { assertBeforeScoringDeadline } from './domain/scoring-deadline';

export interface ScoreInput {
  criterionId: string;
  points: number;
  comment?: string;
}

/**
 * Scoring by evaluators and reading proposals. An evaluator reaches a proposal only through a
 * confirmed assignment without a conflict, checked on every read; anything else is NOT_FOUND, so a
 * conflicted evaluator learns nothing, not even that the proposal exists.
 */
@Injectable()
export class ScoringService {
  constructor(
    private readonly repo: EvaluationRepository,
    private readonly applications: VendorApplicationService,
    private readonly programs: ProgramService,
    private readonly regions: CandidateRegionService,
    private readonly clock: Clock,
    private readonly access: AccessService,
  ) {}

  /**
   * The proposals an evaluator reads and scores (confirmed assignment, no conflict, open by the sealed-bid rule:
   * `AccessService.scorableProposals`), in the order assigned, each with its vendor call: one statement for any number
   * (the proposals' rows come with the access check's).
   */
  async assigned(actor: Actor): Promise<Array<{ proposal: RegionProposal; callId: string }>> {
    if (actor.role !== Role.EVALUATOR || !actor.evaluatorId) throw new DomainError('FORBIDDEN');
    const scorable = await this.access.scorableProposals(actor, undefined, { withRecords: true });
    return scorable.map((r) => ({ proposal: regionProposalFromRecord(r.record!), callId: r.callId }));
  }

  async assignedProposals(actor: Actor): Promise<RegionProposal[]> {
    return (await this.assigned(actor)).map((r) => r.proposal);
  }

  /** Batch reads for the API's loaders, once the evaluator's access to the proposals has been checked (`AccessService.canScoreProposal`). */
  sheetsWithScores(evaluatorId: string, proposalIds: readonly string[]) {
    return this.repo.sheetsWithScores(evaluatorId, proposalIds);
  }

  sheetsOfProposals(proposalIds: readonly string[]) {
    return this.repo.sheetsOfProposals(proposalIds);
  }

  /** Per call and proposal: confirmed assignments and submitted sheets among them (the dashboard). */
  assignmentCountsOfCalls(callIds: readonly string[]) {
    return this.repo.assignmentCountsOfCalls(callIds);
  }

  /** Others' sheets a reader sees, given all sheets of the proposal and the call's settings (see otherSheets). */
  static othersVisible(evaluatorId: string, sheets: readonly ScoreSheet[], revealAfterSubmit: boolean): ScoreSheet[] {
    const own = sheets.find((s) => s.evaluatorId === evaluatorId);
    if (revealAfterSubmit && own?.status !== ScoreSheetStatus.SUBMITTED) return [];
    return sheets.filter((s) => s.evaluatorId !== evaluatorId && s.status === ScoreSheetStatus.SUBMITTED);
  }

  /** One proposal, for whoever may open it (the sealed-bid rule, `AccessService.canOpenBid`); anything else reads as NOT_FOUND. */
  async readProposal(actor: Actor, proposalId: string): Promise<RegionProposal> {
    const [p] = await this.applications.proposalsByIds([proposalId]);
    return this.access.requireRead(
      (a, refs: readonly RegionProposal[]) =>
        this.access.canOpenBid(
          a,
          refs.map((r) => r.id),
        ),
      actor,
      p ?? null,
    );
  }

  async mySheet(actor: Actor, proposalId: string): Promise<ScoreSheet | null> {
    await this.assertEvaluatorReads(actor, proposalId);
    return this.repo.sheet(proposalId, actor.evaluatorId!);
  }

  scoresOfSheets(ids: readonly string[]) {
    return this.repo.scoresOfSheets(ids);
  }

  /** Saves draft scores (integers 0..max per criterion, with a comment); submitted sheets are locked. */
  async saveScores(actor: Actor, proposalId: string, scores: ScoreInput[]): Promise<ScoreSheet> {
    const { callId } = await this.assertEvaluatorReads(actor, proposalId);
    return this.repo.transaction(actor, async (m) => {
      await this.assertScoringOpen(m, callId);
      await this.assertBeforeDeadline(m, callId);
      const criteria = new Map((await this.repo.criteria(callId, m)).map((c) => [c.id, c]));
      for (const s of scores) {
        const c = criteria.get(s.criterionId);
        if (!c) throw new DomainError('VALIDATION_FAILED', { field: 'criterionId', criterionId: s.criterionId });
        if (!Number.isInteger(s.points) || s.points < 0 || s.points > c.maxPoints) {
          throw new DomainError(
            'VALIDATION_FAILED',
            { field: 'points', criterionId: c.id, max: c.maxPoints },
            { ja: `「${c.titleJa}」の評点は0〜${c.maxPoints}の整数です。`, en: `Points for "${c.titleEn}" are integers from 0 to ${c.maxPoints}.` },
          );
        }
      }
      const sheet = await this.lockedSheet(m, proposalId, actor.evaluatorId!);
      if (sheet.status === ScoreSheetStatus.SUBMITTED) throw new DomainError('SCORE_LOCKED');
      await this.repo.upsertScores(
        m,
        scores.map((s) => Object.assign(new Score(), { sheetId: sheet.id, criterionId: s.criterionId, points: s.points, comment: s.comment ?? '' })),
      );
      sheet.version += 1;
      sheet.updatedAt = this.clock.now();
      return this.repo.saveSheet(m, sheet);
    });
  }

  /** Submits the sheet: every criterion must be scored; then it is locked. */
  async submitSheet(actor: Actor, proposalId: string): Promise<ScoreSheet> {
    const { callId } = await this.assertEvaluatorReads(actor, proposalId);
    return this.repo.transaction(actor, async (m) => {
      await this.assertScoringOpen(m, callId);
      await this.assertBeforeDeadline(m, callId);
      const sheet = await this.lockedSheet(m, proposalId, actor.evaluatorId!);
      if (sheet.status === ScoreSheetStatus.SUBMITTED) throw new DomainError('SCORE_LOCKED');
      const scored = new Set((await this.repo.scoresOfSheets([sheet.id], m)).map((s) => s.criterionId));
      const missing = (await this.repo.criteria(callId, m)).filter((c) => !scored.has(c.id)).map((c) => c.id);
      if (missing.length)
        throw new DomainError('APPLICATION_INCOMPLETE', { missing }, { ja: '未採点の評価項目があります。', en: 'Some criteria have no score yet.' });
      Object.assign(sheet, { status: ScoreSheetStatus.SUBMITTED, submittedAt: this.clock.now(), version: sheet.version + 1 });
      return this.repo.saveSheet(m, sheet);
    });
  }

  /** The secretariat reopens a submitted sheet; who, when and why are kept on the sheet. */
  async reopenSheet(actor: Actor, proposalId: string, evaluatorId: string, reason: string): Promise<ScoreSheet> {
    onlySecretariat(actor);
    return this.repo.transaction(actor, async (m) => {
      const existing = await this.repo.sheet(proposalId, evaluatorId, m);
      const sheet = existing && (await this.repo.lockSheet(m, existing.id));
      if (!sheet) throw notFound();
      const [p] = await this.applications.proposalsByIds([proposalId], m);
      const [a] = await this.applications.applicationsByIds([p.applicationId], m);
      await this.assertScoringOpen(m, a.callId);
      if (sheet.status !== ScoreSheetStatus.SUBMITTED) throw new DomainError('INVALID_STATE', { status: sheet.status });
      Object.assign(sheet, {
        status: ScoreSheetStatus.DRAFT,
        submittedAt: null,
        version: sheet.version + 1,
        reopenLog: [...sheet.reopenLog, { by: actor.userId, at: this.clock.now().toISOString(), reason }],
      });
      return this.repo.saveSheet(m, sheet);
    });
  }

  /** Other evaluators' submitted sheets of a proposal: only after the reader submitted its own (when the call says so). */
  async otherSheets(actor: Actor, proposalId: string): Promise<ScoreSheet[]> {
    const { callId } = await this.assertEvaluatorReads(actor, proposalId);
    const settings = await this.repo.settings(callId);
    return ScoringService.othersVisible(actor.evaluatorId!, await this.repo.sheetsOfProposals([proposalId]), settings.revealAfterSubmit);
  }

  /** Scores still missing, per evaluator and per proposal (staff); every submitted proposal has a row (see evaluationProgress). */
  async progress(actor: Actor, callId: string) {
    if (!isStaff(actor)) throw new DomainError('FORBIDDEN');
    const [assignments, proposals] = await Promise.all([
      this.repo.assignmentsOfCall(callId).then((all) => all.filter((a) => a.status === AssignmentStatus.CONFIRMED)),
      this.aggregationProposals(callId),
    ]);
    const [sheets, conflicts] = await Promise.all([
      this.repo.sheetsOfProposals([...new Set(assignments.map((a) => a.proposalId))]),
      this.repo.conflictsOfEvaluators([...new Set(assignments.map((a) => a.evaluatorId))]),
    ]);
    const submitted = new Set(sheets.filter((s) => s.status === ScoreSheetStatus.SUBMITTED).map((s) => `${s.proposalId}:${s.evaluatorId}`));
    const byId = new Map(proposals.map((p) => [p.id, p]));
    return evaluationProgress(
      proposals.map((p) => p.id),
      assignments,
      submitted,
      (a) => {
        const p = byId.get(a.proposalId);
        return !!p && isConflicted(a.evaluatorId, { proposalId: p.id, corporateNumber: p.corporateNumber, prefectureCode: p.prefectureCode }, conflicts);
      },
    );
  }

  /** The ranked table per region from submitted sheets (staff, before and after results). */
  async results(actor: Actor, callId: string): Promise<CallProposalResult[]> {
    if (!isStaff(actor)) throw new DomainError('FORBIDDEN');
    return this.aggregateCall(callId);
  }

  /** The call's submitted proposals (bidding) with their region's prefecture and bonus (calls; '' and 0 without one). */
  private async aggregationProposals(callId: string): Promise<AggregationProposal[]> {
    const proposals = await this.applications.aggregationProposals(callId);
    const regions = new Map((proposals.length ? await this.regions.byIds([...new Set(proposals.map((p) => p.regionId))]) : []).map((r) => [r.id, r]));
    return proposals.map((p) => ({
      ...p,
      prefectureCode: regions.get(p.regionId)?.prefectureCode ?? '',
      bonusPoints: Number(regions.get(p.regionId)?.bonusPoints ?? 0),
    }));
  }

  /**
   * Aggregation of a call, for this area (results, dashboard). Six statements whatever the size: settings, criteria,
   * the proposals with their parties (bidding's), their regions' prefecture and bonus (calls'), the sheets with their
   * points as one JSON object each, the conflicts of the evaluators who scored. The matching reads the same data with
   * `packedAggregation` and aggregates it with the same function off the event loop.
   */
  async aggregateCall(callId: string): Promise<CallProposalResult[]> {
    // Independent reads, in parallel on the pool (PostgreSQL runs the two large ones on two backends).
    const [settings, criteria, proposals, allSheets] = await Promise.all([
      this.repo.settings(callId),
      this.criteriaOfAggregation(callId),
      this.aggregationProposals(callId),
      this.repo.submittedSheetsWithPoints(callId),
    ]);
    const byId = new Set(proposals.map((p) => p.id));
    const conflicts = await this.repo.conflictsOfEvaluators([...new Set(allSheets.filter((s) => byId.has(s.proposalId)).map((s) => s.evaluatorId))]);
    return aggregateCallData({ options: aggregationOptions(settings), criteria, proposals, sheets: allSheets, conflicts });
  }

  /**
   * What `aggregateCall` reads, with the two large sets (proposals, sheets) as JSON text built by PostgreSQL, for
   * `unpackCallAggregation` and `aggregateCallData` in the matching's worker thread. `regionIds`: the call's regions
   * (every proposal's region is one of them).
   */
  packedAggregation(callId: string, regionIds: readonly string[]): Promise<PackedCallAggregation> {
    return this.packed(
      callId,
      regionIds,
      () => this.applications.aggregationProposalsJson(callId),
      (from, to) => this.repo.submittedSheetsJson(callId, from, to),
    );
  }

  /**
   * `packedAggregation` with the two large sets left to the worker thread to read on connections of its own
   * (PostgreSQL): the reads that give them instead of their 19 MB of text at national scale, which this thread would
   * decode into strings and encode again for the worker while other users wait (docs/PERFORMANCE.md, "W1 during a run").
   */
  packedAggregationReads(callId: string, regionIds: readonly string[]): Promise<PackedCallAggregation<DeferredRead>> {
    return this.packed(
      callId,
      regionIds,
      () => this.applications.aggregationProposalsJsonRead(callId),
      (from, to) => this.repo.submittedSheetsJsonRead(callId, from, to),
    );
  }

  private async packed<T>(
    callId: string,
    regionIds: readonly string[],
    proposals: () => T | Promise<T>,
    sheets: (from: string | null, to: string | null) => T | Promise<T>,
  ): Promise<PackedCallAggregation<T>> {
    const criteria = await this.criteriaOfAggregation(callId);
    const [settings, proposalsJson, regions, sheetsJson, conflicts] = await Promise.all([
      this.repo.settings(callId),
      proposals(),
      this.regions.prefectureAndBonus(regionIds),
      // The largest read in two halves of the proposal ids (random uuids), on two connections.
      Promise.all([sheets(null, SHEETS_SPLIT), sheets(SHEETS_SPLIT, null)]),
      this.repo.conflictsOfCallEvaluators(callId),
    ]);
    return { options: aggregationOptions(settings), criteria, proposalsJson, regions, sheetsJson, conflicts };
  }

  /** The call's rubric; nothing can be ranked before it exists (or on a call that is not a vendor call). */
  private async criteriaOfAggregation(callId: string): Promise<CriterionDef[]> {
    const criteria = await this.repo.criteria(callId);
    if (!criteria.length) {
      throw new DomainError('INVALID_STATE', { callId }, { ja: 'この公募には評価基準が設定されていません。', en: 'This call has no evaluation criteria.' });
    }
    return criteria.map((c) => ({ id: c.id, weight: c.weight, maxPoints: c.maxPoints, minPoints: c.minPoints }));
  }

  /** Scores change only while the call is closed and undecided: the decision stands on the scores it saw. */
  private async assertScoringOpen(m: EntityManager, callId: string): Promise<void> {
    const call = await this.programs.lockCall(m, callId);
    const decided = call?.status === CallStatus.DECIDED || call?.status === CallStatus.PUBLISHED;
    if (!call || decided || this.clock.now().getTime() < call.closesAt.getTime()) {
      throw new DomainError(
        'INVALID_STATE',
        { status: call?.status ?? null },
        { ja: '採点は公募の締切後、選定の確定前に限り行えます。', en: 'Scores can change only after the deadline and before the decision.' },
      );
    }
  }

  /** An evaluator's scores arrive before the call's scoring deadline (read after the call's lock, so a move is seen). */
  private async assertBeforeDeadline(m: EntityManager, callId: string): Promise<void> {
    assertBeforeScoringDeadline((await this.repo.settings(callId, m)).scoringDeadline, this.clock.now());
  }

  private async lockedSheet(m: EntityManager, proposalId: string, evaluatorId: string): Promise<ScoreSheet> {
    let sheet = await this.repo.sheet(proposalId, evaluatorId, m);
    if (!sheet) {
      await m.query('INSERT INTO score_sheets (proposal_id, evaluator_id, updated_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
        proposalId,
        evaluatorId,
        this.clock.now(),
      ]);
      sheet = await this.repo.sheet(proposalId, evaluatorId, m);
    }
    return (await this.repo.lockSheet(m, sheet!.id))!;
  }

  private async assertEvaluatorReads(actor: Actor, proposalId: string): Promise<{ callId: string }> {
    if (actor.role !== Role.EVALUATOR || !actor.evaluatorId) throw new DomainError('FORBIDDEN');
    const [r] = await this.access.scorableProposals(actor, [proposalId]);
    if (!r) throw notFound();
    return { callId: r.callId };
  }
}

/** Where `packedAggregation` splits the call's sheets: the middle of the uuids (ids are random). */
const SHEETS_SPLIT = '80000000-0000-0000-0000-000000000000';

function aggregationOptions(settings: { passThreshold: number; normalise: boolean; applyRepeatBonus: boolean }): AggregationOptions {
  return { passThreshold: settings.passThreshold, normalise: settings.normalise, applyBonus: settings.applyRepeatBonus };
}
