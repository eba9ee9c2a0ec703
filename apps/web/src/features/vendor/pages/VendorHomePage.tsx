import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { RequireRole } from '../../../shared/auth/RequireRole';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { formatDate, type Lang } from '../../../shared/format/jst';
import { Page } from '../../../shared/layout/Page';
import { Countdown } from '../../../shared/time/Countdown';
import { VendorHomeDocument, VendorSelfDocument } from '../api';
import { useSession } from '../../../shared/auth/session';

export function VendorHomePage() {
  return (
    <RequireRole roles={['VENDOR']}>
      <VendorHome />
    </RequireRole>
  );
}

function VendorHome() {
  const { t, i18n } = useTranslation('vendor');
  const lang = i18n.language as Lang;
  const [{ data, error }, reload] = useQuery({ query: VendorHomeDocument, requestPolicy: 'cache-and-network' });
  const { user } = useSession();
  const [self] = useQuery({ query: VendorSelfDocument, variables: { id: user?.vendorId ?? '' }, pause: !user?.vendorId });
  const vendorStatus = self.data?.vendor.status;
  const now = Date.now();
  const apps = data?.myVendorApplications ?? [];
  const calls = data?.calls ?? [];
  const open = calls.filter((c) => c.status === 'OPEN' && Date.parse(c.opensAt) <= now && now < Date.parse(c.closesAt));
  const published = calls.filter((c) => c.status === 'PUBLISHED' && apps.some((a) => a.callId === c.id));
  const callTitle = (id: string) => calls.find((c) => c.id === id)?.title ?? id;

  return (
    <Page title={t('home.title')} lead={t('home.lead')}>
      {error && <ErrorNotice error={error} onReload={() => reload({ requestPolicy: 'network-only' })} />}
      {vendorStatus && vendorStatus !== 'APPROVED' && (
        <div className="notice notice--info" data-testid="vendor-status">
          <h2 className="notice__title">{t(`vendorStatus.${vendorStatus}.title`)}</h2>
          <p>{t(`vendorStatus.${vendorStatus}.body`)}</p>
          {self.data?.vendor.statusReason && <p>{t('returned.why', { reason: self.data.vendor.statusReason })}</p>}
        </div>
      )}
      {apps
        .filter((a) => a.returnedNotice && a.status === 'DRAFT')
        .map((a) => (
          <div key={a.id} className="notice notice--warning" role="alert" data-testid="returned-notice">
            <h2 className="notice__title">{t('returned.title')}</h2>
            <p>{callTitle(a.callId)}</p>
            <p>{t('returned.why', { reason: a.returnedNotice })}</p>
            <p>{t('returned.todo')}</p>
            <Link to={`/vendor/calls/${a.callId}`}>{t('home.continue')}</Link>
          </div>
        ))}
      <h2>{t('home.openCalls')}</h2>
      {data && !open.length && <p>{t('home.noOpenCalls')}</p>}
      <ul className="region-list" data-testid="open-calls">
        {open.map((c) => {
          const mine = apps.find((a) => a.callId === c.id);
          return (
            <li key={c.id} className="card">
              <h3>{c.title}</h3>
              <Countdown deadline={c.closesAt} />
              <p>
                {t('home.regions')}：{c.candidateRegions.map((r) => r.prefecture.name).join('、')}
              </p>
              {mine && <p className="tag">{t(`status.${mine.status}`)}</p>}
              <p>
                <Link className="button button--primary" to={`/vendor/calls/${c.id}`}>
                  {!mine ? t('home.start') : mine.status === 'DRAFT' ? t('home.continue') : t('home.view')}
                </Link>
              </p>
            </li>
          );
        })}
      </ul>
      <h2>{t('home.results')}</h2>
      {data && !published.length && <p>—</p>}
      <ul>
        {published.map((c) => (
          <li key={c.id}>
            <Link to={`/vendor/results/${c.id}`}>
              {c.title}：{t('home.seeResults')}
            </Link>
          </li>
        ))}
      </ul>
      <h2>{t('home.engagements')}</h2>
      {data && !data.myEngagements.length && <p>{t('home.noEngagements')}</p>}
      <ul>
        {data?.myEngagements.map((e) => (
          <li key={e.id}>
            <Link to={`/vendor/engagements/${e.id}`}>{t('home.openEngagement', { name: e.candidateRegion.prefecture.name })}</Link>（{t(`status.${e.status}`)}、
            {t('home.period')} {formatDate(e.startsOn, lang)}〜{formatDate(e.endsOn, lang)}）
          </li>
        ))}
      </ul>
    </Page>
  );
}
