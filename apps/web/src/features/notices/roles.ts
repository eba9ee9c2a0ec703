import type { Role } from '../../shared/auth/session';

/** お知らせ is for every signed-in role. */
export const ALL_ROLES: Role[] = ['SECRETARIAT', 'MINISTRY', 'PREFECTURE', 'MUNICIPALITY', 'VENDOR', 'EVALUATOR'];

/** How many notices a page of the list asks for (the most the API gives at once). */
export const NOTICES_SHOWN = 50;

/** 「{{名前}}」: a placeholder as it is written in a template. */
export const braced = (name: string) => (name.startsWith('{{') ? name : `{{${name}}}`);
