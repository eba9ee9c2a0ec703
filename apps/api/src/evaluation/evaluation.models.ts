import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { AssignmentStatus, ConflictKind, ScoreSheetStatus } from '@app/evaluation';

registerEnumType(ConflictKind, {
  description: 'The kind of a declared conflict of interest (利益相反)',
  valuesMap: {
    EMPLOYMENT: { description: '雇用関係（現在・過去）' },
    RECENT_COLLABORATION: { description: '最近の共同研究・共同事業' },
    ADVISORY: { description: '顧問・助言' },
    FINANCIAL: { description: '資金・株式などの利害' },
    PERSONAL: { description: '親族・個人的な関係' },
    OTHER: { description: 'その他（備考に記載）' },
  },
  name: 'ConflictKind',
});
registerEnumType(AssignmentStatus, {
  description: 'Whether an assignment is confirmed',
  valuesMap: {
    PROPOSED: { description: 'Proposed by the assignment run; not yet confirmed by the secretariat' },
    CONFIRMED: { description: 'Confirmed: the evaluator sees and scores the proposal' },
  },
  name: 'AssignmentStatus',
});
registerEnumType(ScoreSheetStatus, {
  description: 'Whether an evaluator’s scores on a proposal are submitted',
  valuesMap: { DRAFT: { description: 'Scores saved, not yet submitted (the evaluator may change them)' }, SUBMITTED: { description: 'Submitted and locked' } },
  name: 'ScoreSheetStatus',
});

@ObjectType({ description: '評価項目' })
export class EvaluationCriterion {
  @Field(() => ID, { description: 'The criterion (its id)' })
  id: string;

  @Field({ description: 'Title in Japanese' })
  titleJa: string;

  @Field({ description: 'Title in English' })
  titleEn: string;

  @Field(() => Float, { description: 'Relative weight (weights are normalised so that a sheet total lies in 0–100)' })
  weight: number;

  @Field(() => Int, { description: 'Highest points an evaluator may give' })
  maxPoints: number;

  @Field(() => Int, { nullable: true, description: 'A panel mean below it fails the proposal' })
  minPoints: number | null;
}

@ObjectType({ description: 'A vendor call’s evaluation: criteria, pass threshold, evaluators per proposal, scoring deadline' })
export class EvaluationSettings {
  @Field(() => Float, { description: 'Minimum mean weighted total (0–100) to be selectable' })
  passThreshold: number;

  @Field(() => Int, { description: 'k: evaluators the assignment gives each proposal' })
  evaluatorsPerProposal: number;

  @Field({ description: 'Whether each evaluator’s totals are normalised against harsh and lenient graders' })
  normalise: boolean;

  @Field({ description: 'Whether an evaluator sees the others’ sheets only once its own is submitted' })
  revealAfterSubmit: boolean;

  @Field({ description: 'Whether the repeat-applicant bonus points are added to the final score' })
  applyRepeatBonus: boolean;

  @Field(() => String, { nullable: true, description: 'A field of expertise each proposal needs at least one evaluator of; null: none' })
  requiredField: string | null;

  @Field(() => Date, { nullable: true, description: 'Scores are accepted strictly before it (compared in Asia/Tokyo); null: no deadline set' })
  scoringDeadline: Date | null;
}

@ObjectType({ description: '有識者（評価委員）' })
export class Evaluator {
  @Field(() => ID, { description: 'The evaluator (its id)' })
  id: string;

  @Field({ description: 'Full name' })
  name: string;

  @Field({ description: 'Affiliation (所属); may be empty' })
  affiliation: string;

  @Field(() => [String], { description: 'Fields of expertise' })
  fields: string[];
}

@ObjectType({ description: 'An evaluator on a call’s panel, with its assignment limit' })
export class PanelMember {
  @Field(() => ID, { description: 'The evaluator (its id)' })
  evaluatorId: string;

  @Field(() => Int, { description: 'Fewest proposals the assignment should give it' })
  minLoad: number;

  @Field(() => Int, { description: 'Most proposals the assignment may give it' })
  maxLoad: number;
}

@ObjectType({ description: '評価会' })
export class EvaluationPanel {
  @Field(() => ID, { description: 'The vendor call (its id)' })
  callId: string;

  @Field(() => [PanelMember], { description: 'Its evaluators with their load limits' })
  members: PanelMember[];
}

@ObjectType({ description: '利益相反' })
export class ConflictOfInterest {
  @Field(() => ID, { description: 'The declared conflict (its id)' })
  id: string;

  @Field(() => ID, { description: 'The evaluator concerned (its id)' })
  evaluatorId: string;

  @Field(() => String, { nullable: true, description: 'The vendor concerned, by its 法人番号; null when it is a prefecture' })
  corporateNumber: string | null;

  @Field(() => String, { nullable: true, description: 'The prefecture concerned (two-digit code); null when it is a vendor' })
  prefectureCode: string | null;

  @Field(() => ConflictKind, { description: 'The kind of conflict' })
  kind: ConflictKind;

  @Field({ description: 'Details (may be empty)' })
  note: string;

  @Field({ description: 'When it was declared (ISO 8601 UTC)' })
  declaredAt: Date;
}

@ObjectType({ description: 'An evaluator assigned to score a proposal (proposed by the assignment run, then confirmed)' })
export class Assignment {
  @Field(() => ID, { description: 'The region proposal to score (its id)' })
  proposalId: string;

  @Field(() => ID, { description: 'The evaluator (its id)' })
  evaluatorId: string;

  @Field(() => AssignmentStatus, { description: 'Proposed, or confirmed (only then does the evaluator see the proposal)' })
  status: AssignmentStatus;
}

@ObjectType({ description: 'A proposal the assignment could not cover, with why (too few unconflicted evaluators)' })
export class UncoveredProposal {
  @Field(() => ID, { description: 'The region proposal (its id)' })
  proposalId: string;

  @Field({ description: 'TOO_FEW_UNCONFLICTED_EVALUATORS, NO_EVALUATOR_OF_REQUIRED_FIELD or LOAD_LIMITS' })
  reason: string;

  @Field({ description: 'The reason in words, with the numbers' })
  detail: string;

  @Field(() => Int, { description: 'Evaluators that could be given it' })
  available: number;

  @Field(() => Int, { description: 'Evaluators it needs' })
  needed: number;
}

@ObjectType({ description: 'How many proposals an evaluator is assigned, against its limit' })
export class EvaluatorLoad {
  @Field(() => ID, { description: 'The evaluator (its id)' })
  evaluatorId: string;

  @Field(() => Int, { description: 'Proposals assigned to it' })
  load: number;
}

@ObjectType({ description: 'What an automatic assignment run proposed' })
export class AssignmentRunReport {
  @Field({ description: 'OPTIMAL, PARTIAL or INFEASIBLE' })
  status: string;

  @Field(() => Int, { description: 'Proposals of submitted applications to assign' })
  proposals: number;

  @Field(() => Int, { description: 'Evaluator–proposal pairs assigned' })
  assigned: number;

  @Field(() => [EvaluatorLoad], { description: 'Every panel member’s load, 0 included' })
  loads: EvaluatorLoad[];

  @Field(() => Int, { description: 'Highest load among the evaluators that could be given a proposal' })
  maxLoad: number;

  @Field(() => Int, { description: 'Lowest load among the evaluators that could be given a proposal' })
  minLoad: number;

  @Field(() => [UncoveredProposal], { description: 'Proposals that cannot be fully covered, each with its reason' })
  uncovered: UncoveredProposal[];

  @Field(() => [String], { description: 'Why limits were relaxed or something is short, with the numbers' })
  notes: string[];

  @Field(() => Int, { description: 'Assignments dropped because a conflict now forbids them' })
  removedForConflict: number;
}

@ObjectType({ description: 'How many assignments the confirmation fixed' })
export class ConfirmAssignmentsResult {
  @Field(() => Int, { description: 'Assignments confirmed' })
  confirmed: number;

  @Field(() => Int, { description: 'Proposed assignments dropped because a conflict now forbids them' })
  removedForConflict: number;
}

@ObjectType({ description: '評点' })
export class Score {
  @Field(() => ID, { description: 'The criterion (its id)' })
  criterionId: string;

  @Field(() => Int, { description: "Integer points, 0 to the criterion's maxPoints" })
  points: number;

  @Field({ description: 'The evaluator’s comment (may be empty)' })
  comment: string;
}

@ObjectType({ description: "One evaluator's scores of one proposal" })
export class ScoreSheet {
  @Field(() => ID, { description: 'The score sheet (its id)' })
  id: string;

  @Field(() => ID, { description: 'The region proposal scored (its id)' })
  proposalId: string;

  @Field(() => ID, { description: 'The evaluator (its id)' })
  evaluatorId: string;

  @Field(() => ScoreSheetStatus, { description: 'Draft, or submitted and locked' })
  status: ScoreSheetStatus;

  @Field(() => Date, { nullable: true, description: 'When it was submitted (ISO 8601 UTC); null while a draft' })
  submittedAt: Date | null;

  @Field(() => Int, { description: 'Its version, raised by each save' })
  version: number;
}

@ObjectType({ description: 'One proposal’s scoring progress: assigned, submitted' })
export class ProgressRow {
  @Field(() => ID, { description: 'The evaluator or the proposal (its id), as the list says' })
  id: string;

  @Field(() => Int, { description: 'Confirmed assignments' })
  assigned: number;

  @Field(() => Int, { description: 'Sheets submitted' })
  submitted: number;

  @Field(() => Int, { description: 'Sheets still to submit' })
  missing: number;
}

@ObjectType({ description: 'How far the scoring of a call has come, including proposals nobody may score' })
export class EvaluationProgress {
  @Field(() => [ProgressRow], { description: 'Per evaluator (id = evaluator id)' })
  byEvaluator: ProgressRow[];

  @Field(() => [ProgressRow], { description: 'Per submitted proposal (id = proposal id), including those no evaluator can score (assigned 0)' })
  byProposal: ProgressRow[];

  @Field(() => [ID], {
    description:
      'Submitted proposals without a confirmed assignment of an unconflicted evaluator: nobody can score them, so the matching treats them as not evaluated',
  })
  notEvaluated: string[];
}

@ObjectType({ description: 'The panel’s mean points on one criterion' })
export class CriterionMean {
  @Field(() => ID, { description: 'The criterion (its id)' })
  criterionId: string;

  @Field(() => Float, { description: 'Mean points of the submitted sheets on it' })
  mean: number;
}

@ObjectType({ description: "A proposal's aggregated evaluation" })
export class ProposalEvaluation {
  @Field(() => ID, { description: 'The region proposal (its id)' })
  proposalId: string;

  @Field(() => ID, { description: 'Its candidate region (its id)' })
  candidateRegionId: string;

  @Field(() => ID, { description: 'The proposing vendor (its id)' })
  vendorId: string;

  @Field(() => Int, { description: 'Submitted sheets counted' })
  sheetCount: number;

  @Field(() => Float, { description: 'Mean of the evaluators’ weighted totals (0–100), after normalisation if on' })
  meanTotal: number;

  @Field(() => Float, { description: 'Repeat-applicant bonus points added (0 when the setting is off or the region is not a repeat applicant)' })
  bonus: number;

  @Field(() => Float, { description: 'meanTotal + bonus: what ranks the proposals of a region' })
  finalScore: number;

  @Field(() => [CriterionMean], { description: 'Mean points per criterion' })
  criterionMeans: CriterionMean[];

  @Field(() => [ID], { description: 'Criteria whose mean is below their minPoints (ids)' })
  failedMinimums: string[];

  @Field({ description: 'Whether meanTotal (without the bonus) is below the pass threshold' })
  belowThreshold: boolean;

  @Field({ description: 'Has a sheet, no failed minimum and not below the threshold: may be selected' })
  passed: boolean;

  @Field(() => Int, { nullable: true, description: 'Rank in its region: final score, then earlier submission, then id' })
  rank: number | null;

  @Field({ description: 'When its application was submitted (ISO 8601 UTC): breaks ties in the rank' })
  submittedAt: Date;
}
