import 'tsconfig-paths/register';
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { adminQuery, withDatabase } from './pg-template';

/**
 * With TEST_DATABASE_URL (a PostgreSQL server), builds the template database with the real
 * migrations and master data once per run. Without it every test file gets its own in-memory PGlite.
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const TEMPLATE_DB = `rdx_tpl_${randomBytes(5).toString('hex')}`;
  process.env.RDX_TEST_TEMPLATE_DB = TEMPLATE_DB;
  await adminQuery(url, `CREATE DATABASE ${TEMPLATE_DB}`);
  const { buildDataSource } = await import('../../ormconfig');
  const { loadConfig } = await import('../../libs/core/src');
  const ds = buildDataSource(loadConfig({ ...process.env, DATABASE_URL: withDatabase(url, TEMPLATE_DB) }));
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  const { readMunicipalityCsv } = await import('../../libs/master-data/src/master-data.loader');
  const { prefectures, municipalities } = readMunicipalityCsv();
  await ds.transaction(async (m) => {
    await m.getRepository('Prefecture').insert(prefectures);
    for (let i = 0; i < municipalities.length; i += 500) await m.getRepository('Municipality').insert(municipalities.slice(i, i + 500));
  });
  await ds.destroy();
}
