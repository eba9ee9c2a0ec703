import { graphql } from '../../gql';

/** The secretariat's decision on a vendor call (operation names start with SecretariatMatching: unique across the client). */

export const SecretariatMatchingCallsDocument = graphql(`
  query SecretariatMatchingCalls {
    calls(kind: VENDOR) {
      id
      title
      status
      closesAt
      program {
        id
        fiscalYear
      }
    }
  }
`);

export const SecretariatMatchingRunFieldsFragment = graphql(`
  fragment SecretariatMatchingRunFields on MatchingRun {
    id
    callId
    policy
    status
    createdAt
    publishedAt
    solverStatus
    regionsSupported
    totalScore
    totalBudgetYen
    budgetYen
    gap
    seconds
    comparison {
      otherPolicy
      otherRegionsSupported
      otherTotalScore
      sameMatches
      onlyHere
      onlyInOther
    }
    matches {
      id
      candidateRegionId
      proposalId
      vendorId
      vendor {
        id
        name
      }
      score
      rankInRegion
      source
      status
      reason
      alternatives {
        proposalId
        vendorId
        score
        why
        vendorSelectedFor
      }
    }
    unsupported {
      candidateRegionId
      reason
      reasonJa
      detail
      detailJa
    }
    events {
      at
      kind
      candidateRegionId
      fromProposalId
      toProposalId
      reason
    }
  }
`);

export const SecretariatMatchingCallDocument = graphql(`
  query SecretariatMatchingCall($callId: ID!) {
    call(id: $callId) {
      id
      title
      status
      closesAt
      program {
        id
        fiscalYear
      }
      candidateRegions {
        id
        prefectureCode
        prefecture {
          code
          name
        }
      }
    }
    matchingRuns(callId: $callId) {
      ...SecretariatMatchingRunFields
    }
    vendors {
      id
      name
    }
  }
`);

export const SecretariatMatchingRunDocument = graphql(`
  query SecretariatMatchingRun($runId: ID!) {
    matchingRun(id: $runId) {
      ...SecretariatMatchingRunFields
    }
    vendors {
      id
      name
    }
  }
`);

export const SecretariatMatchingRunCallDocument = graphql(`
  query SecretariatMatchingRunCall($callId: ID!) {
    call(id: $callId) {
      id
      title
      status
      program {
        id
        fiscalYear
      }
      candidateRegions {
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

export const SecretariatMatchingCompareDocument = graphql(`
  query SecretariatMatchingCompare($first: ID!, $second: ID!) {
    compareMatchingRuns(first: $first, second: $second) {
      sameInputs
      sameMatches
      regionsDelta
      scoreDelta
      onlyInFirst
      onlyInSecond
    }
  }
`);

export const SecretariatMatchingRunMatchingDocument = graphql(`
  mutation SecretariatMatchingRunMatching($input: RunMatchingInput!) {
    runMatching(input: $input) {
      id
      policy
      status
    }
  }
`);

export const SecretariatMatchingOverrideDocument = graphql(`
  mutation SecretariatMatchingOverride($runId: ID!, $candidateRegionId: ID!, $proposalId: ID!, $reason: String!) {
    overrideMatch(runId: $runId, candidateRegionId: $candidateRegionId, proposalId: $proposalId, reason: $reason) {
      id
      status
      regionsSupported
    }
  }
`);

export const SecretariatMatchingApproveDocument = graphql(`
  mutation SecretariatMatchingApprove($runId: ID!) {
    approveMatching(runId: $runId) {
      id
      status
    }
  }
`);

export const SecretariatMatchingPublishDocument = graphql(`
  mutation SecretariatMatchingPublish($runId: ID!) {
    publishMatching(runId: $runId) {
      id
      status
      publishedAt
    }
  }
`);

export const SecretariatMatchingFollowUpDocument = graphql(`
  mutation SecretariatMatchingFollowUp($input: FollowUpCallInput!) {
    openFollowUpCall(input: $input) {
      id
      title
      status
      opensAt
      closesAt
      candidateRegions {
        id
        prefecture {
          code
          name
        }
      }
    }
  }
`);

/** The notices the run's publication and the changes after it issued, oldest first (MatchingRun.notices). */
export const SecretariatMatchingNoticesDocument = graphql(`
  query SecretariatMatchingNotices($id: ID!) {
    matchingRun(id: $id) {
      id
      notices {
        id
        kind
        documentNumber
        subject
        createdAt
        pdfPath
      }
    }
  }
`);
