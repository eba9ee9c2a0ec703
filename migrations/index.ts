import { RegionCall1764338400000 } from './1764338400000-region-call';
import { VendorCallAndPanel1764345600000 } from './1764345600000-vendor-call-and-panel';
import { MatchingAndOutbox1764352800000 } from './1764352800000-matching-and-outbox';
import { Briefing1764360000000 } from './1764360000000-briefing';
import { Engagement1764367200000 } from './1764367200000-engagement';
import { AuditTrail1764374400000 } from './1764374400000-audit-trail';
import { PerformanceIndexes1764381600000 } from './1764381600000-performance-indexes';
import { CorporateNumberDisputes1764910000000 } from './1764910000000-corporate-number-disputes';
import { AuditSealerRole1764920000000 } from './1764920000000-audit-sealer-role';
import { BriefingConfirmation1764930000000 } from './1764930000000-briefing-confirmation';
import { DomainRules1764940000000 } from './1764940000000-domain-rules';
import { ReportCalendar1764950000000 } from './1764950000000-report-calendar';
import { Notices1764960000000 } from './1764960000000-notices';
import { RevokedSessions1764965000000 } from './1764965000000-revoked-sessions';
import { PasswordReset1765050000000 } from './1765050000000-password-reset';
import { SecondFactor1765055000000 } from './1765055000000-second-factor';
import { RegionWants1765061000000 } from './1765061000000-region-wants';
import { AuditDigestedColumns1765100000000 } from './1765100000000-audit-digested-columns';
import { BriefingConnectionDetails1764980000000 } from './1764980000000-briefing-connection-details';
import { HearingArrangement1764990000000 } from './1764990000000-hearing-arrangement';
import { UnsupportedNotEvaluated1765003000000 } from './1765003000000-unsupported-not-evaluated';
import { PublishedDataVersion1765020000000 } from './1765020000000-published-data-version';
import { ScoringDeadline1765040000000 } from './1765040000000-scoring-deadline';
import { PastSelections1765010000000 } from './1765010000000-past-selections';
import { StandingSubmission1765011000000 } from './1765011000000-standing-submission';
import { ProxyEntryLateAcceptance1765012000000 } from './1765012000000-proxy-entry-late-acceptance';
import { ScoreSheetsEvaluatorIndex1765090000000 } from './1765090000000-score-sheets-evaluator-index';
import { ActorDataVersion1765120000000 } from './1765120000000-actor-data-version';
import { UnsupportedDetailJa1765130000000 } from './1765130000000-unsupported-detail-ja';
import { NoticeReference1765130001000 } from './1765130001000-notice-reference';
import { AuditInsertStatement1765140000000 } from './1765140000000-audit-insert-statement';
import { AuditInsertPatch1765150000000 } from './1765150000000-audit-insert-patch';
import { ScoreSheetPoints1765160000000 } from './1765160000000-score-sheet-points';

/** Every migration in order; the DataSource takes classes, not a glob, so src and dist behave alike. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ALL_MIGRATIONS: Function[] = [
  RegionCall1764338400000,
  VendorCallAndPanel1764345600000,
  MatchingAndOutbox1764352800000,
  Briefing1764360000000,
  Engagement1764367200000,
  AuditTrail1764374400000,
  PerformanceIndexes1764381600000,
  CorporateNumberDisputes1764910000000,
  AuditSealerRole1764920000000,
  BriefingConfirmation1764930000000,
  DomainRules1764940000000,
  ReportCalendar1764950000000,
  Notices1764960000000,
  RevokedSessions1764965000000,
  BriefingConnectionDetails1764980000000,
  HearingArrangement1764990000000,
  UnsupportedNotEvaluated1765003000000,
  PastSelections1765010000000,
  StandingSubmission1765011000000,
  ProxyEntryLateAcceptance1765012000000,
  PublishedDataVersion1765020000000,
  ScoringDeadline1765040000000,
  PasswordReset1765050000000,
  SecondFactor1765055000000,
  RegionWants1765061000000,
  ScoreSheetsEvaluatorIndex1765090000000,
  AuditDigestedColumns1765100000000,
  ActorDataVersion1765120000000,
  UnsupportedDetailJa1765130000000,
  NoticeReference1765130001000,
  AuditInsertStatement1765140000000,
  AuditInsertPatch1765150000000,
  ScoreSheetPoints1765160000000,
];
