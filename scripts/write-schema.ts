import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot, withErrorTable } from '../libs/core/src';

/** `npm run schema:write`: boots the API on an in-memory database and writes schema.graphql and README's error table. */
async function main() {
  process.env.DATA_DIR = 'memory';
  process.env.DEMO_DATA = 'false';
  process.env.LOG_LEVEL = 'silent';
  delete process.env.DATABASE_URL;
  const { createApp } = await import('../apps/api/src/bootstrap');
  const { printApiSchema, SCHEMA_FILE } = await import('../apps/api/src/graphql/schema-file');
  const app = await createApp();
  await app.init();
  writeFileSync(join(projectRoot(), SCHEMA_FILE), printApiSchema(app));
  await app.close();
  const readme = join(projectRoot(), 'README.md');
  writeFileSync(readme, withErrorTable(readFileSync(readme, 'utf8')));
  console.log(`wrote ${SCHEMA_FILE} and README.md's error table`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
