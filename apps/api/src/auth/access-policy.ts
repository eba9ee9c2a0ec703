import { Role } from '@app/core';

/**
 * Which ownership rule applies once the role is let in. For root fields the guard checks the role and the service
 * asks the access layer (`AccessService` in libs/access) for the rule where the object is loaded; for the sensitive
 * object fields below, `enforceObjectFieldPolicy` (object-field-access.ts) checks both. The authorization-matrix test
 * checks the outcome for every principal, operation and phase.
 */
export const Rule = {
  /** Anyone, signed in or not: data the programme publishes (calls, candidate regions, master data). */
  PUBLISHED: 'published',
  /** The caller's own account or its own request (sign-in, self-registration, own conflicts). */
  SELF: 'self',
  /** A prefecture official: applications, regions, inquiries and proposals of its own prefecture only (AccessService.canReadRegionApplication, canEditRegionApplication). */
  OWN_PREFECTURE: 'own-prefecture',
  /** A municipality official: applications and engagements its municipality partners in (AccessService.canReadRegionApplication, canReadEngagement). */
  PARTNER_MUNICIPALITY: 'partner-municipality',
  /** A vendor user: its own vendor's applications, proposals, inquiries and feedback (VendorApplicationService.get, AccessService.canOpenBid). */
  OWN_VENDOR: 'own-vendor',
  /** An expert: proposals behind its confirmed, unconflicted assignments only (AccessService.canOpenBid, canScoreProposal). */
  ASSIGNED_EVALUATOR: 'assigned-unconflicted-evaluator',
  /** The vendor or the prefecture of a selected match, once it is an engagement (AccessService.canReadEngagement). */
  ENGAGEMENT_PARTY: 'engagement-party',
  /** The secretariat: everything, every read of contact data audited. */
  ALL: 'secretariat',
  /** The ministry: reads what the secretariat reads, never changes anything. */
  READ_ONLY: 'ministry-read-only',
} as const;
export type Rule = (typeof Rule)[keyof typeof Rule];

/** Anyone, signed in or not. */
export const PUBLIC = 'PUBLIC';
export type Allowed = Role | typeof PUBLIC;

const { PUBLISHED, SELF, OWN_PREFECTURE, PARTNER_MUNICIPALITY, OWN_VENDOR, ASSIGNED_EVALUATOR, ENGAGEMENT_PARTY, ALL, READ_ONLY } = Rule;

/** Who may reach a field: the roles let in (PUBLIC = anyone), each with the ownership rule that then applies. */
export type FieldPolicy = Partial<Record<Allowed, Rule>>;

/**
 * THE access table of the API: every root field (a root field missing here is refused) and the
 * sensitive object fields. Keys are `Type.field` as in the schema.
 */
export const ACCESS_POLICY: Record<string, FieldPolicy> = {
  // AssignmentResolver
  'Mutation.assignEvaluator': { SECRETARIAT: ALL },
  'Mutation.confirmAssignments': { SECRETARIAT: ALL },
  'Mutation.runAssignment': { SECRETARIAT: ALL },
  'Mutation.unassignEvaluator': { SECRETARIAT: ALL },
  'Query.assignments': { SECRETARIAT: ALL, MINISTRY: READ_ONLY },

  // BriefingResolver
  'Mutation.closeBriefingRegistration': { SECRETARIAT: ALL },
  // Anyone holding the token mailed to the address (a link): the token is the proof of the address.
  'Mutation.confirmBriefingRegistration': { PUBLIC: SELF },
  'Mutation.createBriefingSession': { SECRETARIAT: ALL },
  'Mutation.registerForBriefing': { PUBLIC: SELF },
  'Mutation.sendBriefingConnectionDetails': { SECRETARIAT: ALL },
  'Query.briefingRegistrations': { SECRETARIAT: ALL },
  'Query.briefingSessions': { PUBLIC: PUBLISHED },
  'Query.programTimeline': { PUBLIC: PUBLISHED },

  // CallResolver
  'Mutation.closeCall': { SECRETARIAT: ALL },
  'Mutation.createCall': { SECRETARIAT: ALL },
  'Mutation.decideRegionCall': { SECRETARIAT: ALL },
  'Mutation.openCall': { SECRETARIAT: ALL },
  'Mutation.publishCandidateRegions': { SECRETARIAT: ALL },
  'Mutation.updateCall': { SECRETARIAT: ALL },
  'Query.call': { PUBLIC: PUBLISHED },
  'Query.calls': { PUBLIC: PUBLISHED },

  // PastSelectionResolver: earlier years' selections, for the repeat-applicant rule
  'Mutation.importPastSelections': { SECRETARIAT: ALL },
  'Query.pastSelections': { SECRETARIAT: ALL, MINISTRY: READ_ONLY },

  // ProxyEntryResolver: the e-mailed forms the secretariat enters, and late acceptance
  'Mutation.acceptLateRegionApplication': { SECRETARIAT: ALL },
  'Mutation.enterRegionApplicationByProxy': { SECRETARIAT: ALL },

  // CandidateRegionResolver
  'Query.candidateRegion': { PUBLIC: PUBLISHED },
  'Query.candidateRegions': { PUBLIC: PUBLISHED },

  // EngagementResolver
  'Mutation.acceptReport': { SECRETARIAT: ALL },
  'Mutation.confirmObserver': { PREFECTURE: ENGAGEMENT_PARTY },
  'Mutation.decideEngagementBudgetChange': { SECRETARIAT: ALL },
  'Mutation.recordMinutes': { VENDOR: ENGAGEMENT_PARTY, PREFECTURE: ENGAGEMENT_PARTY },
  'Mutation.registerAsObserver': { MUNICIPALITY: PARTNER_MUNICIPALITY },
  'Mutation.reviewReport': { PREFECTURE: ENGAGEMENT_PARTY, SECRETARIAT: ALL },
  'Mutation.scheduleMeeting': { VENDOR: ENGAGEMENT_PARTY, PREFECTURE: ENGAGEMENT_PARTY },
  'Mutation.sendReportReminders': { SECRETARIAT: ALL },
  'Mutation.overrideReportDueDate': { SECRETARIAT: ALL },
  'Mutation.submitReport': { VENDOR: ENGAGEMENT_PARTY },
  'Mutation.updateEngagementPlan': { VENDOR: ENGAGEMENT_PARTY },
  'Query.engagement': { VENDOR: ENGAGEMENT_PARTY, PREFECTURE: ENGAGEMENT_PARTY, MUNICIPALITY: PARTNER_MUNICIPALITY, SECRETARIAT: ALL, MINISTRY: READ_ONLY },
  'Query.engagementBudgetChanges': { SECRETARIAT: ALL, MINISTRY: READ_ONLY },
  'Query.myEngagements': { VENDOR: ENGAGEMENT_PARTY, PREFECTURE: ENGAGEMENT_PARTY, MUNICIPALITY: PARTNER_MUNICIPALITY, SECRETARIAT: ALL, MINISTRY: READ_ONLY },
  'Query.observableMeetings': { MUNICIPALITY: PARTNER_MUNICIPALITY },
  'Query.overdueReports': { SECRETARIAT: ALL, MINISTRY: READ_ONLY },

  // EvaluationSetupResolver
  'Mutation.createEvaluator': { SECRETARIAT: ALL },
  'Mutation.declareConflict': { EVALUATOR: SELF, SECRETARIAT: ALL },
  'Mutation.removePanelMember': { SECRETARIAT: ALL },
  'Mutation.setEvaluationCriteria': { SECRETARIAT: ALL },
  'Mutation.setPanelMember': { SECRETARIAT: ALL },
  'Mutation.setScoringDeadline': { SECRETARIAT: ALL },
  'Mutation.updateEvaluationSettings': { SECRETARIAT: ALL },
  'Query.conflicts': { EVALUATOR: SELF, SECRETARIAT: ALL, MINISTRY: READ_ONLY },
  'Query.evaluationPanel': { SECRETARIAT: ALL, MINISTRY: READ_ONLY },
  'Query.evaluators': { SECRETARIAT: ALL, MINISTRY: READ_ONLY },

  // IdentityResolver
  'Mutation.changePassword': { SECRETARIAT: SELF, MINISTRY: SELF, PREFECTURE: SELF, MUNICIPALITY: SELF, VENDOR: SELF, EVALUATOR: SELF },
  'Mutation.createAccount': { SECRETARIAT: ALL },
  'Mutation.importAccounts': { SECRETARIAT: ALL },
  'Mutation.importEvaluators': { SECRETARIAT: ALL },
  'Mutation.deactivateAccount': { SECRETARIAT: ALL },
  'Mutation.login': { PUBLIC: SELF },
  'Mutation.requestPasswordReset': { PUBLIC: SELF },
  'Mutation.resetPassword': { PUBLIC: SELF },
  'Mutation.startTotpEnrolment': { SECRETARIAT: SELF, MINISTRY: SELF, EVALUATOR: SELF },
  'Mutation.confirmTotpEnrolment': { SECRETARIAT: SELF, MINISTRY: SELF, EVALUATOR: SELF },
  'Mutation.disableTotp': { SECRETARIAT: SELF, MINISTRY: SELF, EVALUATOR: SELF },
  'Mutation.resetSecondFactor': { SECRETARIAT: ALL },
  'Mutation.logout': { PUBLIC: SELF },
  'Mutation.reactivateAccount': { SECRETARIAT: ALL },
  'Query.accounts': { SECRETARIAT: ALL },
  'Query.me': { SECRETARIAT: SELF, MINISTRY: SELF, PREFECTURE: SELF, MUNICIPALITY: SELF, VENDOR: SELF, EVALUATOR: SELF },

  // InquiryResolver
  'Mutation.answerInquiry': { PREFECTURE: OWN_PREFECTURE, SECRETARIAT: ALL },
  'Mutation.askInquiry': { VENDOR: OWN_VENDOR },
  'Query.inquiries': { VENDOR: OWN_VENDOR, PREFECTURE: OWN_PREFECTURE, SECRETARIAT: ALL, MINISTRY: READ_ONLY },

  // MasterDataResolver
  'Query.municipalities': { PUBLIC: PUBLISHED },
  'Query.prefectures': { PUBLIC: PUBLISHED },

  // MatchingResolver
  'Mutation.approveMatching': { SECRETARIAT: ALL },
  'Mutation.openFollowUpCall': { SECRETARIAT: ALL },
  'Mutation.overrideMatch': { SECRETARIAT: ALL },
  'Mutation.publishMatching': { SECRETARIAT: ALL },
  'Mutation.runMatching': { SECRETARIAT: ALL },
  'Mutation.withdrawSelection': { SECRETARIAT: ALL },
  'Query.callResults': { SECRETARIAT: ALL, MINISTRY: READ_ONLY, PREFECTURE: PUBLISHED, MUNICIPALITY: PUBLISHED, VENDOR: PUBLISHED, EVALUATOR: PUBLISHED },
  'Query.compareMatchingRuns': { SECRETARIAT: ALL, MINISTRY: READ_ONLY },
  'Query.dashboard': { SECRETARIAT: ALL, MINISTRY: READ_ONLY },
  'Query.feedbackSheet': { VENDOR: OWN_VENDOR },
  'Query.matchingRun': { SECRETARIAT: ALL, MINISTRY: READ_ONLY },
  'Query.matchingRuns': { SECRETARIAT: ALL, MINISTRY: READ_ONLY },

  // NoticesResolver: each reader its own notices (its account, vendor, prefecture or municipality: audiencesOf in notices/audiences.ts);
  // the notices issued and their templates are the secretariat's.
  'Query.myNotices': { SECRETARIAT: SELF, MINISTRY: SELF, PREFECTURE: SELF, MUNICIPALITY: SELF, VENDOR: SELF, EVALUATOR: SELF },
  // One notice: the staff, its audience, and the readers of the object it is about (NoticeAccess, as its PDF).
  'Query.notice': { SECRETARIAT: ALL, MINISTRY: READ_ONLY, PREFECTURE: SELF, MUNICIPALITY: SELF, VENDOR: SELF, EVALUATOR: SELF },
  'Query.notices': { SECRETARIAT: ALL },
  'Query.noticeTemplates': { SECRETARIAT: ALL },
  'Query.previewNotice': { SECRETARIAT: ALL },
  'Mutation.resetNoticeTemplate': { SECRETARIAT: ALL },
  'Mutation.updateNoticeTemplate': { SECRETARIAT: ALL },

  // PersonalDataResolver (APPI erasure after the retention period)
  'Mutation.erasePersonalData': { SECRETARIAT: ALL },

  // ProgramResolver
  'Mutation.createProgram': { SECRETARIAT: ALL },
  'Query.eligibilityRequirements': { PUBLIC: PUBLISHED },
  'Query.program': { PUBLIC: PUBLISHED },
  'Query.programs': { PUBLIC: PUBLISHED },
  'Query.supportMenu': { PUBLIC: PUBLISHED },

  // RegionApplicationResolver
  'Mutation.addContact': { PREFECTURE: OWN_PREFECTURE },
  'Mutation.addPartnerMunicipality': { PREFECTURE: OWN_PREFECTURE },
  'Mutation.addRegionalIssue': { PREFECTURE: OWN_PREFECTURE },
  'Mutation.addPrefectureIssue': { PREFECTURE: OWN_PREFECTURE },
  'Mutation.updatePrefectureIssue': { PREFECTURE: OWN_PREFECTURE },
  'Mutation.removePrefectureIssue': { PREFECTURE: OWN_PREFECTURE },
  'Mutation.setStructureMode': { PREFECTURE: OWN_PREFECTURE },
  'Mutation.adoptRegionApplication': { SECRETARIAT: ALL },
  'Mutation.attachMemorandum': { PREFECTURE: OWN_PREFECTURE },
  'Mutation.declareRequirements': { PREFECTURE: OWN_PREFECTURE },
  'Mutation.recordRequirementCheck': { SECRETARIAT: ALL },
  'Mutation.recordRequirementChecks': { SECRETARIAT: ALL },
  'Mutation.rejectRegionApplication': { SECRETARIAT: ALL },
  'Mutation.removeContact': { PREFECTURE: OWN_PREFECTURE },
  'Mutation.removePartnerMunicipality': { PREFECTURE: OWN_PREFECTURE },
  'Mutation.removeRegionalIssue': { PREFECTURE: OWN_PREFECTURE },
  'Mutation.reopenRegionApplication': { PREFECTURE: OWN_PREFECTURE },
  'Mutation.scheduleHearing': { SECRETARIAT: ALL },
  'Mutation.setDesiredSupport': { PREFECTURE: OWN_PREFECTURE },
  'Mutation.startRegionApplication': { PREFECTURE: OWN_PREFECTURE },
  'Mutation.submitRegionApplication': { PREFECTURE: OWN_PREFECTURE },
  'Mutation.updateRegionalIssue': { PREFECTURE: OWN_PREFECTURE },
  'Mutation.withdrawRegionApplication': { PREFECTURE: OWN_PREFECTURE },
  'Query.myRegionApplications': { PREFECTURE: OWN_PREFECTURE, MUNICIPALITY: PARTNER_MUNICIPALITY },
  'Query.regionApplication': { PREFECTURE: OWN_PREFECTURE, MUNICIPALITY: PARTNER_MUNICIPALITY, SECRETARIAT: ALL, MINISTRY: READ_ONLY },
  'Query.regionApplications': { SECRETARIAT: ALL, MINISTRY: READ_ONLY },

  // ScoringResolver
  'Mutation.reopenScoreSheet': { SECRETARIAT: ALL },
  'Mutation.saveScores': { EVALUATOR: ASSIGNED_EVALUATOR },
  'Mutation.submitScores': { EVALUATOR: ASSIGNED_EVALUATOR },
  'Query.evaluationProgress': { SECRETARIAT: ALL, MINISTRY: READ_ONLY },
  'Query.evaluationResults': { SECRETARIAT: ALL, MINISTRY: READ_ONLY },
  'Query.myAssignedProposals': { EVALUATOR: ASSIGNED_EVALUATOR },

  // SubmissionReceiptResolver
  'Query.receiptSigningKey': { PUBLIC: PUBLISHED },
  'Query.verifyReceipt': { PUBLIC: PUBLISHED },

  // SubscriptionResolver
  'Subscription.applicationStatusChanged': {
    SECRETARIAT: ALL,
    MINISTRY: READ_ONLY,
    PREFECTURE: OWN_PREFECTURE,
    MUNICIPALITY: PARTNER_MUNICIPALITY,
    VENDOR: OWN_VENDOR,
    EVALUATOR: ASSIGNED_EVALUATOR,
  },
  'Subscription.briefingSessionFull': { SECRETARIAT: ALL, MINISTRY: READ_ONLY },
  'Subscription.reportChanged': {
    VENDOR: ENGAGEMENT_PARTY,
    PREFECTURE: ENGAGEMENT_PARTY,
    MUNICIPALITY: PARTNER_MUNICIPALITY,
    SECRETARIAT: ALL,
    MINISTRY: READ_ONLY,
  },
  'Subscription.vendorBidsChanged': { SECRETARIAT: ALL, MINISTRY: READ_ONLY },
  'Subscription.resultsPublished': {
    PREFECTURE: PUBLISHED,
    MUNICIPALITY: PUBLISHED,
    VENDOR: PUBLISHED,
    EVALUATOR: PUBLISHED,
    SECRETARIAT: ALL,
    MINISTRY: READ_ONLY,
  },

  // VendorApplicationResolver
  'Mutation.removeRegionProposal': { VENDOR: OWN_VENDOR },
  'Mutation.reopenVendorApplication': { VENDOR: OWN_VENDOR },
  'Mutation.saveRegionProposal': { VENDOR: OWN_VENDOR },
  'Mutation.setVendorCapacity': { VENDOR: OWN_VENDOR },
  'Mutation.startVendorApplication': { VENDOR: OWN_VENDOR },
  'Mutation.submitVendorApplication': { VENDOR: OWN_VENDOR },
  'Mutation.withdrawVendorApplication': { VENDOR: OWN_VENDOR },
  'Query.myVendorApplications': { VENDOR: OWN_VENDOR },
  'Query.regionProposal': { VENDOR: OWN_VENDOR, EVALUATOR: ASSIGNED_EVALUATOR, PREFECTURE: OWN_PREFECTURE, SECRETARIAT: ALL, MINISTRY: READ_ONLY },
  'Query.vendorApplication': { VENDOR: OWN_VENDOR, SECRETARIAT: ALL, MINISTRY: READ_ONLY },
  'Query.vendorApplications': { SECRETARIAT: ALL, MINISTRY: READ_ONLY },

  // VendorCallResolver
  'Mutation.createVendorCall': { SECRETARIAT: ALL },
  'Mutation.updateVendorCall': { SECRETARIAT: ALL },
  'Query.vendorCallProgress': { SECRETARIAT: ALL, MINISTRY: READ_ONLY },

  // VendorResolver
  'Mutation.approveVendor': { SECRETARIAT: ALL },
  'Mutation.createVendor': { SECRETARIAT: ALL },
  'Mutation.registerVendor': { PUBLIC: SELF },
  'Mutation.resolveCorporateNumberDispute': { SECRETARIAT: ALL },
  'Mutation.rejectVendor': { SECRETARIAT: ALL },
  'Mutation.suspendVendor': { SECRETARIAT: ALL },
  'Query.vendor': { VENDOR: OWN_VENDOR, SECRETARIAT: ALL, MINISTRY: READ_ONLY },
  'Query.vendors': { SECRETARIAT: ALL, MINISTRY: READ_ONLY },

  // Sensitive object fields, reachable through the root fields above, enforced by `enforceObjectFieldPolicy`
  // (object-field-access.ts): the role from this table, then the rule through the access layer (OBJECT_FIELD_RULES),
  // batched per request. A refused field reads as an empty list or null, so one hidden field does not fail a page.
  /** Contact data (personal data): the applying prefecture and the secretariat; the staff's reads are audited. */
  'RegionApplication.contacts': { PREFECTURE: OWN_PREFECTURE, SECRETARIAT: ALL },
  /** 覚書: the staff, the prefecture and the partner it was made with; not the other partners, never vendors. */
  'PartnerMunicipality.memorandum': { PREFECTURE: OWN_PREFECTURE, MUNICIPALITY: PARTNER_MUNICIPALITY, SECRETARIAT: ALL, MINISTRY: READ_ONLY },
  /** The secretariat's per-requirement checks: the applicant sees them once the call is decided (RegionApplicationResolver.requirements). */
  'RequirementStatus.met': { PREFECTURE: OWN_PREFECTURE, MUNICIPALITY: PARTNER_MUNICIPALITY, SECRETARIAT: ALL, MINISTRY: READ_ONLY },
  'RegionProposal.myScoreSheet': { EVALUATOR: ASSIGNED_EVALUATOR },
  /** Other experts' submitted sheets, once the caller's own is submitted when the call's settings say so (ScoringService.othersVisible). */
  'RegionProposal.otherScoreSheets': { EVALUATOR: ASSIGNED_EVALUATOR },
  /** A published decision shows who was selected where; the model's scores, ranks, reasons and alternatives stay with the staff. */
  'CallResults.run': { SECRETARIAT: ALL, MINISTRY: READ_ONLY },
  'Match.score': { SECRETARIAT: ALL, MINISTRY: READ_ONLY },
  'Match.rankInRegion': { SECRETARIAT: ALL, MINISTRY: READ_ONLY },
  'Match.reason': { SECRETARIAT: ALL, MINISTRY: READ_ONLY },
  'Match.alternatives': { SECRETARIAT: ALL, MINISTRY: READ_ONLY },
  /** The letters a run's publication issued (addressees, bodies): the secretariat's, as Query.notices. */
  'MatchingRun.notices': { SECRETARIAT: ALL },
  /** The briefing's online link: the staff (registrants get it by e-mail once their address is confirmed). */
  'BriefingSession.onlineUrl': { SECRETARIAT: ALL, MINISTRY: READ_ONLY },
};

export const ROOT_TYPES = ['Query', 'Mutation', 'Subscription'] as const;

/** The roles let into a field by the table; undefined when the field is not in it. */
export function allowedRoles(typeName: string, fieldName: string): Allowed[] | undefined {
  const p = ACCESS_POLICY[`${typeName}.${fieldName}`];
  return p ? (Object.keys(p) as Allowed[]) : undefined;
}

export function isPublic(policy: FieldPolicy): boolean {
  return PUBLIC in policy;
}
