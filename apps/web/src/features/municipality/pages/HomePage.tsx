import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { useSession } from '../../../shared/auth/session';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { formatDateTime, type Lang } from '../../../shared/format/jst';
import { Page } from '../../../shared/layout/Page';
import { MuniApplicationsDocument } from '../operations';

const CATEGORY_JA: Record<string, string> = {
  ADMINISTRATION: '行政・庁内業務',
  AGRICULTURE: '農林水産業',
  DIGITAL_TALENT: 'デジタル人材',
  DISASTER_PREVENTION: '防災',
  EDUCATION: '教育',
  HEALTHCARE: '医療・福祉',
  INDUSTRY: '産業・商工',
  LOGISTICS: '物流',
  MOBILITY: '交通',
  OTHER: 'その他',
  TOURISM: '観光',
};

/** What each application says about this municipality: its partner record (issues, desired support, memorandum). */
export function HomePage() {
  const { t, i18n } = useTranslation('municipality');
  const { t: tc } = useTranslation('common');
  const lang = i18n.language as Lang;
  const { user } = useSession();
  const [{ data, error, fetching }] = useQuery({ query: MuniApplicationsDocument, requestPolicy: 'cache-and-network' });
  const apps = [...(data?.myRegionApplications ?? [])].sort((a, b) => b.call.program.fiscalYear - a.call.program.fiscalYear);
  const menuTitle = (code: string) => {
    const m = data?.supportMenu.find((x) => x.code === code);
    return m ? (lang === 'ja' ? m.titleJa : m.titleEn) : code;
  };
  return (
    <Page title={t('home.title')} lead={t('home.lead')}>
      {error && <ErrorNotice error={error} />}
      {!data && fetching && (
        <p role="status" className="loading">
          {tc('loading')}
        </p>
      )}
      <p>
        <Link to="/municipality/meetings">{t('home.meetings')}</Link>
      </p>
      {data && apps.length === 0 && <p>{t('home.none')}</p>}
      {apps.map((a) => {
        const mine = a.partners.find((p) => p.municipalityCode === user?.municipalityCode);
        const others = a.partners.filter((p) => p !== mine);
        return (
          <section key={a.id} className="card" aria-labelledby={`app-${a.id}`} data-testid="partner-application">
            <h2 id={`app-${a.id}`}>
              {/* Most call titles name their fiscal year already; the others get it in front. */}
              {a.prefecture.name}：
              {a.call.title.includes('年度') ? a.call.title : `${t('home.fiscalYear', { reiwa: a.call.program.fiscalYear - 2018 })} ${a.call.title}`}
            </h2>
            <p>
              {t('home.status')}：<span className="tag">{t(`status.${a.status}`)}</span>
              {a.submittedAt && <> {formatDateTime(a.submittedAt, lang)}</>}
            </p>
            {mine && (
              <>
                <h3>{t('home.yourRecord')}</h3>
                <h4>{t('home.issues')}</h4>
                {mine.issues.length === 0 && <p>{t('home.noIssues')}</p>}
                <ul>
                  {mine.issues.map((i) => (
                    <li key={i.id}>
                      【{lang === 'ja' ? (CATEGORY_JA[i.category] ?? i.category) : i.category}】<strong>{i.title}</strong>：{i.description}
                    </li>
                  ))}
                </ul>
                <h4>{t('home.support')}</h4>
                <ul>
                  {mine.desiredSupport.map((d) => (
                    <li key={d.menuItemCode}>
                      {menuTitle(d.menuItemCode)}
                      {d.note && `（${d.note}）`}
                    </li>
                  ))}
                </ul>
                <h4>{t('home.memorandum')}</h4>
                <p>
                  {mine.memorandum ? (
                    <a href={`/documents/${mine.memorandum.documentId}`} download>
                      {t('home.download', { file: mine.memorandum.fileName })}
                    </a>
                  ) : (
                    t('home.memorandumNone')
                  )}
                </p>
              </>
            )}
            {others.length > 0 && (
              <p>
                {t('home.otherPartners')}：{others.map((p) => p.municipality.name).join('、')}
              </p>
            )}
          </section>
        );
      })}
    </Page>
  );
}
