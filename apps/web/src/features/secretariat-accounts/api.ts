import { graphql } from '../../gql';

/** The secretariat's account operations (names start with SecretariatAccount: operation names are unique across the client). */

export const SecretariatAccountsDocument = graphql(`
  query SecretariatAccounts {
    accounts {
      id
      role
      displayName
      email
      active
      prefectureCode
      municipalityCode
      vendorId
    }
    prefectures {
      code
      name
    }
    vendors {
      id
      name
    }
  }
`);

export const SecretariatAccountCreateDocument = graphql(`
  mutation SecretariatAccountCreate($input: CreateAccountInput!) {
    createAccount(input: $input) {
      id
      role
      displayName
      email
      active
      prefectureCode
      municipalityCode
      vendorId
    }
  }
`);

export const SecretariatAccountDeactivateDocument = graphql(`
  mutation SecretariatAccountDeactivate($userId: ID!) {
    deactivateAccount(userId: $userId) {
      id
      active
    }
  }
`);

export const SecretariatAccountReactivateDocument = graphql(`
  mutation SecretariatAccountReactivate($userId: ID!) {
    reactivateAccount(userId: $userId) {
      id
      active
    }
  }
`);
