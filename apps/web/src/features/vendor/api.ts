import { graphql } from '../../gql';

/** The vendor's operations (names start with Vendor: operation names are unique across the client). */

export const VendorHomeDocument = graphql(`
  query VendorHome {
    calls(kind: VENDOR) {
      id
      title
      status
      opensAt
      closesAt
      program {
        id
        fiscalYear
      }
      candidateRegions {
        id
        prefecture {
          code
          name
        }
      }
    }
    myVendorApplications {
      id
      callId
      status
      submittedAt
      returnedNotice
      proposals {
        id
        candidateRegionId
      }
    }
    myEngagements {
      id
      status
      startsOn
      endsOn
      candidateRegion {
        id
        prefecture {
          code
          name
        }
      }
    }
  }
`);

export const VendorCallDocument = graphql(`
  query VendorCall($callId: ID!) {
    call(id: $callId) {
      id
      title
      status
      opensAt
      closesAt
      closesAtDisplay {
        wareki
      }
      program {
        id
        fiscalYear
        regionBudgetCapYen
      }
      candidateRegions {
        id
        budgetCapYen
        prefecture {
          code
          name
        }
        partners {
          id
          municipality {
            lgCode
            name
          }
          desiredSupport {
            menuItemCode
          }
        }
      }
    }
    myVendorApplications {
      id
      callId
      status
    }
  }
`);

export const VendorApplicationDocument = graphql(`
  query VendorApplication($id: ID!) {
    vendorApplication(id: $id) {
      id
      callId
      status
      capacity
      version
      submittedAt
      returnedNotice
      proposals {
        id
        candidateRegionId
        budgetYen
        menuItemCodes
        approach
        schedule
        documentIds
        team {
          name
          role
          qualifications
        }
      }
      receipts {
        id
        number
        receivedAt
        contentDigest
        receivedAtDisplay {
          wareki
          jst
        }
      }
    }
  }
`);

export const VendorSupportMenuDocument = graphql(`
  query VendorSupportMenu {
    supportMenu {
      code
      parentCode
      required
      titleJa
      titleEn
    }
  }
`);

export const VendorStartDocument = graphql(`
  mutation VendorStartApplication($callId: ID!, $capacity: Int) {
    startVendorApplication(callId: $callId, capacity: $capacity) {
      id
      status
      capacity
    }
  }
`);

export const VendorCapacityDocument = graphql(`
  mutation VendorSetCapacity($applicationId: ID!, $capacity: Int!) {
    setVendorCapacity(applicationId: $applicationId, capacity: $capacity) {
      id
      capacity
      version
    }
  }
`);

export const VendorSaveProposalDocument = graphql(`
  mutation VendorSaveProposal($applicationId: ID!, $candidateRegionId: ID!, $proposal: RegionProposalInput!) {
    saveRegionProposal(applicationId: $applicationId, candidateRegionId: $candidateRegionId, proposal: $proposal) {
      id
      version
      proposals {
        id
        candidateRegionId
        budgetYen
        menuItemCodes
        approach
        schedule
        documentIds
        team {
          name
          role
          qualifications
        }
      }
    }
  }
`);

export const VendorRemoveProposalDocument = graphql(`
  mutation VendorRemoveProposal($proposalId: ID!) {
    removeRegionProposal(proposalId: $proposalId) {
      id
      version
      proposals {
        id
        candidateRegionId
      }
    }
  }
`);

export const VendorSubmitDocument = graphql(`
  mutation VendorSubmitApplication($applicationId: ID!, $idempotencyKey: String) {
    submitVendorApplication(applicationId: $applicationId, idempotencyKey: $idempotencyKey) {
      id
      number
      receivedAt
      contentDigest
      receivedAtDisplay {
        wareki
        jst
      }
    }
  }
`);

export const VendorReopenDocument = graphql(`
  mutation VendorReopenApplication($applicationId: ID!) {
    reopenVendorApplication(applicationId: $applicationId) {
      id
      status
      version
    }
  }
`);

export const VendorResultsDocument = graphql(`
  query VendorResults($callId: ID!) {
    call(id: $callId) {
      id
      title
      status
      candidateRegions {
        id
        prefecture {
          code
          name
        }
      }
    }
    callResults(callId: $callId) {
      matches {
        id
        candidateRegionId
        proposalId
        status
        vendor {
          id
          name
        }
      }
      unsupported {
        candidateRegionId
        reasonJa
        detail
      }
    }
    myVendorApplications {
      id
      callId
      status
      proposals {
        id
        candidateRegionId
      }
    }
  }
`);

export const VendorFeedbackDocument = graphql(`
  query VendorFeedback($proposalId: ID!) {
    feedbackSheet(proposalId: $proposalId) {
      proposalId
      candidateRegionId
      meanTotal
      passed
      rankBand
      selected
      criteria {
        criterionId
        titleJa
        titleEn
        maxPoints
        mean
      }
    }
  }
`);

export const VendorEngagementDocument = graphql(`
  query VendorEngagement($id: ID!) {
    engagement(id: $id) {
      id
      status
      startsOn
      endsOn
      budgetYen
      candidateRegion {
        id
        budgetCapYen
        prefecture {
          code
          name
        }
      }
      plannedItems {
        menuItemCode
        status
      }
      expertsDeployed {
        name
        role
      }
      pendingBudgetChange {
        id
      }
      reports {
        id
        kind
        status
        dueOn
        body
        outcomes
        submittedAt
        prefectureComment
        progress {
          menuItemCode
          status
          note
        }
      }
      meetings {
        id
        agenda
        mode
        scheduledAt
      }
    }
    supportMenu {
      code
      titleJa
      titleEn
    }
  }
`);

export const VendorUpdatePlanDocument = graphql(`
  mutation VendorUpdatePlan($engagementId: ID!, $input: EngagementPlanInput!) {
    updateEngagementPlan(engagementId: $engagementId, input: $input) {
      id
      budgetYen
      plannedItems {
        menuItemCode
        status
      }
      expertsDeployed {
        name
        role
      }
    }
  }
`);

export const VendorSubmitReportDocument = graphql(`
  mutation VendorSubmitReport($engagementId: ID!, $kind: ReportKind!, $input: ReportInput!) {
    submitReport(engagementId: $engagementId, kind: $kind, input: $input) {
      id
      kind
      status
      submittedAt
      version
    }
  }
`);

export const VendorScheduleMeetingDocument = graphql(`
  mutation VendorScheduleMeeting($engagementId: ID!, $input: MeetingInput!) {
    scheduleMeeting(engagementId: $engagementId, input: $input) {
      id
      agenda
      mode
      scheduledAt
    }
  }
`);

export const VendorSelfDocument = graphql(`
  query VendorSelf($id: ID!) {
    vendor(id: $id) {
      id
      name
      status
      statusReason
    }
  }
`);
