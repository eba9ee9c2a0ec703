import { DomainError } from '../errors/domain-error';

export enum Role {
  SECRETARIAT = 'SECRETARIAT',
  MINISTRY = 'MINISTRY',
  PREFECTURE = 'PREFECTURE',
  MUNICIPALITY = 'MUNICIPALITY',
  VENDOR = 'VENDOR',
  EVALUATOR = 'EVALUATOR',
}

/** Who is calling, as every service sees it: the role and the organisation the account belongs to. */
/** What a token says of its session. */
export interface SessionClaims {
  id: string;
  issuedAt: number;
  expiresAt: number;
}

export interface Actor {
  userId: string;
  role: Role;
  prefectureCode: string | null;
  municipalityCode: string | null;
  vendorId: string | null;
  evaluatorId: string | null;
  /**
   * A vendor account whose vendor the secretariat suspended: it may sign in and read its own history, nothing more
   * (the AccessGuard refuses its mutations, the upload controller its uploads). Read with the account on every request.
   */
  vendorSuspended?: boolean;
  /** The signed-in session (the token's `sid`, `iat` and `exp`, seconds since the epoch), which signing out ends. */
  session?: SessionClaims;
}

/** A suspended vendor's account changes nothing: checked centrally, before any resolver or upload runs. */
export function assertMayChange(actor: Actor | null | undefined): void {
  if (actor?.vendorSuspended) throw new DomainError('VENDOR_SUSPENDED');
}

/** Anonymous callers reach only public data; services receive `null` for them. */
export type MaybeActor = Actor | null;

export const isStaff = (a: MaybeActor): boolean => a?.role === Role.SECRETARIAT || a?.role === Role.MINISTRY;

/** Only the secretariat changes calls, decisions and panels; services call this before anything else. */
export function onlySecretariat(actor: Actor): void {
  if (actor.role !== Role.SECRETARIAT) throw new DomainError('FORBIDDEN');
}
