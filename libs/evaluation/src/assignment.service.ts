import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, Clock, DomainError, isStaff, notFound, onlySecretariat } from '@app/core';
import { VendorApplicationService, VendorCallService } from '@app/bidding';
import { CandidateRegionService } from '@app/calls';
import { AssignmentResult, solveAssignment, UncoveredProposal } from './assignment/assignment-solver';
import { conflictedPairs, isConflicted, ProposalParties } from '@app/access';
import { Assignment, AssignmentStatus } from './entities/evaluation.entities';
import { EvaluationRepository } from './evaluation.repository';

export interface AssignmentRunReport {
  status: AssignmentResult['status'];
  proposals: number;
  assigned: number;
  loads: Array<{ evaluatorId: string; load: number }>;
  maxLoad: number;
  minLoad: number;
  uncovered: UncoveredProposal[];
  notes: string[];
  /** Pairs dropped because a conflict was found after the run (or at confirmation). */
  removedForConflict: number;
}

/**
 * Assigning evaluators to proposals: by hand, or automatically (every proposal k evaluators, no
 * conflicts, loads as even as possible within each evaluator's limits, optionally an evaluator of
 * a required field). Runs propose; the secretariat confirms. Conflicts are re-checked after every
 * run, at confirmation, and on every read.
 */
@Injectable()
export class AssignmentService {
  constructor(
    private readonly repo: EvaluationRepository,
    private readonly vendorCalls: VendorCallService,
    private readonly applications: VendorApplicationService,
    private readonly regions: CandidateRegionService,
    private readonly clock: Clock,
  ) {}

  async assignments(actor: Actor, callId: string): Promise<Assignment[]> {
    if (!isStaff(actor)) throw new DomainError('FORBIDDEN');
    return this.repo.assignmentsOfCall(callId);
  }

  async runAutomatic(actor: Actor, callId: string): Promise<AssignmentRunReport> {
    onlySecretariat(actor);
    // Read, solve outside any transaction (the solver may take seconds), then write and re-check.
    const input = await this.repo.transaction(actor, async (m) => {
      const call = await this.vendorCalls.vendorCall(m, callId);
      assertAfterDeadline(call.closesAt, this.clock.now());
      return this.inputs(m, callId);
    });
    const fixed = input.existing.filter((a) => a.status === AssignmentStatus.CONFIRMED);
    const result = await solveAssignment({
      proposals: input.parties.map((p) => ({ id: p.proposalId, requiredField: input.settings.requiredField })),
      evaluators: input.panel.map((pm) => ({ id: pm.evaluatorId, minLoad: pm.minLoad, maxLoad: pm.maxLoad, fields: input.fields.get(pm.evaluatorId) ?? [] })),
      conflicts: conflictedPairs(
        input.parties,
        input.panel.map((p) => p.evaluatorId),
        input.conflicts,
      ),
      perProposal: input.settings.evaluatorsPerProposal,
      fixed: fixed.map((a) => ({ proposalId: a.proposalId, evaluatorId: a.evaluatorId })),
    });
    const isFixed = new Set(fixed.map((a) => `${a.proposalId}:${a.evaluatorId}`));
    const removed = await this.repo.transaction(actor, async (m) => {
      await this.repo.replaceProposed(
        m,
        callId,
        result.pairs.filter((p) => !isFixed.has(`${p.proposalId}:${p.evaluatorId}`)),
      );
      return this.dropConflicted(m, callId);
    });
    return {
      status: result.status,
      proposals: input.parties.length,
      assigned: result.pairs.length - removed,
      loads: Object.entries(result.loads).map(([evaluatorId, load]) => ({ evaluatorId, load })),
      maxLoad: result.maxLoad,
      minLoad: result.minLoad,
      uncovered: result.uncovered,
      notes: result.notes,
      removedForConflict: removed,
    };
  }

  async assignByHand(actor: Actor, proposalId: string, evaluatorId: string): Promise<Assignment[]> {
    onlySecretariat(actor);
    return this.repo.transaction(actor, async (m) => {
      const [proposal] = await this.applications.proposalsByIds([proposalId], m);
      if (!proposal) throw notFound();
      const [application] = await this.applications.applicationsByIds([proposal.applicationId], m);
      assertAfterDeadline((await this.vendorCalls.vendorCall(m, application.callId)).closesAt, this.clock.now());
      const input = await this.inputs(m, application.callId);
      const parties = input.parties.find((p) => p.proposalId === proposalId);
      if (!parties)
        throw new DomainError(
          'INVALID_STATE',
          {},
          { ja: '提出済みの応募の提案のみ割り当てられます。', en: 'Only proposals of submitted applications can be assigned.' },
        );
      if (!input.panel.some((p) => p.evaluatorId === evaluatorId)) throw notFound();
      if (isConflicted(evaluatorId, parties, input.conflicts)) throw new DomainError('CONFLICT_OF_INTEREST', { proposalId, evaluatorId });
      await this.repo.insertAssignment(m, { callId: application.callId, proposalId, evaluatorId, status: AssignmentStatus.PROPOSED });
      return this.repo.assignmentsOfCall(application.callId, m);
    });
  }

  async unassign(actor: Actor, proposalId: string, evaluatorId: string): Promise<boolean> {
    onlySecretariat(actor);
    return this.repo.transaction(actor, async (m) => {
      // Locked, so that a submission arriving now cannot slip between this check and the delete.
      const found = await this.repo.sheet(proposalId, evaluatorId, m);
      const sheet = found && (await this.repo.lockSheet(m, found.id));
      if (sheet && sheet.status === 'SUBMITTED') {
        throw new DomainError('INVALID_STATE', {}, { ja: '評点提出済みの割当は外せません。', en: 'An assignment with submitted scores cannot be removed.' });
      }
      await this.repo.deleteAssignments(m, [{ proposalId, evaluatorId }]);
      return true;
    });
  }

  /** Confirms the proposed assignments of a call, dropping any that a conflict now forbids. */
  async confirm(actor: Actor, callId: string): Promise<{ confirmed: number; removedForConflict: number }> {
    onlySecretariat(actor);
    return this.repo.transaction(actor, async (m) => {
      assertAfterDeadline((await this.vendorCalls.vendorCall(m, callId)).closesAt, this.clock.now());
      const removed = await this.dropConflicted(m, callId);
      return { confirmed: await this.repo.confirmAll(m, callId), removedForConflict: removed };
    });
  }

  private async dropConflicted(m: EntityManager, callId: string): Promise<number> {
    const input = await this.inputs(m, callId);
    const byProposal = new Map(input.parties.map((p) => [p.proposalId, p]));
    const bad = input.existing.filter((a) => {
      const p = byProposal.get(a.proposalId);
      return !p || isConflicted(a.evaluatorId, p, input.conflicts);
    });
    await this.repo.deleteAssignments(m, bad);
    return bad.length;
  }

  /** Everything an assignment decision needs, read in the caller's transaction. */
  private async inputs(m: EntityManager, callId: string) {
    const settings = await this.repo.settings(callId, m);
    const panel = await this.repo.panel(callId, m);
    const evaluators = await this.repo.evaluatorsByIds(
      panel.map((p) => p.evaluatorId),
      m,
    );
    const conflicts = await this.repo.conflictsOfEvaluators(
      panel.map((p) => p.evaluatorId),
      m,
    );
    const proposals = await this.applications.submittedProposalsOfCall(callId, m);
    const regions = new Map((await this.regions.byIds([...new Set(proposals.map((p) => p.candidateRegionId))], m)).map((r) => [r.id, r]));
    const parties: ProposalParties[] = proposals.map((p) => ({
      proposalId: p.id,
      corporateNumber: p.corporateNumber,
      prefectureCode: regions.get(p.candidateRegionId)?.prefectureCode ?? '',
    }));
    const existing = await this.repo.assignmentsOfCall(callId, m);
    return { settings, panel, fields: new Map(evaluators.map((e) => [e.id, e.fields])), conflicts, parties, existing };
  }
}

function assertAfterDeadline(closesAt: Date, now: Date): void {
  if (now.getTime() < closesAt.getTime()) {
    throw new DomainError(
      'INVALID_STATE',
      {},
      { ja: '応募締切後に割り当ててください。', en: 'Assign evaluators after the deadline, when applications are final.' },
    );
  }
}
