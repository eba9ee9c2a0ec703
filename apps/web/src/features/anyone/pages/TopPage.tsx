import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../../gql';
import { ErrorNotice } from '../../../shared/errors/ErrorNotice';
import { formatDateTime, type Lang } from '../../../shared/format/jst';
import { Page } from '../../../shared/layout/Page';
import { Countdown } from '../../../shared/time/Countdown';

const TopPageDocument = graphql(`
  query TopPage {
    programs {
      id
      fiscalYear
      name
      calls {
        id
        kind
        title
        status
        opensAt
        closesAt
      }
    }
    briefingSessions {
      id
      programId
      title
      startsAt
      registrationClosesAt
      capacity
      remainingSeats
      isOpen
    }
  }
`);

const TimelineDocument = graphql(`
  query ProgramTimeline($programId: ID!) {
    programTimeline(programId: $programId) {
      current
      today {
        jst
        wareki
      }
      entries {
        key
        labelJa
        plannedJa
        state
        at {
          utc
          wareki
        }
        on {
          wareki
          en
        }
      }
    }
  }
`);

/** Journey 1, anyone: what the programme is, its schedule, the calls open now, and the briefing sessions. */
export function TopPage() {
  const { t, i18n } = useTranslation('anyone');
  const lang = i18n.language as Lang;
  const [{ data, error }, refetch] = useQuery({ query: TopPageDocument });
  const programs = [...(data?.programs ?? [])].sort((a, b) => b.fiscalYear - a.fiscalYear);
  const latest = programs[0];
  const [timeline] = useQuery({ query: TimelineDocument, variables: { programId: latest?.id ?? '' }, pause: !latest });
  const now = Date.now();
  const openCalls = programs
    .flatMap((p) => p.calls)
    .filter((c) => c.status === 'OPEN' && new Date(c.opensAt).getTime() <= now && new Date(c.closesAt).getTime() > now);
  const sessions = [...(data?.briefingSessions ?? [])].filter((s) => new Date(s.startsAt).getTime() > now).sort((a, b) => a.startsAt.localeCompare(b.startsAt));

  return (
    <Page title={t('top.title')} lead={t('top.lead')}>
      {error && <ErrorNotice error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
      <h2>{t('top.howTitle')}</h2>
      <ol>
        {(t('top.how', { returnObjects: true }) as string[]).map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ol>

      <h2>{t('top.callsTitle')}</h2>
      {data && openCalls.length === 0 && <p>{t('top.noOpenCalls')}</p>}
      {openCalls.map((c) => (
        <section className="card" key={c.id} aria-labelledby={`call-${c.id}`}>
          <h3 id={`call-${c.id}`}>
            {c.title} <span className="tag">{t('top.openNow')}</span>
          </h3>
          <p>{t(`top.kind${c.kind}`)}</p>
          <p>{t('top.period', { from: formatDateTime(c.opensAt, lang), to: formatDateTime(c.closesAt, lang) })}</p>
          <Countdown deadline={c.closesAt} />
        </section>
      ))}

      {latest && (
        <>
          <h2>{t('top.scheduleTitle', { name: latest.name })}</h2>
          {timeline.data && (
            <>
              <p>
                {t('top.scheduleToday', {
                  today: lang === 'ja' ? timeline.data.programTimeline.today.wareki : formatDateTime(timeline.data.programTimeline.today.jst, lang),
                })}
              </p>
              <ol className="timeline" data-testid="timeline">
                {timeline.data.programTimeline.entries.map((e) => (
                  <li key={e.key} className={`timeline__state--${e.state}`}>
                    <span className="visually-hidden">{t(`top.state${e.state}`)}: </span>
                    {e.labelJa}
                    {' — '}
                    {e.at ? formatDateTime(e.at.utc, lang) : e.on ? (lang === 'ja' ? e.on.wareki : e.on.en) : (e.plannedJa ?? '')}
                  </li>
                ))}
              </ol>
            </>
          )}
        </>
      )}
      {data && !latest && <p>{t('top.noPrograms')}</p>}

      <h2 id="briefings">{t('top.briefingTitle')}</h2>
      <p>{t('top.briefingLead')}</p>
      {data && sessions.length === 0 && <p>{t('top.noBriefings')}</p>}
      {sessions.map((s) => (
        <section className="card" key={s.id} aria-labelledby={`briefing-${s.id}`} data-testid="briefing-session">
          <h3 id={`briefing-${s.id}`}>{s.title}</h3>
          <p>
            {t('top.briefingWhen', { when: formatDateTime(s.startsAt, lang) })}
            <br />
            {t('top.briefingDeadline', { when: formatDateTime(s.registrationClosesAt, lang) })}
            <br />
            {t('top.briefingSeats', { remaining: s.remainingSeats, capacity: s.capacity })}
          </p>
          {s.isOpen ? (
            <Link className="button button--primary" to={`/briefings/${s.id}/register`}>
              {t('top.briefingRegister', { title: s.title })}
            </Link>
          ) : (
            <p>{t('top.briefingClosed')}</p>
          )}
        </section>
      ))}

      <h2>{t('top.whoTitle')}</h2>
      <ul>
        <li>{t('top.whoPrefecture')}</li>
        <li>{t('top.whoVendor')}</li>
      </ul>
      <div className="button-row">
        <Link className="button button--secondary" to="/candidate-regions">
          {t('top.candidateRegions')}
        </Link>
        <Link className="button button--secondary" to="/register">
          {t('top.registerVendor')}
        </Link>
      </div>
    </Page>
  );
}
