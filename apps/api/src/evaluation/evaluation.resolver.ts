import { Args, Context, ID, Info, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Actor } from '@app/core';
import { RegionProposal as RegionProposalEntity } from '@app/bidding';
import { Call as CallEntity } from '@app/calls';
import { AssignmentService, PanelService, ScoreSheet as ScoreSheetEntity, ScoringService } from '@app/evaluation';
import { CurrentActor } from '../auth/current-user.decorator';
import { IdPipe, OptionalIdPipe } from '../common/id.pipe';
import { inputDate } from '../common/dates';
import { selects } from '../common/selection';
import type { GqlContext } from '../graphql/context';
import { RegionProposal } from '../bidding/bidding.models';
import { Call } from '../calls/calls.models';
import {
  Assignment,
  AssignmentRunReport,
  ConfirmAssignmentsResult,
  ConflictOfInterest,
  EvaluationCriterion,
  EvaluationPanel,
  EvaluationProgress,
  EvaluationSettings,
  Evaluator,
  PanelMember,
  ProposalEvaluation,
  Score,
  ScoreSheet,
} from './evaluation.models';
import { CreateEvaluatorInput, DeclareConflictInput, EvaluationSettingsInput, SaveScoresArgs, SetCriteriaArgs } from './evaluation.inputs';

@Resolver(() => EvaluationPanel)
export class EvaluationSetupResolver {
  constructor(private readonly panel: PanelService) {}

  @Mutation(() => [EvaluationCriterion], { description: 'Replaces the criteria of a vendor call (a material change once published)' })
  setEvaluationCriteria(@CurrentActor() actor: Actor, @Args() a: SetCriteriaArgs) {
    return this.panel.setCriteria(actor, a.callId, a.criteria);
  }

  @Mutation(() => EvaluationSettings, {
    description:
      'Changes the evaluation settings of a vendor call (secretariat); a new pass threshold is a material change of a published call (refused within 7 days of the deadline, else submitted bids return to draft)',
  })
  updateEvaluationSettings(
    @CurrentActor() actor: Actor,
    @Args('callId', { type: () => ID, description: 'The call (its id): a region call or a vendor call, as the field says' }, IdPipe) callId: string,
    @Args('input', { description: 'The parameters of this operation (each described on its input type)' }) input: EvaluationSettingsInput,
  ) {
    return this.panel.updateSettings(actor, callId, input);
  }

  @Mutation(() => EvaluationSettings, {
    description: "Sets or moves the scoring deadline of a vendor call's evaluation (ISO 8601; JST without an offset); audited",
  })
  setScoringDeadline(
    @CurrentActor() actor: Actor,
    @Args('callId', { type: () => ID, description: 'The call (its id): a region call or a vendor call, as the field says' }, IdPipe) callId: string,
    @Args('scoringDeadline', { description: 'ISO 8601; without an offset, Japan time; after the call’s deadline' }) scoringDeadline: string,
  ) {
    return this.panel.setScoringDeadline(actor, callId, inputDate('scoringDeadline', scoringDeadline));
  }

  @Mutation(() => Evaluator, { description: "Creates an expert's account and profile" })
  createEvaluator(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The parameters of this operation (each described on its input type)' }) input: CreateEvaluatorInput,
  ) {
    return this.panel.createEvaluator(actor, input);
  }

  @Query(() => [Evaluator], { description: 'Every evaluator (secretariat, ministry)' })
  evaluators(@CurrentActor() actor: Actor) {
    return this.panel.listEvaluators(actor);
  }

  @Query(() => EvaluationPanel, { description: 'The panel of a vendor call: members, load limits and criteria (secretariat, ministry)' })
  async evaluationPanel(
    @CurrentActor() actor: Actor,
    @Args('callId', { type: () => ID, description: 'The call (its id): a region call or a vendor call, as the field says' }, IdPipe) callId: string,
  ) {
    return { callId, members: await this.panel.panel(actor, callId) };
  }

  @Mutation(() => EvaluationPanel, { description: 'Adds an evaluator to the panel of a call, or changes its load limits' })
  async setPanelMember(
    @CurrentActor() actor: Actor,
    @Args('callId', { type: () => ID, description: 'The call (its id): a region call or a vendor call, as the field says' }, IdPipe) callId: string,
    @Args('evaluatorId', { type: () => ID, description: 'The evaluator (its id)' }, IdPipe) evaluatorId: string,
    @Args('minLoad', { type: () => Int, defaultValue: 0, description: 'Fewest proposals the assignment should give it (≤ maxLoad)' }) minLoad: number,
    @Args('maxLoad', { type: () => Int, defaultValue: 1000, description: 'Most proposals the assignment may give it' }) maxLoad: number,
  ) {
    return { callId, members: await this.panel.setPanelMember(actor, callId, evaluatorId, Math.max(0, minLoad), Math.max(0, maxLoad)) };
  }

  @Mutation(() => EvaluationPanel, { description: 'Removes an evaluator from the panel of a call (secretariat)' })
  async removePanelMember(
    @CurrentActor() actor: Actor,
    @Args('callId', { type: () => ID, description: 'The call (its id): a region call or a vendor call, as the field says' }, IdPipe) callId: string,
    @Args('evaluatorId', { type: () => ID, description: 'The evaluator (its id)' }, IdPipe) evaluatorId: string,
  ) {
    return { callId, members: await this.panel.removePanelMember(actor, callId, evaluatorId) };
  }

  @Mutation(() => ConflictOfInterest, { description: 'An evaluator declares its own conflict; the secretariat may record one for any evaluator' })
  declareConflict(
    @CurrentActor() actor: Actor,
    @Args('input', { description: 'The parameters of this operation (each described on its input type)' }) input: DeclareConflictInput,
  ) {
    if (input.evaluatorId) new IdPipe().transform(input.evaluatorId);
    return this.panel.declareConflict(actor, input);
  }

  @Query(() => [ConflictOfInterest], { description: 'Your own conflicts (evaluator) or all (staff)' })
  conflicts(
    @CurrentActor() actor: Actor,
    @Args('evaluatorId', { type: () => ID, nullable: true, description: 'The evaluator (its id)' }, OptionalIdPipe) evaluatorId?: string,
  ) {
    return this.panel.conflicts(actor, evaluatorId ? [evaluatorId] : undefined);
  }
}

@Resolver(() => EvaluationPanel)
export class PanelFieldsResolver {
  @ResolveField(() => [EvaluationCriterion], { description: 'The criteria of the call' })
  criteria(@Parent() p: { callId: string }, @Context() ctx: GqlContext) {
    return ctx.loaders.criteriaByCall.load(p.callId);
  }
}

@Resolver(() => PanelMember)
export class PanelMemberResolver {
  @ResolveField(() => Evaluator, { description: 'The evaluator' })
  evaluator(@Parent() m: { evaluatorId: string }, @Context() ctx: GqlContext) {
    return ctx.loaders.evaluator.load(m.evaluatorId);
  }
}

@Resolver(() => Call)
export class CallEvaluationFieldsResolver {
  constructor(private readonly panel: PanelService) {}

  @ResolveField(() => [EvaluationCriterion], { description: 'Criteria (vendor calls): public, so that vendors know how they are judged' })
  evaluationCriteria(@Parent() c: CallEntity, @Context() ctx: GqlContext) {
    return ctx.loaders.criteriaByCall.load(c.id);
  }

  @ResolveField(() => EvaluationSettings, { description: 'A vendor call: its evaluation settings (threshold, k, normalisation, scoring deadline)' })
  evaluationSettings(@Parent() c: CallEntity, @Context() ctx: GqlContext) {
    return ctx.loaders.settingsByCall.load(c.id);
  }
}

@Resolver(() => Assignment)
export class AssignmentResolver {
  constructor(private readonly service: AssignmentService) {}

  @Mutation(() => AssignmentRunReport, { description: 'Proposes an assignment with HiGHS: k unconflicted evaluators per proposal, even loads' })
  runAssignment(
    @CurrentActor() actor: Actor,
    @Args('callId', { type: () => ID, description: 'The call (its id): a region call or a vendor call, as the field says' }, IdPipe) callId: string,
  ) {
    return this.service.runAutomatic(actor, callId);
  }

  @Mutation(() => [Assignment], { description: 'Assigns by hand (proposed); refused with CONFLICT_OF_INTEREST' })
  assignEvaluator(
    @CurrentActor() actor: Actor,
    @Args('proposalId', { type: () => ID, description: 'The region proposal (one region of a vendor’s bid; its id)' }, IdPipe) proposalId: string,
    @Args('evaluatorId', { type: () => ID, description: 'The evaluator (its id)' }, IdPipe) evaluatorId: string,
  ) {
    return this.service.assignByHand(actor, proposalId, evaluatorId);
  }

  @Mutation(() => Boolean, { description: 'Removes an assignment (secretariat); INVALID_STATE once its sheet is submitted. True when done' })
  unassignEvaluator(
    @CurrentActor() actor: Actor,
    @Args('proposalId', { type: () => ID, description: 'The region proposal (one region of a vendor’s bid; its id)' }, IdPipe) proposalId: string,
    @Args('evaluatorId', { type: () => ID, description: 'The evaluator (its id)' }, IdPipe) evaluatorId: string,
  ) {
    return this.service.unassign(actor, proposalId, evaluatorId);
  }

  @Mutation(() => ConfirmAssignmentsResult, { description: 'Confirms the proposed assignments, re-checking conflicts' })
  confirmAssignments(
    @CurrentActor() actor: Actor,
    @Args('callId', { type: () => ID, description: 'The call (its id): a region call or a vendor call, as the field says' }, IdPipe) callId: string,
  ) {
    return this.service.confirm(actor, callId);
  }

  @Query(() => [Assignment], { description: 'Every assignment of a vendor call, proposed and confirmed (secretariat, ministry)' })
  assignments(
    @CurrentActor() actor: Actor,
    @Args('callId', { type: () => ID, description: 'The call (its id): a region call or a vendor call, as the field says' }, IdPipe) callId: string,
  ) {
    return this.service.assignments(actor, callId);
  }
}

@Resolver(() => ScoreSheet)
export class ScoringResolver {
  constructor(private readonly scoring: ScoringService) {}

  @Query(() => [RegionProposal], { description: 'The proposals assigned to you (confirmed, without a conflict)' })
  async myAssignedProposals(@CurrentActor() actor: Actor, @Context() ctx: GqlContext, @Info() info: GraphQLResolveInfo) {
    const assigned = await this.scoring.assigned(actor);
    // Read access was just checked for each (AccessService.scorableProposals), and each came with its vendor call: the
    // per-proposal fields need not ask again.
    for (const { proposal, callId } of assigned) {
      ctx.loaders.primeAllowed('canScoreProposal', actor, proposal.id, true);
      ctx.loaders.primeCallOfApplication(proposal.applicationId, callId);
    }
    // What the proposals' fields will ask, read now in one batch each (the same statements the fields would send, in
    // parallel): the fields then return values, not promises (ProposalScoringFieldsResolver).
    await Promise.all([
      selects(info, ['criteria']) && ctx.loaders.criteriaByCall.loadMany([...new Set(assigned.map((r) => r.callId))]),
      selects(info, ['myScoreSheet']) && ctx.loaders.forEvaluator(actor.evaluatorId!).sheet.loadMany(assigned.map((r) => r.proposal.id)),
    ]);
    return assigned.map((r) => r.proposal);
  }

  @Mutation(() => ScoreSheet, { description: 'Saves draft scores (integers 0..max, with comments)' })
  saveScores(@CurrentActor() actor: Actor, @Args() a: SaveScoresArgs) {
    return this.scoring.saveScores(actor, a.proposalId, a.scores);
  }

  @Mutation(() => ScoreSheet, { description: 'Submits and locks your scores of a proposal' })
  submitScores(
    @CurrentActor() actor: Actor,
    @Args('proposalId', { type: () => ID, description: 'The region proposal (one region of a vendor’s bid; its id)' }, IdPipe) proposalId: string,
  ) {
    return this.scoring.submitSheet(actor, proposalId);
  }

  @Mutation(() => ScoreSheet, { description: 'Reopens a submitted sheet (recorded with the reason)' })
  reopenScoreSheet(
    @CurrentActor() actor: Actor,
    @Args('proposalId', { type: () => ID, description: 'The region proposal (one region of a vendor’s bid; its id)' }, IdPipe) proposalId: string,
    @Args('evaluatorId', { type: () => ID, description: 'The evaluator (its id)' }, IdPipe) evaluatorId: string,
    @Args('reason', { description: 'Why it is reopened (recorded; up to 2,000 characters kept)' }) reason: string,
  ) {
    return this.scoring.reopenSheet(actor, proposalId, evaluatorId, reason.slice(0, 2000));
  }

  @Query(() => EvaluationProgress, { description: 'Scores missing per evaluator and per proposal' })
  evaluationProgress(
    @CurrentActor() actor: Actor,
    @Args('callId', { type: () => ID, description: 'The call (its id): a region call or a vendor call, as the field says' }, IdPipe) callId: string,
  ) {
    return this.scoring.progress(actor, callId);
  }

  @Query(() => [ProposalEvaluation], { description: 'Aggregated scores with the rank in each region (staff)' })
  async evaluationResults(
    @CurrentActor() actor: Actor,
    @Args('callId', { type: () => ID, description: 'The call (its id): a region call or a vendor call, as the field says' }, IdPipe) callId: string,
  ) {
    const rows = await this.scoring.results(actor, callId);
    return rows
      .map((r) => ({
        ...r,
        candidateRegionId: r.regionId,
        criterionMeans: Object.entries(r.criterionMeans).map(([criterionId, mean]) => ({ criterionId, mean })),
      }))
      .sort((a, b) => a.candidateRegionId.localeCompare(b.candidateRegionId) || (a.rank ?? 1e9) - (b.rank ?? 1e9));
  }

  // No parameter decorators: bound as a plain GraphQL resolver (see ProposalScoringFieldsResolver).
  @ResolveField(() => [Score], { description: 'Points and comment per criterion' })
  scores(s: ScoreSheetEntity, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.scoresNow(s.id) ?? ctx.loaders.scoresBySheet.load(s.id);
  }
}

/*
 * The fields of an evaluator's list (W4: 600 proposals at national scale) take no parameter decorators: @nestjs/graphql
 * then binds such a method as a plain GraphQL resolver (source, args, context), without the execution context it
 * otherwise builds per call (global pipes on every parameter, a dozen promises). What `myAssignedProposals` read ahead
 * (the call of each application, the criteria, the evaluator's own sheets and scores) is returned as a value; anything
 * else (a single proposal, another query) loads through the batched loaders as before. The actor is the request's
 * (`ctx.req.user`, what @CurrentActor reads); the access table's rule for `myScoreSheet` runs before the resolver.
 */
@Resolver(() => RegionProposal)
export class ProposalScoringFieldsResolver {
  @ResolveField(() => ID, { nullable: true, description: 'The vendor call the proposal was made to (two calls may list the same region)' })
  callId(p: RegionProposalEntity, _args: unknown, ctx: GqlContext) {
    return ctx.loaders.callOfApplicationNow(p.applicationId) ?? ctx.loaders.callOfApplication.load(p.applicationId);
  }

  @ResolveField(() => [EvaluationCriterion], { description: 'The criteria the proposal is scored on' })
  criteria(p: RegionProposalEntity, _args: unknown, ctx: GqlContext) {
    // Criteria belong to the vendor call; the application's call comes from bidding (or was primed by the list).
    const known = ctx.loaders.callOfApplicationNow(p.applicationId);
    const now = known === undefined ? undefined : ctx.loaders.criteriaNow(known);
    if (now) return now;
    return ctx.loaders.callOfApplication.load(p.applicationId).then((callId) => (callId ? ctx.loaders.criteriaByCall.load(callId) : []));
  }

  @ResolveField(() => ScoreSheet, { nullable: true, description: 'Evaluators: your own sheet for this proposal' })
  myScoreSheet(p: RegionProposalEntity, _args: unknown, ctx: GqlContext) {
    // The access table let in an evaluator that reads this proposal (`RegionProposal.myScoreSheet`).
    const evaluatorId = ctx.req.user!.evaluatorId!;
    const now = ctx.loaders.ownSheetNow(evaluatorId, p.id);
    return now !== undefined ? now : ctx.loaders.forEvaluator(evaluatorId).sheet.load(p.id);
  }

  @ResolveField(() => [ScoreSheet], { description: "Evaluators: the others' submitted sheets, once yours is submitted" })
  async otherScoreSheets(@Parent() p: RegionProposalEntity, @CurrentActor() actor: Actor, @Context() ctx: GqlContext) {
    const application = await ctx.loaders.vendorApplication.load(p.applicationId);
    const [settings, sheets] = await Promise.all([ctx.loaders.settingsByCall.load(application!.callId), ctx.loaders.sheetsByProposal.load(p.id)]);
    return ScoringService.othersVisible(actor.evaluatorId!, sheets, settings!.revealAfterSubmit);
  }
}

export const EVALUATION_RESOLVERS = [
  EvaluationSetupResolver,
  PanelFieldsResolver,
  PanelMemberResolver,
  CallEvaluationFieldsResolver,
  AssignmentResolver,
  ScoringResolver,
  ProposalScoringFieldsResolver,
];
