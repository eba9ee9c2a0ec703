/**
 * The tables this area owns: only its own code names them in SQL; other areas read them through its index.ts.
 * Kept equal to the @Entity tables of engagement.entities.ts by test/sql-ownership.e2e-spec.ts.
 */
export const OWNED_TABLES = [
  'engagements',
  'engagement_reports',
  'engagement_budget_changes',
  'meetings',
  'meeting_observers',
  'engagement_report_reminders',
] as const;
