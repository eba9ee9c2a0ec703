import '@digital-go-jp/design-tokens/dist/tokens.css';
// Noto Sans JP, self-hosted (no CDN): the browser fetches only the unicode-range slices a page uses. The variable font:
// one file per slice for every weight, where the static 400 and 700 took two (a list page asked for about 70).
import '@fontsource-variable/noto-sans-jp/wght.css';
import './shared/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
// The DOM provider brings ReactDOM.flushSync: navigations asked with `flushSync` (the list's filters) render at once.
import { RouterProvider } from 'react-router/dom';
import { ApiProvider } from './shared/api/ApiProvider';
import { SessionProvider } from './shared/auth/session';
import { initI18n } from './shared/i18n';
import { resources } from './i18n-resources';
import { routes } from './routes';

initI18n(resources);
const router = createBrowserRouter(routes);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApiProvider>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </ApiProvider>
  </StrictMode>,
);
