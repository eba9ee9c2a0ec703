/**
 * The tables this area owns: only its own code names them in SQL; other areas read them through its index.ts.
 * Kept equal to the @Entity tables of entities/ by test/sql-ownership.e2e-spec.ts.
 */
export const OWNED_TABLES = ['vendors', 'vendor_call_regions', 'inquiries', 'vendor_applications', 'region_proposals'] as const;
