import { ReminderStep } from './domain/report-reminders';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export enum EngagementStatus {
  ACTIVE = 'ACTIVE',
  CANCELLED = 'CANCELLED',
  CLOSED = 'CLOSED',
}

/** 伴走支援: one per published match, from the selection date to the programme's end at the latest. */
@Entity('engagements')
@Index('idx_engagements_vendor', ['vendorId'])
@Index('idx_engagements_prefecture', ['prefectureCode'])
export class Engagement {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'match_id', type: 'uuid', unique: true })
  matchId: string;

  @Column({ name: 'call_id', type: 'uuid' })
  callId: string;

  @Column({ name: 'candidate_region_id', type: 'uuid' })
  candidateRegionId: string;

  /** The region application: its partner municipalities may read the engagement. */
  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @Column({ name: 'prefecture_code', type: 'char', length: 2 })
  prefectureCode: string;

  @Column({ name: 'vendor_id', type: 'uuid' })
  vendorId: string;

  @Column({ name: 'proposal_id', type: 'uuid' })
  proposalId: string;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn: string;

  @Column({ name: 'ends_on', type: 'date' })
  endsOn: string;

  @Column({ name: 'budget_yen', type: 'int' })
  budgetYen: number;

  /** Support-menu items planned, each with its status (PLANNED, IN_PROGRESS, DONE). */
  @Column({ name: 'planned_items', type: 'jsonb' })
  plannedItems: Array<{ menuItemCode: string; status: string }>;

  @Column({ name: 'experts_deployed', type: 'jsonb', default: () => `'[]'` })
  expertsDeployed: Array<{ name: string; role: string }>;

  @Column({ type: 'text', default: EngagementStatus.ACTIVE })
  status: EngagementStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export enum ReportKind {
  INTERIM = 'INTERIM',
  FINAL = 'FINAL',
}

export enum ReportStatus {
  DUE = 'DUE',
  SUBMITTED = 'SUBMITTED',
  RETURNED = 'RETURNED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  ACCEPTED = 'ACCEPTED',
}

/** 中間報告 / 最終報告: submitted by the vendor, acknowledged (or returned) by the prefecture, accepted by the secretariat. */
@Entity('engagement_reports')
@Unique('uq_engagement_reports_kind', ['engagementId', 'kind'])
@Index('idx_engagement_reports_due', ['status', 'dueOn'])
export class EngagementReport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId: string;

  @Column({ type: 'text' })
  kind: ReportKind;

  /** The effective due date: the rule's (`dueOnBusinessDay`) unless the secretariat overrode it. */
  @Column({ name: 'due_on', type: 'date' })
  dueOn: string;

  /** The due date the business-calendar rule gave, kept when the secretariat overrides it. */
  @Column({ name: 'due_on_by_rule', type: 'date' })
  dueOnByRule: string;

  @Column({ name: 'due_on_override_reason', type: 'text', nullable: true })
  dueOnOverrideReason: string | null;

  @Column({ name: 'due_on_overridden_by', type: 'uuid', nullable: true })
  dueOnOverriddenBy: string | null;

  @Column({ name: 'due_on_overridden_at', type: 'timestamptz', nullable: true })
  dueOnOverriddenAt: Date | null;

  @Column({ type: 'text', default: ReportStatus.DUE })
  status: ReportStatus;

  @Column({ type: 'text', default: '' })
  body: string;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  progress: Array<{ menuItemCode: string; note: string; status: string }>;

  @Column({ type: 'text', default: '' })
  outcomes: string;

  /** Documents uploaded by the vendor (purpose REPORT). */
  @Column({ name: 'document_ids', type: 'jsonb', default: () => `'[]'` })
  documentIds: string[];

  @Column({ name: 'prefecture_comment', type: 'text', nullable: true })
  prefectureComment: string | null;

  /** Every submission kept, oldest first. */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  versions: Array<{ at: string; by: string; body: string; outcomes: string; progress: unknown }>;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @Column({ type: 'int', default: 1 })
  version: number;
}

/** One reminder of one report at one step for one due date: the unique key is the claim (exactly once). */
@Entity('engagement_report_reminders')
@Unique('uq_engagement_report_reminders_step', ['reportId', 'step', 'dueOn'])
export class EngagementReportReminder {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'report_id', type: 'uuid' })
  reportId: string;

  @Column({ type: 'text' })
  step: ReminderStep;

  @Column({ name: 'due_on', type: 'date' })
  dueOn: string;

  @Column({ name: 'queued_at', type: 'timestamptz' })
  queuedAt: Date;
}

/** 会合, scheduled by the vendor or the prefecture. */
@Entity('meetings')
@Index('idx_meetings_engagement', ['engagementId'])
export class Meeting {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId: string;

  @Column({ name: 'scheduled_at', type: 'timestamptz' })
  scheduledAt: Date;

  @Column({ type: 'text' })
  agenda: string;

  @Column({ type: 'text' })
  mode: 'ONLINE' | 'ON_SITE';

  @Column({ type: 'text', nullable: true })
  minutes: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;
}

/** オブザーバー: a non-partner municipality of the prefecture observing a meeting (応募要件 3). */
@Entity('meeting_observers')
@Unique('uq_meeting_observers', ['meetingId', 'municipalityCode'])
export class Observer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @Column({ name: 'municipality_code', type: 'char', length: 6 })
  municipalityCode: string;

  @Column({ type: 'boolean', default: false })
  confirmed: boolean;

  @Column({ type: 'boolean', nullable: true })
  attended: boolean | null;
}

export enum BudgetChangeStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}

/**
 * A vendor's request to take an engagement's budget beyond what was awarded: it waits for the
 * secretariat, whose decision and reason are kept here (and in the audit trail).
 */
@Entity('engagement_budget_changes')
@Index('idx_engagement_budget_changes_engagement', ['engagementId'])
export class EngagementBudgetChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'engagement_id', type: 'uuid' })
  engagementId: string;

  /** The winning bid's budget at the time of the request. */
  @Column({ name: 'awarded_budget_yen', type: 'int' })
  awardedBudgetYen: number;

  @Column({ name: 'previous_budget_yen', type: 'int' })
  previousBudgetYen: number;

  @Column({ name: 'requested_budget_yen', type: 'int' })
  requestedBudgetYen: number;

  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy: string;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt: Date;

  @Column({ type: 'text', default: BudgetChangeStatus.PENDING })
  status: BudgetChangeStatus;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason: string | null;
}
