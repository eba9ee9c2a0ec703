import { graphql } from '../../gql';

/** The secretariat's stage 2 operations (names start with SecretariatCall: operation names are unique across the client). */

export const SecretariatCallListDocument = graphql(`
  query SecretariatCallList {
    vendorCalls: calls(kind: VENDOR) {
      ...RegionCallSummary
      closesAt
      closesAtDisplay {
        wareki
      }
      candidateRegions {
        id
      }
    }
    regionCalls: calls(kind: REGION) {
      ...RegionCallSummary
      programId
    }
  }
`);

/** The published candidate regions of a region call (the regions a vendor call may list). */
export const SecretariatCallRegionsDocument = graphql(`
  query SecretariatCallRegions($callId: ID!) {
    candidateRegions(callId: $callId, limit: 100) {
      items {
        id
        prefectureCode
        prefecture {
          code
          name
        }
      }
    }
  }
`);

export const SecretariatCallDetailDocument = graphql(`
  query SecretariatCallDetail($id: ID!) {
    call(id: $id) {
      ...RegionCallSummary
      programId
      version
      opensAt
      closesAt
      closesAtDisplay {
        jst
        wareki
      }
      questionsCloseAt
      candidateRegions {
        id
        callId
        prefectureCode
        prefecture {
          code
          name
        }
      }
      evaluationCriteria {
        id
        titleJa
        titleEn
        weight
        maxPoints
        minPoints
      }
      evaluationSettings {
        passThreshold
        evaluatorsPerProposal
      }
    }
    regionCalls: calls(kind: REGION) {
      id
      programId
      status
    }
  }
`);

/** Proposals per region, read again whenever vendorBidsChanged says the bids changed. */
export const SecretariatCallProgressDocument = graphql(`
  query SecretariatCallProgress($callId: ID!) {
    vendorCallProgress(callId: $callId) {
      submittedProposals
      draftProposals
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

export const SecretariatCallBidsChangedDocument = graphql(`
  subscription SecretariatCallBidsChanged($callId: ID!) {
    vendorBidsChanged(callId: $callId) {
      callId
    }
  }
`);

export const SecretariatCallCreateDocument = graphql(`
  mutation SecretariatCallCreate($input: CreateVendorCallInput!) {
    createVendorCall(input: $input) {
      id
      status
    }
  }
`);

export const SecretariatCallOpenDocument = graphql(`
  mutation SecretariatCallOpen($id: ID!) {
    openCall(id: $id) {
      id
      status
    }
  }
`);

/** Closes the vendor call once its deadline has passed (the API refuses earlier): the panel can assign its proposals. */
export const SecretariatCallCloseDocument = graphql(`
  mutation SecretariatCallClose($id: ID!) {
    closeCall(id: $id) {
      id
      status
    }
  }
`);

export const SecretariatCallUpdateDocument = graphql(`
  mutation SecretariatCallUpdate($input: UpdateVendorCallInput!) {
    updateVendorCall(input: $input) {
      returnedApplications
      call {
        id
        version
        closesAt
      }
    }
  }
`);

export const SecretariatCallCriteriaDocument = graphql(`
  mutation SecretariatCallCriteria($callId: ID!, $criteria: [CriterionInput!]!) {
    setEvaluationCriteria(callId: $callId, criteria: $criteria) {
      id
    }
  }
`);

export const SecretariatCallSettingsDocument = graphql(`
  mutation SecretariatCallSettings($callId: ID!, $input: EvaluationSettingsInput!) {
    updateEvaluationSettings(callId: $callId, input: $input) {
      passThreshold
      evaluatorsPerProposal
    }
  }
`);

export const SecretariatCallVendorsDocument = graphql(`
  query SecretariatCallVendors {
    pending: vendors(status: PENDING) {
      ...SecretariatCallVendor
    }
    disputed: vendors(status: DISPUTED) {
      ...SecretariatCallVendor
    }
  }
  fragment SecretariatCallVendor on Vendor {
    id
    name
    corporateNumber
    kind
    status
    registeredAt
    headOffice {
      code
      name
    }
  }
`);

export const SecretariatCallApproveVendorDocument = graphql(`
  mutation SecretariatCallApproveVendor($id: ID!) {
    approveVendor(id: $id) {
      id
      status
    }
  }
`);

export const SecretariatCallResolveDisputeDocument = graphql(`
  mutation SecretariatCallResolveDispute($vendorId: ID!, $decision: CorporateNumberDecision!, $reason: String!) {
    resolveCorporateNumberDispute(vendorId: $vendorId, decision: $decision, reason: $reason) {
      id
      status
    }
  }
`);

export const SecretariatCallRejectVendorDocument = graphql(`
  mutation SecretariatCallRejectVendor($id: ID!, $reason: String!) {
    rejectVendor(id: $id, reason: $reason) {
      id
      status
    }
  }
`);
