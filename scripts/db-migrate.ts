import { buildDataSource } from '../ormconfig';
import { ConfigError } from '../libs/core/src';

/** `npm run db:migrate`: applies pending migrations to the configured database (PGlite or PostgreSQL). */
async function main() {
  const ds = buildDataSource();
  await ds.initialize();
  const done = await ds.runMigrations({ transaction: 'each' });
  console.log(done.length ? `applied: ${done.map((m) => m.name).join(', ')}` : 'no pending migrations');
  await ds.destroy();
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
