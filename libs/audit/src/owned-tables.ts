/**
 * The tables this area owns (created by the audit-trail migration, no entities): only its own code names them in SQL.
 * Checked against the migrations by test/sql-ownership.e2e-spec.ts.
 */
export const OWNED_TABLES = ['audit_log', 'audit_pending', 'audit_tables'] as const;
