import { undeclaredRequirements } from './eligibility';

export interface ApplicationContent {
  partners: Array<{ municipalityCode: string; hasMemorandum: boolean; issueCount: number }>;
  declarations: Array<{ number: number; declared: boolean | null }>;
  /** Issues of the prefecture itself; absent counts as none. */
  prefectureIssueCount?: number;
  consentedContactCount: number;
}

/**
 * What an application still lacks before it can be submitted, as stable codes the client can
 * show next to the right field: at least one partner municipality, a memorandum per partner
 * (応募要件 1), at least one regional issue, all nine requirements declared, a consenting contact.
 *
 * Our reading of the call on issues: the region (支援地域) is the prefecture with its partners, and the support starts from
 * "都道府県・市区町村による地域課題の抽出・整理" (1(2)); 応募要件 1 asks that partners cooperate on the issues to solve
 * (proven by the memorandum), and lets partners' issues differ, but does not ask every partner to name one. So one issue
 * of the region — the prefecture's own or any partner's — completes REGIONAL_ISSUE.
 */
export function missingForSubmission(c: ApplicationContent): string[] {
  const missing: string[] = [];
  if (!c.partners.length) missing.push('PARTNER_MUNICIPALITY');
  for (const p of c.partners) if (!p.hasMemorandum) missing.push(`MEMORANDUM:${p.municipalityCode}`);
  if (c.partners.length && c.partners.every((p) => p.issueCount === 0) && !c.prefectureIssueCount) missing.push('REGIONAL_ISSUE');
  for (const n of undeclaredRequirements(c.declarations)) missing.push(`REQUIREMENT:${n}`);
  if (c.consentedContactCount === 0) missing.push('CONTACT');
  return missing;
}
