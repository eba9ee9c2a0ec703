import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** How a vendor call is evaluated. One row per call. */
@Entity('evaluation_settings')
export class EvaluationSettings {
  @PrimaryColumn({ name: 'call_id', type: 'uuid' })
  callId: string;

  /** Minimum mean weighted total (0–100) a proposal needs to be selectable. */
  @Column({ name: 'pass_threshold', type: 'double precision', default: 60 })
  passThreshold: number;

  @Column({ name: 'evaluators_per_proposal', type: 'int', default: 3 })
  evaluatorsPerProposal: number;

  /** Per-evaluator z-score normalisation of totals (removes harsh and lenient graders). */
  @Column({ type: 'boolean', default: false })
  normalise: boolean;

  /** An evaluator sees the others' scores of a proposal only after submitting its own. */
  @Column({ name: 'reveal_after_submit', type: 'boolean', default: true })
  revealAfterSubmit: boolean;

  /** Add the repeat region's participation bonus to the final score. */
  @Column({ name: 'apply_repeat_bonus', type: 'boolean', default: true })
  applyRepeatBonus: boolean;

  /** Each proposal needs at least one evaluator with this field of expertise (optional). */
  @Column({ name: 'required_field', type: 'text', nullable: true })
  requiredField: string | null;

  /** Scores are accepted strictly before it (null: until the decision). Set and moved by the secretariat, audited. */
  @Column({ name: 'scoring_deadline', type: 'timestamptz', nullable: true })
  scoringDeadline: Date | null;
}

@Entity('evaluation_criteria')
@Index('idx_evaluation_criteria_call', ['callId'])
export class EvaluationCriterion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'call_id', type: 'uuid' })
  callId: string;

  @Column({ name: 'title_ja', type: 'text' })
  titleJa: string;

  @Column({ name: 'title_en', type: 'text' })
  titleEn: string;

  @Column({ type: 'double precision' })
  weight: number;

  @Column({ name: 'max_points', type: 'int' })
  maxPoints: number;

  /** A panel mean below it fails the proposal, whatever its total. */
  @Column({ name: 'min_points', type: 'int', nullable: true })
  minPoints: number | null;

  @Column({ name: 'sort_order', type: 'int' })
  sortOrder: number;
}

/** 有識者: an expert who can sit on panels. Bound to one user account. */
@Entity('evaluators')
export class Evaluator {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid', unique: true })
  userId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: '' })
  affiliation: string;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  fields: string[];
}

/** Membership of the evaluation panel (評価会) of a call, with the evaluator's load limits. */
@Entity('panel_members')
export class PanelMember {
  @PrimaryColumn({ name: 'call_id', type: 'uuid' })
  callId: string;

  @PrimaryColumn({ name: 'evaluator_id', type: 'uuid' })
  evaluatorId: string;

  @Column({ name: 'min_load', type: 'int', default: 0 })
  minLoad: number;

  @Column({ name: 'max_load', type: 'int', default: 1000 })
  maxLoad: number;
}

export enum ConflictKind {
  EMPLOYMENT = 'EMPLOYMENT',
  RECENT_COLLABORATION = 'RECENT_COLLABORATION',
  ADVISORY = 'ADVISORY',
  FINANCIAL = 'FINANCIAL',
  PERSONAL = 'PERSONAL',
  OTHER = 'OTHER',
}

/** 利益相反: with a vendor (by 法人番号) or with a prefecture. Applies across calls. */
@Entity('conflicts_of_interest')
@Index('idx_conflicts_evaluator', ['evaluatorId'])
export class ConflictOfInterest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'evaluator_id', type: 'uuid' })
  evaluatorId: string;

  @Column({ name: 'corporate_number', type: 'char', length: 13, nullable: true })
  corporateNumber: string | null;

  @Column({ name: 'prefecture_code', type: 'char', length: 2, nullable: true })
  prefectureCode: string | null;

  @Column({ type: 'text' })
  kind: ConflictKind;

  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ name: 'declared_by', type: 'uuid' })
  declaredBy: string;

  @CreateDateColumn({ name: 'declared_at', type: 'timestamptz' })
  declaredAt: Date;
}

export enum AssignmentStatus {
  PROPOSED = 'PROPOSED',
  CONFIRMED = 'CONFIRMED',
}

@Entity('assignments')
@Unique('uq_assignments_pair', ['proposalId', 'evaluatorId'])
@Index('idx_assignments_evaluator', ['evaluatorId'])
export class Assignment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'call_id', type: 'uuid' })
  callId: string;

  @Column({ name: 'proposal_id', type: 'uuid' })
  proposalId: string;

  @Column({ name: 'evaluator_id', type: 'uuid' })
  evaluatorId: string;

  @Column({ type: 'text' })
  status: AssignmentStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export enum ScoreSheetStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
}

@Entity('score_sheets')
@Unique('uq_score_sheets_pair', ['proposalId', 'evaluatorId'])
@Index('idx_score_sheets_evaluator', ['evaluatorId'])
export class ScoreSheet {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'proposal_id', type: 'uuid' })
  proposalId: string;

  @Column({ name: 'evaluator_id', type: 'uuid' })
  evaluatorId: string;

  @Column({ type: 'text', default: ScoreSheetStatus.DRAFT })
  status: ScoreSheetStatus;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  /** The secretariat's reopenings, kept: who, when, why. */
  @Column({ name: 'reopen_log', type: 'jsonb', default: () => `'[]'` })
  reopenLog: Array<{ by: string; at: string; reason: string }>;

  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  /**
   * `{criterionId: points}` of the sheet's scores, written only by the database's triggers on `scores` (migration
   * 1765160000000), for reads of a whole call's sheets; never loaded or written through the entity.
   */
  @Column({ type: 'json', nullable: true, select: false, insert: false, update: false })
  points?: Record<string, number> | null;
}

@Entity('scores')
export class Score {
  @PrimaryColumn({ name: 'sheet_id', type: 'uuid' })
  sheetId: string;

  @PrimaryColumn({ name: 'criterion_id', type: 'uuid' })
  criterionId: string;

  @Column({ type: 'int' })
  points: number;

  @Column({ type: 'text', default: '' })
  comment: string;
}
