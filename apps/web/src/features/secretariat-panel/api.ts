import { graphql } from '../../gql';

/** The secretariat's panel operations (names start with SecretariatPanel: operation names are unique across the client). */

export const SecretariatPanelCallsDocument = graphql(`
  query SecretariatPanelCalls {
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

/** Everything the panel page shows for one vendor call: the panel, conflicts, the bids, assignments and progress. */
export const SecretariatPanelDocument = graphql(`
  query SecretariatPanel($callId: ID!) {
    evaluationPanel(callId: $callId) {
      callId
      members {
        evaluatorId
        minLoad
        maxLoad
        evaluator {
          id
          name
          affiliation
          fields
        }
      }
    }
    evaluators {
      id
      name
      affiliation
    }
    conflicts {
      id
      evaluatorId
      kind
      corporateNumber
      prefectureCode
      note
      declaredAt
    }
    vendors {
      id
      name
      corporateNumber
    }
    prefectures {
      code
      name
    }
    vendorApplications(callId: $callId, statuses: [SUBMITTED]) {
      id
      vendor {
        id
        name
        corporateNumber
      }
      proposals {
        id
        candidateRegion {
          id
          prefecture {
            code
            name
          }
        }
      }
    }
    assignments(callId: $callId) {
      proposalId
      evaluatorId
      status
    }
    evaluationProgress(callId: $callId) {
      byEvaluator {
        id
        assigned
        submitted
        missing
      }
      byProposal {
        id
        assigned
        submitted
        missing
      }
    }
  }
`);

/** The call's evaluation settings (public with the call), read apart so that they load before the call's bids are open. */
export const SecretariatPanelSettingsDocument = graphql(`
  query SecretariatPanelSettings($id: ID!) {
    call(id: $id) {
      id
      closesAt
      status
      evaluationSettings {
        evaluatorsPerProposal
        scoringDeadline
      }
    }
  }
`);

export const SecretariatPanelAddMemberDocument = graphql(`
  mutation SecretariatPanelAddMember($callId: ID!, $evaluatorId: ID!, $minLoad: Int!, $maxLoad: Int!) {
    setPanelMember(callId: $callId, evaluatorId: $evaluatorId, minLoad: $minLoad, maxLoad: $maxLoad) {
      callId
      members {
        evaluatorId
      }
    }
  }
`);

export const SecretariatPanelRemoveMemberDocument = graphql(`
  mutation SecretariatPanelRemoveMember($callId: ID!, $evaluatorId: ID!) {
    removePanelMember(callId: $callId, evaluatorId: $evaluatorId) {
      callId
      members {
        evaluatorId
      }
    }
  }
`);

export const SecretariatPanelRunAssignmentDocument = graphql(`
  mutation SecretariatPanelRunAssignment($callId: ID!) {
    runAssignment(callId: $callId) {
      status
      proposals
      assigned
      maxLoad
      minLoad
      removedForConflict
      notes
      loads {
        evaluatorId
        load
      }
      uncovered {
        proposalId
        reason
        detail
        available
        needed
      }
    }
  }
`);

export const SecretariatPanelConfirmDocument = graphql(`
  mutation SecretariatPanelConfirm($callId: ID!) {
    confirmAssignments(callId: $callId) {
      confirmed
      removedForConflict
    }
  }
`);

export const SecretariatPanelSetDeadlineDocument = graphql(`
  mutation SecretariatPanelSetDeadline($callId: ID!, $scoringDeadline: String!) {
    setScoringDeadline(callId: $callId, scoringDeadline: $scoringDeadline) {
      scoringDeadline
    }
  }
`);
