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
  @Field(() => ID)
  id: string;

  @Field()
  titleJa: string;

  @Field()
  titleEn: string;

  @Field(() => Float)
  weight: number;

  @Field(() => Int)
  maxPoints: number;

  @Field(() => Int, { nullable: true, description: 'A panel mean below it fails the proposal' })
  minPoints: number | null;
}

@ObjectType({ description: 'A vendor call’s evaluation: criteria, pass threshold, evaluators per proposal, scoring deadline' })
export class EvaluationSettings {
  @Field(() => Float, { description: 'Minimum mean weighted total (0–100) to be selectable' })
  passThreshold: number;

  @Field(() => Int)
  evaluatorsPerProposal: number;

  @Field()
  normalise: boolean;

  @Field()
  revealAfterSubmit: boolean;

  @Field()
  applyRepeatBonus: boolean;

  @Field(() => String, { nullable: true })
  requiredField: string | null;

  @Field(() => Date, { nullable: true, description: 'Scores are accepted strictly before it (compared in Asia/Tokyo); null: no deadline set' })
  scoringDeadline: Date | null;
}

@ObjectType({ description: '有識者（評価委員）' })
export class Evaluator {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field()
  affiliation: string;

  @Field(() => [String])
  fields: string[];
}

@ObjectType({ description: 'An evaluator on a call’s panel, with its assignment limit' })
export class PanelMember {
  @Field(() => ID)
  evaluatorId: string;

  @Field(() => Int)
  minLoad: number;

  @Field(() => Int)
  maxLoad: number;
}

@ObjectType({ description: '評価会' })
export class EvaluationPanel {
  @Field(() => ID)
  callId: string;

  @Field(() => [PanelMember])
  members: PanelMember[];
}

@ObjectType({ description: '利益相反' })
export class ConflictOfInterest {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  evaluatorId: string;

  @Field(() => String, { nullable: true })
  corporateNumber: string | null;

  @Field(() => String, { nullable: true })
  prefectureCode: string | null;

  @Field(() => ConflictKind)
  kind: ConflictKind;

  @Field()
  note: string;

  @Field()
  declaredAt: Date;
}

@ObjectType({ description: 'An evaluator assigned to score a proposal (proposed by the assignment run, then confirmed)' })
export class Assignment {
  @Field(() => ID)
  proposalId: string;

  @Field(() => ID)
  evaluatorId: string;

  @Field(() => AssignmentStatus)
  status: AssignmentStatus;
}

@ObjectType({ description: 'A proposal the assignment could not cover, with why (too few unconflicted evaluators)' })
export class UncoveredProposal {
  @Field(() => ID)
  proposalId: string;

  @Field({ description: 'TOO_FEW_UNCONFLICTED_EVALUATORS, NO_EVALUATOR_OF_REQUIRED_FIELD or LOAD_LIMITS' })
  reason: string;

  @Field()
  detail: string;

  @Field(() => Int)
  available: number;

  @Field(() => Int)
  needed: number;
}

@ObjectType({ description: 'How many proposals an evaluator is assigned, against its limit' })
export class EvaluatorLoad {
  @Field(() => ID)
  evaluatorId: string;

  @Field(() => Int)
  load: number;
}

@ObjectType({ description: 'What an automatic assignment run proposed' })
export class AssignmentRunReport {
  @Field({ description: 'OPTIMAL, PARTIAL or INFEASIBLE' })
  status: string;

  @Field(() => Int)
  proposals: number;

  @Field(() => Int)
  assigned: number;

  @Field(() => [EvaluatorLoad])
  loads: EvaluatorLoad[];

  @Field(() => Int)
  maxLoad: number;

  @Field(() => Int)
  minLoad: number;

  @Field(() => [UncoveredProposal], { description: 'Proposals that cannot be fully covered, each with its reason' })
  uncovered: UncoveredProposal[];

  @Field(() => [String])
  notes: string[];

  @Field(() => Int)
  removedForConflict: number;
}

@ObjectType({ description: 'How many assignments the confirmation fixed' })
export class ConfirmAssignmentsResult {
  @Field(() => Int)
  confirmed: number;

  @Field(() => Int)
  removedForConflict: number;
}

@ObjectType({ description: '評点' })
export class Score {
  @Field(() => ID)
  criterionId: string;

  @Field(() => Int)
  points: number;

  @Field()
  comment: string;
}

@ObjectType({ description: "One evaluator's scores of one proposal" })
export class ScoreSheet {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  proposalId: string;

  @Field(() => ID)
  evaluatorId: string;

  @Field(() => ScoreSheetStatus)
  status: ScoreSheetStatus;

  @Field(() => Date, { nullable: true })
  submittedAt: Date | null;

  @Field(() => Int)
  version: number;
}

@ObjectType({ description: 'One proposal’s scoring progress: assigned, submitted' })
export class ProgressRow {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  assigned: number;

  @Field(() => Int)
  submitted: number;

  @Field(() => Int)
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
  @Field(() => ID)
  criterionId: string;

  @Field(() => Float)
  mean: number;
}

@ObjectType({ description: "A proposal's aggregated evaluation" })
export class ProposalEvaluation {
  @Field(() => ID)
  proposalId: string;

  @Field(() => ID)
  candidateRegionId: string;

  @Field(() => ID)
  vendorId: string;

  @Field(() => Int)
  sheetCount: number;

  @Field(() => Float, { description: 'Mean of the evaluators’ weighted totals (0–100), after normalisation if on' })
  meanTotal: number;

  @Field(() => Float)
  bonus: number;

  @Field(() => Float)
  finalScore: number;

  @Field(() => [CriterionMean])
  criterionMeans: CriterionMean[];

  @Field(() => [ID])
  failedMinimums: string[];

  @Field()
  belowThreshold: boolean;

  @Field()
  passed: boolean;

  @Field(() => Int, { nullable: true, description: 'Rank in its region: final score, then earlier submission, then id' })
  rank: number | null;

  @Field()
  submittedAt: Date;
}
