/**
 * The tables this area owns: only its own code names them in SQL; other areas read them through its index.ts.
 * Kept equal to the @Entity tables of entities/evaluation.entities.ts by test/sql-ownership.e2e-spec.ts.
 */
export const OWNED_TABLES = [
  'evaluation_settings',
  'evaluation_criteria',
  'evaluators',
  'panel_members',
  'conflicts_of_interest',
  'assignments',
  'score_sheets',
  'scores',
] as const;
