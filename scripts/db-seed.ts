import 'reflect-metadata';
import { ConfigError, loadConfig } from '../libs/core/src';

/** `npm run db:seed`: migrations, master data and (with DEMO_DATA, the default outside production) the demo, then exit. */
async function main() {
  const config = loadConfig();
  const { createApp } = await import('../apps/api/src/bootstrap');
  const { seedDemo } = await import('../apps/api/src/demo/demo-seed');
  const app = await createApp();
  await app.init();
  if (config.DEMO_DATA) await seedDemo(app);
  await app.close();
  console.log(config.DEMO_DATA ? 'master data and demo loaded' : 'master data loaded');
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
