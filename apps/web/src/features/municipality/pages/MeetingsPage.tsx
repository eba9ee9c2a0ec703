import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { useSession } from '../../../shared/auth/session';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { formatDateTime, type Lang } from '../../../shared/format/jst';
import { Page } from '../../../shared/layout/Page';
import { MuniMeetingsDocument, MuniRegisterObserverDocument } from '../operations';

/** The meetings a non-partner may observe (with the registration), and those a partner takes part in. */
export function MeetingsPage() {
  const { t, i18n } = useTranslation('municipality');
  const { t: tc } = useTranslation('common');
  const lang = i18n.language as Lang;
  const { user } = useSession();
  const [{ data, error, fetching }, refetch] = useQuery({ query: MuniMeetingsDocument, requestPolicy: 'cache-and-network' });
  const [result, register] = useMutation(MuniRegisterObserverDocument);
  const [failure, setFailure] = useState<CombinedError>();
  const [justRegistered, setJustRegistered] = useState<string>();
  const mode = (m: string) => t(`meetings.modes.${m}`, { defaultValue: m });
  const partnerMeetings = (data?.myEngagements ?? []).flatMap((e) => e.meetings.map((m) => ({ ...m, vendor: e.vendor.name })));
  const partnerIds = new Set(partnerMeetings.map((m) => m.id));
  const observable = (data?.observableMeetings ?? []).filter((m) => !partnerIds.has(m.id));

  async function observe(meetingId: string) {
    const r = await register({ meetingId });
    setFailure(r.error);
    if (r.error) return;
    setJustRegistered(meetingId);
    refetch({ requestPolicy: 'network-only' });
  }

  return (
    <Page title={t('meetings.title')} lead={t('meetings.lead')}>
      {error && <ErrorNotice error={error} />}
      {failure && <ErrorNotice error={failure} />}
      {!data && fetching && (
        <p role="status" className="loading">
          {tc('loading')}
        </p>
      )}
      {data && (
        <>
          {partnerMeetings.length > 0 && (
            <>
              <h2>{t('meetings.mine')}</h2>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('meetings.when')}</th>
                    <th scope="col">{t('meetings.agenda')}</th>
                    <th scope="col">{t('meetings.mode')}</th>
                  </tr>
                </thead>
                <tbody>
                  {partnerMeetings.map((m) => (
                    <tr key={m.id}>
                      <td>{formatDateTime(m.scheduledAt, lang)}</td>
                      <td>{m.agenda}</td>
                      <td>{mode(m.mode)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          <h2>{t('meetings.observable')}</h2>
          {observable.length === 0 && <p>{t('meetings.noneObservable')}</p>}
          {observable.map((m) => {
            const me = m.observers.find((o) => o.municipalityCode === user?.municipalityCode);
            return (
              <section key={m.id} className="card" aria-label={m.agenda} data-testid="observable-meeting">
                <dl>
                  <dt>{t('meetings.when')}</dt>
                  <dd>{formatDateTime(m.scheduledAt, lang)}</dd>
                  <dt>{t('meetings.agenda')}</dt>
                  <dd>{m.agenda}</dd>
                  <dt>{t('meetings.mode')}</dt>
                  <dd>{mode(m.mode)}</dd>
                </dl>
                <div role="status" aria-live="polite">
                  {justRegistered === m.id && <p className="notice notice--success">{t('meetings.done')}</p>}
                </div>
                {me ? (
                  <p>
                    <span className="tag" data-testid="observer-status">
                      {me.confirmed ? t('meetings.confirmed') : t('meetings.registered')}
                    </span>
                  </p>
                ) : (
                  <button type="button" className="button button--primary" disabled={result.fetching} onClick={() => void observe(m.id)}>
                    {t('meetings.register', { agenda: m.agenda })}
                  </button>
                )}
              </section>
            );
          })}
        </>
      )}
    </Page>
  );
}
