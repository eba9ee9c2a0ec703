import { graphql } from '../../gql';

/**
 * The dashboard's operations (names start with Dashboard). The secretariat and the ministry read them alike, so none asks
 * for a person's name, e-mail or phone: the ministry reads no contact data, and the page shows none to anyone. Only the
 * secretariat's count of briefing registrations (DashboardBriefingRegistrations) reads a query the ministry may not.
 */

export const DashboardProgramsDocument = graphql(`
  query DashboardPrograms {
    programs {
      id
      fiscalYear
      name
    }
    prefectures {
      code
      name
    }
  }
`);

export const DashboardDocument = graphql(`
  query Dashboard($programId: ID!) {
    dashboard(programId: $programId) {
      programId
      callCounts {
        key
        count
      }
      calls {
        id
        title
        kind
        status
        closesAt
        candidateRegions {
          id
          prefectureCode
        }
      }
      regions {
        callId
        candidateRegionId
        proposalsSubmitted
        proposalsDraft
        scoresAssigned
        scoresSubmitted
        selectedVendorId
        unsupportedReason
      }
      prefectures {
        prefectureCode
        status
        candidateRegions
      }
    }
    briefingSessions(programId: $programId) {
      id
      title
      startsAt
      capacity
      remainingSeats
      isOpen
    }
  }
`);

export const DashboardScoresDocument = graphql(`
  query DashboardScores($callId: ID!) {
    evaluationResults(callId: $callId) {
      proposalId
      candidateRegionId
      finalScore
      meanTotal
      passed
      rank
    }
  }
`);

export const DashboardOverdueDocument = graphql(`
  query DashboardOverdue {
    overdueReports {
      id
      kind
      dueOn
    }
    myEngagements {
      id
      candidateRegionId
      prefectureCode
      status
      vendor {
        id
        name
      }
      reports {
        id
      }
    }
  }
`);

/** The secretariat only: registrations by status (no names or addresses are asked for). */
export const DashboardBriefingRegistrationsDocument = graphql(`
  query DashboardBriefingRegistrations($sessionId: ID!) {
    briefingRegistrations(sessionId: $sessionId) {
      id
      status
    }
  }
`);
