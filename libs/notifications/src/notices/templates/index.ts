import { CALLS_TEMPLATES } from './calls';
import { SIGNATURE_TEMPLATE } from './common';
import { BIDDING_TEMPLATES } from './bidding';
import { BRIEFING_TEMPLATES } from './briefing';
import { ENGAGEMENT_TEMPLATES } from './engagement';
import { IDENTITY_TEMPLATES } from './identity';
import { MATCHING_TEMPLATES } from './matching';
import { NoticeTemplateDef } from './types';

export * from './types';

/**
 * Every notice the round sends, by kind, in one registry: one file per area below (calls, bidding, matching, …),
 * so that a notice is found by the step that sends it. Defaults live in code; the secretariat's edits in
 * notice_templates.
 */
export const NOTICE_TEMPLATES = {
  SIGNATURE: SIGNATURE_TEMPLATE,
  ...CALLS_TEMPLATES,
  ...MATCHING_TEMPLATES,
  ...BIDDING_TEMPLATES,
  ...BRIEFING_TEMPLATES,
  ...ENGAGEMENT_TEMPLATES,
  ...IDENTITY_TEMPLATES,
} satisfies Record<string, NoticeTemplateDef>;

export type NoticeKind = Exclude<keyof typeof NOTICE_TEMPLATES, 'SIGNATURE'>;
