import { useTranslation } from 'react-i18next';
import { Page } from '../../../shared/layout/Page';

export function PlaceholderPage() {
  const { t } = useTranslation('municipality');
  return (
    <Page title={t('nav')}>
      <p>{t('placeholder')}</p>
    </Page>
  );
}
