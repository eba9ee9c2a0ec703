import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, DomainError, MaybeActor, notFound, Role } from '@app/core';
import { mayReadMemorandum } from './domain/memorandum-access';
import { RegionApplication } from './entities';
import { RegionApplicationRepository } from './region-application.repository';

/**
 * Who may read or change a region application. Refusals to read say NOT_FOUND, exactly as for an
 * id that does not exist, so ids cannot be probed.
 */
@Injectable()
export class ApplicationAccess {
  constructor(private readonly repo: RegionApplicationRepository) {}

  async canRead(actor: MaybeActor, app: RegionApplication, m?: EntityManager): Promise<boolean> {
    if (!actor) return false;
    switch (actor.role) {
      case Role.SECRETARIAT:
      case Role.MINISTRY:
        return true;
      case Role.PREFECTURE:
        return actor.prefectureCode === app.prefectureCode;
      case Role.MUNICIPALITY:
        return !!actor.municipalityCode && (await this.repo.isPartner(app.id, actor.municipalityCode, m));
      default:
        return false;
    }
  }

  async assertRead(actor: MaybeActor, app: RegionApplication | null, m?: EntityManager): Promise<RegionApplication> {
    if (!app || !(await this.canRead(actor, app, m))) throw notFound();
    return app;
  }

  /** Only the applying prefecture edits its application. */
  async assertEdit(actor: Actor, app: RegionApplication | null, m?: EntityManager): Promise<RegionApplication> {
    await this.assertRead(actor, app, m);
    if (actor.role !== Role.PREFECTURE || actor.prefectureCode !== app!.prefectureCode) throw new DomainError('FORBIDDEN');
    return app!;
  }

  /** A memorandum is read by the staff, the prefecture and the partner it was made with (`mayReadMemorandum`, as in GraphQL). */
  async canReadMemorandum(actor: MaybeActor, documentId: string): Promise<boolean> {
    return (await this.repo.partnersWithMemorandum(documentId)).some((p) => mayReadMemorandum(actor, p));
  }

  /** Contact data (personal data) is read only by the applying prefecture and the secretariat. */
  canReadContacts(actor: MaybeActor, app: RegionApplication): boolean {
    return actor?.role === Role.SECRETARIAT || (actor?.role === Role.PREFECTURE && actor.prefectureCode === app.prefectureCode);
  }
}
