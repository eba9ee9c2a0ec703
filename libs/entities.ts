import {
  Call,
  Program,
  SupportMenuItem,
  EligibilityRequirement,
  RegionApplication,
  PartnerMunicipality,
  RegionalIssue,
  PrefectureIssue,
  DesiredSupport,
  RequirementDeclaration,
  RequirementCheck,
  ApplicationContact,
  SubmissionReceipt,
  CandidateRegion,
  PastSelection,
} from './calls/src/entities';
import { Inquiry, RegionProposal, Vendor, VendorApplication, VendorCallRegion } from './bidding/src/entities';
import {
  Assignment,
  ConflictOfInterest,
  EvaluationCriterion,
  EvaluationSettings,
  Evaluator,
  PanelMember,
  Score,
  ScoreSheet,
} from './evaluation/src/entities/evaluation.entities';
import { Match, MatchEvent, MatchingRun, UnsupportedRegion } from './matching/src/entities/matching.entities';
import { Notice, NoticeTemplateOverride } from './notifications/src/notices/notice.entity';
import { OutboxMessage } from './notifications/src/outbox.entity';
import { BriefingRegistration, BriefingSession } from './briefing/src/briefing.entities';
import { Engagement, EngagementBudgetChange, EngagementReport, EngagementReportReminder, Meeting, Observer } from './engagement/src/engagement.entities';
import { StoredDocument } from './documents/src/document.entity';
import { RevokedSession } from './identity/src/revoked-session.entity';
import { PasswordResetRequest } from './identity/src/password-reset.entity';
import { User } from './identity/src/user.entity';
import { Municipality } from './master-data/src/municipality.entity';
import { Prefecture } from './master-data/src/prefecture.entity';

/** Every entity of every bounded area, for the one DataSource. */
export const ALL_ENTITIES = [
  Prefecture,
  Municipality,
  User,
  RevokedSession,
  PasswordResetRequest,
  StoredDocument,
  Program,
  Call,
  SupportMenuItem,
  EligibilityRequirement,
  RegionApplication,
  PartnerMunicipality,
  RegionalIssue,
  PrefectureIssue,
  DesiredSupport,
  RequirementDeclaration,
  RequirementCheck,
  ApplicationContact,
  SubmissionReceipt,
  CandidateRegion,
  PastSelection,
  Vendor,
  VendorCallRegion,
  Inquiry,
  VendorApplication,
  RegionProposal,
  EvaluationSettings,
  EvaluationCriterion,
  Evaluator,
  PanelMember,
  ConflictOfInterest,
  Assignment,
  ScoreSheet,
  Score,
  MatchingRun,
  Match,
  UnsupportedRegion,
  MatchEvent,
  OutboxMessage,
  Notice,
  NoticeTemplateOverride,
  BriefingSession,
  BriefingRegistration,
  Engagement,
  EngagementReport,
  EngagementReportReminder,
  EngagementBudgetChange,
  Meeting,
  Observer,
];
