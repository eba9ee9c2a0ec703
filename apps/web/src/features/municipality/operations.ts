import { graphql } from '../../gql';

/** The applications the municipality partners in (its own record, the others by name; never the contacts). */
export const MuniApplicationsDocument = graphql(`
  query MuniApplications {
    myRegionApplications {
      id
      status
      submittedAt
      prefecture {
        code
        name
      }
      call {
        ...RegionCallSummary
      }
      partners {
        ...PartnerMunicipalityDetail
      }
    }
    supportMenu {
      code
      titleJa
      titleEn
    }
  }
`);

export const MuniMeetingsDocument = graphql(`
  query MuniMeetings {
    observableMeetings {
      id
      agenda
      mode
      scheduledAt
      observers {
        id
        confirmed
        municipalityCode
      }
    }
    myEngagements {
      id
      vendor {
        id
        name
      }
      meetings {
        id
        agenda
        mode
        scheduledAt
      }
    }
  }
`);

export const MuniRegisterObserverDocument = graphql(`
  mutation MuniRegisterObserver($meetingId: ID!) {
    registerAsObserver(meetingId: $meetingId) {
      id
      confirmed
      municipalityCode
    }
  }
`);
