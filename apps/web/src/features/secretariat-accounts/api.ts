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

export const SecretariatAccountImportDocument = graphql(`
  mutation SecretariatAccountImport($input: ImportAccountsInput!) {
    importAccounts(input: $input) {
      ...SecretariatAccountImportReport
    }
  }
`);

export const SecretariatAccountImportEvaluatorsDocument = graphql(`
  mutation SecretariatAccountImportEvaluators($input: ImportAccountsInput!) {
    importEvaluators(input: $input) {
      ...SecretariatAccountImportReport
    }
  }
`);

export const SecretariatAccountImportReportFragment = graphql(`
  fragment SecretariatAccountImportReport on AccountImportReport {
    imported
    dryRun
    rowCount
    acceptedRowCount
    rejectedRowCount
    accounts {
      row
      email
      displayName
      role
      prefectureCode
      municipalityCode
      name
      affiliation
      fields
    }
    rejections {
      row
      column
      value
      code
      reasonJa
      reasonEn
    }
  }
`);
