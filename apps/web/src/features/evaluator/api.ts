import { graphql } from '../../gql';

/** The evaluator's operations (names start with Evaluator: operation names are unique across the client). */

export const EvaluatorHomeDocument = graphql(`
  query EvaluatorHome {
    calls(kind: VENDOR) {
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
      }
      evaluationSettings {
        scoringDeadline
      }
    }
    myAssignedProposals {
      id
      callId
      budgetYen
      candidateRegion {
        id
        prefecture {
          code
          name
        }
      }
      vendor {
        id
        name
        corporateNumber
      }
      criteria {
        id
      }
      myScoreSheet {
        id
        status
        submittedAt
        scores {
          criterionId
        }
      }
    }
  }
`);

export const EvaluatorConflictsDocument = graphql(`
  query EvaluatorConflicts {
    conflicts {
      id
      kind
      corporateNumber
      prefectureCode
      note
      declaredAt
    }
    myAssignedProposals {
      id
      vendor {
        id
        name
        corporateNumber
      }
    }
  }
`);

export const EvaluatorDeclareConflictDocument = graphql(`
  mutation EvaluatorDeclareConflict($input: DeclareConflictInput!) {
    declareConflict(input: $input) {
      id
      kind
      corporateNumber
      note
      declaredAt
    }
  }
`);

export const EvaluatorProposalDocument = graphql(`
  query EvaluatorProposal($id: ID!) {
    calls(kind: VENDOR) {
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
      }
      evaluationSettings {
        scoringDeadline
      }
    }
    regionProposal(id: $id) {
      id
      callId
      approach
      schedule
      budgetYen
      menuItemCodes
      documentIds
      team {
        name
        role
        qualifications
      }
      candidateRegion {
        id
        prefecture {
          code
          name
        }
      }
      vendor {
        id
        name
        corporateNumber
      }
      criteria {
        id
        titleJa
        titleEn
        weight
        maxPoints
        minPoints
      }
      myScoreSheet {
        id
        status
        submittedAt
        version
        scores {
          criterionId
          points
          comment
        }
      }
      otherScoreSheets {
        id
        evaluatorId
        status
        submittedAt
        scores {
          criterionId
          points
          comment
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

export const EvaluatorSaveScoresDocument = graphql(`
  mutation EvaluatorSaveScores($proposalId: ID!, $scores: [ScoreInput!]!) {
    saveScores(proposalId: $proposalId, scores: $scores) {
      id
      status
      version
      scores {
        criterionId
        points
        comment
      }
    }
  }
`);

export const EvaluatorSubmitScoresDocument = graphql(`
  mutation EvaluatorSubmitScores($proposalId: ID!) {
    submitScores(proposalId: $proposalId) {
      id
      status
      submittedAt
      version
    }
  }
`);
