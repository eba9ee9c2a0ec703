import { undeclaredRequirements } from './eligibility';

export interface ApplicationContent {
  partners: Array<{ municipalityCode: string; hasMemorandum: boolean; issueCount: number }>;
  declarations: Array<{ number: number; declared: boolean | null }>;
  consentedContactCount: number;
}

/**
 * What an application still lacks before it can be submitted, as stable codes the client can
 * show next to the right field: at least one partner municipality, a memorandum per partner
 * (応募要件 1), at least one regional issue, all nine requirements declared, a consenting contact.
 */
export function missingForSubmission(c: ApplicationContent): string[] {
  const missing: string[] = [];
  if (!c.partners.length) missing.push('PARTNER_MUNICIPALITY');
  for (const p of c.partners) if (!p.hasMemorandum) missing.push(`MEMORANDUM:${p.municipalityCode}`);
  if (c.partners.length && c.partners.every((p) => p.issueCount === 0)) missing.push('REGIONAL_ISSUE');
  for (const n of undeclaredRequirements(c.declarations)) missing.push(`REQUIREMENT:${n}`);
  if (c.consentedContactCount === 0) missing.push('CONTACT');
  return missing;
}
