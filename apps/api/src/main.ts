import 'reflect-metadata';
import { ConfigError, Role } from '@app/core';
import { IdentityService } from '@app/identity';
import { startApi } from './bootstrap';
import { webDistDir } from './web/web-client';
import { DEMO_PASSWORD, demoAccountLines } from './demo/demo-seed';

async function main() {
  const { app, config } = await startApi();
  await app.listen(config.PORT, '0.0.0.0');
  const url = `http://localhost:${config.PORT}`;
  const db = config.embedded ? `embedded PGlite in ${config.DATA_DIR}` : 'PostgreSQL (DATABASE_URL)';
  const lines = [`API ready: ${url}/graphql (GraphiQL in a browser), health ${url}/health, database: ${db}`];
  lines.push(webDistDir(config.WEB_DIST_DIR) ? `web client: ${url}/` : 'web client: not built (npm run web:build)');
  if (config.DEMO_DATA) lines.push(`demo accounts (password "${DEMO_PASSWORD}"):`, ...demoAccountLines());
  else if (!(await app.get(IdentityService).listAccounts()).some((u) => u.role === Role.SECRETARIAT && u.active))
    lines.push('no secretariat account yet: create the first one with `npm run admin:create -- --email … --name …` (README)');
  console.log(lines.join('\n'));
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
