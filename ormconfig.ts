import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions, loadConfig } from './libs/core/src';
import { ALL_ENTITIES } from './libs/entities';
import { ALL_MIGRATIONS } from './migrations';

/** The one DataSource of the project: the app, `npm run db:migrate`, the TypeORM CLI and tests build theirs from this. */
export const buildDataSource = (config = loadConfig(), extra: Parameters<typeof dataSourceOptions>[3] = {}) =>
  new DataSource(dataSourceOptions(config, ALL_ENTITIES, ALL_MIGRATIONS, extra));

export default buildDataSource();
