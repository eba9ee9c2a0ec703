import { EventEmitter } from 'node:events';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Args, Field, ID, ObjectType, Resolver, Subscription } from '@nestjs/graphql';
import { JwtService } from '@nestjs/jwt';
import { PubSub, PubSubEngine } from 'graphql-subscriptions';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import Redis from 'ioredis';
import { Actor, AppConfig, DomainEvent, DomainEvents, isStaff } from '@app/core';
import { AccessService } from '@app/access';
import { IdentityService } from '@app/identity';
import type { WsSession } from './ws-sessions';

export const PUB_SUB = Symbol('PUB_SUB');
const TOPIC = 'domain-events';

/** In-process pub/sub by default; with REDIS_URL, Redis, so that every API instance delivers every event. */
export const pubSubProvider = {
  provide: PUB_SUB,
  inject: [AppConfig],
  useFactory: (config: AppConfig): PubSubEngine =>
    config.REDIS_URL
      ? new RedisPubSub({
          publisher: new Redis(config.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 3 }),
          subscriber: new Redis(config.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: null }),
        })
      : // Each open subscription is one listener (at most WS_LIMITS.subscriptionsPerSocket per socket): no leak warning at 11.
        new PubSub({ eventEmitter: new EventEmitter().setMaxListeners(0) }),
};

/** Forwards the services' domain events to the GraphQL pub/sub. */
@Injectable()
export class EventBridge implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('Events');
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly events: DomainEvents,
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
  ) {}

  onModuleInit() {
    this.unsubscribe = this.events.subscribe(
      (e) => void this.pubSub.publish(TOPIC, e).catch((err) => this.log.error({ err: (err as Error).message }, 'publish failed')),
    );
  }

  async onApplicationShutdown() {
    this.unsubscribe?.();
    if (this.pubSub instanceof RedisPubSub) await this.pubSub.close();
  }
}

/**
 * Turns the connection's `authorization` parameter into the actor and the token's expiry, once per WebSocket
 * (WsSessions checks both again while the socket is open).
 */
@Injectable()
export class SubscriptionAuth {
  constructor(
    private readonly jwt: JwtService,
    private readonly identity: IdentityService,
  ) {}

  async actor(connectionParams: Record<string, unknown> | undefined): Promise<{ actor: Actor; exp?: number } | null | false> {
    const raw = connectionParams?.authorization ?? connectionParams?.Authorization;
    if (typeof raw !== 'string' || !raw) return null;
    try {
      const { sub, exp, iat, sid } = this.jwt.verify<{ sub: string; exp?: number; iat?: number; sid?: string }>(raw.replace(/^Bearer\s+/i, ''));
      const actor = await this.identity.actorOf(sub, sid && iat && exp ? { id: sid, issuedAt: iat, expiresAt: exp } : undefined);
      return actor ? { actor, exp } : false;
    } catch {
      return false;
    }
  }
}

@ObjectType({ description: 'A region application changed status (subscription applicationStatusChanged)' })
export class ApplicationStatusEvent {
  @Field(() => ID, { description: 'The region application (its id)' })
  applicationId: string;

  @Field(() => ID, { description: 'Its region call (its id)' })
  callId: string;

  @Field({ description: 'Two-digit code of the applying prefecture' })
  prefectureCode: string;

  @Field({ description: 'Its new status (a RegionApplicationStatus value); applicants learn ADOPTED or REJECTED once the call is decided' })
  status: string;
}

@ObjectType({ description: 'A vendor call’s results were published (subscription resultsPublished)' })
export class ResultsPublishedEvent {
  @Field(() => ID, { description: 'The vendor call whose results were published (its id)' })
  callId: string;
}

@ObjectType({ description: 'A report of an engagement changed (subscription reportChanged)' })
export class ReportEvent {
  @Field({ description: 'REPORT_SUBMITTED or REPORT_OVERDUE' })
  type: string;

  @Field(() => ID, { description: 'The interim or final report (its id)' })
  reportId: string;

  @Field(() => ID, { description: 'Its engagement (its id)' })
  engagementId: string;

  @Field({ description: 'INTERIM or FINAL' })
  kind: string;
}

/** A vendor call's bids changed: the secretariat reads vendorCallProgress again (the event carries no counts). */
@ObjectType({ description: 'The bids of a vendor call changed (subscription vendorBidsChanged; secretariat and ministry)' })
export class VendorBidsEvent {
  @Field(() => ID, { description: 'The vendor call (its id)' })
  callId: string;
}

@ObjectType({ description: 'A briefing session has no seat left (subscription briefingSessionFull)' })
export class BriefingFullEvent {
  @Field(() => ID, { description: 'The briefing session (its id)' })
  sessionId: string;
}

type Ctx = { req: { user?: Actor }; ws?: WsSession };
const actorOf = (ctx: Ctx) => ctx.req?.user ?? null;
const of = (type: DomainEvent['type'] | DomainEvent['type'][]) => (e: DomainEvent) => (Array.isArray(type) ? type.includes(e.type) : e.type === type);
/**
 * Delivered only when the event is of the field's type, readable by the socket's actor, and the account is re-checked.
 * Nest calls the filter with the resolver as `this`, which holds the access layer.
 */
const deliver = (type: DomainEvent['type'] | DomainEvent['type'][]) =>
  async function (this: SubscriptionResolver, e: DomainEvent, _v: unknown, ctx: Ctx): Promise<boolean> {
    return of(type)(e) && (await mayReceive(this.access, actorOf(ctx), e)) && (ctx.ws ? await ctx.ws.mayDeliver(e) : false);
  };

/**
 * Who may read what an event is about: the access layer's rules for the object itself (as for a query of it), fed the
 * owners the event carries, so that delivering it sends no statement.
 */
export async function mayReceive(access: AccessService, actor: Actor | null, e: DomainEvent): Promise<boolean> {
  if (!actor) return false;
  switch (e.type) {
    case 'APPLICATION_STATUS_CHANGED':
      // A status the applicants do not see yet (the secretariat's review) goes to the staff alone.
      if (e.staffOnly && !isStaff(actor)) return false;
      return (await access.canReadRegionApplication(actor, [{ id: e.applicationId, prefectureCode: e.prefectureCode, partnerCodes: e.partnerCodes }])).has(
        e.applicationId,
      );
    case 'RESULTS_PUBLISHED':
      return true;
    case 'REPORT_SUBMITTED':
    case 'REPORT_OVERDUE':
      return (
        await access.canReadEngagement(actor, [{ id: e.engagementId, vendorId: e.vendorId, prefectureCode: e.prefectureCode, partnerCodes: e.partnerCodes }])
      ).has(e.engagementId);
    case 'BRIEFING_SESSION_FULL':
    case 'VENDOR_BIDS_CHANGED':
      // Bids are sealed until the deadline: only the staff follow them (as vendorCallProgress).
      return isStaff(actor);
  }
}

/** GraphQL subscriptions over graphql-ws. Each subscriber receives only events about objects it may read. */
@Resolver()
export class SubscriptionResolver {
  constructor(
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
    readonly access: AccessService,
  ) {}

  @Subscription(() => ApplicationStatusEvent, {
    filter: deliver('APPLICATION_STATUS_CHANGED'),
    resolve: (e: DomainEvent) => e,
    description:
      'A region application changed status: to whoever may read it (its prefecture and partners, the staff); a review step the applicant does not see yet goes to the staff only',
  })
  applicationStatusChanged() {
    return this.pubSub.asyncIterableIterator(TOPIC);
  }

  @Subscription(() => ResultsPublishedEvent, {
    filter: deliver('RESULTS_PUBLISHED'),
    resolve: (e: DomainEvent) => e,
    description: "A vendor call's results were published: to every signed-in account",
  })
  resultsPublished() {
    return this.pubSub.asyncIterableIterator(TOPIC);
  }

  @Subscription(() => ReportEvent, {
    filter: deliver(['REPORT_SUBMITTED', 'REPORT_OVERDUE']),
    resolve: (e: DomainEvent) => e,
    description:
      'A report of an engagement was submitted or became overdue: to whoever may read the engagement (its parties, its partner municipalities, the staff)',
  })
  reportChanged() {
    return this.pubSub.asyncIterableIterator(TOPIC);
  }

  @Subscription(() => BriefingFullEvent, {
    filter: deliver('BRIEFING_SESSION_FULL'),
    resolve: (e: DomainEvent) => e,
    description: 'A briefing session has no seat left (secretariat, ministry)',
  })
  briefingSessionFull() {
    return this.pubSub.asyncIterableIterator(TOPIC);
  }

  @Subscription(() => VendorBidsEvent, {
    description: "A vendor call's bids changed (saved, submitted, reopened, withdrawn, returned): read vendorCallProgress again (staff)",
    filter: async function (this: SubscriptionResolver, e: DomainEvent, v: { callId: string }, ctx: Ctx): Promise<boolean> {
      return e.type === 'VENDOR_BIDS_CHANGED' && e.callId === v.callId && (await deliver('VENDOR_BIDS_CHANGED').call(this, e, v, ctx));
    },
    resolve: (e: DomainEvent) => e,
  })
  vendorBidsChanged(@Args('callId', { type: () => ID, description: 'The call (its id): a region call or a vendor call, as the field says' }) _callId: string) {
    return this.pubSub.asyncIterableIterator(TOPIC);
  }
}
