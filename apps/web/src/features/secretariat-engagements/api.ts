import { graphql } from '../../gql';

/** The secretariat's view of the support period. Operation names start with SecretariatEngagements. */

export const SecretariatEngagementsDocument = graphql(`
  query SecretariatEngagements {
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
      }
      pendingBudgetChange {
        id
        awardedBudgetYen
        previousBudgetYen
        requestedBudgetYen
        requestedAt
        status
      }
    }
  }
`);

export const SecretariatEngagementsAcceptDocument = graphql(`
  mutation SecretariatEngagementsAccept($reportId: ID!) {
    acceptReport(reportId: $reportId) {
      id
      status
    }
  }
`);

export const SecretariatEngagementsReturnDocument = graphql(`
  mutation SecretariatEngagementsReturn($reportId: ID!, $comment: String!) {
    reviewReport(reportId: $reportId, acknowledge: false, comment: $comment) {
      id
      status
      prefectureComment
    }
  }
`);

export const SecretariatEngagementsDecideBudgetDocument = graphql(`
  mutation SecretariatEngagementsDecideBudget($changeId: ID!, $approve: Boolean!, $reason: String!) {
    decideEngagementBudgetChange(changeId: $changeId, approve: $approve, reason: $reason) {
      id
      status
      decisionReason
    }
  }
`);
