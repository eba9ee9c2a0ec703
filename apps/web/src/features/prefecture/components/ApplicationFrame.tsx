import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import type { PrefApplicationQuery } from '../../../gql/graphql';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import type { Lang } from '../../../shared/format/jst';
import { Page } from '../../../shared/layout/Page';
import { Countdown } from '../../../shared/time/Countdown';
import { PrefApplicationDocument } from '../operations';
import { RepeatStatus } from './RepeatStatus';

export type ApplicationData = PrefApplicationQuery;
export type Application = PrefApplicationQuery['regionApplication'];
export type Partner = Application['partners'][number];

export const reiwa = (fiscalYear: number) => fiscalYear - 2018;

/** Changes are accepted while the application is a draft and its call is open (the server checks again). */
export function isEditable(app: Application): boolean {
  return app.status === 'DRAFT' && app.call.status === 'OPEN' && new Date(app.call.closesAt).getTime() > Date.now();
}

/** Before the deadline an applicant may still withdraw, amend or resubmit. */
export function beforeDeadline(app: Application): boolean {
  return app.call.status === 'OPEN' && new Date(app.call.closesAt).getTime() > Date.now();
}

export function partnerName(p: Partner): string {
  return p.municipality.name;
}

export function useLang(): Lang {
  const { i18n } = useTranslation();
  return i18n.language as Lang;
}

/**
 * The frame of every page of one application: the page heading, a link back to the overview, the deadline with its
 * countdown and (where partners matter) the repeat-applicant status as it stands now. The body receives the loaded data.
 */
export function ApplicationFrame({
  title,
  lead,
  backLink = true,
  repeat = false,
  fresh = false,
  children,
}: {
  title: string | ((app: Application) => string);
  lead?: ReactNode;
  backLink?: boolean;
  repeat?: boolean | ((app: Application) => boolean);
  /** Read from the server, not the cache (a page reached right after a mutation that returns another type). */
  fresh?: boolean;
  children: (data: ApplicationData, refetch: () => void) => ReactNode;
}) {
  const { t } = useTranslation('prefecture');
  const { t: tc } = useTranslation('common');
  const { id = '' } = useParams();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: PrefApplicationDocument,
    variables: { id },
    requestPolicy: fresh ? 'network-only' : 'cache-first',
  });
  const app = data?.regionApplication;
  const heading = app ? (typeof title === 'string' ? title : title(app)) : typeof title === 'string' ? title : t('app.back');
  return (
    <Page title={heading} lead={lead}>
      {backLink && (
        <p>
          <Link to={`/prefecture/applications/${id}`}>{t('app.back')}</Link>
        </p>
      )}
      {error && <ErrorNotice error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
      {!data && fetching && (
        <p role="status" className="loading">
          {tc('loading')}
        </p>
      )}
      {app && data && (
        <>
          <p>
            <span className="tag" data-testid="application-status">
              {t(`status.${app.status}`)}
            </span>{' '}
            {app.call.title}
          </p>
          {app.call.status === 'OPEN' && <Countdown deadline={app.call.closesAt} />}
          {(typeof repeat === 'function' ? repeat(app) : repeat) && <RepeatStatus app={app} />}
          {children(data, () => refetch({ requestPolicy: 'network-only' }))}
        </>
      )}
    </Page>
  );
}
