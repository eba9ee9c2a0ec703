/** A notice's default wording. The secretariat may replace subject and body (notice_templates), never the placeholders' set. */
export interface NoticeTemplateDef {
  /** What the secretariat sees in the template list. */
  name: string;
  subject: string;
  body: string;
  /** The placeholders this notice's sender fills, besides COMMON_PLACEHOLDERS. */
  placeholders: readonly string[];
  /** Of those, the ones an edited body must keep: without them the notice cannot do its job (the link a person must open). */
  required?: readonly string[];
}

/** Filled for every notice by the notice service itself. */
export const COMMON_PLACEHOLDERS = ['addressee', 'fiscalYear', 'programmeName', 'issuedOn', 'documentNumber'] as const;
