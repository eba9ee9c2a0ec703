import { graphql } from '../../gql';

/**
 * Selections that the prefecture's and the municipality's pages both read (an application's partners, the call it
 * answers): one fragment each, so that both ask for the same fields. A fragment is used by name in an operation
 * (`...PartnerMunicipalityDetail`); the generated documents carry its definition.
 */
export const PartnerMunicipalityDetailFragment = graphql(`
  fragment PartnerMunicipalityDetail on PartnerMunicipality {
    id
    municipalityCode
    municipality {
      lgCode
      name
    }
    issues {
      id
      category
      title
      description
    }
    desiredSupport {
      menuItemCode
      note
      detailCodes
    }
    memorandum {
      documentId
      fileName
      uploadedAt
    }
  }
`);

export const RegionCallSummaryFragment = graphql(`
  fragment RegionCallSummary on Call {
    id
    title
    status
    program {
      id
      fiscalYear
    }
  }
`);
