import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { QueryLogger } from './query-logger';
import { serializedPGliteDriver } from './serialized-pglite-pool';

type Entities = NonNullable<DataSourceOptions['entities']>;
type Migrations = NonNullable<DataSourceOptions['migrations']>;

/**
 * The one DataSource shape for the app, the migration CLI, seeds and tests:
 * PostgreSQL when DATABASE_URL is set, an embedded PGlite otherwise. Never `synchronize`.
 */
export function dataSourceOptions(
  config: AppConfig,
  entities: Entities,
  migrations: Migrations,
  extra: { logger?: DataSourceOptions['logger'] } = {},
): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    // gen_random_uuid() is built into PostgreSQL 13+; no extension to install (PGlite has none).
    uuidExtension: 'pgcrypto' as const,
    installExtensions: false,
    // Failed statements without their parameters, through the application's log (query-logger.ts). TypeORM ignores
    // `logging` when given a logger instance: what is logged is the logger's choice.
    logger: extra.logger ?? new QueryLogger(),
  };
  if (config.DATABASE_URL) {
    return { ...common, url: config.DATABASE_URL, poolSize: 10, applicationName: 'regional-dx-api' } as DataSourceOptions;
  }
  const dataDir = config.DATA_DIR === 'memory' ? undefined : resolve(join(config.DATA_DIR, 'pglite'));
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  return { ...common, driver: serializedPGliteDriver({ dataDir }) } as DataSourceOptions;
}
