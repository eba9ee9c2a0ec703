import { SetMetadata } from '@nestjs/common';
import { Role } from '@app/core';

export const ALLOW_KEY = 'allow';
export const PUBLIC = 'PUBLIC';
export type Allowed = Role | typeof PUBLIC;

/**
 * Who may call a resolver. Every root field must carry it: the global guard refuses a field
 * without it, so a forgotten declaration fails closed. Ownership is then checked by the service.
 */
export const Allow = (...who: Allowed[]) => SetMetadata(ALLOW_KEY, who);

export const ANY_SIGNED_IN = [Role.SECRETARIAT, Role.MINISTRY, Role.PREFECTURE, Role.MUNICIPALITY, Role.VENDOR, Role.EVALUATOR] as const;
export const STAFF = [Role.SECRETARIAT, Role.MINISTRY] as const;
