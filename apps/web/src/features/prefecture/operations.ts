import { graphql } from '../../gql';

/** What a mutation of an application answers: the new version (the next change's check). */
export const RegionApplicationVersionFragment = graphql(`
  fragment RegionApplicationVersion on RegionApplication {
    id
    version
  }
`);

/** The prefecture's own applications (every call), the calls it could apply to, and the reference lists. */
export const PrefHomeDocument = graphql(`
  query PrefHome {
    myRegionApplications {
      id
      status
      submittedAt
      decisionReason
      call {
        ...RegionCallSummary
        closesAt
        program {
          name
        }
      }
    }
    calls(kind: REGION) {
      id
      title
      status
      opensAt
      closesAt
      program {
        id
        fiscalYear
      }
    }
  }
`);

export const PrefStartApplicationDocument = graphql(`
  mutation PrefStartApplication($callId: ID!) {
    startRegionApplication(callId: $callId) {
      id
      status
    }
  }
`);

/** One application with everything its pages show (the pages are small; one query keeps them consistent). */
export const PrefApplicationDocument = graphql(`
  query PrefApplication($id: ID!) {
    regionApplication(id: $id) {
      id
      version
      status
      submittedAt
      decisionReason
      prefectureCode
      structureMode
      prefectureIssues {
        id
        category
        title
        description
      }
      prefecture {
        code
        name
        municipalityCount
      }
      call {
        ...RegionCallSummary
        closesAt
      }
      partners {
        ...PartnerMunicipalityDetail
        municipality {
          kana
        }
        memorandum {
          sha256
          sizeBytes
        }
      }
      requirements {
        number
        declared
        evidence
        met
        checkNote
      }
      contacts {
        id
        name
        department
        title
        email
        phone
        consentedAt
      }
      repeatApplicant {
        isRepeatApplicant
        previousFiscalYear
        previousPartnerCount
        requiredPartnerCount
        partnerCount
        participationRatio
        bonusPoints
        budgetCapYen
        ruleHolds
      }
      receipts {
        id
        number
        receivedAt
        contentDigest
      }
    }
    supportMenu {
      code
      parentCode
      required
      titleJa
      titleEn
      details {
        code
        nameJa
        nameEn
      }
    }
    eligibilityRequirements {
      number
      titleJa
      titleEn
    }
  }
`);

export const PrefMunicipalitySearchDocument = graphql(`
  query PrefMunicipalitySearch($prefectureCode: String!, $prefix: String) {
    municipalities(prefectureCode: $prefectureCode, prefix: $prefix, partnerCandidatesOnly: true) {
      lgCode
      name
      kana
      kind
    }
  }
`);

export const PrefAddPartnerDocument = graphql(`
  mutation PrefAddPartner($applicationId: ID!, $lgCode: String!) {
    addPartnerMunicipality(applicationId: $applicationId, lgCode: $lgCode) {
      ...RegionApplicationVersion
    }
  }
`);

export const PrefRemovePartnerDocument = graphql(`
  mutation PrefRemovePartner($partnerId: ID!) {
    removePartnerMunicipality(partnerId: $partnerId) {
      ...RegionApplicationVersion
    }
  }
`);

export const PrefAddIssueDocument = graphql(`
  mutation PrefAddIssue($partnerId: ID!, $issue: RegionalIssueInput!) {
    addRegionalIssue(partnerId: $partnerId, issue: $issue) {
      ...RegionApplicationVersion
    }
  }
`);

export const PrefRemoveIssueDocument = graphql(`
  mutation PrefRemoveIssue($issueId: ID!) {
    removeRegionalIssue(issueId: $issueId) {
      ...RegionApplicationVersion
    }
  }
`);

/** 構築 / 拡充 and the prefecture's own issues answer with what the needs page shows of them. */
export const PrefSetStructureModeDocument = graphql(`
  mutation PrefSetStructureMode($applicationId: ID!, $mode: StructureMode) {
    setStructureMode(applicationId: $applicationId, mode: $mode) {
      ...RegionApplicationVersion
      structureMode
    }
  }
`);

export const PrefAddPrefectureIssueDocument = graphql(`
  mutation PrefAddPrefectureIssue($applicationId: ID!, $issue: RegionalIssueInput!) {
    addPrefectureIssue(applicationId: $applicationId, issue: $issue) {
      ...RegionApplicationVersion
      prefectureIssues {
        id
        category
        title
        description
      }
    }
  }
`);

export const PrefRemovePrefectureIssueDocument = graphql(`
  mutation PrefRemovePrefectureIssue($issueId: ID!) {
    removePrefectureIssue(issueId: $issueId) {
      ...RegionApplicationVersion
      prefectureIssues {
        id
        category
        title
        description
      }
    }
  }
`);

export const PrefSetDesiredSupportDocument = graphql(`
  mutation PrefSetDesiredSupport($partnerId: ID!, $items: [DesiredSupportInput!]!) {
    setDesiredSupport(partnerId: $partnerId, items: $items) {
      ...RegionApplicationVersion
    }
  }
`);

export const PrefAttachMemorandumDocument = graphql(`
  mutation PrefAttachMemorandum($partnerId: ID!, $documentId: ID!) {
    attachMemorandum(partnerId: $partnerId, documentId: $documentId) {
      ...RegionApplicationVersion
    }
  }
`);

export const PrefDeclareRequirementsDocument = graphql(`
  mutation PrefDeclareRequirements($applicationId: ID!, $declarations: [RequirementDeclarationInput!]!) {
    declareRequirements(applicationId: $applicationId, declarations: $declarations) {
      ...RegionApplicationVersion
    }
  }
`);

export const PrefAddContactDocument = graphql(`
  mutation PrefAddContact($applicationId: ID!, $contact: ContactInput!) {
    addContact(applicationId: $applicationId, contact: $contact) {
      ...RegionApplicationVersion
    }
  }
`);

export const PrefRemoveContactDocument = graphql(`
  mutation PrefRemoveContact($contactId: ID!) {
    removeContact(contactId: $contactId) {
      ...RegionApplicationVersion
    }
  }
`);

export const PrefSubmitApplicationDocument = graphql(`
  mutation PrefSubmitApplication($applicationId: ID!, $idempotencyKey: String) {
    submitRegionApplication(applicationId: $applicationId, idempotencyKey: $idempotencyKey) {
      id
      number
      receivedAt
      contentDigest
    }
  }
`);

export const PrefWithdrawApplicationDocument = graphql(`
  mutation PrefWithdrawApplication($applicationId: ID!) {
    withdrawRegionApplication(applicationId: $applicationId) {
      ...RegionApplicationVersion
      status
    }
  }
`);

export const PrefReopenApplicationDocument = graphql(`
  mutation PrefReopenApplication($applicationId: ID!) {
    reopenRegionApplication(applicationId: $applicationId) {
      ...RegionApplicationVersion
      status
    }
  }
`);

/** Vendor calls (the questions vendors ask are per vendor call). */
export const PrefVendorCallsDocument = graphql(`
  query PrefVendorCalls {
    calls(kind: VENDOR) {
      id
      title
      status
      questionsCloseAt
      closesAt
    }
    myRegionApplications {
      id
      candidateRegion {
        id
      }
    }
  }
`);

export const PrefInquiriesDocument = graphql(`
  query PrefInquiries($callId: ID!) {
    inquiries(callId: $callId) {
      id
      question
      askedAt
      answer
      answeredAt
      publishedAt
      candidateRegionId
    }
  }
`);

export const PrefAnswerInquiryDocument = graphql(`
  mutation PrefAnswerInquiry($inquiryId: ID!, $answer: String!, $publish: Boolean!) {
    answerInquiry(inquiryId: $inquiryId, answer: $answer, publish: $publish) {
      id
      answer
      answeredAt
      publishedAt
    }
  }
`);

export const PrefEngagementsDocument = graphql(`
  query PrefEngagements {
    myEngagements {
      id
      status
      startsOn
      endsOn
      budgetYen
      vendor {
        id
        name
      }
      candidateRegion {
        id
        prefecture {
          code
          name
        }
      }
      reports {
        id
        kind
        status
        dueOn
        submittedAt
        body
        outcomes
        prefectureComment
        progress {
          menuItemCode
          status
          note
        }
      }
    }
    supportMenu {
      code
      titleJa
      titleEn
    }
  }
`);

export const PrefReviewReportDocument = graphql(`
  mutation PrefReviewReport($reportId: ID!, $acknowledge: Boolean!, $comment: String!) {
    reviewReport(reportId: $reportId, acknowledge: $acknowledge, comment: $comment) {
      id
      status
      prefectureComment
    }
  }
`);
