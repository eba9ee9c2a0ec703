import type { Express, NextFunction, Request, Response } from 'express';
import { dirname, join } from 'node:path';

const asset = (pkg: string, file: string) => join(dirname(require.resolve(`${pkg}/package.json`)), file);

/**
 * GraphiQL at GET /graphql for browsers, served from installed packages: the IDE works on a
 * closed network (no CDN).
 */
export function mountOfflineIde(app: Express): void {
  const files: Record<string, string> = {
    'react.js': asset('react', 'umd/react.production.min.js'),
    'react-dom.js': asset('react-dom', 'umd/react-dom.production.min.js'),
    'graphiql.js': asset('graphiql', 'graphiql.min.js'),
    'graphiql.css': asset('graphiql', 'graphiql.min.css'),
  };
  app.get('/ide/:file', (req: Request, res: Response) => {
    const path = files[String(req.params.file)];
    if (!path) return res.status(404).end();
    res.setHeader('Cache-Control', 'public, max-age=86400');
    return res.sendFile(path);
  });
  app.get('/graphql', (req: Request, res: Response, next: NextFunction) => {
    if (req.query.query || !req.accepts('html') || req.accepts(['json', 'html']) === 'json') return next();
    res.type('html').send(PAGE);
  });
}

const PAGE = `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>地域DX 伴走支援マッチング GraphQL</title>
<link rel="stylesheet" href="/ide/graphiql.css"><style>body{margin:0;height:100vh}#ide{height:100vh}</style></head>
<body><div id="ide"></div>
<script src="/ide/react.js"></script><script src="/ide/react-dom.js"></script><script src="/ide/graphiql.js"></script>
<script>
const fetcher = GraphiQL.createFetcher({ url: '/graphql', headers: { 'apollo-require-preflight': 'true' } });
ReactDOM.createRoot(document.getElementById('ide')).render(React.createElement(GraphiQL, {
  fetcher, defaultEditorToolsVisibility: true, shouldPersistHeaders: true,
  defaultQuery: '# Sign in with a demo account (see the README), then put {"Authorization": "Bearer <token>"} in Headers.\\nmutation { login(input: {email: "secretariat@demo.example.jp", password: "demo-password-2025"}) { token user { role } } }\\n'
}));
</script></body></html>`;
