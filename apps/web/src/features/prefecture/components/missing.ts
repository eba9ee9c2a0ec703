import type { TFunction } from 'i18next';
import type { Application } from './ApplicationFrame';

export interface Missing {
  /** The page that completes it. */
  to: string;
  message: string;
}

/**
 * What still stands between the draft and a submission, each with the page that completes it: the API's own check
 * (missingForSubmission and the repeat-applicant rule) mirrored, so the applicant sees it before pressing submit. The
 * server still decides (APPLICATION_INCOMPLETE).
 */
export function missingItems(app: Application, t: TFunction): Missing[] {
  const base = `/prefecture/applications/${app.id}`;
  const out: Missing[] = [];
  if (!app.partners.length) out.push({ to: `${base}/partners`, message: t('check.missingPartner') });
  const short = app.repeatApplicant.requiredPartnerCount - app.partners.length;
  if (app.partners.length && short > 0) out.push({ to: `${base}/partners`, message: t('check.missingRepeat', { n: short }) });
  if (app.partners.length && app.partners.every((p) => p.issues.length === 0) && !app.prefectureIssues.length)
    out.push({ to: `${base}/needs`, message: t('check.missingIssue') });
  for (const p of app.partners) if (!p.memorandum) out.push({ to: `${base}/memoranda`, message: t('check.missingMemorandum', { name: p.municipality.name }) });
  for (const r of app.requirements)
    if (r.declared === null || r.declared === undefined) out.push({ to: `${base}/requirements`, message: t('check.missingRequirement', { n: r.number }) });
  if (!app.contacts.length) out.push({ to: `${base}/contacts`, message: t('check.missingContact') });
  return out;
}

export function taskDone(app: Application) {
  return {
    partners: app.partners.length > 0 && app.partners.length >= app.repeatApplicant.requiredPartnerCount,
    // The API asks for one regional issue in the application (the prefecture's own or a partner's): the task follows it.
    needs: app.prefectureIssues.length > 0 || app.partners.some((p) => p.issues.length > 0),
    memoranda: app.partners.length > 0 && app.partners.every((p) => !!p.memorandum),
    requirements: app.requirements.length > 0 && app.requirements.every((r) => r.declared !== null && r.declared !== undefined),
    contacts: app.contacts.length > 0,
  };
}
