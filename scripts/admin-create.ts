import 'reflect-metadata';
import { adminCreate } from '../apps/api/src/admin/admin-create';

/** `npm run admin:create -- --email … --name …`: see apps/api/src/admin/admin-create.ts (compiled into the image too). */
void adminCreate(process.argv.slice(2)).then((code) => process.exit(code));
