import { Args, Context, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, MaybeActor } from '@app/core';
import { PersonalDataService, ReadAudit } from '@app/audit';
import type { RegionApplication as RegionApplicationEntity } from '@app/calls';
import type { BriefingRegistration as RegistrationEntity } from '@app/briefing';
import type { User as UserEntity } from '@app/identity';
import { CurrentActor } from '../auth/current-user.decorator';
import { IdPipe } from '../common/id.pipe';
import { BriefingRegistration } from '../briefing/briefing.models';
import { ApplicationContact, RegionApplication } from '../calls/calls.models';
import type { GqlContext } from '../graphql/context';
import { User } from '../identity/identity.models';
import { PersonalDataErasure } from './audit.models';

/**
 * Contact data (APPI) in one place: who may read it is the access table's (`RegionApplication.contacts`, enforced
 * before this resolver runs; others get an empty list), every read of it by the staff audited (one READ record per entity and request), and
 * its erasure once the programme's retention period has ended.
 */
const requestId = (ctx: GqlContext) => (ctx.req?.id === undefined ? undefined : String(ctx.req.id));
/** The client's own x-request-id, bounded (see logging.ts): recorded beside the server's id, never instead of it. */
const clientId = (ctx: GqlContext) => (ctx.req as { clientRequestId?: string } | undefined)?.clientRequestId;

@Resolver(() => RegionApplication)
export class RegionApplicationContactsResolver {
  constructor(private readonly reads: ReadAudit) {}

  @ResolveField(() => [ApplicationContact], {
    description: 'Personal data: only the applying prefecture and the secretariat (reads audited); empty for others',
  })
  async contacts(@Parent() app: RegionApplicationEntity, @CurrentActor() actor: MaybeActor, @Context() ctx: GqlContext) {
    const contacts = await ctx.loaders.contactsByApplication.load(app.id);
    await this.reads.record(
      ctx,
      actor,
      'application_contacts',
      'RegionApplication.contacts',
      contacts.map((c) => c.id),
      requestId(ctx),
      clientId(ctx),
    );
    return contacts;
  }
}

/** Registrants are listed to the secretariat only (the root field's rule); each read of their name or address is audited. */
@Resolver(() => BriefingRegistration)
export class BriefingRegistrationContactResolver {
  constructor(private readonly reads: ReadAudit) {}

  @ResolveField(() => String, { description: "The registrant's name (personal data; each read is audited)" })
  async name(@Parent() r: RegistrationEntity, @CurrentActor() actor: MaybeActor, @Context() ctx: GqlContext) {
    await this.reads.record(ctx, actor, 'briefing_registrations', 'BriefingRegistration', [r.id], requestId(ctx), clientId(ctx));
    return r.name;
  }

  @ResolveField(() => String, { description: "The registrant's business e-mail address (personal data; each read is audited)" })
  async email(@Parent() r: RegistrationEntity, @CurrentActor() actor: MaybeActor, @Context() ctx: GqlContext) {
    await this.reads.record(ctx, actor, 'briefing_registrations', 'BriefingRegistration', [r.id], requestId(ctx), clientId(ctx));
    return r.email;
  }
}

/** Accounts' names and addresses: the account itself and the secretariat; the secretariat's reads of others' are audited. */
@Resolver(() => User)
export class UserContactResolver {
  constructor(private readonly reads: ReadAudit) {}

  @ResolveField(() => String, {
    description: 'E-mail address it signs in with (personal data: itself and the secretariat; the secretariat’s reads are audited)',
  })
  async email(@Parent() u: UserEntity, @CurrentActor() actor: MaybeActor, @Context() ctx: GqlContext) {
    if (actor?.userId !== u.id) await this.reads.record(ctx, actor, 'users', 'User', [u.id], requestId(ctx), clientId(ctx));
    return u.email;
  }

  @ResolveField(() => String, {
    description: 'Name shown in the client and on notices (personal data: itself and the secretariat; the secretariat’s reads are audited)',
  })
  async displayName(@Parent() u: UserEntity, @CurrentActor() actor: MaybeActor, @Context() ctx: GqlContext) {
    if (actor?.userId !== u.id) await this.reads.record(ctx, actor, 'users', 'User', [u.id], requestId(ctx), clientId(ctx));
    return u.displayName;
  }
}

@Resolver()
export class PersonalDataResolver {
  constructor(private readonly personalData: PersonalDataService) {}

  @Mutation(() => PersonalDataErasure, {
    description: "Erases a programme's personal data once its retention period has ended (RETENTION_NOT_ENDED before); the audit trail stays verifiable",
  })
  erasePersonalData(
    @CurrentActor() actor: Actor,
    @Args('programId', { type: () => ID, description: 'The programme (事業) of a fiscal year (its id)' }, IdPipe) programId: string,
  ) {
    return this.personalData.erase(actor, programId);
  }
}

export const PERSONAL_DATA_RESOLVERS = [RegionApplicationContactsResolver, BriefingRegistrationContactResolver, UserContactResolver, PersonalDataResolver];
