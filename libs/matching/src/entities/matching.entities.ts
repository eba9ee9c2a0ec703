import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum MatchingPolicy {
  OPTIMAL = 'OPTIMAL',
  GREEDY = 'GREEDY',
}

export enum MatchingRunStatus {
  PROPOSED = 'PROPOSED',
  APPROVED = 'APPROVED',
  PUBLISHED = 'PUBLISHED',
  SUPERSEDED = 'SUPERSEDED',
}

/** One run of the matching for a vendor call: its inputs (snapshot and digest), policy, solver outcome and result. */
@Entity('matching_runs')
@Index('idx_matching_runs_call', ['callId'])
export class MatchingRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'call_id', type: 'uuid' })
  callId: string;

  @Column({ type: 'text' })
  policy: MatchingPolicy;

  @Column({ type: 'text' })
  status: MatchingRunStatus;

  @Column({
    name: 'budget_yen',
    type: 'bigint',
    nullable: true,
    transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  budgetYen: number | null;

  @Column({ name: 'solver_status', type: 'text' })
  solverStatus: string;

  @Column({ name: 'regions_supported', type: 'int' })
  regionsSupported: number;

  @Column({ name: 'total_score', type: 'double precision' })
  totalScore: number;

  @Column({ name: 'total_budget_yen', type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  totalBudgetYen: number;

  /** Proven relative gap of the solve (0 when optimal); null for the simple policy. */
  @Column({ type: 'double precision', nullable: true })
  gap: number | null;

  @Column({ type: 'double precision' })
  seconds: number;

  @Column({ name: 'input_digest', type: 'char', length: 64 })
  inputDigest: string;

  @Column({ name: 'input_snapshot', type: 'jsonb' })
  inputSnapshot: Record<string, unknown>;

  /** How the other policy would differ on the same inputs. */
  @Column({ type: 'jsonb' })
  comparison: Record<string, unknown>;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Column({ name: 'approved_by', type: 'uuid', nullable: true })
  approvedBy: string | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  /**
   * Not a column: on the run runMatching just stored (whose snapshot stays in the database), the proposals nobody
   * evaluated, as the solver's thread found them; MatchingRun.notEvaluated reads them from the snapshot otherwise.
   */
  notEvaluatedIds?: string[];
}

export enum MatchSource {
  SOLVER = 'SOLVER',
  OVERRIDE = 'OVERRIDE',
  AWARD_ORDER = 'AWARD_ORDER',
}

export enum MatchStatus {
  SELECTED = 'SELECTED',
  DECLINED = 'DECLINED',
  DISQUALIFIED = 'DISQUALIFIED',
}

/** 選定結果: a vendor selected for a region in a run, with why. */
@Entity('matches')
@Index('idx_matches_run', ['runId'])
export class Match {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId: string;

  @Column({ name: 'candidate_region_id', type: 'uuid' })
  candidateRegionId: string;

  @Column({ name: 'proposal_id', type: 'uuid' })
  proposalId: string;

  @Column({ name: 'vendor_id', type: 'uuid' })
  vendorId: string;

  @Column({ type: 'double precision' })
  score: number;

  @Column({ name: 'rank_in_region', type: 'int', nullable: true })
  rankInRegion: number | null;

  @Column({ type: 'text' })
  source: MatchSource;

  @Column({ type: 'text' })
  status: MatchStatus;

  /** Alternatives in the region and why each was not chosen. */
  @Column({ type: 'jsonb' })
  explanation: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** 支援を受けられない地域, with the reason a person can act on. */
@Entity('unsupported_regions')
@Index('idx_unsupported_regions_run', ['runId'])
export class UnsupportedRegion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId: string;

  @Column({ name: 'candidate_region_id', type: 'uuid' })
  candidateRegionId: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'text' })
  detail: string;

  /** The same reason in Japanese, with the same numbers and names. */
  @Column({ name: 'detail_ja', type: 'text' })
  detailJa: string;
}

/** Every change to a run after the solver: overrides, declines, awards. Append-only. */
@Entity('match_events')
@Index('idx_match_events_run', ['runId'])
export class MatchEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ name: 'candidate_region_id', type: 'uuid' })
  candidateRegionId: string;

  @Column({ name: 'from_proposal_id', type: 'uuid', nullable: true })
  fromProposalId: string | null;

  @Column({ name: 'to_proposal_id', type: 'uuid', nullable: true })
  toProposalId: string | null;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'actor_id', type: 'uuid' })
  actorId: string;

  @CreateDateColumn({ name: 'at', type: 'timestamptz' })
  at: Date;
}
