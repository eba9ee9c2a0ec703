import { RegionCall1764338400000 } from './1764338400000-region-call';
import { VendorCallAndPanel1764345600000 } from './1764345600000-vendor-call-and-panel';

/** Every migration in order; the DataSource takes classes, not a glob, so src and dist behave alike. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ALL_MIGRATIONS: Function[] = [RegionCall1764338400000, VendorCallAndPanel1764345600000];
