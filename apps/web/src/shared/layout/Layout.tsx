import { Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useSession } from '../auth/session';
import { setLanguage } from '../i18n';
import { namespacesOf, type FeatureModule, type NavItem } from './nav';

function visible(item: NavItem, role: string | undefined): boolean {
  if (!item.roles) return true;
  return item.roles.includes((role ?? 'ANONYMOUS') as never);
}

/**
 * Header (site name, language switch, the menu by role, the account), a skip link, the page, a footer. On navigation
 * within the client, focus moves to the main region so that screen-reader and keyboard users start at the new page.
 */
export function Layout({ features }: { features: FeatureModule[] }) {
  const { t, i18n } = useTranslation('common');
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location.pathname]);

  const role = session.status === 'signed-in' || session.status === 'expired' ? session.user?.role : undefined;
  const items = features.flatMap((f) => f.nav ?? []).filter((i) => visible(i, role));
  // The menu's labels are in their features' namespaces, loaded on their own: the entries appear once they are there,
  // without holding back the rest of the page.
  const navNamespaces = namespacesOf(items.map((i) => i.label));
  const { ready: navReady } = useTranslation(navNamespaces.length ? navNamespaces : 'common', { useSuspense: false });
  const lang = i18n.language === 'en' ? 'en' : 'ja';

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('skipLink')}
      </a>
      <header className="header">
        <div className="header__inner">
          <Link to="/" className="header__brand">
            <span className="header__name">{t('siteName')}</span>
            <span className="header__sub">{t('siteSub')}</span>
          </Link>
          <div className="header__tools">
            <button
              type="button"
              className="button button--text"
              lang={lang === 'ja' ? 'en' : 'ja'}
              aria-label={t('language.label')}
              onClick={() => setLanguage(lang === 'ja' ? 'en' : 'ja')}
            >
              {t('language.switchTo')}
            </button>
            {session.user && session.status === 'signed-in' ? (
              <>
                <span className="header__account" data-testid="account">
                  <span className="visually-hidden">{t('nav.account')}: </span>
                  {session.user.displayName}（{t(`roles.${session.user.role}`)}）
                </span>
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => {
                    // The signed-out page ends the session once it is shown: ended here, a page for signed-in users still
                    // on screen (its route loads lazily) would send the browser to the sign-in page instead.
                    navigate('/signout');
                  }}
                >
                  {t('nav.signOut')}
                </button>
              </>
            ) : (
              session.status !== 'loading' && (
                <Link className="button button--secondary" to="/signin">
                  {t('nav.signIn')}
                </Link>
              )
            )}
          </div>
        </div>
        <nav className="nav" aria-label={t('nav.label')}>
          <ul className="nav__list">
            <li>
              <NavLink to="/" end className="nav__link">
                {t('nav.top')}
              </NavLink>
            </li>
            {(navReady ? items : []).map((i) => (
              <li key={i.to}>
                <NavLink to={i.to} className="nav__link">
                  {t(i.label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      {session.status === 'expired' && (
        <div className="banner banner--warning" role="alert" data-testid="session-expired">
          <div className="banner__inner">
            <h2 className="banner__title">{t('expired.title')}</h2>
            <p>{t('expired.body')}</p>
            <Link className="button button--primary" to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`}>
              {t('expired.action')}
            </Link>
          </div>
        </div>
      )}
      <main id="main" className="main" tabIndex={-1} ref={main}>
        <Suspense
          fallback={
            <p role="status" className="loading">
              {t('loading')}
            </p>
          }
        >
          <Outlet />
        </Suspense>
      </main>
      <footer className="footer">
        <div className="footer__inner">
          <p>{t('footer.org')}</p>
          <p>
            <a href="/graphql">{t('footer.ide')}</a>
          </p>
        </div>
      </footer>
    </div>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation('common');
  useEffect(() => {
    document.title = `${t('notFound.title')} | ${t('siteName')}`;
  }, [t]);
  return (
    <>
      <h1 className="page-title">{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </>
  );
}
