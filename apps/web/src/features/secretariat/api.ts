import { graphql } from '../../gql';

/** The secretariat's operations (names start with Secretariat: operation names are unique across the client). */

export const SecretariatRegionCallsDocument = graphql(`
  query SecretariatRegionCalls {
    calls(kind: REGION) {
      id
      title
      status
      closesAt
      program {
        id
        fiscalYear
      }
    }
    prefectures {
      code
      name
    }
    eligibilityRequirements {
      number
      titleJa
      titleEn
    }
  }
`);

export const SecretariatQueueDocument = graphql(`
  query SecretariatQueue($callId: ID, $statuses: [RegionApplicationStatus!], $prefectureCode: String, $unmetRequirement: Int, $offset: Int!) {
    regionApplications(callId: $callId, statuses: $statuses, prefectureCode: $prefectureCode, unmetRequirement: $unmetRequirement, limit: 50, offset: $offset) {
      total
      items {
        id
        status
        submittedAt
        hearingAt
        prefecture {
          code
          name
        }
        partners {
          id
        }
        requirements {
          number
          declared
          met
        }
      }
    }
  }
`);

export const SecretariatApplicationDocument = graphql(`
  query SecretariatApplication($id: ID!) {
    regionApplication(id: $id) {
      id
      callId
      status
      version
      submittedAt
      hearingAt
      hearingNote
      decisionReason
      prefecture {
        code
        name
      }
      call {
        id
        title
        status
      }
      partners {
        id
        municipality {
          lgCode
          name
        }
        memorandum {
          documentId
          fileName
        }
        issues {
          id
          title
        }
      }
      requirements {
        number
        declared
        evidence
        met
        checkNote
      }
    }
    eligibilityRequirements {
      number
      titleJa
      titleEn
    }
  }
`);

/** The nine checks in one request and one transaction: all recorded, or none (a stale version is refused with CONFLICT). */
export const SecretariatRecordChecksDocument = graphql(`
  mutation SecretariatRecordChecks($applicationId: ID!, $expectedVersion: Int, $checks: [RequirementCheckInput!]!) {
    recordRequirementChecks(applicationId: $applicationId, expectedVersion: $expectedVersion, checks: $checks) {
      id
      status
      version
    }
  }
`);

export const SecretariatScheduleHearingDocument = graphql(`
  mutation SecretariatScheduleHearing($applicationId: ID!, $at: String!, $note: String!) {
    scheduleHearing(applicationId: $applicationId, at: $at, note: $note) {
      id
      hearingAt
      hearingNote
    }
  }
`);

export const SecretariatAdoptDocument = graphql(`
  mutation SecretariatAdopt($applicationId: ID!) {
    adoptRegionApplication(applicationId: $applicationId) {
      id
      status
    }
  }
`);

export const SecretariatRejectDocument = graphql(`
  mutation SecretariatReject($applicationId: ID!, $reason: String!) {
    rejectRegionApplication(applicationId: $applicationId, reason: $reason) {
      id
      status
      decisionReason
    }
  }
`);

export const SecretariatDecideDocument = graphql(`
  mutation SecretariatDecide($callId: ID!) {
    decideRegionCall(callId: $callId) {
      id
      status
    }
  }
`);

export const SecretariatPublishDocument = graphql(`
  mutation SecretariatPublish($callId: ID!) {
    publishCandidateRegions(callId: $callId) {
      id
      status
    }
  }
`);

/** Closes the region call once its deadline has passed (the API refuses earlier): the review can start. */
export const SecretariatCloseCallDocument = graphql(`
  mutation SecretariatCloseCall($id: ID!) {
    closeCall(id: $id) {
      id
      status
    }
  }
`);
