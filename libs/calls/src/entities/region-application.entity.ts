import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { IssueCategory, RegionApplicationStatus } from '../domain/application-status';
import { HearingFormat } from '../domain/hearing';
import { StructureMode } from '../domain/support-menu';

/** What a submission's standing version restores (contacts are not part of it: they stay as last edited). */
export interface StandingContent {
  partners: Array<{
    municipalityCode: string;
    memorandumDocumentId: string | null;
    issues: Array<{ category: string; title: string; description: string }>;
    desiredSupport: Array<{ menuItemCode: string; note: string; detailCodes?: string[] }>;
  }>;
  declarations: Array<{ number: number; declared: boolean; evidence: string }>;
  /** Absent in standing versions kept before issue 16's region wants. */
  structureMode?: StructureMode | null;
  prefectureIssues?: Array<{ category: string; title: string; description: string }>;
}

@Entity('region_applications')
@Unique('uq_region_applications_call_prefecture', ['callId', 'prefectureCode'])
@Index('idx_region_applications_status', ['callId', 'status'])
export class RegionApplication {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'call_id', type: 'uuid' })
  callId: string;

  @Column({ name: 'prefecture_code', type: 'char', length: 2 })
  prefectureCode: string;

  @Column({ type: 'text', default: RegionApplicationStatus.DRAFT })
  status: RegionApplicationStatus;

  @Column({ type: 'int', default: 1 })
  version: number;

  /** Partner count of the application selected in the latest earlier year; null for a first-time applicant. */
  @Column({ name: 'previous_partner_count', type: 'int', nullable: true })
  previousPartnerCount: number | null;

  @Column({ name: 'previous_fiscal_year', type: 'int', nullable: true })
  previousFiscalYear: number | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  /** 構築 (no regional DX structure yet) or 拡充 (extending one); null until the prefecture chooses. */
  @Column({ name: 'structure_mode', type: 'text', nullable: true })
  structureMode: StructureMode | null;

  @Column({ name: 'hearing_at', type: 'timestamptz', nullable: true })
  hearingAt: Date | null;

  @Column({ name: 'hearing_note', type: 'text', nullable: true })
  hearingNote: string | null;

  /** How the hearing is held: ONLINE (hearingPlace is the meeting URL) or IN_PERSON (hearingPlace is the venue). */
  @Column({ name: 'hearing_format', type: 'text', nullable: true })
  hearingFormat: HearingFormat | null;

  @Column({ name: 'hearing_place', type: 'text', nullable: true })
  hearingPlace: string | null;

  /**
   * The last submission, kept while the application is reopened as a draft: until a new submission replaces it, it is
   * the version that counts at the deadline (restored when the call closes). Cleared by a withdrawal.
   */
  @Column({ name: 'standing_receipt_id', type: 'uuid', nullable: true })
  standingReceiptId: string | null;

  @Column({ name: 'standing_submitted_at', type: 'timestamptz', nullable: true })
  standingSubmittedAt: Date | null;

  /** The submitted partners (memoranda, issues, desired support) and declarations, restorable; read only to restore them. */
  @Column({ name: 'standing_content', type: 'jsonb', nullable: true, select: false })
  standingContent?: StandingContent | null;

  /** Entered by the secretariat from the prefecture's e-mailed form (代理入力): who and when; null when the prefecture entered it. */
  @Column({ name: 'proxy_entered_by', type: 'uuid', nullable: true })
  proxyEnteredBy: string | null;

  @Column({ name: 'proxy_entered_at', type: 'timestamptz', nullable: true })
  proxyEnteredAt: Date | null;

  /** How the form came in (e.g. the e-mail's date and subject), as the secretariat recorded it. */
  @Column({ name: 'proxy_note', type: 'text', nullable: true })
  proxyNote: string | null;

  /** Accepted after the deadline by the secretariat, with the reason it recorded. */
  @Column({ name: 'late_accepted_by', type: 'uuid', nullable: true })
  lateAcceptedBy: string | null;

  @Column({ name: 'late_accepted_at', type: 'timestamptz', nullable: true })
  lateAcceptedAt: Date | null;

  @Column({ name: 'late_reason', type: 'text', nullable: true })
  lateReason: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Set from the server's Clock on every change (ClockTimestamps); not an UpdateDateColumn, which falls back to CURRENT_TIMESTAMP. */
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  get isRepeatApplicant(): boolean {
    return this.previousPartnerCount !== null;
  }
}

@Entity('partner_municipalities')
@Unique('uq_partner_municipalities', ['applicationId', 'municipalityCode'])
export class PartnerMunicipality {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @Column({ name: 'municipality_code', type: 'char', length: 6 })
  municipalityCode: string;

  @Column({ name: 'memorandum_document_id', type: 'uuid', nullable: true })
  memorandumDocumentId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity('regional_issues')
@Index('idx_regional_issues_partner', ['partnerId'])
export class RegionalIssue {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId: string;

  @Column({ type: 'text' })
  category: IssueCategory;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  description: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity('desired_supports')
export class DesiredSupport {
  @PrimaryColumn({ name: 'partner_id', type: 'uuid' })
  partnerId: string;

  @PrimaryColumn({ name: 'menu_item_code', type: 'text' })
  menuItemCode: string;

  @Column({ type: 'text', default: '' })
  note: string;

  /** The ◇ detail items chosen under this menu item (SUPPORT_MENU_DETAILS codes). */
  @Column({ name: 'detail_codes', type: 'text', array: true, default: () => "'{}'" })
  detailCodes: string[];
}

/** An issue of the prefecture itself (its own 地域課題, besides its partners'). */
@Entity('prefecture_issues')
@Index('idx_prefecture_issues_application', ['applicationId'])
export class PrefectureIssue {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @Column({ type: 'text' })
  category: IssueCategory;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  description: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity('requirement_declarations')
export class RequirementDeclaration {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @PrimaryColumn({ name: 'requirement_number', type: 'smallint' })
  requirementNumber: number;

  @Column({ type: 'boolean' })
  declared: boolean;

  @Column({ type: 'text', default: '' })
  evidence: string;
}

@Entity('requirement_checks')
export class RequirementCheck {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @PrimaryColumn({ name: 'requirement_number', type: 'smallint' })
  requirementNumber: number;

  @Column({ type: 'boolean' })
  met: boolean;

  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ name: 'checked_by', type: 'uuid' })
  checkedBy: string;

  @Column({ name: 'checked_at', type: 'timestamptz' })
  checkedAt: Date;
}

@Entity('application_contacts')
@Index('idx_application_contacts_app', ['applicationId'])
export class ApplicationContact {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  department: string;

  @Column({ type: 'text', default: '' })
  title: string;

  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text', default: '' })
  phone: string;

  /** When the contact consented to the personal-data terms of the call (2(3)①②). */
  @Column({ name: 'consented_at', type: 'timestamptz' })
  consentedAt: Date;

  @Column({ name: 'consent_terms_version', type: 'text' })
  consentTermsVersion: string;
}

@Entity('submission_receipts')
@Index('idx_submission_receipts_subject', ['subjectType', 'subjectId'])
@Unique('uq_submission_receipts_idempotency', ['subjectType', 'subjectId', 'idempotencyKey'])
export class SubmissionReceipt {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'subject_type', type: 'text' })
  subjectType: string;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId: string;

  @Column({ type: 'text', unique: true })
  number: string;

  /** Arrival time of the request at the server: the time the deadline is judged by. */
  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  /** The database's clock at commit, stored beside it as a cross-check. */
  @Column({ name: 'db_received_at', type: 'timestamptz', default: () => 'now()' })
  dbReceivedAt: Date;

  /** SHA-256 of the canonical JSON of `content`. */
  @Column({ name: 'content_digest', type: 'char', length: 64 })
  contentDigest: string;

  @Column({ type: 'jsonb' })
  content: unknown;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'submitted_by', type: 'uuid' })
  submittedBy: string;
}

@Entity('candidate_regions')
@Index('idx_candidate_regions_call', ['callId'])
export class CandidateRegion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The region call the region was adopted in. */
  @Column({ name: 'call_id', type: 'uuid' })
  callId: string;

  @Column({ name: 'application_id', type: 'uuid', unique: true })
  applicationId: string;

  @Column({ name: 'prefecture_code', type: 'char', length: 2 })
  prefectureCode: string;

  @Column({ name: 'is_repeat', type: 'boolean' })
  isRepeat: boolean;

  @Column({ name: 'participation_ratio', type: 'double precision' })
  participationRatio: number;

  @Column({ name: 'bonus_points', type: 'double precision' })
  bonusPoints: number;

  @Column({ name: 'budget_cap_yen', type: 'int', nullable: true })
  budgetCapYen: number | null;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;
}
