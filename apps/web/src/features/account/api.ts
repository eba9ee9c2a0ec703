import { graphql } from '../../gql';

/** The account's own operations (names start with Account: operation names are unique across the client). */

export const AccountChangePasswordDocument = graphql(`
  mutation AccountChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      user {
        id
        role
        displayName
        email
        prefectureCode
        municipalityCode
        vendorId
      }
    }
  }
`);
