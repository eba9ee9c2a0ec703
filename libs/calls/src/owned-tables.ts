/**
 * The tables this area owns: only its own code names them in SQL; other areas read them through its index.ts.
 * Kept equal to the @Entity tables of entities/ by test/sql-ownership.e2e-spec.ts.
 */
export const OWNED_TABLES = [
  'programs',
  'calls',
  'support_menu_items',
  'eligibility_requirements',
  'region_applications',
  'partner_municipalities',
  'regional_issues',
  'prefecture_issues',
  'desired_supports',
  'requirement_declarations',
  'requirement_checks',
  'application_contacts',
  'submission_receipts',
  'candidate_regions',
  'past_selections',
] as const;
