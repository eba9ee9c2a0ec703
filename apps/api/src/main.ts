import 'reflect-metadata';
import { AppConfig, ConfigError, loadConfig } from '@app/core';
import { createApp } from './bootstrap';
import { DEMO_PASSWORD, demoAccountLines, seedDemo } from './demo/demo-seed';

async function main() {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const app = await createApp();
  if (config.DEMO_DATA) await seedDemo(app);
  await app.listen(config.PORT, '0.0.0.0');
  const url = `http://localhost:${config.PORT}`;
  const db = config.embedded ? `embedded PGlite in ${config.DATA_DIR}` : 'PostgreSQL (DATABASE_URL)';
  const lines = [`API ready: ${url}/graphql (GraphiQL in a browser), health ${url}/health, database: ${db}`];
  if (config.DEMO_DATA) lines.push(`demo accounts (password "${DEMO_PASSWORD}"):`, ...demoAccountLines());
  console.log(lines.join('\n'));
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
