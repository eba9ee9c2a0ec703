import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A page's heading and the document title (「ログイン | 地域DX 伴走支援マッチング」): every page starts with one <h1>
 * through this component, so the title, the heading and the screen reader's first words agree.
 */
export function Page({ title, lead, children }: { title: string; lead?: ReactNode; children?: ReactNode }) {
  const { t } = useTranslation('common');
  useEffect(() => {
    document.title = `${title} | ${t('siteName')}`;
  }, [title, t]);
  return (
    <>
      <h1 className="page-title">{title}</h1>
      {lead && <p className="lead">{lead}</p>}
      {children}
    </>
  );
}
