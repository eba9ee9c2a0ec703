/**
 * The tables this area owns: only its own code names them in SQL; other areas read them through its index.ts.
 * Kept equal to the @Entity tables of user.entity.ts by test/sql-ownership.e2e-spec.ts.
 */
export const OWNED_TABLES = ['users', 'revoked_sessions', 'password_reset_requests'] as const;
