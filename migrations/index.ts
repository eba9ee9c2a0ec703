import { RegionCall1764338400000 } from './1764338400000-region-call';

/** Every migration in order; the DataSource takes classes, not a glob, so src and dist behave alike. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ALL_MIGRATIONS: Function[] = [RegionCall1764338400000];
