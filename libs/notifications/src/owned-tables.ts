/**
 * The tables this area owns: only its own code names them in SQL; other areas read them through its index.ts.
 * Kept equal to the @Entity tables of outbox.entity.ts and notices/notice.entity.ts by test/sql-ownership.e2e-spec.ts.
 */
export const OWNED_TABLES = ['outbox', 'notices', 'notice_templates'] as const;
