import type { FeatureResources } from './shared/i18n/types';
import { common } from './shared/i18n/common';
import { anyoneI18n } from './features/anyone/i18n';
import { authI18n } from './features/auth/i18n';
import { registerI18n } from './features/register/i18n';
import { candidateRegionsI18n } from './features/candidate-regions/i18n';
import { vendorI18n } from './features/vendor/i18n';
import { prefectureI18n } from './features/prefecture/i18n';
import { municipalityI18n } from './features/municipality/i18n';
import { evaluatorI18n } from './features/evaluator/i18n';
import { secretariatI18n } from './features/secretariat/i18n';
import { accountI18n } from './features/account/i18n';
import { secretariatAccountsI18n } from './features/secretariat-accounts/i18n';
import { noticesI18n } from './features/notices/i18n';
import { dashboardI18n } from './features/dashboard/i18n';

/** Every namespace, merged in one place (shared/i18n initI18n). One line per feature. */
export const resources: FeatureResources[] = [
  common,
  anyoneI18n,
  authI18n,
  registerI18n,
  candidateRegionsI18n,
  vendorI18n,
  prefectureI18n,
  municipalityI18n,
  evaluatorI18n,
  secretariatI18n,
  accountI18n,
  secretariatAccountsI18n,
  noticesI18n,
  dashboardI18n,
];
